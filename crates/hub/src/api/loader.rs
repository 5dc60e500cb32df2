//! `GET /baton.js`: the loader site owners include with one script tag
//! (`<script src="https://HUB/baton.js" data-site="KEY" async></script>`). It is
//! `public/baton.js`, compiled into the hub so the binary serves it with nothing beside it.
//! Host pages on any origin load it, so it is public and cacheable for a few minutes (a new
//! release reaches every page within five).

use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The loader's source.
pub const LOADER_JS: &str = include_str!("../../../../public/baton.js");

/// Serves the loader.
pub async fn loader_js() -> Response {
    let mut response = LOADER_JS.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    h.insert(HeaderName::from_static("cross-origin-resource-policy"), HeaderValue::from_static("cross-origin"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
