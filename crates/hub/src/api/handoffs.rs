//! `POST /api/conversations/{id}/handoff`: the widget hands the conversation to a team
//! (`crate::handoff`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::hub::{HandoffCreate, HandoffCreated};

use super::extract::{AppJson, Visitor};
use crate::error::AppError;
use crate::state::AppState;

/// 201 with the handoff; 200 with the open one when it was already handed over.
pub async fn handoffs_create(
    State(state): State<AppState>,
    Visitor(conversation): Visitor,
    AppJson(package): AppJson<HandoffCreate>,
) -> Result<(StatusCode, Json<HandoffCreated>), AppError> {
    let (created, body) = crate::handoff::create(&state, &conversation, package).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(body)))
}
