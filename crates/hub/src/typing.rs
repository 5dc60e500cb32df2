//! "Maria is typing…": an agent writing a reply, shown to the visitor while it lasts.
//!
//! Nothing here is stored: not in the thread, the transcript, the outbox or the metrics. An
//! agent's keystrokes reach the hub from the console ([`announce`]) at most every few
//! seconds; the hub passes them on as an [`AgentTyping`] on the conversation's live channel
//! (a `typing` event of the visitor's stream), like a message this hub stored. Between hubs
//! on one Postgres database the bus carries it as ids (`t CONVERSATION AGENT HUB`, sent by
//! the hub itself, as there is no commit to announce), and every other hub with a stream of
//! that conversation reads who holds it and passes it on ([`relay`]), so a visitor whose
//! stream is on another hub sees it too.
//!
//! A hub passes on at most one per conversation every [`EVERY`]; the rest are coalesced (the
//! one shown still lasts [`LASTS`]), so a console gone wrong floods neither streams nor
//! the bus.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use protocol::hub::{AgentTyping, ConversationState};

use crate::db::console::ConsoleRow;
use crate::error::AppError;
use crate::state::AppState;

/// How long the visitor sees it without a renewal. The console renews it every ~3 s while
/// keys keep coming, so a pause of a few seconds does not make it blink.
pub const LASTS: Duration = Duration::from_secs(6);

/// At most one per conversation this often; what comes sooner is coalesced.
pub const EVERY: Duration = Duration::from_secs(2);

/// Conversations tracked before the stale ones are forgotten.
const TRACKED: usize = 1024;

/// When each conversation last passed on its agent's typing: the coalescing of [`EVERY`].
#[derive(Debug, Default)]
pub struct Coalesce {
    last: Mutex<HashMap<String, Instant>>,
}

impl Coalesce {
    /// True when `conversation`'s typing at `now` is passed on; false when one was, less
    /// than [`EVERY`] before.
    pub fn admit(&self, conversation: &str, now: Instant) -> bool {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if last
            .get(conversation)
            .is_some_and(|&at| now.saturating_duration_since(at) < EVERY)
        {
            return false;
        }
        if last.len() >= TRACKED {
            last.retain(|_, at| now.saturating_duration_since(*at) < EVERY);
        }
        last.insert(conversation.to_string(), now);
        true
    }
}

/// What the visitor is shown when `agent` types in the conversation `row`: their name as on
/// their messages, while they hold it; nothing otherwise (it went back to the bot, another
/// agent took it).
pub fn shown(row: &ConsoleRow, agent: &str) -> Option<AgentTyping> {
    if row.state != ConversationState::Agent || row.claimed_by.as_deref() != Some(agent) {
        return None;
    }
    Some(AgentTyping {
        agent_name: row.claimed_name.clone()?,
        seconds: LASTS.as_secs() as u32,
    })
}

/// `agent`, who holds the conversation `row` (the caller checked), is typing: passed on to
/// the visitor's stream, wherever it is, unless one was less than [`EVERY`] ago.
pub async fn announce(state: &AppState, row: &ConsoleRow, agent: &str) -> Result<(), AppError> {
    if !state.typing.admit(&row.id, Instant::now()) {
        return Ok(());
    }
    if let Some(typing) = shown(row, agent) {
        state.channels.typing(&row.id, typing);
    }
    // The other hubs' streams (nothing on SQLite).
    state
        .db
        .announce_typing(&row.id, agent, state.bus.id())
        .await?;
    Ok(())
}

/// The bus said `agent` is typing in `conversation`: passed on to this hub's streams of it,
/// if any, while the agent still holds it.
pub async fn relay(state: &AppState, conversation: &str, agent: &str) {
    if !state.channels.listened(conversation) {
        return;
    }
    match state.db.console_row(conversation).await {
        Ok(Some(row)) => {
            if let Some(typing) = shown(&row, agent) {
                state.channels.typing(conversation, typing);
            }
        }
        Ok(None) => {}
        Err(e) => tracing::debug!(conversation, error = %e, "typing: cannot read who holds it"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(state: ConversationState, claimed_by: Option<&str>) -> ConsoleRow {
        ConsoleRow {
            id: "c1".into(),
            site: "shop".into(),
            state,
            team: Some("support".into()),
            urgency: 0,
            queued_at: None,
            claimed_by: claimed_by.map(Into::into),
            claimed_name: claimed_by.map(|_| "Maria".into()),
        }
    }

    #[test]
    fn only_the_holder_is_shown_typing() {
        assert_eq!(
            shown(&row(ConversationState::Agent, Some("a1")), "a1"),
            Some(AgentTyping {
                agent_name: "Maria".into(),
                seconds: 6
            })
        );
        assert_eq!(
            shown(&row(ConversationState::Agent, Some("a2")), "a1"),
            None
        );
        assert_eq!(shown(&row(ConversationState::Queued, None), "a1"), None);
        assert_eq!(shown(&row(ConversationState::Bot, None), "a1"), None);
    }

    #[test]
    fn one_per_conversation_every_two_seconds() {
        let gate = Coalesce::default();
        let t0 = Instant::now();
        assert!(gate.admit("c1", t0));
        assert!(!gate.admit("c1", t0 + Duration::from_millis(300)));
        assert!(!gate.admit("c1", t0 + Duration::from_millis(1999)));
        assert!(
            gate.admit("c2", t0 + Duration::from_millis(300)),
            "another conversation"
        );
        assert!(gate.admit("c1", t0 + EVERY));
        assert!(!gate.admit("c1", t0 + EVERY + Duration::from_millis(1)));
    }

    #[test]
    fn stale_conversations_are_forgotten() {
        let gate = Coalesce::default();
        let t0 = Instant::now();
        for i in 0..TRACKED {
            assert!(gate.admit(&format!("c{i}"), t0));
        }
        assert!(gate.admit("late", t0 + EVERY));
        let tracked = gate.last.lock().unwrap().len();
        assert_eq!(tracked, 1, "the ones older than EVERY went");
    }
}
