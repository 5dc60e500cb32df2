//! WhatsApp continues the thread: the Cloud API's webhook brings the visitor's WhatsApp
//! messages into the conversation they started on the website (or a new one), and a person
//! is asked to answer.
//!
//! A POST is checked against every configured app secret before anything is read
//! ([`webhook::signed_by`]); a post no site signs is refused and stored nowhere. Each inbound
//! message goes to the site whose phone-number id it was sent to, is stored once
//! ([`crate::db::whatsapp`]: Meta delivers at least once) in the conversation the linking
//! rules pick ([`link`]), and is published to that conversation's streams; Meta gets its 200
//! then, and who answers is decided after the commit ([`answer`]; a message whose hub stopped
//! in between is taken on by a worker once its claim is stale, [`answer_stale`]). In a conversation
//! the assistant holds, it answers on WhatsApp only what it would say to a visitor waiting for
//! a person, disclosing that it is an AI; anything else is handed to a team through the same
//! path as the widget's handoffs ([`crate::handoff::create`]: the hub's triage over the
//! transcript, the escalation matrix, notifications). Replies, the assistant's and the
//! agents', go out through the outbox ([`send`]).

pub mod config;
pub mod link;
pub mod send;
pub mod webhook;

use std::collections::BTreeMap;

use axum::http::StatusCode;
use protocol::hub::{HandoffCreate, TranscriptLine};
use protocol::triage_lines::{ReasonOut, Role};

use crate::db::whatsapp::{InboundNew, Receipt, Stored, Unanswered};
use crate::error::AppError;
use crate::site::SiteRuntime;
use crate::state::AppState;
use crate::thread::wire;

/// What one webhook post did, for the log and the tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Handled {
    /// Messages stored now.
    pub stored: usize,
    /// Deliveries of messages stored before.
    pub duplicates: usize,
    /// Messages or statuses for a phone-number id no site signed for (logged, ignored).
    pub ignored: usize,
    /// Delivery statuses that moved a sent message forward.
    pub statuses: usize,
}

/// `GET` the webhook: Meta's verification handshake. The challenge back when `mode` is
/// `subscribe` and `token` is a site's verify token; otherwise 403.
pub fn handshake(
    state: &AppState,
    mode: &str,
    token: &str,
    challenge: &str,
) -> Result<String, AppError> {
    let known = state.sites.values().any(|s| {
        s.site
            .whatsapp_business
            .as_ref()
            .is_some_and(|w| constant_time_eq(w.verify_token.expose(), token))
    });
    if mode == "subscribe" && known && !challenge.is_empty() {
        Ok(challenge.to_string())
    } else {
        Err(AppError::BadRequest {
            status: StatusCode::FORBIDDEN,
            code: "verification_failed",
            message: "hub.mode must be subscribe and hub.verify_token a site's verify token."
                .into(),
        })
    }
}

/// True when `phone_number_id` is the site's WhatsApp Business number.
fn owns(runtime: &SiteRuntime, phone_number_id: &str) -> bool {
    runtime
        .site
        .whatsapp_business
        .as_ref()
        .is_some_and(|w| w.phone_number_id == phone_number_id)
}

