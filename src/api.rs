//! The only module that touches the network. Requests are built by pure functions (tested
//! natively: the token travels only in the `Authorization` header, never in a URL); the
//! [`Api`] trait carries them, so browser tests mount the widget over a fake.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use protocol::hub::{ErrorBody, HandoffCreate, LeadCreate, MessageCreate, RatingCreate};
use serde::de::DeserializeOwned;

/// The visitor's conversation: its id and bearer token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// Conversation id.
    pub id: String,
    /// Bearer token.
    pub token: String,
}

/// A request, before it meets `fetch`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// Same-origin path with query.
    pub path: String,
    /// Header pairs.
    pub headers: Vec<(&'static str, String)>,
    /// JSON body.
    pub body: Option<String>,
}

/// Why a call failed.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The hub could not be reached.
    Offline,
    /// The hub answered with an error.
    Status(u16, Option<ErrorBody>),
    /// The answer was not what the protocol says.
    Decode,
}

fn segment(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect()
}

fn get(path: String, session: Option<&Session>) -> Request {
    let mut headers = vec![("Accept", "application/json".to_string())];
    if let Some(s) = session {
        headers.push(("Authorization", format!("Bearer {}", s.token)));
    }
    Request {
        method: "GET",
        path,
        headers,
        body: None,
    }
}

fn post(path: String, session: Option<&Session>, body: String) -> Request {
    let mut r = get(path, session);
    r.method = "POST";
    r.headers
        .push(("Content-Type", "application/json".to_string()));
    r.body = Some(body);
    r
}

fn json<T: serde::Serialize>(value: &T) -> String {
    crate::json::to_string(value)
}

/// `GET /api/sites/{site}/widget-config`, with the words of `lang` unless it is English
/// (which the widget carries).
pub fn widget_config(site: &str, lang: crate::i18n::Lang) -> Request {
    let words = match lang {
        crate::i18n::Lang::En => String::new(),
        other => format!("?lang={}", other.code()),
    };
    get(
        format!("/api/sites/{}/widget-config{words}", segment(site)),
        None,
    )
}

/// `GET /api/sites/{site}/availability`.
pub fn availability(site: &str) -> Request {
    get(format!("/api/sites/{}/availability", segment(site)), None)
}

/// `GET /api/sites/{site}/availability/stream`: the site's availability, live.
pub fn availability_stream(site: &str) -> Request {
    let mut r = get(
        format!("/api/sites/{}/availability/stream", segment(site)),
        None,
    );
    r.headers[0].1 = "text/event-stream".into();
    r
}

/// `POST /api/sites/{site}/conversations`.
pub fn conversation_create(site: &str) -> Request {
    post(
        format!("/api/sites/{}/conversations", segment(site)),
        None,
        String::new(),
    )
}

/// `POST /api/conversations/{id}/messages`.
pub fn message_create(s: &Session, body: &MessageCreate) -> Request {
    post(
        format!("/api/conversations/{}/messages", segment(&s.id)),
        Some(s),
        json(body),
    )
}

/// `GET /api/conversations/{id}/messages?after=SEQ`.
pub fn messages_list(s: &Session, after: i64) -> Request {
    get(
        format!(
            "/api/conversations/{}/messages?after={after}",
            segment(&s.id)
        ),
        Some(s),
    )
}

/// `POST /api/conversations/{id}/handoff`.
pub fn handoff_create(s: &Session, body: &HandoffCreate) -> Request {
    post(
        format!("/api/conversations/{}/handoff", segment(&s.id)),
        Some(s),
        json(body),
    )
}

/// `POST /api/conversations/{id}/leads`.
pub fn lead_create(s: &Session, body: &LeadCreate) -> Request {
    post(
        format!("/api/conversations/{}/leads", segment(&s.id)),
        Some(s),
        json(body),
    )
}

