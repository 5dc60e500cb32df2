//! `POST /api/conversations/{id}/leads`: the visitor's contact details when nobody could
//! answer, under a short reference, with a WhatsApp link to continue.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use protocol::hub::{LeadCreate, LeadCreated};

use super::extract::{AppJson, Visitor};
use crate::db::leads::NewLead;
use crate::error::AppError;
use crate::leads::{reference_code, validate, whatsapp_link, whatsapp_summary};
use crate::security::{Limited, Peer};
use crate::state::AppState;

/// Validates every field at once (422 `invalid_lead` with `fields`), stores the lead with its
/// notifications (the escalation matrix's channels, and the morning digest when closed) and
/// answers its reference and WhatsApp link.
pub async fn leads_create(
    State(state): State<AppState>,
    Visitor(conversation): Visitor,
    Peer(peer): Peer,
    AppJson(body): AppJson<LeadCreate>,
) -> Result<(StatusCode, Json<LeadCreated>), AppError> {
    let id = conversation.id.clone();
    state.limiter.check(Limited::Leads, &id, peer)?;
    let lead = validate(&body).map_err(AppError::InvalidLead)?;
    let runtime = state.site_of(&conversation)?;
    let number = runtime.site.whatsapp.clone();
    let new = NewLead {
        name: &lead.name,
        email: lead.email.as_deref(),
        phone: lead.phone_e164.as_deref(),
        question: &lead.question,
        consent: body.consent,
    };
    let (name, question) = (lead.name.clone(), lead.question.clone());
    // The channels are chosen now; the worker sends after the answer.
    let handoff = state.db.latest_handoff_facts(&id).await?;
    let notice = crate::notify::lead::plan(&runtime.site, handoff.as_ref(), state.now());
    let stored = state
        .db
        .leads_create_notifying(
            &id,
            &conversation.site,
            &new,
            || reference_code(&mut rand::thread_rng()),
            |reference| {
                number.as_deref().map(|n| {
                    whatsapp_link(n, &whatsapp_summary(&name, &question, reference), reference)
                })
            },
            &notice,
        )
        .await?;
    tracing::info!(conversation = %id, reference = %stored.reference, channels = ?notice.channels, digest = ?notice.digest_due_at, "lead stored");
    if !notice.channels.is_empty() {
        state.outbox_wake.notify_one();
    }
    Ok((
        StatusCode::CREATED,
        Json(LeadCreated {
            reference: stored.reference,
            whatsapp_link: stored.whatsapp_link,
        }),
    ))
}
