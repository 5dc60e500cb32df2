//! `GET /api/sites/{site}/widget-config`: the site's public settings — what the widget shows
//! before the first message (names, disclosure, greeting, theme, teams, WhatsApp number) and
//! the triage rules and language packs it runs in the browser. With the packs that is tens of
//! kilobytes, so it carries an `ETag`: a widget loading again gets `304 Not Modified` until
//! the owner changes something.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use protocol::hub::{WidgetConfig, WidgetTeam, WidgetTheme};
use sha2::{Digest, Sha256};

use crate::config::Site;
use crate::error::AppError;
use crate::state::AppState;

/// A site's answer, rendered once when the hub starts (the site file is read only then).
#[derive(Clone, Debug)]
pub struct Rendered {
    body: Bytes,
    etag: HeaderValue,
}

/// The site's public settings, or 304 when the browser's copy is current.
pub async fn widget_config_show(
    State(state): State<AppState>,
    Path(site): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let rendered = &state
        .site(&site)
        .ok_or(AppError::UnknownSite)?
        .widget_config;
    let tag = rendered.etag.as_bytes();
    let current = headers.get(header::IF_NONE_MATCH).is_some_and(|v| {
        v.as_bytes()
            .split(|&b| b == b',')
            .any(|t| t.trim_ascii() == tag)
    });
    let mut response = if current {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            rendered.body.clone(),
        )
            .into_response()
    };
    let h = response.headers_mut();
    h.insert(header::ETAG, rendered.etag.clone());
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// Renders `site`'s answer and its ETag.
pub fn render(site: &Site) -> Result<Rendered, String> {
    let body = serde_json::to_string(&widget_config(site)).map_err(|e| e.to_string())?;
    // Weak: the same settings are sent as brotli, gzip or plain.
    let tag = format!(
        "W/\"{}\"",
        &hex::encode(Sha256::digest(body.as_bytes()))[..32]
    );
    let etag = HeaderValue::from_str(&tag).map_err(|e| e.to_string())?;
    Ok(Rendered {
        body: Bytes::from(body),
        etag,
    })
}

fn widget_config(site: &Site) -> WidgetConfig {
    let theme = &site.theme;
    WidgetConfig {
        site: site.key.clone(),
        name: site.name.clone(),
        assistant_name: site.assistant_name.clone(),
        disclosure: site.disclosure.clone(),
        greeting: site.greeting.clone(),
        whatsapp: site.whatsapp.clone(),
        theme: WidgetTheme {
            accent: theme.accent.clone(),
            position: theme.position.clone(),
            offset_x: theme.offset_x,
            offset_y: theme.offset_y,
            launcher_label: theme.launcher_label.clone(),
            font: theme.font.clone(),
            radius: theme.radius,
            mode: theme.mode.clone(),
        },
        teams: site
            .teams
            .iter()
            .map(|t| WidgetTeam {
                key: t.key.clone(),
                name: t.name.clone(),
            })
            .collect(),
        triage: site.triage_file.clone(),
        language_packs: site
            .triage
            .languages
            .iter()
            .map(|&l| triage::builtin_text(l).to_string())
            .collect(),
        handoff_messages: site.handoff_messages.clone(),
    }
}
