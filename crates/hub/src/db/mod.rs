//! Storage: one SQLite file (WAL, durable commits), opened and migrated at start.
//!
//! Every query is a runtime `sqlx::query*` call with SQL that Postgres also accepts, so a
//! shared-database backend can follow without a rewrite. Functions are grouped by table:
//! [`conversations`] (and their messages), [`handoffs`], [`leads`], [`agents`] (agents,
//! sessions, teams, presence, claims), [`console`] (what the agent console reads and claims).

use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub mod agents;
pub mod console;
pub mod conversations;
pub mod handoffs;
pub mod leads;

pub use conversations::{Conversation, StoredMessage};

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: SqlitePool,
}

impl Db {
    /// Opens (creating if needed) the SQLite file at `path` and applies the migrations.
    ///
    /// WAL lets the streams read while a message is written; `synchronous = FULL` makes
    /// every commit durable across power loss, because an acknowledged message, handoff or
    /// lead must never be lost; foreign keys are on; writers wait up to 5 s for the lock.
    pub async fn open(path: &Path) -> Result<Db, sqlx::Error> {
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
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| sqlx::Error::Migrate(Box::new(e)))?;
        Ok(Db { pool })
    }

    /// Opens the existing SQLite file at `path` for reading only: nothing is created or
    /// migrated, so a running hub's database can be read beside it (`baton check`).
    pub async fn open_read_only(path: &Path) -> Result<Db, sqlx::Error> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Ok(Db { pool })
    }

    /// The underlying pool, for queries not covered here.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes every connection, waiting for running queries (graceful shutdown).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Now, as the fixed-width UTC text every timestamp column holds
/// (`2026-03-02T09:00:00.000Z`), so that text order is time order.
pub fn now() -> String {
    timestamp(chrono::Utc::now())
}

/// `t` in the stored timestamp format.
pub fn timestamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// A fresh random id: 128 bits as 32 hex digits.
pub fn new_id() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// True when `e` is a unique-constraint violation (a retry or a clash, not a failure).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
