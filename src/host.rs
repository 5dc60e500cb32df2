//! Messages to the loader on the host page: `{type: "baton:close"}`,
//! `{type: "baton:unread", count}` and `{type: "baton:message", author, text}`, posted to
//! `window.parent` with the host page's exact origin (`?host=`) as the target; nothing is
//! posted without it.

/// A message for the loader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostMessage {
    /// The visitor pressed Escape or the close button.
    Close,
    /// Messages from others the visitor has not seen.
    Unread(usize),
    /// A new message from the bot or a person.
    Message {
        /// `bot`, `agent` or `system`.
        author: &'static str,
        /// The text.
        text: String,
    },
}

/// Posts `message` to the parent window at origin `host`.
#[cfg(target_arch = "wasm32")]
pub fn post(host: Option<&str>, message: &HostMessage) {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::JsValue;
    let (Some(host), Some(window)) = (host, web_sys::window()) else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    let object = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&object, &JsValue::from_str(k), &v);
    };
    match message {
        HostMessage::Close => set("type", "baton:close".into()),
        HostMessage::Unread(count) => {
            set("type", "baton:unread".into());
            set("count", JsValue::from_f64(*count as f64));
        }
        HostMessage::Message { author, text } => {
            set("type", "baton:message".into());
            set("author", (*author).into());
            set("text", text.as_str().into());
        }
    }
    let _ = parent.post_message(&object, host);
}

/// Posting needs a browser.
#[cfg(not(target_arch = "wasm32"))]
pub fn post(_host: Option<&str>, _message: &HostMessage) {}
