//! `GET /api/conversations/{id}/stream`: the conversation's messages as Server-Sent Events,
//! resumable.
//!
//! Each message is an event `message` with `id: <seq>`. A client that lost the connection
//! (or whose hub restarted) reconnects with `Last-Event-ID: <seq>` (or `?after=SEQ`) and
//! gets exactly the messages after it: the backlog from the database, then live ones from
//! the in-process channel (or, for messages another hub stored, from the database when the
//! bus says so), de-duplicated by seq across the seam. Availability changes of
//! the site come as `availability` events, and the holding agent's typing as `typing`
//! events (neither has an id, so they never move the resume point).

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use protocol::hub::{AgentTyping, Message};
use tokio::sync::{broadcast, mpsc};
use tokio_stream::wrappers::ReceiverStream;

use super::availability::availability_event;
use super::extract::Visitor;
use super::messages::AfterQuery;
use crate::db::Conversation;
use crate::error::AppError;
use crate::security::Peer;
use crate::state::AppState;
use crate::stream::Live;
use crate::stream_slots::holding;
use crate::thread::wire;

/// Backlog page size.
const PAGE: i64 = 500;
/// Events queued per stream before the sender waits for the client.
const BUFFER: usize = 32;

/// Opens the stream. `Last-Event-ID` wins over `?after=`.
pub async fn conversation_stream(
    State(state): State<AppState>,
    Peer(peer): Peer,
    Visitor(conversation): Visitor,
    headers: HeaderMap,
    Query(query): Query<AfterQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let last_event_id = headers.get("last-event-id").map(|v| v.to_str().ok());
    let after = resume_after(last_event_id, query.after)?;
    let events = open(&state, peer, &conversation, after).await?;
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(state.options.heartbeat)))
}

/// The seq the stream resumes after: `Last-Event-ID`'s when the request has one (`Some(None)`
/// for a header that is not text), else `?after=`, else 0; never negative. A header that is
/// not a whole number is 422 `invalid_last_event_id`.
fn resume_after(last_event_id: Option<Option<&str>>, after: Option<i64>) -> Result<i64, AppError> {
    let last_event_id = match last_event_id {
        None => None,
        Some(v) => Some(
            v.and_then(|s| s.trim().parse::<i64>().ok())
                .filter(|&n| n >= 0)
                .ok_or_else(|| {
                    AppError::invalid(
                        "invalid_last_event_id",
                        "Last-Event-ID must be a message seq (a whole number).",
                    )
                })?,
        ),
    };
    Ok(last_event_id.or(after).unwrap_or(0).max(0))
}

/// The events of `conversation` after seq `after`, holding one of `peer`'s stream slots
/// (429 or 503 past the limits) until the client goes away.
async fn open(
    state: &AppState,
    peer: IpAddr,
    conversation: &Conversation,
    after: i64,
) -> Result<impl Stream<Item = Result<Event, Infallible>>, AppError> {
    let slot = state.streams.take(peer, state.options.streams)?;
    // Subscribe before reading the backlog, so nothing committed in between is missed.
    let live = state.channels.subscribe(&conversation.id);
    let availability = state
        .availability
        .subscribe(state, &conversation.site)
        .await?;
    let (tx, rx) = mpsc::channel(BUFFER);
    let id = conversation.id.clone();
    tokio::spawn(pump(state.clone(), id, after, live, availability, tx));
    Ok(holding(ReceiverStream::new(rx), slot))
}

type Tx = mpsc::Sender<Result<Event, Infallible>>;

/// Why the pump stopped early: the client left, or the database failed (logged).
struct Stop;

async fn pump(
    state: AppState,
    id: String,
    after: i64,
    mut live: broadcast::Receiver<Live>,
    mut availability: tokio::sync::watch::Receiver<Arc<protocol::hub::Availability>>,
    tx: Tx,
) {
    let mut last = after;
    if catch_up(&state, &id, &mut last, &tx).await.is_err() {
        return;
    }
    let first = availability_event(&availability.borrow_and_update());
    if tx.send(Ok(first)).await.is_err() {
        return;
    }
    let mut shutdown = state.shutdown.subscribe();
    let mut availability_live = true;
    loop {
        tokio::select! {
            _ = tx.closed() => return,
            _ = crate::state::shutting_down(&mut shutdown) => return,
            received = live.recv() => match received {
                Ok(Live::Message(message)) if message.seq <= last => {}
                Ok(Live::Message(message)) if message.seq == last + 1 => {
                    if send_message(&tx, &message).await.is_err() {
                        return;
                    }
                    last = message.seq;
                }
                Ok(Live::Stored(seq)) if seq <= last => {}
                Ok(Live::Typing(typing)) => {
                    if send_typing(&tx, &typing).await.is_err() {
                        return;
                    }
                }
                // A gap (messages published out of order), another hub's messages, a missed
                // signal or a lag: the database has them all.
                Ok(Live::Message(_) | Live::Stored(_) | Live::Resync)
                | Err(broadcast::error::RecvError::Lagged(_)) => {
                    if catch_up(&state, &id, &mut last, &tx).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            changed = availability.changed(), if availability_live => {
                if changed.is_err() {
                    // The poller stopped; messages still flow without it.
                    availability_live = false;
                    continue;
                }
                let event = availability_event(&availability.borrow_and_update());
                if tx.send(Ok(event)).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// Sends every stored message after `last`, advancing it.
async fn catch_up(state: &AppState, id: &str, last: &mut i64, tx: &Tx) -> Result<(), Stop> {
    loop {
        let page = match state.db.messages_after(id, *last, PAGE).await {
            Ok(page) => page,
            Err(e) => {
                tracing::error!(conversation = id, error = %e, "stream: cannot read messages; closing so the client resumes");
                return Err(Stop);
            }
        };
        for m in &page {
            send_message(tx, &wire(m)).await?;
            *last = m.seq;
        }
        if (page.len() as i64) < PAGE {
            return Ok(());
        }
    }
}

/// An agent typing: no id, so it never moves the resume point.
async fn send_typing(tx: &Tx, typing: &AgentTyping) -> Result<(), Stop> {
    let json = serde_json::to_string(typing).map_err(|_| Stop)?;
    let event = Event::default().event("typing").data(json);
    tx.send(Ok(event)).await.map_err(|_| Stop)
}

async fn send_message(tx: &Tx, message: &Message) -> Result<(), Stop> {
    let json = serde_json::to_string(message).map_err(|e| {
        tracing::error!(error = %e, "stream: cannot encode a message");
        Stop
    })?;
    let event = Event::default()
        .event("message")
        .id(message.seq.to_string())
        .data(json);
    tx.send(Ok(event)).await.map_err(|_| Stop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<i64, AppError>) -> Result<i64, &'static str> {
        r.map_err(|e| e.status_code().1)
    }

    #[test]
    fn last_event_id_wins_over_after() {
        assert_eq!(code(resume_after(None, None)), Ok(0));
        assert_eq!(code(resume_after(None, Some(7))), Ok(7));
        assert_eq!(code(resume_after(None, Some(-3))), Ok(0));
        assert_eq!(code(resume_after(Some(Some(" 12 ")), Some(7))), Ok(12));
        for bad in [Some("-1"), Some("twelve"), Some(""), None] {
            assert_eq!(
                code(resume_after(Some(bad), Some(7))),
                Err("invalid_last_event_id"),
                "{bad:?}"
            );
        }
    }
}
