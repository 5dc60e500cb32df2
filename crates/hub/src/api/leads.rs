//! `POST /api/conversations/{id}/leads`: the visitor's contact details when nobody could
//! answer, under a short reference, with a WhatsApp link to continue.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::hub::{LeadCreate, LeadCreated};

use super::extract::{AppJson, Visitor};
use crate::error::AppError;
use crate::security::{Limited, Peer};
use crate::state::AppState;

/// 201 with the lead's reference and WhatsApp link (`crate::leads::create`); at most a few
/// per conversation and client address.
pub async fn leads_create(
    State(state): State<AppState>,
    Visitor(conversation): Visitor,
    Peer(peer): Peer,
    AppJson(body): AppJson<LeadCreate>,
) -> Result<(StatusCode, Json<LeadCreated>), AppError> {
    state
        .limiter
        .check(Limited::Leads, &conversation.id, peer)?;
    let created = crate::leads::create(&state, &conversation, &body).await?;
    Ok((StatusCode::CREATED, Json(created)))
}
