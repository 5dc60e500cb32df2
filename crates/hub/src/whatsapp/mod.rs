//! WhatsApp continues the thread: the Cloud API's webhook brings the visitor's WhatsApp
//! messages into the conversation they started on the website (or a new one), and a person
//! is asked to answer.
//!
//! A POST is checked against every configured app secret before anything is read
//! ([`webhook::signed_by`]); a post no site signs is refused and stored nowhere. Each inbound
//! message goes to the site whose phone-number id it was sent to, is stored once
//! ([`crate::db::whatsapp`]: Meta delivers at least once) in the conversation the linking
//! rules pick ([`link`]), and is published to that conversation's streams. A conversation the
//! assistant holds is then handed to a team through the same path as the widget's handoffs
//! ([`crate::handoff::create`]: the hub's triage over the transcript, the escalation matrix,
//! notifications), since nobody else answers on WhatsApp.

pub mod config;
pub mod link;
pub mod webhook;

use std::collections::BTreeMap;

use axum::http::StatusCode;
use protocol::hub::{HandoffCreate, TranscriptLine};
use protocol::triage_lines::{ReasonOut, Role};

use crate::db::whatsapp::{InboundNew, Receipt, Stored};
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
    /// Messages to a phone-number id no site signed for (logged, ignored).
    pub ignored: usize,
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
        let site = signers.iter().find(|s| {
            s.site
                .whatsapp_business
                .as_ref()
                .is_some_and(|w| w.phone_number_id == m.phone_number_id)
        });
        let Some(site) = site else {
            tracing::warn!(phone_number_id = %m.phone_number_id, "whatsapp: a message to a number no site has; ignored");
            handled.ignored += 1;
            continue;
        };
        if store(state, site, m).await? {
            handled.stored += 1;
        } else {
            handled.duplicates += 1;
        }
    }
    if !notification.statuses.is_empty() {
        tracing::debug!(
            statuses = notification.statuses.len(),
            "whatsapp: delivery statuses"
        );
    }
    Ok(handled)
}

/// Stores one inbound message and asks a person to answer; false for a duplicate delivery.
async fn store(
    state: &AppState,
    runtime: &SiteRuntime,
    m: &webhook::Inbound,
) -> Result<bool, AppError> {
    let reference = crate::leads::find_reference(&m.text);
    let token_hash = crate::security::token_hash(&crate::security::new_token());
    let receipt = state
        .db
        .whatsapp_receive(&InboundNew {
            site: &runtime.site.key,
            message_id: &m.id,
            from: &m.from,
            text: &m.text,
            reference: reference.as_deref(),
            new_token_hash: &token_hash,
        })
        .await?;
    let Receipt::Stored(stored) = receipt else {
        tracing::info!(id = %m.id, "whatsapp: a delivery stored before; ignored");
        return Ok(false);
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
    if conversation.agent_holds() || conversation.queued() {
        return Ok(true);
    }
    let package = handoff_package(state, runtime, &conversation, m).await?;
    if let Err(e) = crate::handoff::create(state, &conversation, package).await {
        // The message is stored and shows in the thread; the queue is what failed.
        tracing::error!(conversation = %conversation.id, error = ?e, "whatsapp: cannot hand the conversation to a team");
    }
    Ok(true)
}

/// The handoff a WhatsApp message makes: the whole stored transcript, the sender's name and
/// number, the hub's own triage (its trigger and route when it escalates), else a request for
/// a person on the route the site gives those, or the team the conversation already had.
async fn handoff_package(
    state: &AppState,
    runtime: &SiteRuntime,
    conversation: &crate::db::Conversation,
    m: &webhook::Inbound,
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
    let mut fields = BTreeMap::from([("phone".to_string(), format!("+{}", m.from))]);
    if let Some(name) = m
        .name
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
