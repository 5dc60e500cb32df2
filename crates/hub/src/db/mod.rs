//! Storage: one SQLite file (WAL, durable commits), opened and migrated at start.
//!
//! All of the hub's SQL lives in this module, as runtime `sqlx::query*` calls with SQLite's
//! `?` placeholders; callers see [`Db`]'s methods, plain row types and [`DbError`], never
//! the pool or the driver. Functions are grouped by table: [`conversations`] (and their
//! messages), [`handoffs`], [`leads`], [`agents`] (agents, sessions, teams, presence,
//! claims), [`console`] (what the agent console reads and claims), [`outbox`] (the
//! notification outbox) and [`metrics`] (the rows the metrics are computed from). Times
//! stored come from the handle's clock ([`Db::with_clock`]).

use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::clock::Clock;

pub mod agents;
pub mod console;
pub mod conversations;
mod error;
pub mod handoffs;
pub mod leads;
pub mod metrics;
pub mod outbox;

pub use conversations::{Conversation, StoredMessage};
pub use error::{DbError, DbResult};

/// A handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: SqlitePool,
    clock: Clock,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("pool", &self.pool)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Opens (creating if needed) the SQLite file at `path` and applies the migrations.
    ///
    /// WAL lets the streams read while a message is written; `synchronous = FULL` makes
    /// every commit durable across power loss, because an acknowledged message, handoff or
    /// lead must never be lost; foreign keys are on; writers wait up to 5 s for the lock.
    pub async fn open(path: &Path) -> DbResult<Db> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Db {
            pool,
            clock: crate::clock::system(),
        })
    }

    /// Opens the existing SQLite file at `path` for reading only: nothing is created or
    /// migrated, so a running hub's database can be read beside it (`baton check`).
    pub async fn open_read_only(path: &Path) -> DbResult<Db> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Ok(Db {
            pool,
            clock: crate::clock::system(),
        })
    }

    /// The same database, reading the time from `clock` (the hub's, so that what it stores
    /// agrees with what it decides).
    pub fn with_clock(self, clock: Clock) -> Db {
        Db { clock, ..self }
    }

    /// Now by this handle's clock, in the stored timestamp format.
    pub fn now(&self) -> String {
        timestamp((self.clock)())
    }

    /// Closes every connection, waiting for running queries (graceful shutdown).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// `t` as the fixed-width UTC text every timestamp column holds
/// (`2026-03-02T09:00:00.000Z`), so that text order is time order.
pub fn timestamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// A fresh random id: 128 bits as 32 hex digits.
pub fn new_id() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// True when `e` is a unique-constraint violation (a retry or a clash, not a failure).
fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
