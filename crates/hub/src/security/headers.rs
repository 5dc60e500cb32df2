//! What every response carries: security headers, and a JSON error body for errors made
//! outside the handlers.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::error_response;
use crate::security::limits::MAX_BODY;

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
