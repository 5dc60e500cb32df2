//! The conversation's live stream: SSE over `fetch` (so the bearer token goes in a header),
//! resumed with `Last-Event-ID` after the last seq seen, reconnected with backoff and
//! jitter. Messages go to `on_message`, which de-duplicates by seq; an agent typing (never
//! stored, no id) to `on_typing`.

use protocol::hub::{AgentTyping, Availability, Message};

use crate::api::{self, ApiError, ApiHandle, Session};
use crate::browser;
use crate::sse::SseParser;

/// Callbacks of a running stream.
pub struct StreamHandlers {
    /// The seq to resume after, read at each (re)connection.
    pub last_seq: Box<dyn Fn() -> i64>,
    /// A message arrived.
    pub on_message: Box<dyn Fn(Message)>,
    /// The team's availability changed.
    pub on_availability: Box<dyn Fn(Availability)>,
    /// The agent holding the conversation is typing.
    pub on_typing: Box<dyn Fn(AgentTyping)>,
    /// The stream is open (again): a good moment to resend what failed.
    pub on_open: Box<dyn Fn()>,
    /// Connected or not.
    pub on_connected: Box<dyn Fn(bool)>,
}

/// Runs the stream until the hub says the conversation is gone (404).
pub async fn use_stream(api: ApiHandle, session: Session, h: StreamHandlers) {
    let h = std::rc::Rc::new(h);
    let mut attempt = 0u32;
    loop {
        let mut parser = SseParser::new();
        let handlers = h.clone();
        let opened = std::rc::Rc::new(std::cell::Cell::new(false));
        let flag = opened.clone();
        let chunk = Box::new(move |text: String| {
            if !flag.replace(true) {
                (handlers.on_connected)(true);
                (handlers.on_open)();
            }
            for event in parser.push(&text) {
                match event.event.as_str() {
                    "message" => {
                        if let Some(m) = crate::json::parse::<Message>(&event.data) {
                            (handlers.on_message)(m);
                        }
                    }
                    "availability" => {
                        if let Some(a) = crate::json::parse::<Availability>(&event.data) {
                            (handlers.on_availability)(a);
                        }
                    }
                    "typing" => {
                        if let Some(t) = crate::json::parse::<AgentTyping>(&event.data) {
                            (handlers.on_typing)(t);
                        }
                    }
                    _ => {}
                }
            }
        });
        let result = api
            .0
            .stream(api::stream(&session, (h.last_seq)()), chunk)
            .await;
        (h.on_connected)(false);
        if let Err(ApiError::Status(404, _)) = result {
            return;
        }
        if opened.get() {
            attempt = 0;
        }
        browser::back_off(&mut attempt).await;
    }
}
