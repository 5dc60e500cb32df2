//! `POST /api/conversations/{id}/messages` (store exactly once, then the bot answers unless
//! a human holds the conversation) and `GET …/messages?after=SEQ`.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use protocol::hub::{
    ConversationState, ConversationStatus, HandoffStatus, LeadCreated, Message, MessageCreate,
    MessageCreated, MessageList, TurnTriage,
};
use serde::Deserialize;

use super::extract::{AppJson, Visitor};
use super::wire;
use crate::bot::BotReply;
use crate::db::conversations::Reply;
use crate::error::AppError;
use crate::security::{check_client_id, check_message, Limited, Peer};
use crate::state::AppState;
use crate::verdict::VisitorTurn;

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
    let id = conversation.id.clone();
    state.limiter.check(Limited::Messages, &id, peer)?;
    check_client_id(&body.client_id)?;
    check_message(&body.text)?;

    let (stored, created) = state
        .db
        .messages_create_visitor(&id, &body.client_id, &body.text)
        .await?;
    if created {
        state.channels.publish(&id, wire(&stored));
    }
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };

    // A person holds it: the bot is silent. Queued for a person: the bot keeps answering
    // what it knows (below), and nothing else.
    if conversation.agent_holds() {
        return Ok((
            status,
            Json(MessageCreated {
                message: wire(&stored),
                reply: None,
                triage: None,
            }),
        ));
    }
    // A retry whose first attempt was answered gets that answer; one whose first attempt
    // died before the bot spoke gets an answer now.
    if !created {
        if let Some(reply) = state.db.reply_to(&id, stored.seq).await? {
            return Ok((
                status,
                Json(MessageCreated {
                    message: wire(&stored),
                    reply: Some(wire(&reply)),
                    triage: None,
                }),
            ));
        }
    }
    let runtime = state.site_of(&conversation)?;
    let earlier = state.db.messages_after(&id, 0, stored.seq - 1).await?;
    // A message that hands the conversation over gets the widget's bridge, not a bot answer.
    // While queued, a message that would hand over again (a warm lead asking more) still
    // gets what the assistant knows, unless the visitor is asking for a person or upset.
    let turn = crate::verdict::visitor_turn(&runtime.engine, &earlier, &stored.body);
    // A question about a topic that goes to a person ("how long do refunds take?") that an
    // `answers_first` FAQ entry answers confidently gets that answer, with a person offered
    // beside it, instead of the handoff; asking for it to be done still hands over.
    let turn = match turn {
        VisitorTurn::Escalates(triage)
            if crate::verdict::only_high_risk(&triage) && !conversation.queued() =>
        {
            match runtime.assistant.answer_first(&stored.body) {
                Some(answer) => {
                    let triage = crate::verdict::answered_first(triage);
                    let reply = store_reply(&state, &id, stored.seq, &answer, &triage).await?;
                    return Ok((
                        status,
                        Json(MessageCreated {
                            message: wire(&stored),
                            triage: reply.as_ref().map(|_| triage),
                            reply,
                        }),
                    ));
                }
                None => VisitorTurn::Escalates(triage),
            }
        }
        other => other,
    };
    let turn = match turn {
        VisitorTurn::Escalates(triage)
            if !conversation.queued()
                || matches!(
                    triage.trigger.as_deref(),
                    Some("human_request" | "frustration")
                ) =>
        {
            return Ok((
                status,
                Json(MessageCreated {
                    message: wire(&stored),
                    reply: None,
                    triage: Some(triage),
                }),
            ));
        }
        continues => continues,
    };
    let answer = runtime.assistant.reply(&id, &stored.body).await;
    // While the visitor waits for a person, only a confident answer is worth saying: an
    // unsure one would talk over the handoff the visitor was promised.
    if conversation.queued()
        && !runtime
            .assistant
            .answers_while_waiting(&stored.body, answer.confidence)
    {
        return Ok((
            status,
            Json(MessageCreated {
                message: wire(&stored),
                reply: None,
                triage: None,
            }),
        ));
    }
    let triage = turn.bot(&runtime.engine, answer.confidence);
    let reply = store_reply(&state, &id, stored.seq, &answer, &triage).await?;
    Ok((
        status,
        Json(MessageCreated {
            message: wire(&stored),
            triage: reply.as_ref().map(|_| triage),
            reply,
        }),
    ))
}

/// Stores the bot's answer to message `seq` with its triage and publishes it; `None` when a
/// human took over while the bot was thinking (the human's word stands alone).
async fn store_reply(
    state: &AppState,
    id: &str,
    seq: i64,
    answer: &BotReply,
    triage: &TurnTriage,
) -> Result<Option<Message>, AppError> {
    let triage_json = serde_json::to_string(triage)?;
    let reply = state
        .db
        .messages_create_bot_reply(
            id,
            seq,
            &answer.text,
            answer.confidence.map(f64::from),
            Some(&triage_json),
        )
        .await?;
    Ok(match reply {
        Reply::Stored(m) => {
            state.channels.publish(id, wire(&m));
            Some(wire(&m))
        }
        Reply::Existing(m) => Some(wire(&m)),
        Reply::Silenced => None,
    })
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
    let status = status(&state, &conversation).await?;
    Ok(Json(MessageList {
        messages: messages.iter().map(wire).collect(),
        status: Some(status),
    }))
}

/// Where the conversation stands: its state, whether its latest handoff was resolved (and
/// the assistant has it again), and the visitor's rating.
async fn status(
    state: &AppState,
    c: &crate::db::Conversation,
) -> Result<ConversationStatus, AppError> {
    let resolved = state.db.latest_handoff_resolved(&c.id).await?;
    let rating = crate::db::metrics::rating_of(&state.db, &c.id).await?;
    let conversation_state = match c.state.as_str() {
        "queued" => ConversationState::Queued,
        "agent" => ConversationState::Agent,
        _ => ConversationState::Bot,
    };
    let handoff = match (&c.team, conversation_state) {
        (Some(team), ConversationState::Queued) => {
            Some(handoff_status(state, &c.site, team).await?)
        }
        _ => None,
    };
    let lead = state.db.leads_of(&c.id).await?.pop().map(|l| LeadCreated {
        reference: l.reference,
        whatsapp_link: l.whatsapp_link,
    });
    Ok(ConversationStatus {
        state: conversation_state,
        resolved: conversation_state == ConversationState::Bot && resolved,
        rating,
        handoff,
        lead,
    })
}

/// The queued conversation's team as it stands now: a reload says what is true now.
async fn handoff_status(
    state: &AppState,
    site: &str,
    team: &str,
) -> Result<HandoffStatus, AppError> {
    let availability = super::availability::compute(state, site).await?;
    let now = availability.teams.iter().find(|t| t.key == team);
    let available = now.is_some_and(|t| t.online);
    Ok(HandoffStatus {
        team: team.to_string(),
        team_name: now.map_or_else(|| team.to_string(), |t| t.name.clone()),
        available,
        open: availability.open,
        next_open: if available || availability.open {
            None
        } else {
            availability.next_open
        },
        wait_minutes: now.and_then(|t| t.wait_minutes),
    })
}
