//! The widget's side of the loader schema (docs/embed.md).
//!
//! Out: `baton:ready`, `baton:close`, `baton:unread`, `baton:state`,
//! `baton:message` and `baton:handoff`, posted to `window.parent` with the host page's exact
//! origin (`?host=`) as the target; nothing is posted without it.
//!
//! In: `baton:open`, `baton:close` and `baton:identify`, accepted only when
//! `event.source === window.parent` and `event.origin` is exactly the `host` origin; unknown
//! types, missing fields and fields of the wrong type are ignored, and what `identify` carries
//! is checked like anything else a visitor types.

use crate::lead;

/// A message for the loader.
#[derive(Clone, Debug, PartialEq)]
pub enum HostMessage {
    /// The widget can receive messages, and whether the panel was open in this tab before a
    /// reload (the loader opens it again, quietly). The launcher's theme reaches the loader
    /// before the widget loads, from the hub's embed check.
    Ready(bool),
    /// The visitor pressed Escape or the close button.
    Close,
    /// Whether the visitor has a conversation with the site (`baton:state`, `on`): the loader
    /// remembers it in the host page's storage and, on the site's next page, loads the widget
    /// when the page is idle (for the unread count) instead of waiting for the visitor.
    Conversation(bool),
    /// Messages from others the visitor has not seen.
    Unread(usize),
    /// A new message from the bot or a person, while the panel is closed.
    Message {
        /// `bot`, `agent` or `system`.
        author: &'static str,
        /// The text.
        text: String,
    },
    /// The conversation is being handed to a team (its route key).
    Handoff {
        /// The team's key.
        team: String,
    },
}

/// A message from the loader, already validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Incoming {
    /// The panel is shown.
    Open,
    /// The panel is hidden.
    Close,
    /// Who the visitor is, according to the host page.
    Identify(Identity),
}

/// The visitor's details from `Baton('identify', …)`, each kept only when valid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    #[allow(missing_docs)]
    pub name: Option<String>,
    #[allow(missing_docs)]
    pub email: Option<String>,
    #[allow(missing_docs)]
    pub phone: Option<String>,
    /// The site's signature over `email` (hex), which the hub checks.
    pub signature: Option<String>,
}

impl Identity {
    /// Trims each field and keeps it only if the lead form would accept it: a name of 1–80
    /// characters without control characters, a well-formed email, an international phone.
    pub fn clean(
        name: Option<String>,
        email: Option<String>,
        phone: Option<String>,
        signature: Option<String>,
    ) -> Identity {
        let keep = |v: Option<String>, ok: &dyn Fn(&str) -> bool| {
            v.map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty() && !v.chars().any(char::is_control) && ok(v))
        };
        Identity {
            name: keep(name, &|n| n.chars().count() <= lead::MAX_NAME),
            email: keep(email, &|e| {
                e.chars().count() <= lead::MAX_EMAIL && lead::email_ok(e)
            }),
            phone: keep(phone, &lead::phone_ok),
            signature: keep(signature, &|s| {
                s.len() <= 128 && s.bytes().all(|b| b.is_ascii_hexdigit())
            }),
        }
    }

    /// Nothing usable.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.email.is_none() && self.phone.is_none()
    }
}

/// True when a message event may be read at all: it comes from the parent window, and its
/// origin is exactly the host origin the widget was given.
pub fn accept(origin: &str, from_parent: bool, host: Option<&str>) -> bool {
    from_parent && host.is_some_and(|h| !h.is_empty() && h != "null" && h == origin)
}

/// A whitelisted type with its typed fields; `None` for anything else.
pub fn parse(kind: Option<&str>, field: impl Fn(&str) -> Option<String>) -> Option<Incoming> {
    match kind? {
        "baton:open" => Some(Incoming::Open),
        "baton:close" => Some(Incoming::Close),
        "baton:identify" => Some(Incoming::Identify(Identity::clean(
            field("name"),
            field("email"),
            field("phone"),
            field("signature"),
        ))),
        _ => None,
    }
}

