//! The thread: a conversation's messages. Every message is stored first and published to
//! the live streams only once the database holds it, through the functions here — the one
//! write path for the visitor's, the bot's, the agents' and the hub's own messages. The
//! visitor's turn (store, then the bot answers unless a person holds the conversation) and
//! where a conversation stands are decided here too, for the API to answer.

use protocol::hub::{ConversationState, ConversationStatus, HandoffStatus, Message, TurnTriage};

use crate::bot::BotReply;
use crate::db::conversations::{NewMessage, Reply};
use crate::db::{Conversation, StoredMessage};
use crate::error::AppError;
use crate::state::AppState;
use crate::verdict::VisitorTurn;

/// A stored message as the wire shows it.
pub fn wire(m: &StoredMessage) -> Message {
    Message {
        seq: m.seq,
        client_id: m.client_id.clone(),
        author: m.author,
        kind: m.kind,
        agent_name: m.agent_name.clone(),
        text: m.body.clone(),
        channel: m.channel,
        delivery: m.delivery.clone(),
        confidence: m.confidence.map(|c| c as f32),
        created_at: m.created_at.clone(),
    }
}

/// An agent's reply, by the channel the visitor last wrote on: stored and published, and on
/// WhatsApp also handed to the outbox, in the same transaction, to be sent there.
pub async fn agent_reply(
    state: &AppState,
    conversation: &crate::db::Conversation,
    message: &NewMessage<'_>,
) -> Result<Message, AppError> {
    match crate::whatsapp::reply_channel(state, conversation).await? {
        protocol::hub::Channel::Web => append(state, &conversation.id, message).await,
        protocol::hub::Channel::Whatsapp => {
            let message = NewMessage {
                channel: protocol::hub::Channel::Whatsapp,
                ..message.clone()
            };
            let stored = state
                .db
                .whatsapp_reply(&conversation.site, &conversation.id, &message, "whatsapp")
                .await?;
            let message = wire(&stored);
            state.channels.publish(&conversation.id, message.clone());
            state.outbox_wake.notify_one();
            Ok(message)
        }
    }
}

/// Appends `message` (an agent's reply, a notice) and publishes it.
pub async fn append(
    state: &AppState,
    conversation: &str,
    message: &NewMessage<'_>,
) -> Result<Message, AppError> {
    let stored = state.db.messages_append(conversation, message).await?;
    let message = wire(&stored);
    state.channels.publish(conversation, message.clone());
    Ok(message)
}

/// What a visitor's message got: the message as stored, whether this request stored it (a
/// retry with the same client id gets the original), and the bot's answer with the hub's
/// triage when there is one.
pub struct VisitorTurnOutcome {
    /// The visitor's message.
    pub message: Message,
    /// False for a retry of a message already stored.
    pub created: bool,
    /// The bot's answer.
    pub reply: Option<Message>,
    /// The hub's triage of the turn.
    pub triage: Option<TurnTriage>,
}

/// Stores the visitor's message exactly once, then lets the bot answer unless a person holds
/// the conversation: a message that hands the conversation over gets the widget's bridge
/// (no answer, the triage says why); while queued, only what the assistant is sure of.
pub async fn visitor_turn(
    state: &AppState,
    conversation: &Conversation,
    client_id: &str,
    text: &str,
    locale: Option<&str>,
) -> Result<VisitorTurnOutcome, AppError> {
    // The widget's language: the assistant reads a question whose words tell none in it.
    let ui = locale
        .and_then(|l| l.split(['-', '_']).next())
        .and_then(crate::bot::Lang::from_code);
    let id = conversation.id.as_str();
    let outcome = |stored: &StoredMessage, created, reply, triage| VisitorTurnOutcome {
        message: wire(stored),
        created,
        reply,
        triage,
    };
    let (stored, created) = state
        .db
        .messages_create_visitor(id, client_id, text)
        .await?;
    if created {
        state.channels.publish(id, wire(&stored));
    }

    // A person holds it: the bot is silent. Queued for a person: the bot keeps answering
    // what it knows (below), and nothing else.
    if conversation.agent_holds() {
        return Ok(outcome(&stored, created, None, None));
    }
    // A retry whose first attempt was answered gets that answer; one whose first attempt
    // died before the bot spoke gets an answer now.
    if !created {
        if let Some(reply) = state.db.reply_to(id, stored.seq).await? {
            return Ok(outcome(&stored, created, Some(wire(&reply)), None));
        }
    }
    let runtime = state.site_of(conversation)?;
    let earlier = state.db.messages_after(id, 0, stored.seq - 1).await?;
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
            match runtime.assistant.answer_first(&stored.body, ui) {
                Some(answer) => {
                    let triage = crate::verdict::answered_first(triage);
                    let reply = store_reply(state, id, stored.seq, &answer, &triage).await?;
                    let triage = reply.as_ref().map(|_| triage);
                    return Ok(outcome(&stored, created, reply, triage));
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
            return Ok(outcome(&stored, created, None, Some(triage)));
        }
        continues => continues,
    };
    let answer = runtime.assistant.reply(id, &stored.body, ui).await;
    // While the visitor waits for a person, only a confident answer is worth saying: an
    // unsure one would talk over the handoff the visitor was promised.
    if conversation.queued()
        && !runtime
            .assistant
            .answers_while_waiting(&stored.body, answer.confidence)
    {
        return Ok(outcome(&stored, created, None, None));
    }
    let triage = turn.bot(&runtime.engine, answer.confidence);
    let reply = store_reply(state, id, stored.seq, &answer, &triage).await?;
    let triage = reply.as_ref().map(|_| triage);
    Ok(outcome(&stored, created, reply, triage))
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

/// Where the conversation stands: its state, whether its latest handoff was resolved (and
/// the assistant has it again), and the visitor's rating.
pub async fn status(state: &AppState, c: &Conversation) -> Result<ConversationStatus, AppError> {
    let resolved = state.db.latest_handoff_resolved(&c.id).await?;
    let rating = crate::db::metrics::rating_of(&state.db, &c.id).await?;
    let conversation_state = c.state;
    let handoff = match (&c.team, conversation_state) {
        (Some(team), ConversationState::Queued) => {
            Some(handoff_status(state, &c.site, team).await?)
        }
        _ => None,
    };
    let site = &state.site_of(c)?.site;
    let lead = state
        .db
        .leads_of(&c.id)
        .await?
        .pop()
        .map(|l| crate::leads::created(site, l.reference, l.whatsapp_link));
    Ok(ConversationStatus {
        state: conversation_state,
        resolved: conversation_state == ConversationState::Bot && resolved,
        rating,
        handoff,
        lead,
    })
}

/// The queued conversation's team as it stands now: a reload says what is true now.
pub async fn handoff_status(
    state: &AppState,
    site: &str,
    team: &str,
) -> Result<HandoffStatus, AppError> {
    let now = crate::availability::team_now(state, site, team).await?;
    Ok(HandoffStatus {
        team: team.to_string(),
        team_name: now.name.unwrap_or_else(|| team.to_string()),
        available: now.available,
        open: now.open,
        next_open: now.next_open,
        wait_minutes: now.wait_minutes,
    })
}
