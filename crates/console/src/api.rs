//! The console's only network code: JSON requests to `/console/api/` with the session
//! cookie (same origin), and the live queue stream.

use std::cell::RefCell;

use protocol::hub::{ErrorBody, Queue};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{EventSource, MessageEvent, RequestCredentials, RequestInit, Response};

/// Every path the console asks the hub for, built from plain values in one place; what a
/// visitor or agent typed (a lead's reference, a search) is percent-encoded.
pub mod path {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

    /// Everything but the characters `encodeURIComponent` leaves alone.
    const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'!')
        .remove(b'~')
        .remove(b'*')
        .remove(b'\'')
        .remove(b'(')
        .remove(b')');

    fn enc(s: &str) -> String {
        utf8_percent_encode(s, COMPONENT).to_string()
    }

    pub const ME: &str = "/console/api/me";
    pub const LOGIN: &str = "/console/api/login";
    pub const LOGOUT: &str = "/console/api/logout";
    pub const PRESENCE: &str = "/console/api/presence";
    pub const QUEUE: &str = "/console/api/queue";
    pub const FAILED_NOTIFICATIONS: &str = "/console/api/notifications/failed";
    /// The live queue and presence stream.
    pub const EVENTS: &str = "/console/api/events";

    /// One conversation, as the pane shows it.
    pub fn conversation(id: &str) -> String {
        format!("/console/api/conversations/{}", enc(id))
    }

    /// An action on a conversation: `claim`, `release`, `resolve`, `messages`, `typing`,
    /// `whatsapp-template`.
    pub fn conversation_action(id: &str, action: &str) -> String {
        format!("{}/{action}", conversation(id))
    }

    /// Leads whose reference, name or contact matches `q`.
    pub fn leads(q: &str) -> String {
        format!("/console/api/leads?q={}", enc(q.trim()))
    }

    /// A lead's outcome (won, lost).
    pub fn lead_outcome(reference: &str) -> String {
        format!("/console/api/leads/{}/outcome", enc(reference))
    }

    /// One failed notification; with `retry`, sending it again.
    pub fn notification(id: &str) -> String {
        format!("/console/api/notifications/{}", enc(id))
    }

    /// The dashboard's numbers for `query` (`site=…&days=…`, built by the dashboard).
    pub fn metrics(query: &str) -> String {
        format!("/console/api/metrics?{query}")
    }

    /// The weekly review's list for `query`.
    pub fn review(query: &str) -> String {
        format!("/console/api/review?{query}")
    }

    /// One reviewed conversation's transcript.
    pub fn review_conversation(id: &str) -> String {
        format!("/console/api/review/conversations/{}", enc(id))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn typed_values_are_encoded_as_encode_uri_component_does() {
            assert_eq!(
                leads(" Jane Smith & co "),
                "/console/api/leads?q=Jane%20Smith%20%26%20co"
            );
            assert_eq!(
                lead_outcome("BTN-4471/x"),
                "/console/api/leads/BTN-4471%2Fx/outcome"
            );
            assert_eq!(
                conversation_action("c 1", "claim"),
                "/console/api/conversations/c%201/claim"
            );
            assert_eq!(
                notification("n-1.2_~!*'()"),
                "/console/api/notifications/n-1.2_~!*'()"
            );
            assert_eq!(
                review_conversation("é"),
                "/console/api/review/conversations/%C3%A9"
            );
        }
    }
}

/// A failed request: HTTP status (0 when the network failed) and a sentence to show.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// HTTP status, 0 for a network failure.
    pub status: u16,
    /// Stable code (`already_claimed`…), empty for a network failure.
    pub code: String,
    /// Text for the agent.
    pub message: String,
}

impl ApiError {
    fn network(e: JsValue) -> ApiError {
        ApiError {
            status: 0,
            code: String::new(),
            message: format!("The hub cannot be reached ({e:?}). Try again."),
        }
    }
}

/// `GET path`.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    send("GET", path, None).await.and_then(|text| parse(&text))
}

