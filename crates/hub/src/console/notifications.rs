//! Notifications that did not go out, for the console, and the retry button behind them.
//!
//! ```text
//! GET  /console/api/notifications/failed        undelivered rows with an error, newest first
//! POST /console/api/notifications/{id}/retry    due now again; the worker is woken
//! ```
//!
//! Only rows of sites the agent serves are listed or retried; another site's row answers 404.

use std::collections::BTreeSet;

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::auth::SignedIn;
use super::error::ConsoleError;
use crate::error::AppError;
use crate::state::AppState;

async fn sites_of(state: &AppState, signed_in: &SignedIn) -> Result<Vec<String>, ConsoleError> {
    let sites: BTreeSet<String> = state.db.agent_teams(&signed_in.agent.id).await?.into_iter().map(|(site, _, _)| site).collect();
    Ok(sites.into_iter().collect())
}

/// `GET /console/api/notifications/failed`.
pub async fn notifications_failed(State(state): State<AppState>, signed_in: SignedIn) -> Result<Json<Value>, ConsoleError> {
    let sites = sites_of(&state, &signed_in).await?;
    let rows = state.db.outbox_failures(&sites, 200).await?;
    let items: Vec<Value> = rows
        .into_iter()
        .map(|r| {
            let kind = state.site(&r.site).and_then(|s| s.site.notify.channel(&r.channel)).map(|c| c.kind.label());
            json!({
                "id": r.id,
                "site": r.site,
                "handoff_id": r.handoff_id,
                "channel": r.channel,
                "kind": kind,
                "status": r.status,
                "attempts": r.attempts,
                "next_attempt_at": (r.status == "pending").then_some(r.next_attempt_at),
                "last_error": r.last_error,
                "created_at": r.created_at,
            })
        })
        .collect();
    Ok(Json(json!({ "notifications": items })))
}

/// `POST /console/api/notifications/{id}/retry`.
pub async fn notifications_retry(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Value>, ConsoleError> {
    let sites = sites_of(&state, &signed_in).await?;
    let row = state.db.outbox_row(&id).await?.filter(|r| sites.contains(&r.site)).ok_or(AppError::NotFound)?;
    if row.status == "delivered" {
        return Err(ConsoleError::conflict("already_delivered", "This notification was delivered."));
    }
    if !state.db.outbox_retry(&id, chrono::Utc::now()).await? {
        return Err(ConsoleError::conflict("already_delivered", "This notification was delivered."));
    }
    state.outbox_wake.notify_one();
    Ok(Json(json!({"id": id, "status": "pending"})))
}
