//! In-process fan-out: live messages per conversation (`broadcast`) and live availability
//! per site (`watch`, fed by a poller while anyone listens, woken early by the bus).
//!
//! Neither is the record: the database is. A stream reads its backlog from the database
//! and uses these only for what arrives after, so a lagging or restarted hub loses nothing;
//! what another hub stored arrives as a seq to read ([`Live::Stored`], from the bus). An
//! agent's typing ([`Live::Typing`]) is the one thing here that is never stored.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use protocol::hub::{AgentTyping, Availability, Message};
use tokio::sync::{broadcast, watch};

use crate::error::AppError;
use crate::state::AppState;

/// Messages buffered per conversation for slow subscribers; past that they re-read the
/// database.
const CHANNEL_CAPACITY: usize = 64;

/// What a conversation's stream learns live.
#[derive(Clone, Debug)]
pub enum Live {
    /// A message this hub stored, as stored.
    Message(Arc<Message>),
    /// Another hub stored messages up to this seq: read them from the database.
    Stored(i64),
    /// Messages may have been missed: read everything after the last one sent.
    Resync,
    /// The agent holding it is typing (never stored: [`crate::typing`]).
    Typing(Arc<AgentTyping>),
}

/// Live messages, one broadcast channel per conversation with subscribers.
#[derive(Default)]
pub struct Channels {
    map: Mutex<HashMap<String, broadcast::Sender<Live>>>,
}

impl Channels {
    /// Subscribes to `conversation`'s new messages.
    pub fn subscribe(&self, conversation: &str) -> broadcast::Receiver<Live> {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() > 1024 {
            map.retain(|_, tx| tx.receiver_count() > 0);
        }
        map.entry(conversation.to_string())
            .or_insert_with(|| broadcast::channel(CHANNEL_CAPACITY).0)
            .subscribe()
    }

    /// Sends a stored message to the conversation's subscribers, if any.
    pub fn publish(&self, conversation: &str, message: Message) {
        self.send(conversation, Live::Message(Arc::new(message)));
    }

    /// Tells the conversation's subscribers, if any, that messages up to `seq` are stored
    /// (by another hub: the bus said so).
    pub fn stored(&self, conversation: &str, seq: i64) {
        self.send(conversation, Live::Stored(seq));
    }

    /// Tells the conversation's subscribers, if any, that its agent is typing.
    pub fn typing(&self, conversation: &str, typing: AgentTyping) {
        self.send(conversation, Live::Typing(Arc::new(typing)));
    }

    /// True when a stream of `conversation` is open on this hub.
    pub fn listened(&self, conversation: &str) -> bool {
        let map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        map.get(conversation)
            .is_some_and(|tx| tx.receiver_count() > 0)
    }

    /// Tells every subscriber to re-read the database (the bus may have missed signals).
    pub fn resync(&self) {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        map.retain(|_, tx| tx.send(Live::Resync).is_ok());
    }

    fn send(&self, conversation: &str, live: Live) {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(tx) = map.get(conversation) {
            if tx.send(live).is_err() {
                // Nobody listens any more.
                map.remove(conversation);
            }
        }
    }
}

type AvailabilityTx = watch::Sender<Arc<Availability>>;

/// Live availability per site: a poller per site with subscribers recomputes it and sends
/// only changes.
#[derive(Default)]
pub struct AvailabilityHub {
    map: Mutex<HashMap<String, AvailabilityTx>>,
    /// Each site's teams' typical waits and when they were computed: they move over days, and
    /// availability is recomputed twice a second while anyone listens.
    waits: Mutex<HashMap<String, (std::time::Instant, Arc<TeamWaits>)>>,
}

/// Team key → its typical wait in minutes, if measured.
pub type TeamWaits = HashMap<String, Option<u32>>;

/// How long a site's typical waits are reused before they are computed again.
const WAITS_FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(60);

impl AvailabilityHub {
    /// `site`'s typical waits per team, if computed in the last minute.
    pub fn cached_waits(&self, site: &str) -> Option<Arc<TeamWaits>> {
        let waits = self.waits.lock().unwrap_or_else(PoisonError::into_inner);
        waits
            .get(site)
            .filter(|(at, _)| at.elapsed() < WAITS_FRESH_FOR)
            .map(|(_, w)| w.clone())
    }

    /// Keeps `site`'s typical waits for the next minute.
    pub fn cache_waits(&self, site: &str, waits: Arc<TeamWaits>) {
        self.waits
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(site.to_string(), (std::time::Instant::now(), waits));
    }

    /// Subscribes to `site`'s availability; the receiver starts with the current value.
    pub async fn subscribe(
        &self,
        state: &AppState,
        site: &str,
    ) -> Result<watch::Receiver<Arc<Availability>>, AppError> {
        if let Some(tx) = self
            .map
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(site)
        {
            return Ok(tx.subscribe());
        }
        let current = Arc::new(crate::availability::compute(state, site).await?);
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        // Another request may have started the poller meanwhile.
        if let Some(tx) = map.get(site) {
            return Ok(tx.subscribe());
        }
        let (tx, rx) = watch::channel(current);
        map.insert(site.to_string(), tx.clone());
        tokio::spawn(poll(state.clone(), site.to_string(), tx));
        Ok(rx)
    }
}

/// Recomputes `site`'s availability every `availability_poll` while anyone listens, and at
/// once when the bus says presence changed on another hub. The timer sees what no commit
/// announces: business hours opening or closing, presence lapsing, and (on SQLite, where
/// there is no bus) this hub's own presence changes.
async fn poll(state: AppState, site: String, tx: AvailabilityTx) {
    let mut shutdown = state.shutdown.subscribe();
    let mut bus = state.bus.subscribe();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(state.options.availability_poll) => {}
            _ = crate::bus::woken(&mut bus, |w| w.touches_availability_of(&site)) => {}
            _ = crate::state::shutting_down(&mut shutdown) => break,
        }
        {
            let mut map = state
                .availability
                .map
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if tx.receiver_count() == 0 {
                map.remove(&site);
                return;
            }
        }
        match crate::availability::compute(&state, &site).await {
            Ok(now) => {
                tx.send_if_modified(|old| {
                    let changed = **old != now;
                    if changed {
                        *old = Arc::new(now);
                    }
                    changed
                });
            }
            Err(e) => {
                tracing::warn!(site, error = ?e, "availability: cannot recompute; keeping the last value")
            }
        }
    }
    state
        .availability
        .map
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .remove(&site);
}