/// The site's WhatsApp Business number, when the site can send on it (an access token).
fn sender(runtime: &SiteRuntime) -> Option<&config::WhatsappBusiness> {
    runtime
        .site
        .whatsapp_business
        .as_ref()
        .filter(|w| w.access_token.is_some())
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// `POST` the webhook: verifies, reads and stores what `body` carries.
pub async fn receive(
    state: &AppState,
    body: &[u8],
    signature: Option<&str>,
) -> Result<Handled, AppError> {
    let signers: Vec<&SiteRuntime> = state
        .sites
        .values()
        .filter(|s| {
            s.site.whatsapp_business.as_ref().is_some_and(|w| {
                signature.is_some_and(|sig| webhook::signed_by(w.app_secret.expose(), body, sig))
            })
        })
        .collect();
    if signers.is_empty() {
        return Err(AppError::BadRequest {
            status: StatusCode::UNAUTHORIZED,
            code: "bad_signature",
            message: "X-Hub-Signature-256 is missing or not signed with a site's app secret."
                .into(),
        });
    }
    let notification = webhook::parse(body).map_err(|e| AppError::BadRequest {
        status: StatusCode::BAD_REQUEST,
        code: "not_a_notification",
        message: e.0,
    })?;
    let mut handled = Handled::default();
    for m in &notification.messages {
        let Some(site) = signers.iter().find(|s| owns(s, &m.phone_number_id)) else {
            tracing::warn!(phone_number_id = %m.phone_number_id, "whatsapp: a message to a number no site has; ignored");
            handled.ignored += 1;
            continue;
        };
        match store(state, site, m).await? {
            // Meta is answered once the message is stored; who answers the visitor is
            // decided after (a slow bot never holds up the webhook).
            Some(inbound) => {
                handled.stored += 1;
                let state = state.clone();
                tokio::spawn(async move { answer(&state, &inbound).await });
            }
            None => handled.duplicates += 1,
        }
    }
    for status in &notification.statuses {
        if !signers.iter().any(|s| owns(s, &status.phone_number_id)) {
            handled.ignored += 1;
            continue;
        }
        // A status moves its message forward (sent → delivered → read, or failed); the
        // console shows it with the message.
        if let Some(conversation) = state.db.whatsapp_status(&status.id, &status.status).await? {
            tracing::info!(conversation, id = %status.id, status = %status.status, "whatsapp: delivery status");
            handled.statuses += 1;
        }
    }
    Ok(handled)
}

/// Stores one inbound message and publishes it; what is left to decide (who answers it)
/// when it is new, `None` for a duplicate delivery.
async fn store(
    state: &AppState,
    runtime: &SiteRuntime,
    m: &webhook::Inbound,
) -> Result<Option<Unanswered>, AppError> {
    let reference = crate::leads::find_reference(&m.text);
    let token_hash = crate::security::token_hash(&crate::security::new_token());
    let receipt = state
        .db
        .whatsapp_receive(&InboundNew {
            site: &runtime.site.key,
            message_id: &m.id,
            from: &m.from,
            name: m.name.as_deref(),
            text: &m.text,
            reference: reference.as_deref(),
            new_token_hash: &token_hash,
        })
        .await?;
    let Receipt::Stored(stored) = receipt else {
        tracing::info!(id = %m.id, "whatsapp: a delivery stored before; ignored");
        return Ok(None);
    };
    let Stored {
        conversation,
        notices,
        message,
        created,
    } = *stored;
    for stored in notices.iter().chain(std::iter::once(&message)) {
        state.channels.publish(&conversation.id, wire(stored));
    }
    tracing::info!(conversation = %conversation.id, created, reference = ?reference, "whatsapp: message stored");
    Ok(Some(Unanswered {
        message_id: m.id.clone(),
        site: runtime.site.key.clone(),
        conversation_id: conversation.id,
        seq: message.seq,
        from_number: m.from.clone(),
        profile_name: m.name.clone(),
    }))
}

/// How long a hub has to decide who answers a message it stored before another hub's worker
/// (or its own, after a restart) takes the message on.
pub const ANSWER_LEASE: std::time::Duration = std::time::Duration::from_secs(60);

/// Decides who answers the inbound messages whose hub stopped before it could (their claim
/// older than [`ANSWER_LEASE`]); run by the outbox worker on every cycle. How many it took.
pub async fn answer_stale(state: &AppState) -> crate::db::DbResult<usize> {
    let stale_before = chrono::Utc::now()
        - chrono::Duration::from_std(ANSWER_LEASE).unwrap_or(chrono::Duration::minutes(1));
    let rows = state.db.whatsapp_claim_stale(stale_before, 20).await?;
    let n = rows.len();
    for row in rows {
        tracing::warn!(id = %row.message_id, conversation = %row.conversation_id, "whatsapp: answering a message left unanswered");
        answer(state, &row).await;
    }
    Ok(n)
}

/// Decides who answers `inbound`, now that it is stored: nobody when a person holds the
/// conversation or a team has it queued; else the assistant, when it has an answer worth
/// giving; else a team, by a handoff. Recorded as answered when decided; a database error
/// leaves it for [`answer_stale`].
pub async fn answer(state: &AppState, inbound: &Unanswered) {
    match decide(state, inbound).await {
        Ok(()) => {
            if let Err(e) = state.db.whatsapp_answered(&inbound.message_id).await {
                tracing::error!(id = %inbound.message_id, error = %e, "whatsapp: cannot record the message as answered");
            }
        }
        Err(e) => {
            tracing::error!(id = %inbound.message_id, error = ?e, "whatsapp: cannot decide who answers; tried again later");
        }
    }
}

async fn decide(state: &AppState, inbound: &Unanswered) -> Result<(), AppError> {
    let Some(runtime) = state.site(&inbound.site) else {
        tracing::warn!(site = %inbound.site, "whatsapp: the site is no longer configured; nobody answers");
        return Ok(());
    };
    let id = inbound.conversation_id.as_str();
    let (Some(conversation), Some(message)) = (
        state.db.conversation(id).await?,
        state.db.message_at(id, inbound.seq).await?,
    ) else {
        return Ok(());
    };
    if conversation.agent_holds() || conversation.queued() {
        return Ok(());
    }
    if assistant_answers(state, runtime, &conversation, &message).await? {
        return Ok(());
    }
    let package = handoff_package(state, runtime, &conversation, inbound).await?;
    if let Err(e) = crate::handoff::create(state, &conversation, package).await {
        // The message is stored and shows in the thread; the queue is what failed.
        tracing::error!(conversation = %conversation.id, error = ?e, "whatsapp: cannot hand the conversation to a team");
    }
    Ok(())
}

/// Lets the assistant answer a WhatsApp message in a conversation it holds, when the site
/// can send there and the answer is one worth giving without a person — what it would say to
/// a visitor waiting for one (a confident FAQ answer, never small talk) — and the message
/// does not hand over by the triage rules. Its first message on WhatsApp says it is an AI
/// and that a person can be asked for. True when it answered (the reply goes out through
/// the outbox, like an agent's).
async fn assistant_answers(
    state: &AppState,
    runtime: &SiteRuntime,
    conversation: &crate::db::Conversation,
    message: &crate::db::StoredMessage,
) -> Result<bool, AppError> {
    use protocol::hub::{Author, Channel, MessageKind};
    if sender(runtime).is_none() {
        return Ok(false);
    }
    let id = conversation.id.as_str();
    let earlier = state.db.messages_after(id, 0, message.seq - 1).await?;
    let turn = crate::verdict::visitor_turn(&runtime.engine, &earlier, &message.body);
    if matches!(turn, crate::verdict::VisitorTurn::Escalates(_)) {
        return Ok(false);
    }
    let answer = runtime.assistant.reply(id, &message.body, None).await;
    if !runtime
        .assistant
        .answers_while_waiting(&message.body, answer.confidence)
    {
        return Ok(false);
    }
    let disclosed = earlier
        .iter()
        .any(|m| m.author == Author::Bot && m.channel == Channel::Whatsapp);
    let text = if disclosed {
        answer.text.clone()
    } else {
        format!("{}\n\n{}", runtime.site.disclosure, answer.text)
    };
    let triage = serde_json::to_string(&turn.bot(&runtime.engine, answer.confidence))?;
    let reply = crate::db::conversations::NewMessage {
        confidence: answer.confidence.map(f64::from),
        reply_to: Some(message.seq),
        triage: Some(&triage),
        channel: Channel::Whatsapp,
        ..crate::db::conversations::NewMessage::new(Author::Bot, MessageKind::Chat, &text)
    };
    let stored = state
        .db
        .whatsapp_reply(&conversation.site, id, &reply, "whatsapp")
        .await?;
    state.channels.publish(id, wire(&stored));
    state.outbox_wake.notify_one();
    Ok(true)
}

/// The handoff a WhatsApp message makes: the whole stored transcript, the sender's name and
/// number, the hub's own triage (its trigger and route when it escalates), else a request for
/// a person on the route the site gives those, or the team the conversation already had.
async fn handoff_package(
    state: &AppState,
    runtime: &SiteRuntime,
    conversation: &crate::db::Conversation,
    inbound: &Unanswered,
) -> Result<HandoffCreate, AppError> {
    let stored = state
        .db
        .messages_after(&conversation.id, 0, i64::MAX)
        .await?;
    let verdict = crate::verdict::over_transcript(&runtime.engine, &stored);
    let routes = &runtime.site.triage.routes;
    let route = conversation
        .team
        .clone()
        .or_else(|| verdict.route.clone())
        .or_else(|| routes.human_request.clone())
        .unwrap_or_else(|| routes.default.clone());
    let trigger = verdict
        .trigger
        .clone()
        .unwrap_or_else(|| "human_request".to_string());
    let mut reasons = verdict.reasons.clone();
    reasons.push(ReasonOut {
        trigger: "human_request".into(),
        signal: "wrote on WhatsApp, where only a person answers".into(),
        weight: 1.0,
    });
    let transcript = stored
        .iter()
        .filter_map(|s| {
            let role = match s.author {
                protocol::hub::Author::Visitor => Role::Visitor,
                protocol::hub::Author::Bot => Role::Bot,
                protocol::hub::Author::Agent => Role::Agent,
                protocol::hub::Author::System => return None,
            };
            Some(TranscriptLine {
                role,
                text: s.body.clone(),
                confidence: s.confidence.map(|c| c as f32),
            })
        })
        .collect();
    let mut fields = BTreeMap::from([("phone".to_string(), format!("+{}", inbound.from_number))]);
    if let Some(name) = inbound
        .profile_name
        .as_deref()
        .filter(|n| crate::security::check_controls("name", n, false).is_ok())
    {
        fields.insert("name".into(), name.chars().take(100).collect());
    }
    Ok(HandoffCreate {
        transcript,
        fields,
        trigger,
        reasons,
        route,
        identity: None,
    })
}

/// The hours after the visitor's last WhatsApp message in which a free-form reply is
/// delivered (WhatsApp's customer-service window).
pub const WINDOW_HOURS: i64 = 24;

/// The channel an agent's reply in `conversation` goes by: the one the visitor last wrote
/// on. On WhatsApp it can go only when the site can send (an access token) and within
/// [`WINDOW_HOURS`] of the visitor's last WhatsApp message; otherwise the agent is told why
/// (409) and nothing is stored.
pub async fn reply_channel(
    state: &AppState,
    conversation: &crate::db::Conversation,
) -> Result<protocol::hub::Channel, AppError> {
    use protocol::hub::Channel;
    let route = state.db.whatsapp_reply_route(&conversation.id).await?;
    if route.last_visitor_channel != Some(Channel::Whatsapp) {
        return Ok(Channel::Web);
    }
    let runtime = state.site_of(conversation)?;
    if sender(runtime).is_none() {
        return Err(AppError::BadRequest {
            status: StatusCode::CONFLICT,
            code: "whatsapp_not_connected",
            message: "The visitor is on WhatsApp, and this site cannot send there (no access_token in [sites.whatsapp_business]). Answer from the WhatsApp Business app.".into(),
        });
    }
    let open_since = crate::db::timestamp(state.now() - chrono::Duration::hours(WINDOW_HOURS));
    if route
        .last_inbound_at
        .as_deref()
        .is_none_or(|at| at < open_since.as_str())
    {
        return Err(AppError::BadRequest {
            status: StatusCode::CONFLICT,
            code: "whatsapp_window_closed",
            message: format!("The visitor last wrote on WhatsApp more than {WINDOW_HOURS} hours ago, and WhatsApp delivers a free-form reply only within {WINDOW_HOURS} hours. Send the site's approved template from WhatsApp Business Manager, or wait for them to write again."),
        });
    }
    Ok(Channel::Whatsapp)
}

/// Sends the site's approved template to the visitor's WhatsApp, as agent `agent_id` — what
/// reaches a visitor who last wrote more than 24 hours ago. Recorded in the thread as the
/// agent's message and sent by the outbox like a reply. 409 when the visitor is not on
/// WhatsApp, the site cannot send, or it has no template.
pub async fn send_template(
    state: &AppState,
    conversation: &crate::db::Conversation,
    agent_id: &str,
) -> Result<protocol::hub::Message, AppError> {
    use protocol::hub::{Author, Channel, MessageKind};
    let conflict = |code: &'static str, message: &str| AppError::BadRequest {
        status: StatusCode::CONFLICT,
        code,
        message: message.into(),
    };
    let route = state.db.whatsapp_reply_route(&conversation.id).await?;
    if route.last_visitor_channel != Some(Channel::Whatsapp) {
        return Err(conflict(
            "not_on_whatsapp",
            "The visitor last wrote on the website: reply there.",
        ));
    }
    let runtime = state.site_of(conversation)?;
    let wa = sender(runtime).ok_or_else(|| {
        conflict(
            "whatsapp_not_connected",
            "This site cannot send on WhatsApp (no access_token in [sites.whatsapp_business]).",
        )
    })?;
    let (name, _) = wa.template.as_ref().ok_or_else(|| {
        conflict(
            "whatsapp_no_template",
            "This site has no approved template (template in [sites.whatsapp_business]).",
        )
    })?;
    let text =
        format!("Sent the approved WhatsApp template “{name}”: the visitor can reply to go on.");
    let message = crate::db::conversations::NewMessage {
        agent_id: Some(agent_id),
        channel: Channel::Whatsapp,
        ..crate::db::conversations::NewMessage::new(Author::Agent, MessageKind::Chat, &text)
    };
    let stored = state
        .db
        .whatsapp_reply(
            &conversation.site,
            &conversation.id,
            &message,
            send::TEMPLATE_CHANNEL,
        )
        .await?;
    let message = wire(&stored);
    state.channels.publish(&conversation.id, message.clone());
    state.outbox_wake.notify_one();
    Ok(message)
}