/// `POST /api/conversations/{id}/rating`.
pub fn rating_create(s: &Session, body: &RatingCreate) -> Request {
    post(
        format!("/api/conversations/{}/rating", segment(&s.id)),
        Some(s),
        json(body),
    )
}

/// `GET /api/conversations/{id}/stream`, resuming after `last_seq`.
pub fn stream(s: &Session, last_seq: i64) -> Request {
    let mut r = get(
        format!("/api/conversations/{}/stream", segment(&s.id)),
        Some(s),
    );
    r.headers[0].1 = "text/event-stream".into();
    if last_seq > 0 {
        r.headers.push(("Last-Event-ID", last_seq.to_string()));
    }
    r
}

/// A future the widget awaits on the browser's single thread.
pub type Fut<T> = Pin<Box<dyn Future<Output = T>>>;

/// Carries requests. [`Http`] is `fetch`; tests use fakes.
pub trait Api {
    /// Sends `request`; the status and body text, or [`ApiError::Offline`].
    fn call(&self, request: Request) -> Fut<Result<(u16, String), ApiError>>;
    /// Opens a stream and hands each chunk of its body to `chunk` until it ends (Ok) or
    /// fails; a non-2xx answer is an error with its status.
    fn stream(&self, request: Request, chunk: Box<dyn FnMut(String)>) -> Fut<Result<(), ApiError>>;
}

/// A cheap handle to the [`Api`] in use.
#[derive(Clone)]
pub struct ApiHandle(pub Rc<dyn Api>);

impl ApiHandle {
    /// Sends and decodes.
    pub async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, ApiError> {
        let (status, text) = self.0.call(request).await?;
        decode(status, &text)
    }
}

/// A status and body text → the answer or the error.
pub fn decode<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        crate::json::parse(text).ok_or(ApiError::Decode)
    } else {
        Err(ApiError::Status(status, crate::json::parse(text)))
    }
}

/// The browser's `fetch`, same origin.
#[cfg(target_arch = "wasm32")]
pub struct Http;

#[cfg(target_arch = "wasm32")]
mod http {
    use super::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    async fn open(request: &Request) -> Result<web_sys::Response, ApiError> {
        let init = web_sys::RequestInit::new();
        init.set_method(request.method);
        let headers = web_sys::Headers::new().map_err(|_| ApiError::Offline)?;
        for (k, v) in &request.headers {
            let _ = headers.set(k, v);
        }
        init.set_headers(&headers);
        if let Some(body) = &request.body {
            init.set_body(&wasm_bindgen::JsValue::from_str(body));
        }
        let window = web_sys::window().ok_or(ApiError::Offline)?;
        let response = JsFuture::from(window.fetch_with_str_and_init(&request.path, &init))
            .await
            .map_err(|_| ApiError::Offline)?;
        response.dyn_into().map_err(|_| ApiError::Offline)
    }

    impl Api for Http {
        fn call(&self, request: Request) -> Fut<Result<(u16, String), ApiError>> {
            Box::pin(async move {
                let response = open(&request).await?;
                let text = JsFuture::from(response.text().map_err(|_| ApiError::Offline)?)
                    .await
                    .map_err(|_| ApiError::Offline)?;
                Ok((response.status(), text.as_string().unwrap_or_default()))
            })
        }

