//! The bus between hub instances on one Postgres database: what another hub committed
//! reaches this hub's streams, console queues, availability and outbox worker at once.
//!
//! The database is the record; the bus only says where to look. Postgres triggers send a
//! NOTIFY with ids ([`Signal`]) when a commit changes a conversation, a lead, presence or a
//! due notification; this hub's one listener turns each into a wake-up:
//! - a conversation's new messages → its streams re-read the database after their last seq
//!   ([`crate::stream::Channels::stored`]);
//! - a conversation or lead → the console queues of agents on that site re-check
//!   ([`Wake::Conversation`]);
//! - presence → that site's availability is recomputed ([`Wake::Presence`]);
//! - a due notification → the outbox worker looks for due rows;
//! - an agent typing (sent by a hub, never stored) → this hub's streams of that
//!   conversation show it ([`crate::typing::relay`]).
//!
//! A listener that loses its connection has missed whatever was sent meanwhile, so after
//! every (re)connection everything re-reads ([`Wake::Resync`]). Each subscriber also keeps
//! its own timer, which covers what no commit announces (business hours opening, presence
//! lapsing) and SQLite, where one hub serves the file and there is no bus.

use std::time::Duration;

use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

use crate::db::bus::{Listener, Signal};
use crate::state::AppState;

/// Wake-ups buffered per subscriber; one that lags re-reads everything (as on a resync).
const CAPACITY: usize = 256;

/// A wake-up for subscribers in this hub.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wake {
    /// A conversation (or its lead) of this site changed.
    Conversation(String),
    /// An agent's presence on this site changed.
    Presence(String),
    /// Signals may have been missed: re-read everything.
    Resync,
}

impl Wake {
    /// True when this wake-up concerns `site`'s queue.
    pub fn touches_queue_of(&self, sites: &[String]) -> bool {
        match self {
            Wake::Conversation(site) => sites.iter().any(|s| s == site),
            Wake::Presence(_) => false,
            Wake::Resync => true,
        }
    }

    /// True when this wake-up concerns `site`'s availability.
    pub fn touches_availability_of(&self, site: &str) -> bool {
        match self {
            Wake::Presence(s) => s == site,
            Wake::Conversation(_) => false,
            Wake::Resync => true,
        }
    }
}

/// This hub's end of the bus; part of [`AppState`].
pub struct Bus {
    id: String,
    wakes: broadcast::Sender<Wake>,
    listening: watch::Sender<bool>,
}

impl Default for Bus {
    fn default() -> Bus {
        Bus {
            id: crate::db::new_id(),
            wakes: broadcast::channel(CAPACITY).0,
            listening: watch::channel(false).0,
        }
    }
}

impl Bus {
    /// This hub's name on the bus, for the signals it sends itself (an agent typing), so
    /// that it skips its own.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Subscribes to wake-ups.
    pub fn subscribe(&self) -> broadcast::Receiver<Wake> {
        self.wakes.subscribe()
    }

    /// Whether this hub's listener is connected (always false on SQLite, which has no bus).
    pub fn listening(&self) -> watch::Receiver<bool> {
        self.listening.subscribe()
    }

    fn wake(&self, wake: Wake) {
        // Nobody subscribed is fine: nobody needs waking.
        let _ = self.wakes.send(wake);
    }
}

/// Completes when a wake-up that `wanted` accepts arrives, or when some were missed (a lag
/// counts as a resync). Never completes once the bus is gone.
pub async fn woken(rx: &mut broadcast::Receiver<Wake>, wanted: impl Fn(&Wake) -> bool) {
    loop {
        match rx.recv().await {
            Ok(wake) if wanted(&wake) => return,
            Ok(_) => {}
            Err(broadcast::error::RecvError::Lagged(_)) => return,
            Err(broadcast::error::RecvError::Closed) => std::future::pending().await,
        }
    }
}

/// Starts this hub's listener when the database has a bus (Postgres); it stops when the
/// server shuts down.
pub fn spawn(state: AppState) -> Option<JoinHandle<()>> {
    state.db.has_bus().then(|| tokio::spawn(listen(state)))
}

