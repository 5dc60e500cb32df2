//! Shared set-up for the API tests: a two-site configuration in a temp dir, a fresh
//! database, a fixed clock, and a helper that sends one request through the router.
//!
//! The database is a SQLite file in the temp dir, or, when `BATON_TEST_DATABASE` holds a
//! Postgres URL (`postgres://baton@127.0.0.1:PORT/postgres`, a role that may create
//! databases), a database of the test's own on that server, created on first use and left
//! for the throwaway cluster's removal. Either way the database follows from the temp dir,
//! so a test that reopens the hub over the same dir (a restart) finds its data again.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use chrono::{DateTime, TimeZone, Utc};
use http_body_util::BodyExt;
use hub::config::HubConfig;
use hub::db::{Db, Location};
use hub::{AppState, Options};
use serde_json::Value;
use tower::ServiceExt;

pub const CONFIG: &str = r#"
[[sites]]
key = "shop"
name = "Test Shop"
allowed_origins = ["https://shop.example"]
disclosure = "You're chatting with an AI assistant."
greeting = "How can I help?"
whatsapp = "+44 (0)7700 900123"
[sites.hours]
timezone = "Europe/London"
[sites.hours.weekly]
mon = ["09:00-17:00"]
tue = ["09:00-17:00"]
wed = ["09:00-17:00"]
thu = ["09:00-17:00"]
fri = ["09:00-17:00"]
[[sites.teams]]
key = "support"
name = "Support"
[[sites.teams]]
key = "billing"
name = "Billing"
[[sites.teams]]
key = "sales"
name = "Sales"
[sites.triage.routes]
default = "support"
[sites.bot]
kind = "faq"
file = "faq.toml"

[[sites]]
key = "locked"
name = "Locked Shop"
[sites.hours]
timezone = "UTC"
[[sites.teams]]
key = "support"
name = "Support"
[[sites.teams]]
key = "billing"
name = "Billing"
[[sites.teams]]
key = "sales"
name = "Sales"
[sites.bot]
kind = "faq"
file = "faq.toml"
"#;

/// The test shop's identity secret (its file ends with a newline, as an editor leaves it).
pub const IDENTITY_SECRET: &str = "correct horse battery staple";

pub const FAQ: &str = r#"
[[entries]]
question = "How long does delivery take?"
alternatives = ["When will my order arrive?"]
keywords = ["delivery"]
answer = "UK orders arrive in 2 to 3 working days."
"#;

/// Wednesday 4 March 2026, 12:00 UTC (12:00 in London): open.
pub fn wednesday_noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 4, 12, 0, 0)
        .single()
        .expect("valid date")
}

/// Sunday 8 March 2026, 12:00 UTC: closed; opens Monday 09:00 London = 09:00 UTC.
pub fn sunday_noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 8, 12, 0, 0)
        .single()
        .expect("valid date")
}

pub struct Hub {
    pub dir: tempfile::TempDir,
    pub state: AppState,
    pub app: Router,
}

impl Hub {
    /// A connection of the test's own to the hub's database, to check what was stored
    /// (the hub's `Db` answers only the questions the product asks). Queries use `$1`-style
    /// placeholders, which both backends accept.
    pub async fn sql(&self) -> sqlx::AnyPool {
        sql_at(self.dir.path()).await
    }
}

/// A clock that starts at `start` and moves on a millisecond each time it is read, for
/// tests that need events at distinct instants without waiting for them.
pub fn ticking(start: chrono::DateTime<chrono::Utc>) -> hub::state::Clock {
    let reads = std::sync::atomic::AtomicI64::new(0);
    Arc::new(move || {
        start
            + chrono::Duration::milliseconds(
                reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            )
    })
}

/// The Postgres server the tests run on, if `BATON_TEST_DATABASE` names one.
pub fn postgres_admin() -> Option<String> {
    std::env::var("BATON_TEST_DATABASE")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// True when the tests run on Postgres.
pub fn on_postgres() -> bool {
    postgres_admin().is_some()
}

/// The database of the test whose temp dir is `dir`: its SQLite file, or on Postgres a
/// database named after the dir (the same dir, the same database).
pub fn location(dir: &std::path::Path) -> Location {
    match postgres_admin() {
        None => Location::Sqlite(dir.join("baton.sqlite")),
        Some(admin) => {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            dir.hash(&mut hasher);
            std::process::id().hash(&mut hasher);
            let mut url = url::Url::parse(&admin).expect("BATON_TEST_DATABASE is a URL");
            url.set_path(&format!("baton_test_{:016x}", hasher.finish()));
            Location::Postgres(url.to_string())
        }
    }
}

/// Opens (creating and migrating) the test database of `dir`, as the hub would.
pub async fn open_db(dir: &std::path::Path) -> Db {
    let location = location(dir);
    if let (Location::Postgres(url), Some(admin)) = (&location, postgres_admin()) {
        create_database(&admin, url).await;
    }
    Db::open_at(&location).await.expect("the test database")
}

/// Creates the database `url` names on the server `admin` names, unless it exists.
async fn create_database(admin: &str, url: &str) {
    use sqlx::{ConnectOptions, Connection, Executor};
    let name = url::Url::parse(url).expect("url").path()[1..].to_string();
    let options = admin
        .parse::<sqlx::postgres::PgConnectOptions>()
        .expect("BATON_TEST_DATABASE is a Postgres URL")
        .disable_statement_logging();
    let mut conn = options
        .connect()
        .await
        .expect("the Postgres server of BATON_TEST_DATABASE");
    match conn
        // UTF-8 and C collation whatever the server's defaults: text sorts as in SQLite.
        .execute(
            format!(
                "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' \
                 LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
            )
            .as_str(),
        )
        .await
    {
        Ok(_) => {}
        // 42P04: it exists (a restarted hub over the same dir).
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {}
        Err(e) => panic!("CREATE DATABASE {name}: {e}"),
    }
    conn.close().await.expect("close");
}

/// A connection of a test's own to the database of `dir` (which [`open_db`] created), to
/// seed fixtures at chosen times and check what was stored.
pub async fn sql_at(dir: &std::path::Path) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    let url = match location(dir) {
        Location::Sqlite(path) => format!("sqlite://{}", path.display()),
        Location::Postgres(url) => url,
    };
    sqlx::any::AnyPoolOptions::new()
        .max_connections(2)
        .connect(&url)
        .await
        .expect("the hub's database")
}

