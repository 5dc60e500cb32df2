//! Lead capture: validating what the visitor left when nobody could answer, the reference code
//! they are shown, and the WhatsApp link that continues the conversation with its context.
//!
//! The field rules and the `https://wa.me/…` encoding are `protocol::lead`'s, the same the
//! widget checks inline; the hub's [`whatsapp_link`] adds the reference.

use protocol::hub::LeadCreate;
pub use protocol::lead::{MAX_EMAIL, MAX_NAME, MAX_QUESTION};

mod form;
mod links;
mod reference;

pub use form::{validate, FieldError, Lead};
pub use links::{created, whatsapp_link, whatsapp_link_for, whatsapp_summary, MAX_SUMMARY};
pub use reference::{find_reference, parse_reference, reference_code, CODE_PREFIX};

/// Validates every field at once (422 `invalid_lead` with `fields`), then stores the lead
/// with its notifications (the escalation matrix's channels, and the morning digest when
/// closed); the answer carries its reference and WhatsApp link.
pub async fn create(
    state: &crate::state::AppState,
    conversation: &crate::db::Conversation,
    body: &LeadCreate,
) -> Result<protocol::hub::LeadCreated, crate::error::AppError> {
    let id = conversation.id.clone();
    let lead = validate(body).map_err(crate::error::AppError::InvalidLead)?;
    let runtime = state.site_of(conversation)?;
    let number = runtime.site.whatsapp.clone();
    let new = crate::db::leads::NewLead {
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
    Ok(created(
        &runtime.site,
        stored.reference,
        stored.whatsapp_link,
    ))
}

#[cfg(test)]
mod tests;