        fn stream(
            &self,
            request: Request,
            mut chunk: Box<dyn FnMut(String)>,
        ) -> Fut<Result<(), ApiError>> {
            Box::pin(async move {
                let response = open(&request).await?;
                if !response.ok() {
                    return Err(ApiError::Status(response.status(), None));
                }
                let body = response.body().ok_or(ApiError::Offline)?;
                let reader: web_sys::ReadableStreamDefaultReader =
                    body.get_reader().unchecked_into();
                let decoder = web_sys::TextDecoder::new().map_err(|_| ApiError::Offline)?;
                let options = web_sys::TextDecodeOptions::new();
                options.set_stream(true);
                loop {
                    let result = JsFuture::from(reader.read())
                        .await
                        .map_err(|_| ApiError::Offline)?;
                    let done = js_sys::Reflect::get(&result, &"done".into())
                        .ok()
                        .and_then(|v| v.as_bool())
                        .unwrap_or(true);
                    if done {
                        return Ok(());
                    }
                    let value = js_sys::Reflect::get(&result, &"value".into())
                        .map_err(|_| ApiError::Offline)?;
                    let bytes: js_sys::Uint8Array = value.unchecked_into();
                    let text = decoder
                        .decode_with_js_u8_array_and_options(&bytes, &options)
                        .map_err(|_| ApiError::Offline)?;
                    chunk(text);
                }
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use protocol::hub::MessageCreated;

    fn session() -> Session {
        Session {
            id: "c_1".into(),
            token: "secret-token".into(),
        }
    }

    #[test]
    fn the_token_travels_only_in_the_authorization_header() {
        let s = session();
        let body = MessageCreate {
            client_id: "k1".into(),
            text: "hi".into(),
            locale: None,
        };
        for r in [
            message_create(&s, &body),
            messages_list(&s, 3),
            stream(&s, 7),
            handoff_create(
                &s,
                &HandoffCreate {
                    transcript: vec![],
                    fields: Default::default(),
                    trigger: "human_request".into(),
                    reasons: vec![],
                    route: "support".into(),
                    identity: None,
                },
            ),
            lead_create(&s, &Default::default()),
            rating_create(&s, &Default::default()),
        ] {
            assert!(!r.path.contains("secret"), "{}", r.path);
            assert!(
                r.headers
                    .contains(&("Authorization", "Bearer secret-token".into())),
                "{r:?}"
            );
        }
        assert!(conversation_create("demo")
            .headers
            .iter()
            .all(|(k, _)| *k != "Authorization"));
    }

    #[test]
    fn requests_are_built_as_the_hub_expects() {
        let r = message_create(
            &session(),
            &MessageCreate {
                client_id: "k1".into(),
                text: "hi".into(),
                locale: Some("es".into()),
            },
        );
        assert_eq!(
            (r.method, r.path.as_str()),
            ("POST", "/api/conversations/c_1/messages")
        );
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"client_id":"k1","text":"hi","locale":"es"}"#)
        );
        assert!(r
            .headers
            .contains(&("Content-Type", "application/json".into())));
        assert_eq!(
            messages_list(&session(), 3).path,
            "/api/conversations/c_1/messages?after=3"
        );
        assert_eq!(
            widget_config("de/mo?x", Lang::En).path,
            "/api/sites/demox/widget-config"
        );
        assert_eq!(
            widget_config("demo", Lang::Ar).path,
            "/api/sites/demo/widget-config?lang=ar"
        );
    }

    #[test]
    fn the_stream_resumes_with_last_event_id() {
        let r = stream(&session(), 7);
        assert_eq!(r.path, "/api/conversations/c_1/stream");
        assert!(r.headers.contains(&("Last-Event-ID", "7".into())));
        assert!(r.headers.contains(&("Accept", "text/event-stream".into())));
        assert!(stream(&session(), 0)
            .headers
            .iter()
            .all(|(k, _)| *k != "Last-Event-ID"));
    }

    #[test]
    fn answers_decode_and_errors_carry_the_hubs_body() {
        let err = decode::<MessageCreated>(
            422,
            r#"{"error":{"code":"invalid_lead","message":"m","fields":[{"field":"email","code":"invalid","message":"bad"}]}}"#,
        );
        match err {
            Err(ApiError::Status(422, Some(body))) => {
                assert_eq!(body.error.fields[0].field, "email")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(decode::<MessageCreated>(200, "nope"), Err(ApiError::Decode));
        assert_eq!(
            decode::<MessageCreated>(502, "<html>"),
            Err(ApiError::Status(502, None))
        );
    }
}
