//! Security defaults: limits and text checks, visitor tokens, rate limits keyed by the TCP
//! peer, the per-site CORS allowlist, and the headers every response carries.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::error::{error_response, AppError};
use crate::state::AppState;

/// Largest request body, in bytes.
pub const MAX_BODY: usize = 64 * 1024;
/// Longest visitor message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 4000;
/// Longest client id, in characters.
pub const MAX_CLIENT_ID: usize = 64;

/// Checks a visitor message: not blank, at most [`MAX_MESSAGE_CHARS`], and no control
/// characters but newline and tab (they can hide text or break logs and terminals).
pub fn check_message(text: &str) -> Result<(), AppError> {
    if text.trim().is_empty() {
        return Err(AppError::invalid("empty_message", "The message is empty."));
    }
    let chars = text.chars().count();
    if chars > MAX_MESSAGE_CHARS {
        return Err(AppError::invalid(
            "message_too_long",
            format!("The message has {chars} characters; the limit is {MAX_MESSAGE_CHARS}."),
        ));
    }
    check_controls("text", text, true)
}

/// Rejects control characters in `field`; `multiline` allows newline and tab.
pub fn check_controls(field: &str, text: &str, multiline: bool) -> Result<(), AppError> {
    match protocol::lead::first_control(text, multiline) {
        None => Ok(()),
        Some(c) => Err(AppError::invalid(
            "control_characters",
            format!("{field} contains a control or direction-override character (U+{:04X}), which is not allowed.", c as u32),
        )),
    }
}

/// A client id is 1–64 visible ASCII characters (UUIDs, counters, anything printable).
pub fn check_client_id(id: &str) -> Result<(), AppError> {
    let ok =
        !id.is_empty() && id.len() <= MAX_CLIENT_ID && id.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(
            "invalid_client_id",
            format!("client_id must be 1 to {MAX_CLIENT_ID} visible ASCII characters."),
        ))
    }
}

/// A fresh visitor token: 256 random bits, base64url without padding.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// SHA-256 of a token, hex: the only form the database holds.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The bearer token of `Authorization: Bearer …`, if well-formed.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && token.len() <= 128)
        .then_some(token)
}

/// The TCP peer's address: what rate limits key on. Never `X-Forwarded-For`, which any
/// client can write.
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Peer, Self::Rejection> {
        let ip = match ConnectInfo::<SocketAddr>::from_request_parts(parts, state).await {
            Ok(ConnectInfo(addr)) => addr.ip(),
            // Only a router called without a listener (tests) lacks it.
            Err(_) => IpAddr::from([0, 0, 0, 0]),
        };
        Ok(Peer(ip))
    }
}

/// One token bucket's shape: `burst` requests at once, refilled at `per_second`.
#[derive(Clone, Copy, Debug)]
pub struct Rate {
    /// Bucket size.
    pub burst: u32,
    /// Refill per second.
    pub per_second: f64,
}

/// The limits per site and client.
#[derive(Clone, Debug)]
pub struct Rates {
    /// New conversations, per site and peer.
    pub conversations: Rate,
    /// Messages, per conversation and peer.
    pub messages: Rate,
    /// Leads, per conversation and peer.
    pub leads: Rate,
}

impl Default for Rates {
    fn default() -> Rates {
        Rates {
            conversations: Rate {
                burst: 10,
                per_second: 1.0 / 30.0,
            },
            messages: Rate {
                burst: 20,
                per_second: 1.0,
            },
            leads: Rate {
                burst: 5,
                per_second: 1.0 / 60.0,
            },
        }
    }
}

/// What is being limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Limited {
    /// `POST /api/sites/{site}/conversations`.
    Conversations,
    /// `POST …/messages`.
    Messages,
    /// `POST …/leads`.
    Leads,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets in memory, keyed by (what, scope, peer).
pub struct RateLimiter {
    rates: Rates,
    buckets: Mutex<HashMap<(Limited, String, IpAddr), Bucket>>,
}

/// Past this many buckets, full ones are dropped (they carry no information).
const PRUNE_AT: usize = 50_000;

