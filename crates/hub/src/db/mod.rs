//! Storage: one SQL database, SQLite (the default: one file, nothing to set up) or
//! Postgres (`--database postgres://…`), opened and migrated at start.
//!
//! All of the hub's SQL lives in this module, as runtime `sqlx::query*` calls on sqlx's
//! `Any` driver: one copy of each query serves both backends. The queries keep to what
//! both accept: numbered placeholders (`$1`, `$2`…; sqlx's SQLite driver reads `$N` as
//! parameter N), `ON CONFLICT … DO NOTHING/UPDATE` rather than `INSERT OR …`, 0/1 integers
//! for booleans, `LOWER()` on both sides of a `LIKE`, no SQLite-only functions and no
//! `SUM`/`AVG` (Postgres answers NUMERIC, which `Any` cannot decode). Values cross as the
//! types `Any` decodes: TEXT as `String`, integers as `i64` (BIGINT in Postgres), reals as
//! `f64` (DOUBLE PRECISION). Timestamps are fixed-width UTC text, compared as text on both.
//! Each backend has its own migrations (`migrations/sqlite/`, `migrations/postgres/`), the
//! same schema in each dialect under the same version numbers.
//!
//! Callers see [`Db`]'s methods, plain row types and [`DbError`], never the pool or the
//! driver. Functions are grouped by table: [`conversations`] (and their messages),
//! [`handoffs`], [`leads`], [`agents`] (agents, sessions, teams, presence, claims),
//! [`console`] (what the agent console reads and claims), [`outbox`] (the notification
//! outbox) and [`metrics`] (the rows the metrics are computed from); [`bus`] listens to what
//! other hubs on the same Postgres database commit. Times stored come from
//! the handle's clock ([`Db::with_clock`]).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Once;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyPool, ConnectOptions, Executor};

use crate::clock::Clock;

pub mod agents;
pub mod bus;
pub mod console;
pub mod conversations;
pub mod copy;
mod error;
pub mod handoffs;
pub mod leads;
pub mod metrics;
pub mod outbox;
pub mod whatsapp;

pub use conversations::{Conversation, StoredMessage};
pub use error::{DbError, DbResult};

/// A transaction on either backend.
pub(crate) type Tx<'c> = sqlx::Transaction<'c, sqlx::Any>;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// SQLite's settings, run on every new connection: WAL lets the streams read while a
/// message is written; `synchronous = FULL` makes every commit durable across power loss,
/// because an acknowledged message, handoff or lead must never be lost; foreign keys are
/// on; writers wait up to 5 s for the lock.
const SQLITE_SETTINGS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                               PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

/// Which database engine a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// One SQLite file.
    Sqlite,
    /// A Postgres database.
    Postgres,
}

impl Backend {
    /// The lock clause of a claim's inner `SELECT`: on Postgres, rows another hub is
    /// claiming are skipped rather than waited for; SQLite's single writer needs none.
    pub(crate) fn skip_locked(self) -> &'static str {
        match self {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        }
    }
}

/// Where the database is: a SQLite file, or a Postgres URL.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// The SQLite file at this path.
    Sqlite(PathBuf),
    /// `postgres://user:password@host:port/database?…`.
    Postgres(String),
}

impl Location {
    /// Reads `postgres://…` / `postgresql://…` or `sqlite:PATH` / `sqlite://PATH`.
    pub fn parse(url: &str) -> Result<Location, String> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            url::Url::parse(url).map_err(|e| format!("not a database URL: {e}"))?;
            return Ok(Location::Postgres(url.to_string()));
        }
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err("sqlite: needs a file path (sqlite:data/baton.sqlite)".into());
            }
            return Ok(Location::Sqlite(PathBuf::from(path)));
        }
        Err("the database URL must start with postgres://, postgresql:// or sqlite:".into())
    }

    /// The backend this location belongs to.
    pub fn backend(&self) -> Backend {
        match self {
            Location::Sqlite(_) => Backend::Sqlite,
            Location::Postgres(_) => Backend::Postgres,
        }
    }
}

/// The location for logs and messages: a Postgres URL's password is never shown.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Location({self})")
    }
}

/// `url` with its password (if any) replaced by `***`; an unreadable URL is hidden whole.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                // Only fails for URLs that cannot have a password, and this one has one.
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => "(unreadable database URL)".into(),
    }
}