/// Listens until shutdown, reconnecting after `bus_retry` whenever the connection is lost.
async fn listen(state: AppState) {
    let mut shutdown = state.shutdown.subscribe();
    let mut connected_before = false;
    loop {
        match state.db.listen().await {
            Ok(Some(mut listener)) => {
                if connected_before {
                    tracing::info!("bus: listening again; re-reading what was missed");
                }
                connected_before = true;
                // Anything committed while no listener was in place is read now.
                resync(&state);
                state.bus.listening.send_replace(true);
                tokio::select! {
                    reason = relay(&state, &mut listener) => {
                        state.bus.listening.send_replace(false);
                        tracing::warn!(error = %reason, "bus: connection lost; reconnecting");
                    }
                    _ = crate::state::shutting_down(&mut shutdown) => return,
                }
            }
            Ok(None) => return,
            Err(e) => tracing::warn!(error = %e, "bus: cannot listen; retrying"),
        }
        tokio::select! {
            _ = tokio::time::sleep(state.options.bus_retry) => {}
            _ = crate::state::shutting_down(&mut shutdown) => return,
        }
    }
}

/// Relays signals until the connection is lost; returns why.
async fn relay(state: &AppState, listener: &mut Listener) -> String {
    loop {
        match listener.next().await {
            Ok(Some(signal)) => dispatch(state, signal),
            Ok(None) => return "the connection closed".into(),
            Err(e) => return e.to_string(),
        }
    }
}

/// Turns one signal into this hub's wake-ups.
fn dispatch(state: &AppState, signal: Signal) {
    match signal {
        Signal::Conversation {
            site,
            conversation,
            last_seq,
        } => {
            if let Some(seq) = last_seq {
                state.channels.stored(&conversation, seq);
            }
            state.bus.wake(Wake::Conversation(site));
        }
        Signal::Presence { site } => state.bus.wake(Wake::Presence(site)),
        Signal::Outbox => state.outbox_wake.notify_one(),
        Signal::Typing {
            conversation,
            agent,
            from,
        } => {
            if from != state.bus.id && state.channels.listened(&conversation) {
                let state = state.clone();
                tokio::spawn(async move {
                    crate::typing::relay(&state, &conversation, &agent).await;
                });
            }
        }
    }
}

/// Everyone re-reads: streams from their last seq, queues, availability, the outbox.
fn resync(state: &AppState) {
    state.channels.resync();
    state.bus.wake(Wake::Resync);
    state.outbox_wake.notify_one();
}

/// How long the listener waits before reconnecting (default 1 s).
pub const RETRY: Duration = Duration::from_secs(1);

/// Whether this hub can serve: its database answers and, when there is a bus, it listens.
pub async fn health(state: &AppState) -> protocol::hub::Health {
    let database = state.db.ping().await;
    let bus = state.db.has_bus().then(|| *state.bus.listening.borrow());
    let ok = database && bus != Some(false);
    protocol::hub::Health {
        status: if ok { "ok" } else { "unavailable" }.into(),
        database,
        bus,
    }
}

#[cfg(test)]
mod tests {
    use super::Wake;

    #[test]
    fn wake_ups_reach_only_who_they_concern() {
        let sites = vec!["shop".to_string()];
        assert!(Wake::Conversation("shop".into()).touches_queue_of(&sites));
        assert!(!Wake::Conversation("other".into()).touches_queue_of(&sites));
        assert!(!Wake::Presence("shop".into()).touches_queue_of(&sites));
        assert!(Wake::Resync.touches_queue_of(&sites));
        assert!(Wake::Presence("shop".into()).touches_availability_of("shop"));
        assert!(!Wake::Presence("other".into()).touches_availability_of("shop"));
        assert!(!Wake::Conversation("shop".into()).touches_availability_of("shop"));
        assert!(Wake::Resync.touches_availability_of("shop"));
    }
}