pub async fn hub() -> Hub {
    hub_with(|_| {}).await
}

pub async fn hub_at(now: DateTime<Utc>) -> Hub {
    hub_with(move |o| o.clock = Arc::new(move || now)).await
}

pub async fn hub_with(tune: impl FnOnce(&mut Options)) -> Hub {
    hub_with_faq(FAQ, tune).await
}

/// The test hub whose shop signs identities with [`IDENTITY_SECRET`].
pub async fn hub_with_identity_secret() -> Hub {
    let config = CONFIG.replacen(
        "whatsapp = \"+44 (0)7700 900123\"\n",
        "whatsapp = \"+44 (0)7700 900123\"\nidentity_secret_file = \"identity.secret\"\n",
        1,
    );
    assert!(
        config.contains("identity_secret_file"),
        "CONFIG changed shape"
    );
    hub_from(&config, FAQ, |_| {}).await
}

/// The test hub with `faq` as both sites' FAQ file.
pub async fn hub_with_faq(faq: &str, tune: impl FnOnce(&mut Options)) -> Hub {
    hub_from(CONFIG, faq, tune).await
}

/// The test hub with site file `config` and `faq` as its FAQ file.
pub async fn hub_from(config: &str, faq: &str, tune: impl FnOnce(&mut Options)) -> Hub {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("faq.toml"), faq).expect("write faq");
    std::fs::write(
        dir.path().join("identity.secret"),
        format!("{IDENTITY_SECRET}\n"),
    )
    .expect("write the identity secret");
    let (state, app) = instance(dir.path(), config, tune).await;
    Hub { dir, state, app }
}

/// One hub instance over the files and the database of `dir`: a test hub, or another
/// instance beside it on the same database ([`beside`]).
pub async fn instance(
    dir: &std::path::Path,
    config: &str,
    tune: impl FnOnce(&mut Options),
) -> (AppState, Router) {
    let config = HubConfig::parse(config, dir).expect("config");
    let db = open_db(dir).await;
    let now = wednesday_noon();
    let mut options = Options {
        heartbeat: Duration::from_millis(200),
        availability_poll: Duration::from_millis(50),
        clock: Arc::new(move || now),
        ..Options::default()
    };
    tune(&mut options);
    let state = AppState::new(config, db, options).expect("state");
    let app =
        hub::app(state.clone()).layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 1], 40000))));
    (state, app)
}

/// Another hub instance on `first`'s database, with site file `config` (the files `first`
/// wrote are there), as a second machine behind the same load balancer would run.
pub async fn beside(
    first: &Hub,
    config: &str,
    tune: impl FnOnce(&mut Options),
) -> (AppState, Router) {
    instance(first.dir.path(), config, tune).await
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

/// Sends one request; `token` goes in `Authorization: Bearer`.
pub async fn send(
    app: &Router,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    }
    .expect("request");
    call(app, request).await
}

pub async fn call(app: &Router, request: Request<Body>) -> Answer {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("router never fails");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()))
    };
    Answer {
        status,
        headers,
        body,
    }
}

/// A conversation on `site`: (id, token).
pub async fn conversation(app: &Router, site: &str) -> (String, String) {
    let a = send(
        app,
        Method::POST,
        &format!("/api/sites/{site}/conversations"),
        None,
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    (
        a.body["conversation_id"].as_str().expect("id").to_string(),
        a.body["token"].as_str().expect("token").to_string(),
    )
}

pub async fn post_message(
    app: &Router,
    id: &str,
    token: &str,
    client_id: &str,
    text: &str,
) -> Answer {
    let body = serde_json::json!({"client_id": client_id, "text": text});
    send(
        app,
        Method::POST,
        &format!("/api/conversations/{id}/messages"),
        Some(token),
        Some(body),
    )
    .await
}

pub async fn db(hub: &Hub) -> &Db {
    &hub.state.db
}

/// The visitor's stream of conversation `id`, as the widget opens it.
pub fn visitor_stream(id: &str, token: &str) -> Request<Body> {
    Request::get(format!("/api/conversations/{id}/stream"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request")
}
