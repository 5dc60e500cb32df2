//! Notifications that did not go out, for the console, and the retry button behind them.
//!
//! ```text
//! GET  /console/api/notifications/failed        undelivered rows with an error, newest first
//! GET  /console/api/notifications/{id}          one row, whatever its status (after a retry)
//! POST /console/api/notifications/{id}/retry    due now again, error cleared; the worker is woken
//! ```
//!
//! Only rows of sites the agent serves are listed, shown or retried; another site's row
//! answers 404.

use axum::extract::{Path, State};
use axum::Json;
use protocol::hub::{FailedNotification, FailedNotifications};

use super::auth::SignedIn;
use super::error::ConsoleError;
use super::view::agent_sites;
use crate::db::outbox::{OutboxRow, OutboxStatus};
use crate::error::AppError;
use crate::state::AppState;

fn wire(state: &AppState, r: OutboxRow) -> FailedNotification {
    let kind = state
        .site(&r.site)
        .and_then(|s| s.site.notify.channel(&r.channel))
        .map(|c| c.kind.label().to_string());
    FailedNotification {
        timezone: super::view::site_timezone(state, &r.site),
        next_attempt_at: (r.status == OutboxStatus::Pending).then_some(r.next_attempt_at),
        id: r.id,
        site: r.site,
        about: r.kind.as_str().to_string(),
        handoff_id: r.handoff_id,
        conversation_id: r.conversation_id,
        channel: r.channel,
        kind,
        status: r.status.as_str().to_string(),
        attempts: r.attempts,
        last_error: r.last_error,
        created_at: r.created_at,
        delivered_at: r.delivered_at,
    }
}

/// The row `id` if it belongs to one of the agent's sites; 404 otherwise.
async fn row_for(
    state: &AppState,
    signed_in: &SignedIn,
    id: &str,
) -> Result<OutboxRow, ConsoleError> {
    let sites = agent_sites(state, &signed_in.agent.id).await?;
    Ok(state
        .db
        .outbox_row(id)
        .await?
        .filter(|r| sites.contains(&r.site))
        .ok_or(AppError::NotFound)?)
}

/// `GET /console/api/notifications/failed`.
pub async fn notifications_failed(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<FailedNotifications>, ConsoleError> {
    let sites = agent_sites(&state, &signed_in.agent.id).await?;
    let rows = state.db.outbox_failures(&sites, 200).await?;
    Ok(Json(FailedNotifications {
        notifications: rows.into_iter().map(|r| wire(&state, r)).collect(),
    }))
}

/// `GET /console/api/notifications/{id}`.
pub async fn notifications_show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<FailedNotification>, ConsoleError> {
    let row = row_for(&state, &signed_in, &id).await?;
    Ok(Json(wire(&state, row)))
}

/// `POST /console/api/notifications/{id}/retry`: the row as it is now (pending, no error).
pub async fn notifications_retry(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<FailedNotification>, ConsoleError> {
    let row = row_for(&state, &signed_in, &id).await?;
    if row.status == OutboxStatus::Delivered
        || !state.db.outbox_retry(&id, chrono::Utc::now()).await?
    {
        return Err(ConsoleError::conflict(
            "already_delivered",
            "This notification was delivered.",
        ));
    }
    state.outbox_wake.notify_one();
    let row = state.db.outbox_row(&id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(wire(&state, row)))
}
