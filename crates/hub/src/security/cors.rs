//! CORS for `/api/`: a page's `Origin` must be one its site allows, or the hub's own.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

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
