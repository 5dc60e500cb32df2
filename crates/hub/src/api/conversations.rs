//! `POST /api/sites/{site}/conversations`: a new conversation and its visitor token.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use protocol::hub::ConversationCreated;

use crate::error::AppError;
use crate::security::{new_token, token_hash, Limited, Peer};
use crate::state::AppState;

/// Creates a conversation with the disclosure and greeting as its first messages. The
/// token is in the body, once; the hub keeps only its hash.
pub async fn conversations_create(
    State(state): State<AppState>,
    Path(site): Path<String>,
    Peer(peer): Peer,
) -> Result<(StatusCode, Json<ConversationCreated>), AppError> {
    let runtime = state.site(&site).ok_or(AppError::UnknownSite)?;
    state.limiter.check(Limited::Conversations, &site, peer)?;
    let token = new_token();
    let intro = [
        runtime.site.disclosure.as_str(),
        runtime.site.greeting.as_str(),
    ];
    let (id, messages) = state
        .db
        .conversations_create(&site, &token_hash(&token), &intro)
        .await?;
    tracing::info!(site, conversation = %id, "conversation created");
    let body = ConversationCreated {
        conversation_id: id,
        token,
        messages: messages.iter().map(crate::thread::wire).collect(),
    };
    Ok((StatusCode::CREATED, Json(body)))
}