/// A handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    clock: Clock,
    /// The Postgres URL the bus listens on (a writable Postgres handle only).
    bus_url: Option<std::sync::Arc<str>>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("backend", &self.backend)
            .field("pool", &self.pool)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Opens (creating if needed) the SQLite file at `path` and applies the migrations.
    pub async fn open(path: &Path) -> DbResult<Db> {
        Db::open_at(&Location::Sqlite(path.to_path_buf())).await
    }

    /// Opens the database at `location` and applies its backend's migrations. A SQLite
    /// file is created if missing, and every connection gets SQLite's settings (WAL,
    /// `synchronous = FULL`, foreign keys, 5 s busy timeout); a Postgres database must
    /// exist (the hub creates its tables, not the database).
    pub async fn open_at(location: &Location) -> DbResult<Db> {
        let db = match location {
            Location::Sqlite(path) => {
                let options = sqlite_options(path, |o| o.create_if_missing(true))?;
                let pool = AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(SQLITE_SETTINGS).await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?;
                SQLITE_MIGRATIONS.run(&pool).await?;
                Db::new(pool, Backend::Sqlite)
            }
            Location::Postgres(url) => {
                let pool = AnyPoolOptions::new()
                    .max_connections(8)
                    .connect_with(postgres_options(url)?)
                    .await?;
                POSTGRES_MIGRATIONS.run(&pool).await?;
                Db {
                    bus_url: Some(url.as_str().into()),
                    ..Db::new(pool, Backend::Postgres)
                }
            }
        };
        Ok(db)
    }

    /// Opens the existing SQLite file at `path` for reading only: nothing is created or
    /// migrated, so a running hub's database can be read beside it (`baton check`).
    pub async fn open_read_only(path: &Path) -> DbResult<Db> {
        Db::open_read_only_at(&Location::Sqlite(path.to_path_buf())).await
    }

    /// Opens the existing database at `location` for reading only: nothing is created or
    /// migrated (a Postgres session is read-only too).
    pub async fn open_read_only_at(location: &Location) -> DbResult<Db> {
        let (options, backend) = match location {
            Location::Sqlite(path) => (
                sqlite_options(path, |o| o.read_only(true))?,
                Backend::Sqlite,
            ),
            Location::Postgres(url) => {
                let mut u = url::Url::parse(url).map_err(DbError::config)?;
                u.query_pairs_mut()
                    .append_pair("options", "-c default_transaction_read_only=on");
                (postgres_options(u.as_str())?, Backend::Postgres)
            }
        };
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Ok(Db::new(pool, backend))
    }

    fn new(pool: AnyPool, backend: Backend) -> Db {
        Db {
            pool,
            backend,
            clock: crate::clock::system(),
            bus_url: None,
        }
    }

    /// The backend this handle talks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction that will write. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`), waiting up to the busy timeout for it: a transaction that began by
    /// reading and then wrote, while another connection had written, failed at once with
    /// "database is locked" (the busy timeout does not apply to that upgrade), which a
    /// webhook answered while the outbox worker wrote turned into a 500.
    pub(crate) async fn begin_write(&self) -> DbResult<Tx<'static>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
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

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Closes every connection, waiting for running queries (graceful shutdown).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Lets the `Any` driver reach SQLite and Postgres (once per process).
fn install_drivers() {
    static DRIVERS: Once = Once::new();
    DRIVERS.call_once(sqlx::any::install_default_drivers);
}

/// `Any` options for the SQLite file at `path`, with `mode` applied (create or read-only).
/// The file name travels in a URL, percent-encoded, so any path works.
fn sqlite_options(
    path: &Path,
    mode: impl FnOnce(SqliteConnectOptions) -> SqliteConnectOptions,
) -> DbResult<AnyConnectOptions> {
    install_drivers();
    let path = std::path::absolute(path).map_err(DbError::config)?;
    let url = mode(SqliteConnectOptions::new().filename(path)).to_url_lossy();
    Ok(AnyConnectOptions::from_url(&url)?)
}

/// `Any` options for the Postgres database at `url`.
fn postgres_options(url: &str) -> DbResult<AnyConnectOptions> {
    install_drivers();
    let url = url::Url::parse(url).map_err(DbError::config)?;
    Ok(AnyConnectOptions::from_url(&url)?)
}

/// `n` numbered placeholders from `$first` on, comma-separated (`$3, $4, $5`): an `IN`
/// list after a query's fixed parameters.
fn numbered(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{numbered, redact, Backend, Location};

    #[test]
    fn locations_by_scheme() {
        let pg = Location::parse("postgres://baton:s3cret@db.example:5433/hub").unwrap();
        assert_eq!(pg.backend(), Backend::Postgres);
        assert!(Location::parse("postgresql://db.example/hub").is_ok());
        for (url, path) in [
            ("sqlite:data/baton.sqlite", "data/baton.sqlite"),
            ("sqlite://data/baton.sqlite", "data/baton.sqlite"),
            ("sqlite:///var/lib/baton.sqlite", "/var/lib/baton.sqlite"),
            (
                "sqlite:/var/lib/baton.sqlite?mode=rwc",
                "/var/lib/baton.sqlite",
            ),
        ] {
            assert_eq!(
                Location::parse(url).unwrap(),
                Location::Sqlite(PathBuf::from(path)),
                "{url}"
            );
        }
        assert!(Location::parse("sqlite:").is_err());
        assert!(Location::parse("mysql://db.example/hub").is_err());
        assert!(Location::parse("data/baton.sqlite").is_err());
    }

    #[test]
    fn a_password_is_never_shown() {
        let url = "postgres://baton:s3cret@db.example:5433/hub?sslmode=require";
        let shown = Location::parse(url).unwrap().to_string();
        assert!(!shown.contains("s3cret"), "{shown}");
        assert_eq!(
            shown,
            "postgres://baton:***@db.example:5433/hub?sslmode=require"
        );
        assert!(!format!("{:?}", Location::parse(url).unwrap()).contains("s3cret"));
        assert_eq!(
            redact("postgres://db.example/hub"),
            "postgres://db.example/hub"
        );
        assert!(!redact("postgres://u:p w@[bad").contains("p w"));
    }

    #[test]
    fn placeholders_are_numbered_from_the_first() {
        assert_eq!(numbered(3, 3), "$3, $4, $5");
        assert_eq!(numbered(1, 1), "$1");
    }
}
