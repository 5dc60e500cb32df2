//! A handoff: the widget hands a conversation to a team. The package is checked, stored
//! durably with the hub's own verdict over the stored transcript and the notifications the
//! escalation matrix picks (in one transaction), and the answer says whether the team can
//! take it now.

use protocol::hub::{HandoffCreate, HandoffCreated};

use crate::db::handoffs::NewHandoff;
use crate::db::Conversation;
use crate::error::AppError;
use crate::security::check_controls;
use crate::state::AppState;

/// Longest captured field key and value.
const MAX_FIELD_KEY: usize = 32;
const MAX_FIELD_VALUE: usize = 254;

/// Stores the package (durably), re-runs triage over the stored transcript, queues the
/// conversation for the team, and says whether the team can take it now — if not, with the
/// next opening, so the widget turns to lead capture at once. While a handoff is open,
/// another post gets the same handoff: the flag is false then.
pub async fn create(
    state: &AppState,
    conversation: &Conversation,
    package: HandoffCreate,
) -> Result<(bool, HandoffCreated), AppError> {
    let id = conversation.id.clone();
    let runtime = state.site_of(conversation)?;
    let team = runtime
        .site
        .teams
        .iter()
        .find(|t| t.key == package.route)
        .ok_or_else(|| {
            AppError::invalid(
                "unknown_route",
                format!("{:?} is not one of this site's teams.", package.route),
            )
        })?;
    if triage::Trigger::from_name(&package.trigger).is_none() {
        return Err(AppError::invalid(
            "unknown_trigger",
            format!("{:?} is not a trigger name.", package.trigger),
        ));
    }
    for (key, value) in &package.fields {
        if key.is_empty()
            || key.chars().count() > MAX_FIELD_KEY
            || value.chars().count() > MAX_FIELD_VALUE
        {
            return Err(AppError::invalid(
                "invalid_field",
                format!("Captured field names are 1–{MAX_FIELD_KEY} characters and values at most {MAX_FIELD_VALUE}."),
            ));
        }
        check_controls(key, key, false)?;
        check_controls(key, value, false)?;
    }
    if let Some(claim) = &package.identity {
        let hex =
            claim.signature.len() <= 128 && claim.signature.bytes().all(|b| b.is_ascii_hexdigit());
        if claim.email.chars().count() > protocol::lead::MAX_EMAIL
            || protocol::lead::check_email(&claim.email).is_err()
            || !hex
        {
            return Err(AppError::invalid(
                "invalid_identity",
                "identity needs a well-formed email and a hex signature of at most 128 characters.",
            ));
        }
    }

    let stored = state.db.messages_after(&id, 0, i64::MAX).await?;
    let hub = crate::verdict::over_transcript(&runtime.engine, &stored);
    // One rule for what a handoff's triggers are: a lead left later is matched the same way.
    let seen =
        crate::notify::matrix::handoff_triggers(&package.trigger, Some(&package), Some(&hub));
    let urgency = crate::verdict::urgency(&seen);

    let now = crate::availability::team_now(state, &conversation.site, &team.key).await?;
    let (available, next_open) = (now.available, now.next_open);

    let package_json = serde_json::to_string(&package)?;
    let hub_json = serde_json::to_string(&hub)?;
    let new = NewHandoff {
        team: &team.key,
        package: &package_json,
        widget_trigger: &package.trigger,
        hub_verdict: &hub_json,
        hub_trigger: hub.trigger.as_deref(),
        urgency,
        available,
        next_open: next_open.as_deref(),
    };
    // The escalation matrix picks the channels now; the worker sends after the answer.
    let when = crate::notify::matrix::when_at(&runtime.site.hours, state.now());
    let facts = crate::notify::matrix::Facts {
        urgency: crate::notify::config::Urgency::from_priority(urgency),
        triggers: &seen,
        route: &team.key,
        when: &when,
    };
    let channels = crate::notify::matrix::select(&runtime.site.notify, &facts);
    let (handoff, created) = state
        .db
        .handoffs_create_notifying(&id, &new, &channels)
        .await?;
    if created {
        tracing::info!(conversation = %id, team = %team.key, widget = %package.trigger, hub = ?hub.trigger, urgency, available, ?channels, "handoff");
        if !channels.is_empty() {
            state.outbox_wake.notify_one();
        }
    }
    // A repeated post reports the open handoff's team and verdict with availability as of now.
    let hub = if created {
        hub
    } else {
        serde_json::from_str(&handoff.hub_verdict)?
    };
    let team_name = runtime
        .site
        .teams
        .iter()
        .find(|t| t.key == handoff.team)
        .map_or(handoff.team.clone(), |t| t.name.clone());
    let body = HandoffCreated {
        handoff_id: handoff.id,
        team: handoff.team,
        team_name,
        available,
        agents_online: now.agents_online,
        next_open,
        open: now.open,
        wait_minutes: now.wait_minutes,
        hub,
    };
    Ok((created, body))
}
