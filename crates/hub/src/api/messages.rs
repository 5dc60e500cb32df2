//! `POST /api/conversations/{id}/messages` (store exactly once, then the bot answers unless
//! a human holds the conversation) and `GET …/messages?after=SEQ`.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use protocol::hub::{MessageCreate, MessageCreated, MessageList};
use serde::Deserialize;

use super::extract::{AppJson, Visitor};
use crate::error::AppError;
use crate::security::{check_client_id, check_message, Limited, Peer};
use crate::state::AppState;
use crate::thread::{self, wire};

/// Most messages one list answer carries; ask again with `after` for more.
const PAGE: i64 = 500;

/// Stores the visitor's message (a retry with the same `client_id` gets the original, 200
/// instead of 201), then the bot's answer with its confidence and the hub's triage.
pub async fn messages_create(
    State(state): State<AppState>,
    Visitor(conversation): Visitor,
    Peer(peer): Peer,
    AppJson(body): AppJson<MessageCreate>,
) -> Result<(StatusCode, Json<MessageCreated>), AppError> {
    state
        .limiter
        .check(Limited::Messages, &conversation.id, peer)?;
    check_client_id(&body.client_id)?;
    check_message(&body.text)?;
    let turn = thread::visitor_turn(
        &state,
        &conversation,
        &body.client_id,
        &body.text,
        body.locale.as_deref(),
    )
    .await?;
    let status = if turn.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(MessageCreated {
            message: turn.message,
            reply: turn.reply,
            triage: turn.triage,
            name: crate::visitor_name::stated_name(&body.text),
        }),
    ))
}

/// `?after=SEQ`.
#[derive(Debug, Deserialize)]
pub struct AfterQuery {
    /// Only messages with a greater seq.
    #[serde(default)]
    pub after: Option<i64>,
}

/// Messages after `after` (default: all), oldest first, up to 500.
pub async fn messages_list(
    State(state): State<AppState>,
    Visitor(conversation): Visitor,
    Query(query): Query<AfterQuery>,
) -> Result<Json<MessageList>, AppError> {
    let messages = state
        .db
        .messages_after(&conversation.id, query.after.unwrap_or(0).max(0), PAGE)
        .await?;
    let status = thread::status(&state, &conversation).await?;
    Ok(Json(MessageList {
        messages: messages.iter().map(wire).collect(),
        status: Some(status),
    }))
}
