//! One conversation from the agent's side: show it, claim it (one agent wins), reply in the
//! visitor's thread, hand it back to the bot, resolve it. Every change the visitor should
//! know about is written into the thread as a system notice and pushed to their stream.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use protocol::hub::ConversationState;
use protocol::hub::{AgentReply, ConsoleConversation, Message};

use super::auth::SignedIn;
use super::error::ConsoleError;
use super::view::{conversation, row_for};
use crate::api::extract::AppJson;
use crate::db::agents::Agent;
use crate::db::console::{Claim, ConsoleRow};
use crate::db::conversations::NewMessage;
use crate::error::AppError;
use crate::security::check_message;
use crate::state::AppState;

/// `GET /console/api/conversations/{id}`.
pub async fn conversations_show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ConsoleConversation>, ConsoleError> {
    let row = row_for(&state, &signed_in.agent, &id).await?;
    Ok(Json(conversation(&state, &signed_in.agent.id, row).await?))
}

/// `POST …/claim`: the agent takes a waiting conversation; the bot falls silent and the
/// visitor reads "Maria joined". Of two agents claiming at once, one gets 200 and the other
/// 409 `already_claimed`. Claiming one's own conversation again is a harmless 200.
pub async fn conversations_claim(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ConsoleConversation>, ConsoleError> {
    claim(&state, &signed_in.agent, &id).await?;
    show(&state, &signed_in.agent.id, &id).await
}

/// `agent` takes the conversation `id`, if they may see it (404 otherwise): when the claim
/// is theirs now (not already), the visitor reads "Maria joined".
pub async fn claim(state: &AppState, agent: &Agent, id: &str) -> Result<(), ConsoleError> {
    row_for(state, agent, id).await?;
    if won(state.db.claim_queued(id, &agent.id).await?)? {
        tracing::info!(conversation = %id, agent = %agent.id, "claimed");
        notice(
            state,
            id,
            &format!("{} joined the conversation.", agent.name),
        )
        .await?;
    }
    Ok(())
}

/// How a claim ended, for the agent: true when it just became theirs, false when it
/// already was; 409 when another agent holds it or it waits for nobody, 404 when it is gone.
fn won(claim: Claim) -> Result<bool, ConsoleError> {
    match claim {
        Claim::Won => Ok(true),
        Claim::AlreadyMine => Ok(false),
        Claim::Taken => Err(ConsoleError::conflict(
            "already_claimed",
            "Another agent has already taken this conversation.",
        )),
        Claim::NotQueued => Err(ConsoleError::conflict(
            "not_queued",
            "This conversation is not waiting for a person.",
        )),
        Claim::Missing => Err(AppError::NotFound.into()),
    }
}

/// `POST …/messages`: the agent's reply, stored with the next seq like every message and
/// pushed to the visitor's stream. Only the agent holding the conversation may reply.
pub async fn messages_create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    AppJson(body): AppJson<AgentReply>,
) -> Result<(StatusCode, Json<Message>), ConsoleError> {
    let agent = &signed_in.agent;
    let row = row_for(&state, agent, &id).await?;
    check_message(&body.text)?;
    held_by(&row, &agent.id)?;
    let message = NewMessage {
        agent_id: Some(&agent.id),
        ..NewMessage::new(
            protocol::hub::Author::Agent,
            protocol::hub::MessageKind::Chat,
            &body.text,
        )
    };
    let conversation = state
        .db
        .conversation(&id)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let message = crate::thread::agent_reply(&state, &conversation, &message).await?;
    Ok((StatusCode::CREATED, Json(message)))
}