impl RateLimiter {
    /// A limiter with `rates`.
    pub fn new(rates: Rates) -> RateLimiter {
        RateLimiter {
            rates,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `what` in `scope` (site or conversation) from `peer`, or says
    /// how long to wait.
    pub fn check(&self, what: Limited, scope: &str, peer: IpAddr) -> Result<(), AppError> {
        let rate = match what {
            Limited::Conversations => self.rates.conversations,
            Limited::Messages => self.rates.messages,
            Limited::Leads => self.rates.leads,
        };
        let now = Instant::now();
        let mut buckets = self
            .buckets
            .lock()
            .map_err(|_| AppError::Internal("rate limiter lock poisoned".into()))?;
        if buckets.len() >= PRUNE_AT {
            let rates = self.rates.clone();
            buckets.retain(|(what, _, _), b| {
                let r = match what {
                    Limited::Conversations => rates.conversations,
                    Limited::Messages => rates.messages,
                    Limited::Leads => rates.leads,
                };
                b.tokens + now.duration_since(b.at).as_secs_f64() * r.per_second < r.burst as f64
            });
        }
        let bucket = buckets
            .entry((what, scope.to_string(), client_key(peer)))
            .or_insert(Bucket {
                tokens: rate.burst as f64,
                at: now,
            });
        bucket.tokens = (bucket.tokens
            + now.duration_since(bucket.at).as_secs_f64() * rate.per_second)
            .min(rate.burst as f64);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = if rate.per_second > 0.0 {
                (1.0 - bucket.tokens) / rate.per_second
            } else {
                3600.0
            };
            Err(AppError::RateLimited {
                retry_after: wait.ceil().max(1.0) as u64,
            })
        }
    }
}

/// IPv6 clients get a /64 each, so one host cannot dodge the limit by rotating addresses.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// Headers the browser may send cross-origin to the API.
const ALLOW_HEADERS: &str = "authorization, content-type, last-event-id";

/// CORS for `/api/`: an `Origin` is allowed when the site the request is about lists it
/// exactly, or when it is the hub's own origin (the widget page it serves). Anything else
/// is refused before the handler runs. Requests without `Origin` (not from a browser
/// page) are not a CORS matter and pass.
pub async fn cors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let Some(origin) = request.headers().get(header::ORIGIN).cloned() else {
        return next.run(request).await;
    };
    if !path.starts_with("/api/") {
        return next.run(request).await;
    }
    let origin_text = origin.to_str().unwrap_or("");
    let same_origin = is_same_origin(origin_text, request.headers());
    let about = path_site(&state, &path).await;
    let conversation_path = path.starts_with("/api/conversations/");
    let allowed = match &about {
        Ok(Some(site)) => {
            same_origin
                || state
                    .site(site)
                    .is_some_and(|s| s.site.allowed_origins.iter().any(|o| o == origin_text))
        }
        Ok(None) => false,
        Err(e) => {
            tracing::error!(error = %e, "CORS: cannot find the request's site");
            false
        }
    };
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if !allowed {
        tracing::info!(origin = origin_text, path, "origin refused");
        // On conversation paths a refusal looks like an unknown conversation, so it never
        // tells whether the id exists.
        return if conversation_path || matches!(about, Ok(None)) {
            AppError::NotFound.into_response()
        } else {
            AppError::OriginNotAllowed.into_response()
        };
    }
    let mut response = if preflight {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        r
    } else {
        next.run(request).await
    };
    let h = response.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("retry-after"),
    );
    h.append(header::VARY, HeaderValue::from_static("origin"));
    response
}

/// `Origin: http://host:port` against `Host: host:port`. A browser sets both truthfully, so
/// this recognises the hub's own pages; a non-browser client can forge them, but CORS
/// protects nothing from those anyway.
fn is_same_origin(origin: &str, headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!((host, origin_host), (Some(h), Some(o)) if h.eq_ignore_ascii_case(o))
}

/// The site a request is about: from the path for `/api/sites/{site}/…`, from the stored
/// conversation for `/api/conversations/{id}/…`. `None`: unknown.
async fn path_site(state: &AppState, path: &str) -> crate::db::DbResult<Option<String>> {
    let mut parts = path.trim_start_matches("/api/").split('/');
    match (parts.next(), parts.next()) {
        (Some("sites"), Some(site)) => Ok(state.site(site).map(|_| site.to_string())),
        (Some("conversations"), Some(id)) if id.len() <= 64 => {
            Ok(state.db.conversation(id).await?.map(|c| c.site))
        }
        _ => Ok(None),
    }
}

/// Headers on every response: no sniffing, no referrer, and for anything that did not set
/// its own policy (the API), a CSP that allows nothing and no framing. API answers are
/// never cached: they can hold a visitor token.
pub async fn headers(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    }
    if api && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Errors produced outside the handlers (an over-long body refused by the limit layer, an
/// unknown method) come without our JSON body; give them one, so every error has a code.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            "body_too_large",
            format!("The request body is larger than {} KB.", MAX_BODY / 1024),
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "This path does not accept that method.".to_string(),
        ),
        StatusCode::NOT_FOUND => ("not_found", "No such conversation or resource.".to_string()),
        s if s.is_server_error() => (
            "internal",
            "Something went wrong on our side. Try again.".to_string(),
        ),
        s => ("bad_request", format!("The request was refused ({s}).")),
    };
    let mut fixed = error_response(status, code, message, Vec::new());
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            fixed.headers_mut().insert(name.clone(), value.clone());
        }
    }
    fixed
}
