//! `GET /api/sites/{site}/availability` and its stream: per team, open by business hours
//! and someone online, and when it next opens.

use std::convert::Infallible;

use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::Stream;
use protocol::hub::{Availability, TeamAvailability};
use tokio_stream::wrappers::WatchStream;
use futures_util::StreamExt;

use super::rfc3339;
use crate::error::AppError;
use crate::hours::{open_state, team_available};
use crate::state::AppState;

/// The site's availability now.
pub async fn compute(state: &AppState, site: &str) -> Result<Availability, AppError> {
    let runtime = state.site(site).ok_or(AppError::UnknownSite)?;
    let hours = open_state(&runtime.site.hours, state.now());
    let online = state.db.agents_online(site).await?;
    let teams = runtime
        .site
        .teams
        .iter()
        .map(|team| {
            let agents = online.get(&team.key).copied().unwrap_or(0).max(0) as usize;
            let available = team_available(&hours, agents);
            TeamAvailability {
                key: team.key.clone(),
                name: team.name.clone(),
                online: available,
                agents_online: agents as u32,
                // When open but nobody is online, nobody can promise a time.
                next_open: if available || hours.open { None } else { hours.next_open.map(rfc3339) },
            }
        })
        .collect();
    Ok(Availability {
        site: site.to_string(),
        open: hours.open,
        next_open: hours.next_open.map(rfc3339),
        closes_at: hours.closes_at.map(rfc3339),
        teams,
    })
}

/// The site's availability now.
pub async fn availability_show(State(state): State<AppState>, Path(site): Path<String>) -> Result<Json<Availability>, AppError> {
    Ok(Json(compute(&state, &site).await?))
}

/// Server-Sent Events: the current availability at once, then each change (within a
/// second), as `availability` events.
pub async fn availability_stream(
    State(state): State<AppState>,
    Path(site): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let rx = state.availability.subscribe(&state, &site).await?;
    let mut shutdown = state.shutdown.subscribe();
    let stream = WatchStream::new(rx)
        .map(|a| Ok(availability_event(&a)))
        .take_until(async move { crate::state::shutting_down(&mut shutdown).await });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(state.options.heartbeat)))
}

/// An `availability` event.
pub fn availability_event(a: &Availability) -> Event {
    match serde_json::to_string(a) {
        Ok(json) => Event::default().event("availability").data(json),
        Err(e) => {
            tracing::error!(error = %e, "cannot encode availability");
            Event::default().comment("availability unavailable")
        }
    }
}