/// `POST …/typing`: the agent holding the conversation is writing a reply; the visitor
/// reads "Maria is typing…" for a few seconds. Nothing is stored. 204; 409 `not_claimed`
/// unless this agent holds it.
pub async fn typing_create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<StatusCode, ConsoleError> {
    let agent = &signed_in.agent;
    let row = row_for(&state, agent, &id).await?;
    held_by(&row, &agent.id)?;
    crate::typing::announce(&state, &row, &agent.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST …/whatsapp-template`: the site's approved WhatsApp template, for a visitor who last
/// wrote on WhatsApp more than 24 hours ago (a text reply would not be delivered). Only the
/// agent holding the conversation may send it.
pub async fn whatsapp_template_create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<Message>), ConsoleError> {
    let row = row_for(&state, &signed_in.agent, &id).await?;
    held_by(&row, &signed_in.agent.id)?;
    let conversation = state
        .db
        .conversation(&id)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let message =
        crate::whatsapp::send_template(&state, &conversation, &signed_in.agent.id).await?;
    Ok((StatusCode::CREATED, Json(message)))
}

/// `POST …/handback`: the bot takes over again and the visitor is told so.
pub async fn conversations_handback(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ConsoleConversation>, ConsoleError> {
    let agent = &signed_in.agent;
    let row = row_for(&state, agent, &id).await?;
    releasable(&row, &agent.id)?;
    state.db.release(&id).await?;
    let assistant = state
        .site(&row.site)
        .map_or("our assistant".to_string(), |s| {
            s.site.assistant_name.clone()
        });
    notice(
        &state,
        &id,
        &format!(
            "{} handed the conversation back to {assistant}, who can help from here.",
            agent.name
        ),
    )
    .await?;
    tracing::info!(conversation = %id, agent = %agent.id, "handed back");
    show(&state, &agent.id, &id).await
}

/// `POST …/resolve`: done; the bot answers anything further and the visitor is told so.
pub async fn conversations_resolve(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ConsoleConversation>, ConsoleError> {
    let agent = &signed_in.agent;
    let row = row_for(&state, agent, &id).await?;
    releasable(&row, &agent.id)?;
    // Before the release closes the handoff: resolution time is measured to this moment.
    crate::db::metrics::handoff_resolved(&state.db, &id).await?;
    state.db.release(&id).await?;
    notice(
        &state,
        &id,
        &format!(
            "{} marked this conversation as resolved. Write again any time.",
            agent.name
        ),
    )
    .await?;
    tracing::info!(conversation = %id, agent = %agent.id, "resolved");
    show(&state, &agent.id, &id).await
}

/// Replies need the conversation held by this agent.
fn held_by(row: &ConsoleRow, agent: &str) -> Result<(), ConsoleError> {
    if row.state == ConversationState::Agent && row.claimed_by.as_deref() == Some(agent) {
        Ok(())
    } else {
        Err(ConsoleError::conflict(
            "not_claimed",
            "Claim the conversation before replying.",
        ))
    }
}

/// Handing back and resolving: the holder may, and anyone on the team may release a
/// conversation still waiting (nobody is coming); not one another agent holds.
fn releasable(row: &ConsoleRow, agent: &str) -> Result<(), ConsoleError> {
    match row.state {
        ConversationState::Queued => Ok(()),
        ConversationState::Agent if row.claimed_by.as_deref() == Some(agent) => Ok(()),
        ConversationState::Agent => Err(ConsoleError::conflict(
            "already_claimed",
            "Another agent holds this conversation.",
        )),
        _ => Err(ConsoleError::conflict(
            "not_queued",
            "The assistant already has this conversation.",
        )),
    }
}

/// Writes a system notice into the thread and pushes it to the visitor.
async fn notice(state: &AppState, id: &str, text: &str) -> Result<(), ConsoleError> {
    crate::thread::append(
        state,
        id,
        &NewMessage::new(
            protocol::hub::Author::System,
            protocol::hub::MessageKind::Notice,
            text,
        ),
    )
    .await?;
    Ok(())
}

/// The conversation as it is now, whether or not the agent can still see it in the queue.
async fn show(
    state: &AppState,
    agent: &str,
    id: &str,
) -> Result<Json<ConsoleConversation>, ConsoleError> {
    let row = state.db.console_row(id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(conversation(state, agent, row).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ended(claim: Claim) -> Result<bool, &'static str> {
        won(claim).map_err(|e| match e {
            ConsoleError::Conflict { code, .. } => code,
            ConsoleError::App(e) => e.status_code().1,
            _ => "other",
        })
    }

    #[test]
    fn each_end_of_a_claim() {
        assert_eq!(ended(Claim::Won), Ok(true));
        assert_eq!(ended(Claim::AlreadyMine), Ok(false));
        assert_eq!(ended(Claim::Taken), Err("already_claimed"));
        assert_eq!(ended(Claim::NotQueued), Err("not_queued"));
        assert_eq!(ended(Claim::Missing), Err("not_found"));
    }
}