/// Posts `message` to the parent window at origin `host`.
#[cfg(target_arch = "wasm32")]
pub fn post(host: Option<&str>, message: &HostMessage) {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::JsValue;
    let (Some(host), Some(window)) = (host, web_sys::window()) else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let set = |o: &Object, k: &str, v: JsValue| {
        let _ = Reflect::set(o, &JsValue::from_str(k), &v);
    };
    let object = Object::new();
    match message {
        HostMessage::Ready(reopen) => {
            set(&object, "type", "baton:ready".into());
            if *reopen {
                set(&object, "open", JsValue::TRUE);
            }
        }
        HostMessage::Close => set(&object, "type", "baton:close".into()),
        HostMessage::Conversation(on) => {
            set(&object, "type", "baton:state".into());
            set(&object, "on", JsValue::from_bool(*on));
        }
        HostMessage::Unread(count) => {
            set(&object, "type", "baton:unread".into());
            set(&object, "count", JsValue::from_f64(*count as f64));
        }
        HostMessage::Message { author, text } => {
            set(&object, "type", "baton:message".into());
            set(&object, "author", (*author).into());
            set(&object, "text", text.as_str().into());
        }
        HostMessage::Handoff { team } => {
            set(&object, "type", "baton:handoff".into());
            set(&object, "team", team.as_str().into());
        }
    }
    let _ = parent.post_message(&object, host);
}

/// Posting needs a browser.
#[cfg(not(target_arch = "wasm32"))]
pub fn post(_host: Option<&str>, _message: &HostMessage) {}

/// Calls `f` with every valid message from the loader at `host`; does nothing without a host.
#[cfg(target_arch = "wasm32")]
pub fn listen(host: Option<String>, f: impl Fn(Incoming) + 'static) {
    use wasm_bindgen::{JsCast, JsValue};
    let Some(host) = host else { return };
    let Some(window) = web_sys::window() else {
        return;
    };
    let closure = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
        move |e: web_sys::MessageEvent| {
            let parent = web_sys::window().and_then(|w| w.parent().ok().flatten());
            let from_parent = match (e.source(), parent) {
                (Some(source), Some(parent)) => js_sys::Object::is(&source, &parent),
                _ => false,
            };
            if !accept(&e.origin(), from_parent, Some(&host)) {
                return;
            }
            let data = e.data();
            if !data.is_object() {
                return;
            }
            let get = |k: &str| {
                js_sys::Reflect::get(&data, &JsValue::from_str(k))
                    .ok()
                    .and_then(|v| v.as_string())
            };
            if let Some(m) = parse(get("type").as_deref(), get) {
                f(m);
            }
        },
    );
    let _ = window.add_event_listener_with_callback("message", closure.as_ref().unchecked_ref());
    closure.forget();
}

/// Listening needs a browser.
#[cfg(not(target_arch = "wasm32"))]
pub fn listen(_host: Option<String>, _f: impl Fn(Incoming) + 'static) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_parent_at_the_exact_host_origin_is_heard() {
        let host = Some("https://shop.example");
        assert!(accept("https://shop.example", true, host));
        assert!(
            !accept("https://shop.example", false, host),
            "another window at the right origin"
        );
        assert!(!accept("https://shop.example.evil", true, host));
        assert!(!accept("https://shop.example:8443", true, host));
        assert!(!accept("http://shop.example", true, host));
        assert!(
            !accept("https://shop.example", true, None),
            "no host, nothing is heard"
        );
        assert!(
            !accept("null", true, Some("null")),
            "an opaque origin is nobody's"
        );
    }

    #[test]
    fn only_whitelisted_types_with_typed_fields_are_read() {
        let none = |_: &str| None;
        assert_eq!(parse(Some("baton:open"), none), Some(Incoming::Open));
        assert_eq!(parse(Some("baton:close"), none), Some(Incoming::Close));
        assert_eq!(
            parse(Some("baton:ready"), none),
            None,
            "our own messages are not commands"
        );
        assert_eq!(parse(Some("baton:evil"), none), None);
        assert_eq!(parse(None, none), None);
        let fields = |k: &str| match k {
            "name" => Some("  Maria  ".to_string()),
            "email" => Some("maria@example.com".to_string()),
            "phone" => Some("+44 7700 900123".to_string()),
            _ => None,
        };
        assert_eq!(
            parse(Some("baton:identify"), fields),
            Some(Incoming::Identify(Identity {
                name: Some("Maria".into()),
                email: Some("maria@example.com".into()),
                phone: Some("+44 7700 900123".into()),
                signature: None
            }))
        );
    }

    #[test]
    fn identify_keeps_only_what_the_lead_form_would_accept() {
        let id = Identity::clean(
            Some("x".repeat(81)),
            Some("maria@".into()),
            Some("call me".into()),
            Some("not hex".into()),
        );
        assert!(id.is_empty(), "{id:?}");
        let id = Identity::clean(
            Some("Ma\u{0}ria".into()),
            Some("<script>@x.y".into()),
            Some("0044 7700 900123".into()),
            Some(" DF5b25 ".into()),
        );
        assert_eq!(
            id,
            Identity {
                name: None,
                email: None,
                phone: Some("0044 7700 900123".into()),
                signature: Some("DF5b25".into())
            }
        );
    }
}
