//! `GET /webhooks/whatsapp` (Meta's verification handshake) and `POST /webhooks/whatsapp`
//! (signed notifications): the Cloud API's webhook, one URL for every site.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::AppError;
use crate::state::AppState;

/// The handshake's query: `hub.mode`, `hub.verify_token`, `hub.challenge`.
#[derive(Deserialize)]
pub struct Handshake {
    #[serde(rename = "hub.mode", default)]
    mode: String,
    #[serde(rename = "hub.verify_token", default)]
    verify_token: String,
    #[serde(rename = "hub.challenge", default)]
    challenge: String,
}

/// Answers the challenge (as plain text) when the verify token is a site's; 403 otherwise.
pub async fn webhook_verify(
    State(state): State<AppState>,
    Query(q): Query<Handshake>,
) -> Result<String, AppError> {
    crate::whatsapp::handshake(&state, &q.mode, &q.verify_token, &q.challenge)
}

/// Verifies the signature over the raw body, then stores what it carries; 200 once stored
/// (Meta retries anything else) — who answers is decided after — 401 unsigned, 400 not a
/// notification.
pub async fn webhook_receive(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, AppError> {
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok());
    let handled = crate::whatsapp::receive(&state, &body, signature).await?;
    Ok(Json(json!({
        "stored": handled.stored,
        "duplicates": handled.duplicates,
        "ignored": handled.ignored,
        "statuses": handled.statuses,
    })))
}
