//! Listening to the bus: what other hubs on the same Postgres database committed.
//!
//! Triggers (`migrations/postgres/0005_bus.sql`) send a NOTIFY on channel `baton` with each
//! commit that changes a conversation, a lead, an agent's presence or a due notification.
//! The payload carries ids only ([`Signal`]); whoever is woken reads the rows. One signal
//! comes from a hub rather than a trigger: an agent typing, which is never stored. A listener
//! whose connection drops misses what was sent meanwhile (Postgres keeps nothing for an
//! absent listener), so [`Listener::next`] reports the loss and the caller re-reads.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};

use super::{Db, DbError, DbResult};

/// The NOTIFY channel the triggers send on.
pub const CHANNEL: &str = "baton";

/// The `application_name` of a listener's connection, so an operator can tell it apart
/// in `pg_stat_activity`.
pub const APPLICATION_NAME: &str = "baton-bus";

/// What a notification says was committed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signal {
    /// Conversation `conversation` of `site` changed; `last_seq` is its newest message's
    /// seq when the change came from the conversation's row (absent for its lead).
    Conversation {
        /// The site.
        site: String,
        /// The conversation.
        conversation: String,
        /// Its newest message's seq (0: none yet).
        last_seq: Option<i64>,
    },
    /// An agent's presence on `site` changed.
    Presence {
        /// The site.
        site: String,
    },
    /// A notification became due sooner.
    Outbox,
    /// Agent `agent` is typing in `conversation`: sent by hub `from` itself, not a trigger
    /// (it is never stored, so there is no commit to announce it).
    Typing {
        /// The conversation.
        conversation: String,
        /// The agent's id.
        agent: String,
        /// The sending hub's [`crate::bus::Bus::id`]: it showed it already.
        from: String,
    },
}

impl Signal {
    /// Reads a trigger's payload; `None` for anything else (a newer hub's kind of signal).
    pub fn parse(payload: &str) -> Option<Signal> {
        let mut parts = payload.split(' ');
        let signal = match (parts.next()?, parts.next(), parts.next(), parts.next()) {
            ("t", Some(conversation), Some(agent), Some(from)) => Signal::Typing {
                conversation: conversation.to_string(),
                agent: agent.to_string(),
                from: from.to_string(),
            },
            ("c", Some(site), Some(conversation), seq) => Signal::Conversation {
                site: site.to_string(),
                conversation: conversation.to_string(),
                last_seq: match seq {
                    None => None,
                    Some(n) => Some(n.parse().ok()?),
                },
            },
            ("p", Some(site), None, None) => Signal::Presence {
                site: site.to_string(),
            },
            ("o", None, None, None) => Signal::Outbox,
            _ => return None,
        };
        match parts.next() {
            None => Some(signal),
            Some(_) => None,
        }
    }
}

/// A connection listening on [`CHANNEL`].
pub struct Listener(PgListener);

impl std::fmt::Debug for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Listener")
    }
}

impl Db {
    /// True when other hubs may share this database (Postgres): then there is a bus.
    pub fn has_bus(&self) -> bool {
        self.bus_url.is_some()
    }

    /// Tells the other hubs on the bus that `agent` is typing in `conversation`
    /// ([`Signal::Typing`], from hub `from`); nothing on SQLite.
    pub async fn announce_typing(
        &self,
        conversation: &str,
        agent: &str,
        from: &str,
    ) -> DbResult<()> {
        if !self.has_bus() {
            return Ok(());
        }
        // pg_notify returns void, which the `Any` driver does not decode: a count it does.
        sqlx::query("SELECT COUNT(*) FROM (SELECT pg_notify($1, $2)) AS sent")
            .bind(CHANNEL)
            .bind(format!("t {conversation} {agent} {from}"))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A new connection listening on the bus, or `None` on SQLite (one hub per file: no bus).
    /// Once this returns, every later commit's signal reaches [`Listener::next`].
    pub async fn listen(&self) -> DbResult<Option<Listener>> {
        let Some(url) = &self.bus_url else {
            return Ok(None);
        };
        let options = PgConnectOptions::from_str(url)
            .map_err(DbError::from)?
            .application_name(APPLICATION_NAME);
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        let mut listener = PgListener::connect_with(&pool).await?;
        listener.listen(CHANNEL).await?;
        Ok(Some(Listener(listener)))
    }
}

impl Listener {
    /// The next signal. `Ok(None)` when the connection was lost: signals sent until a new
    /// listener is in place are gone, and the caller must re-read what it shows. A payload
    /// this hub does not understand is skipped.
    pub async fn next(&mut self) -> DbResult<Option<Signal>> {
        loop {
            match self.0.try_recv().await? {
                None => return Ok(None),
                Some(n) => match Signal::parse(n.payload()) {
                    Some(signal) => return Ok(Some(signal)),
                    None => tracing::debug!(payload = n.payload(), "bus: unknown signal"),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Signal;

    #[test]
    fn payloads_read_as_signals() {
        assert_eq!(
            Signal::parse("c shop 0a1b 7"),
            Some(Signal::Conversation {
                site: "shop".into(),
                conversation: "0a1b".into(),
                last_seq: Some(7)
            })
        );
        assert_eq!(
            Signal::parse("c shop 0a1b"),
            Some(Signal::Conversation {
                site: "shop".into(),
                conversation: "0a1b".into(),
                last_seq: None
            })
        );
        assert_eq!(
            Signal::parse("p shop"),
            Some(Signal::Presence {
                site: "shop".into()
            })
        );
        assert_eq!(Signal::parse("o"), Some(Signal::Outbox));
        assert_eq!(
            Signal::parse("t 0a1b a9 h3"),
            Some(Signal::Typing {
                conversation: "0a1b".into(),
                agent: "a9".into(),
                from: "h3".into()
            })
        );
        for junk in [
            "",
            "c",
            "c shop",
            "c shop 0a1b x",
            "c a b 1 extra",
            "p",
            "o x",
            "t 0a1b",
            "t 0a1b a9",
            "t 0a1b a9 h3 x",
            "z",
        ] {
            assert_eq!(Signal::parse(junk), None, "{junk:?}");
        }
    }
}
