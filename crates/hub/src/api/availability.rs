//! `GET /api/sites/{site}/availability` and its stream (what `crate::availability`
//! computes).

use std::convert::Infallible;

use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::Stream;
use futures_util::StreamExt;
use protocol::hub::Availability;
use tokio_stream::wrappers::WatchStream;

use crate::availability::compute;
use crate::error::AppError;
use crate::state::AppState;

/// The site's availability now.
pub async fn availability_show(
    State(state): State<AppState>,
    Path(site): Path<String>,
) -> Result<Json<Availability>, AppError> {
    Ok(Json(compute(&state, &site).await?))
}

/// Server-Sent Events: the current availability at once, then each change (within a
/// second), as `availability` events.
pub async fn availability_stream(
    State(state): State<AppState>,
    crate::security::Peer(peer): crate::security::Peer,
    Path(site): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let slot = state.streams.take(peer, state.options.streams)?;
    let rx = state.availability.subscribe(&state, &site).await?;
    let mut shutdown = state.shutdown.subscribe();
    let stream = WatchStream::new(rx)
        .map(|a| Ok(availability_event(&a)))
        .take_until(async move { crate::state::shutting_down(&mut shutdown).await });
    Ok(Sse::new(crate::stream_slots::holding(stream, slot))
        .keep_alive(KeepAlive::new().interval(state.options.heartbeat)))
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