/// `method path` with a JSON body; the answer parsed.
pub async fn call<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let json = serde_json::to_string(body).map_err(|e| ApiError {
        status: 0,
        code: String::new(),
        message: e.to_string(),
    })?;
    send(method, path, Some(json))
        .await
        .and_then(|text| parse(&text))
}

/// `POST path` without a body; the answer's text.
pub async fn post_empty(path: &str) -> Result<String, ApiError> {
    send("POST", path, None).await
}

/// `POST …/conversations/{id}/typing`: the visitor sees that the agent is typing. Nothing
/// to show when it fails (the reply itself still goes): a warning in the browser's console.
pub async fn typing(id: &str) {
    if let Err(e) = post_empty(&path::conversation_action(id, "typing")).await {
        web_sys::console::warn_1(&format!("typing: {}", e.message).into());
    }
}

/// An answer's text parsed as `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError {
        status: 200,
        code: "bad_answer".into(),
        message: format!("Unexpected answer: {e}"),
    })
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            if let Err(e) = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms) {
                web_sys::console::warn_1(&e);
            }
        }
    });
    if let Err(e) = JsFuture::from(promise).await {
        web_sys::console::warn_1(&e);
    }
}

async fn send(method: &str, path: &str, body: Option<String>) -> Result<String, ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::network("no window".into()))?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    if let Some(body) = body {
        let headers = web_sys::Headers::new().map_err(ApiError::network)?;
        headers
            .set("content-type", "application/json")
            .map_err(ApiError::network)?;
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(&body));
    }
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(ApiError::network)?
        .dyn_into()
        .map_err(ApiError::network)?;
    let text = JsFuture::from(response.text().map_err(ApiError::network)?)
        .await
        .map_err(ApiError::network)?;
    let text = text.as_string().unwrap_or_default();
    if response.ok() {
        return Ok(text);
    }
    let status = response.status();
    Err(match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => ApiError {
            status,
            code: body.error.code,
            message: body.error.message,
        },
        Err(_) => ApiError {
            status,
            code: String::new(),
            message: format!("The hub answered {status}."),
        },
    })
}

/// An open stream and its listeners, which must live as long as it does.
type OpenStream = (EventSource, Vec<Closure<dyn FnMut(MessageEvent)>>);

thread_local! {
    static STREAM: RefCell<Option<OpenStream>> = const { RefCell::new(None) };
}

/// Opens the live queue: `on_queue` for every `queue` event, `on_end` when the session
/// ended or the stream failed for good. Replaces any stream already open.
pub fn open_queue_stream(
    on_queue: impl Fn(Queue) + 'static,
    on_end: impl Fn() + 'static,
) -> Result<(), ApiError> {
    close_queue_stream();
    let source = EventSource::new(path::EVENTS).map_err(ApiError::network)?;
    let queue = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if let Some(text) = e.data().as_string() {
            match serde_json::from_str::<Queue>(&text) {
                Ok(q) => on_queue(q),
                Err(err) => web_sys::console::warn_1(&format!("queue event: {err}").into()),
            }
        }
    });
    let on_end = std::rc::Rc::new(on_end);
    let signed_out = {
        let on_end = on_end.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |_| on_end())
    };
    let source_for_error = source.clone();
    let error = Closure::<dyn FnMut(MessageEvent)>::new(move |_| {
        // The browser retries by itself; CLOSED means it gave up (e.g. 401).
        if source_for_error.ready_state() == EventSource::CLOSED {
            on_end();
        }
    });
    source
        .add_event_listener_with_callback("queue", queue.as_ref().unchecked_ref())
        .map_err(ApiError::network)?;
    source
        .add_event_listener_with_callback("signed_out", signed_out.as_ref().unchecked_ref())
        .map_err(ApiError::network)?;
    source
        .add_event_listener_with_callback("error", error.as_ref().unchecked_ref())
        .map_err(ApiError::network)?;
    STREAM.with(|s| *s.borrow_mut() = Some((source, vec![queue, signed_out, error])));
    Ok(())
}

/// Closes the live queue, if open.
pub fn close_queue_stream() {
    STREAM.with(|s| {
        if let Some((source, _listeners)) = s.borrow_mut().take() {
            source.close();
        }
    });
}
