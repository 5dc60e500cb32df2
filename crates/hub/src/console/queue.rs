//! `GET /console/api/queue` and the console's live stream of it.
//!
//! The stream sends a `queue` event with the whole queue at once and again whenever it
//! changes: a handoff arrives, someone claims, a visitor writes. It compares a small
//! fingerprint read from the database on a timer (like availability) and at once when the
//! bus says another hub changed a conversation of the agent's sites. While open it also
//! keeps the agent's online switches fresh.

use std::convert::Infallible;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::Stream;
use protocol::hub::Queue;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::auth::SignedIn;
use super::error::ConsoleError;
use super::view::queue;
use crate::db::timestamp;
use crate::state::AppState;

/// `GET /console/api/queue`.
pub async fn queue_show(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Queue>, ConsoleError> {
    Ok(Json(queue(&state, &signed_in.agent).await?))
}

/// `GET /console/api/events`: `queue` events; a `signed_out` event and the end when the
/// session ends.
pub async fn events_stream(
    State(state): State<AppState>,
    crate::security::Peer(peer): crate::security::Peer,
    signed_in: SignedIn,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ConsoleError> {
    let slot = state.streams.take(peer, state.options.streams)?;
    let (tx, rx) = mpsc::channel(4);
    tokio::spawn(pump(state.clone(), signed_in, tx));
    Ok(
        Sse::new(crate::stream_slots::holding(ReceiverStream::new(rx), slot))
            .keep_alive(KeepAlive::new().interval(state.options.heartbeat)),
    )
}

type Tx = mpsc::Sender<Result<Event, Infallible>>;

async fn pump(state: AppState, signed_in: SignedIn, tx: Tx) {
    let agent = signed_in.agent;
    let mut shutdown = state.shutdown.subscribe();
    let mut last: Option<String> = None;
    let refresh = std::time::Duration::from_secs(crate::db::agents::PRESENCE_REFRESH_SECS);
    let mut touched = tokio::time::Instant::now();
    if let Err(e) = state.db.presence_touch(&agent.id).await {
        tracing::warn!(error = %e, "console stream: cannot refresh presence");
    }
    let mut bus = state.bus.subscribe();
    let sites = agent_sites(&state, &agent.id).await;
    loop {
        // An open console keeps its agent's online switches fresh; a closed one lets them
        // lapse (see `Db::agents_online`).
        if touched.elapsed() >= refresh {
            touched = tokio::time::Instant::now();
            if let Err(e) = state.db.presence_touch(&agent.id).await {
                tracing::warn!(error = %e, "console stream: cannot refresh presence");
            }
        }
        match state
            .db
            .agent_by_session(&signed_in.session, &timestamp(state.now()))
            .await
        {
            Ok(Some(_)) => {}
            Ok(None) => {
                // Logged out or expired: say so, so the console shows the sign-in screen.
                let _gone = tx
                    .send(Ok(Event::default().event("signed_out").data("{}")))
                    .await;
                return;
            }
            Err(e) => tracing::warn!(error = %e, "console stream: cannot check the session"),
        }
        match state.db.console_fingerprint(&agent.id).await {
            Ok(now) if last.as_ref() != Some(&now) => match queue(&state, &agent).await {
                Ok(q) => match serde_json::to_string(&q) {
                    Ok(json) => {
                        if tx
                            .send(Ok(Event::default().event("queue").data(json)))
                            .await
                            .is_err()
                        {
                            return;
                        }
                        last = Some(now);
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "console stream: cannot encode the queue")
                    }
                },
                Err(e) => tracing::warn!(error = ?e, "console stream: cannot read the queue"),
            },
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "console stream: cannot read the queue fingerprint")
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(state.options.availability_poll) => {}
            _ = crate::bus::woken(&mut bus, |w| w.touches_queue_of(&sites)) => {}
            _ = tx.closed() => return,
            _ = crate::state::shutting_down(&mut shutdown) => return,
        }
    }
}

/// The sites `agent` serves (none if they cannot be read: the timer still runs).
async fn agent_sites(state: &AppState, agent: &str) -> Vec<String> {
    match state.db.agent_teams(agent).await {
        Ok(teams) => {
            let mut sites: Vec<String> = teams.into_iter().map(|(site, _, _)| site).collect();
            sites.dedup();
            sites
        }
        Err(e) => {
            tracing::warn!(error = %e, "console stream: cannot read the agent's sites");
            Vec::new()
        }
    }
}
