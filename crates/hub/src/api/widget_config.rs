//! `GET /api/sites/{site}/widget-config`: the site's public settings — what the widget shows
//! before the first message (names, disclosure, greeting, theme, teams, WhatsApp number) and
//! the triage rules and language packs it runs in the browser. With the packs that is tens of
//! kilobytes, so it carries an `ETag`: a widget loading again gets `304 Not Modified` until
//! the owner changes something. `?lang=CODE` adds the widget's words in that language (the
//! widget carries only English).

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use serde::Deserialize;

use crate::error::AppError;
use crate::state::AppState;

/// `?lang=CODE`: the visitor's language (`es`, `ar`…); any other parameter is ignored.
#[derive(Debug, Deserialize)]
pub struct ConfigQuery {
    lang: Option<String>,
}

/// The site's public settings, or 304 when the browser's copy is current.
pub async fn widget_config_show(
    State(state): State<AppState>,
    Path(site): Path<String>,
    Query(query): Query<ConfigQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let configs = &state
        .site(&site)
        .ok_or(AppError::UnknownSite)?
        .widget_config;
    let lang = query.lang.as_deref();
    let etag = configs.etag(lang);
    let if_none_match = headers
        .get(header::IF_NONE_MATCH)
        .map(HeaderValue::as_bytes);
    let mut response = if current(if_none_match, etag.as_bytes()) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            configs.body(lang),
        )
            .into_response()
    };
    let h = response.headers_mut();
    h.insert(header::ETAG, etag.clone());
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// True when `If-None-Match` lists `etag`: the browser's copy is current.
fn current(if_none_match: Option<&[u8]>, etag: &[u8]) -> bool {
    if_none_match.is_some_and(|v| v.split(|&b| b == b',').any(|t| t.trim_ascii() == etag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_current_when_its_tag_is_listed() {
        let etag = br#"W/"abc""#;
        assert!(current(Some(br#"W/"abc""#), etag));
        assert!(current(Some(br#"W/"old", W/"abc""#), etag));
        assert!(!current(Some(br#"W/"old""#), etag));
        assert!(!current(Some(br#""abc""#), etag));
        assert!(!current(None, etag));
    }
}
