//! Screenshots of the console's dashboard, weekly review and failed notifications for `docs/`: a hub with the demo
//! configuration, seeded with 30 days of a plausible shop (conversations, handoffs with
//! replies and resolutions, ratings, leads), served on a free port, and the built console
//! driven in headless Chromium through chromedriver.
//!
//! ```sh
//! (cd crates/console && trunk build --offline --release)
//! cargo test -p hub --test suite metrics_screenshots -- --ignored
//! ```
//!
//! Writes `docs/console-dashboard.png`, `docs/console-review.png` and
//! `docs/console-notifications.png` (one test each; name one to take only it).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::{DateTime, Duration as Span, Utc};
use hub::config::HubConfig;
use hub::console::accounts::{self, NewAgent};
use hub::db::timestamp;
use hub::{AppState, Options};
use serde_json::json;

mod browser;
mod seed;

use browser::{Browser, Running};
use seed::seed;

const PASSWORD: &str = "correct horse battery";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The demo hub, seeded, on a free port, and a browser signed in to its console at `page`.
struct Session {
    browser: Browser,
    server: tokio::task::JoinHandle<()>,
    _driver: Running,
}

async fn signed_in(page: &str, tune: impl AsyncFnOnce(&sqlx::AnyPool, DateTime<Utc>)) -> Session {
    let dist = repo().join("crates/console/dist");
    assert!(dist.join("index.html").is_file(), "build the console first");
    let dir = tempfile::tempdir().expect("temp dir");
    let config = HubConfig::load(&repo().join("demo/baton.toml")).expect("demo config");
    let db = crate::api_support::open_db(dir.path()).await;
    let now = Utc::now();
    let sql = crate::api_support::sql_at(dir.path()).await;
    seed(&sql, now).await;
    tune(&sql, now).await;
    let teams = accounts::parse_teams("demo:support,demo:billing,demo:sales").expect("teams");
    accounts::add(
        &db,
        Some(&config),
        &NewAgent {
            email: "maria@example.com".into(),
            name: "Maria".into(),
            teams,
            password: PASSWORD.into(),
        },
    )
    .await
    .expect("agent");
    let state = AppState::new(
        config,
        db,
        Options {
            console_dir: Some(dist),
            ..Options::default()
        },
    )
    .expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("listen");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = tokio::spawn(async move {
        // The temporary directory lives as long as the server.
        let _dir = dir;
        let app = hub::app(state).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app).await.expect("serve");
    });

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let driver = Running(
        Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver"),
    );
    let b = Browser::start(&format!("http://127.0.0.1:{port}")).await;
    b.cmd(
        reqwest::Method::POST,
        "/window/rect",
        Some(json!({"width": 1360, "height": 1400})),
    )
    .await;
    b.cmd(
        reqwest::Method::POST,
        "/url",
        Some(json!({"url": format!("{base}/console/{page}")})),
    )
    .await;
    b.type_into("[data-testid=login-email]", "maria@example.com")
        .await;
    b.type_into("[data-testid=login-password]", PASSWORD).await;
    b.click("[data-testid=login-submit]").await;
    Session {
        browser: b,
        server,
        _driver: driver,
    }
}

impl Session {
    async fn end(self) {
        self.browser.cmd(reqwest::Method::DELETE, "", None).await;
        self.server.abort();
    }
}

#[tokio::test]
#[ignore = "writes docs/ screenshots; needs the built console, Chromium and chromedriver"]
async fn dashboard_and_review_screenshots() {
    let session = signed_in("#dashboard", async |_, _| {}).await;
    let b = &session.browser;
    b.element("[data-testid=chart-rate] polyline").await;
    let docs = repo().join("docs");
    b.screenshot(&docs.join("console-dashboard.png")).await;

    b.click("[data-testid=nav-review]").await;
    b.click("[data-testid=period-30]").await;
    b.click("[data-testid=list-missed] [data-testid=review-item]")
        .await;
    b.element("[data-testid=line-escalates]").await;
    b.cmd(
        reqwest::Method::POST,
        "/window/rect",
        Some(json!({"width": 1360, "height": 1100})),
    )
    .await;
    b.cmd(
        reqwest::Method::POST,
        "/execute/sync",
        Some(json!({"script": "window.scrollTo(0, 0)", "args": []})),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    b.screenshot(&docs.join("console-review.png")).await;
    session.end().await;
}

/// Notifications of the latest handoffs that did not go out, as the demo's channels fail.
const FAILURES: &[(&str, &str, i64, &str)] = &[
    ("team-slack", "failed", 1, "HTTP 403: invalid_token"),
    (
        "team-email",
        "pending",
        3,
        "smtp 127.0.0.1:2525: Connection error: Connection refused (os error 111)",
    ),
    (
        "oncall-whatsapp",
        "failed",
        1,
        r#"HTTP 400: {"error":{"message":"(#132001) Template name does not exist in the translation","type":"OAuthException","code":132001}}"#,
    ),
    (
        "team-email",
        "failed",
        10,
        "smtp 127.0.0.1:2525: Connection error: Connection refused (os error 111)",
    ),
];

#[tokio::test]
#[ignore = "writes docs/ screenshots; needs the built console, Chromium and chromedriver"]
async fn notifications_screenshot() {
    let session = signed_in("#notifications", async |db: &sqlx::AnyPool, now: DateTime<Utc>| {
        let handoffs: Vec<(String, String)> =
            sqlx::query_as("SELECT id, created_at FROM handoffs ORDER BY created_at DESC LIMIT 4").fetch_all(db).await.expect("handoffs");
        for (i, ((handoff, at), (channel, status, attempts, error))) in handoffs.iter().zip(FAILURES).enumerate() {
            sqlx::query(
                "INSERT INTO notification_outbox (id, idempotency_key, handoff_id, site, channel, status, attempts, next_attempt_at, \
                 last_error, created_at) VALUES ($1, $2, $3, 'demo', $4, $5, $6, $7, $8, $9)",
            )
            .bind(format!("n-{i}"))
            .bind(format!("{handoff}:{channel}"))
            .bind(handoff)
            .bind(channel)
            .bind(status)
            .bind(attempts)
            .bind(timestamp(now + Span::minutes(2)))
            .bind(error)
            .bind(at)
            .execute(db)
            .await
            .expect("outbox row");
        }
    })
    .await;
    let b = &session.browser;
    b.element("[data-testid=failure]").await;
    b.cmd(
        reqwest::Method::POST,
        "/window/rect",
        Some(json!({"width": 1360, "height": 640})),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    b.screenshot(&repo().join("docs/console-notifications.png"))
        .await;
    session.end().await;
}
