//! The outbox end to end through the router: a handoff answers at once with every channel
//! down; the worker retries with backoff while a receiver refuses connections; once it is
//! up, each notification arrives exactly once; failures and the retry button in the console.

use crate::api_support;
use crate::console_support;
use crate::notify_support;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use api_support::*;
use axum::body::Bytes;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::routing::post;
use axum::Router;
use console_support::{agent, console, login};
use hub::config::HubConfig;
use hub::db::outbox::OutboxStatus;
use hub::notify::worker::NotifyOptions;
use hub::{AppState, Options};
use serde_json::json;
use tokio::net::TcpListener;

/// A port nothing listens on (bound, then released).
pub async fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

pub fn config(hook: u16, slack: u16, smtp: u16, wa: u16) -> String {
    let notify = format!(
        r#"
[sites.notify]
console_url = "https://chat.shop.example"
{}
[[sites.notify.rules]]
urgency = ["urgent"]
channels = ["crm", "team-slack", "team-email", "oncall"]

[[sites.notify.rules]]
channels = ["crm"]
"#,
        notify_support::channels(hook, slack, smtp, wa)
    );
    // The shared test site, with the notify section placed before its second site.
    CONFIG.replacen(
        "\n[[sites]]\nkey = \"locked\"",
        &format!("{notify}\n[[sites]]\nkey = \"locked\""),
        1,
    )
}

pub fn quick() -> NotifyOptions {
    NotifyOptions {
        poll: Duration::from_millis(50),
        backoff_base: Duration::from_millis(100),
        backoff_max: Duration::from_millis(300),
        max_attempts: 1000,
        timeout: Duration::from_secs(2),
    }
}

async fn hub_notifying(config: &str, notify: NotifyOptions) -> Hub {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("faq.toml"), FAQ).expect("write faq");
    let config = HubConfig::parse(config, dir.path()).expect("config");
    let db = crate::api_support::open_db(dir.path()).await;
    let now = wednesday_noon();
    let options = Options {
        clock: Arc::new(move || now),
        notify,
        ..Options::default()
    };
    let state = AppState::new(config, db, options).expect("state");
    let app =
        hub::app(state.clone()).layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 1], 40000))));
    Hub { dir, state, app }
}

async fn urgent_handoff(hub: &Hub) -> (String, String, Duration) {
    let (id, token) = conversation(&hub.app, "shop").await;
    post_message(
        &hub.app,
        &id,
        &token,
        "1",
        "I want a refund, I was charged twice, this is ridiculous!!!",
    )
    .await;
    let body = json!({
        "transcript": [],
        "fields": {"name": "Maria", "email": "maria@example.com"},
        "trigger": "human_request",
        "reasons": [{"trigger": "human_request", "signal": "phrase \"a person\"", "weight": 1.0}],
        "route": "billing"
    });
    let started = Instant::now();
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/handoff"),
        Some(&token),
        Some(body),
    )
    .await;
    let took = started.elapsed();
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    (
        id,
        a.body["handoff_id"].as_str().expect("id").to_string(),
        took,
    )
}

async fn until(what: &str, wait: Duration, mut check: impl AsyncFnMut() -> bool) {
    let end = Instant::now() + wait;
    while Instant::now() < end {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn a_handoff_answers_at_once_with_every_channel_down_and_enqueues_in_its_transaction() {
    let (a, b, c, d) = (
        free_port().await,
        free_port().await,
        free_port().await,
        free_port().await,
    );
    let hub = hub_notifying(&config(a, b, c, d), quick()).await;
    let worker = hub::notify::worker::spawn(hub.state.clone());
    let (_, handoff, took) = urgent_handoff(&hub).await;
    assert!(
        took < Duration::from_millis(500),
        "the handoff waited {took:?}"
    );
    let rows = hub.state.db.outbox_of(&handoff).await.expect("rows");
    let channels: Vec<&str> = rows.iter().map(|r| r.channel.as_str()).collect();
    assert_eq!(
        channels,
        ["crm", "oncall", "team-email", "team-slack"],
        "the urgent rule's channels"
    );
    for r in &rows {
        assert_eq!(r.idempotency_key, format!("{handoff}:{}", r.channel));
    }
    // The worker keeps trying, with growing gaps, and records why.
    until(
        "two failed attempts on every channel",
        Duration::from_secs(10),
        async || {
            let rows = hub.state.db.outbox_of(&handoff).await.expect("rows");
            rows.iter().all(|r| {
                r.attempts >= 2 && r.status == OutboxStatus::Pending && r.last_error.is_some()
            })
        },
    )
    .await;
    let rows = hub.state.db.outbox_of(&handoff).await.expect("rows");
    let email = rows
        .iter()
        .find(|r| r.channel == "team-email")
        .expect("email");
    assert!(
        email
            .last_error
            .as_deref()
            .unwrap_or("")
            .contains(&format!("127.0.0.1:{c}")),
        "{:?}",
        email.last_error
    );
    let hook = rows.iter().find(|r| r.channel == "crm").expect("crm");
    assert!(
        hook.last_error
            .as_deref()
            .unwrap_or("")
            .to_lowercase()
            .contains("refused"),
        "{:?}",
        hook.last_error
    );
    hub.state.begin_shutdown();
    worker.await.expect("worker stops on shutdown");
}

#[tokio::test]
async fn a_receiver_down_then_up_gets_each_notification_exactly_once() {
    let port = free_port().await;
    let (b, c, d) = (free_port().await, free_port().await, free_port().await);
    let hub = hub_notifying(&config(port, b, c, d), quick()).await;
    let worker = hub::notify::worker::spawn(hub.state.clone());
    let (_, handoff, _) = urgent_handoff(&hub).await;
    until("a refused attempt", Duration::from_secs(10), async || {
        let rows = hub.state.db.outbox_of(&handoff).await.expect("rows");
        rows.iter().any(|r| r.channel == "crm" && r.attempts >= 2)
    })
    .await;

    // Now the receiver comes up on that port.
    let receipts = Arc::new(AtomicUsize::new(0));
    let keys = Arc::new(Mutex::new(Vec::new()));
    let (r, k) = (receipts.clone(), keys.clone());
    let app = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, _body: Bytes| {
            let (r, k) = (r.clone(), k.clone());
            async move {
                r.fetch_add(1, Ordering::SeqCst);
                k.lock().expect("lock").push(
                    headers
                        .get("idempotency-key")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string(),
                );
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("rebind the refused port");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    until("delivery", Duration::from_secs(10), async || {
        let rows = hub.state.db.outbox_of(&handoff).await.expect("rows");
        rows.iter()
            .any(|r| r.channel == "crm" && r.status == OutboxStatus::Delivered)
    })
    .await;
    // Many more worker cycles: nothing is sent again.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(receipts.load(Ordering::SeqCst), 1, "delivered exactly once");
    assert_eq!(*keys.lock().expect("lock"), vec![format!("{handoff}:crm")]);
    let row = hub
        .state
        .db
        .outbox_of(&handoff)
        .await
        .expect("rows")
        .into_iter()
        .find(|r| r.channel == "crm")
        .expect("crm");
    assert!(row.delivered_at.is_some());
    assert!(row.last_error.is_none());
    hub.state.begin_shutdown();
    worker.await.expect("worker stops");
}

#[tokio::test]
async fn failures_show_in_the_console_and_the_retry_button_sends_again() {
    let port = free_port().await;
    // One attempt, then failed: the row waits for the button.
    let once = NotifyOptions {
        max_attempts: 1,
        ..quick()
    };
    let hub = hub_notifying(
        &config(
            port,
            free_port().await,
            free_port().await,
            free_port().await,
        ),
        once,
    )
    .await;
    let worker = hub::notify::worker::spawn(hub.state.clone());
    let (conversation_id, handoff, _) = urgent_handoff(&hub).await;
    until("failed rows", Duration::from_secs(10), async || {
        let rows = hub.state.db.outbox_of(&handoff).await.expect("rows");
        rows.iter().all(|r| r.status == OutboxStatus::Failed)
    })
    .await;

    agent(&hub, "sam@example.com", "Sam", &["shop:billing"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    let list = console(
        &hub.app,
        Method::GET,
        "/console/api/notifications/failed",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let items = list.body["notifications"].as_array().expect("list");
    assert_eq!(items.len(), 4);
    let crm = items.iter().find(|i| i["channel"] == "crm").expect("crm");
    assert_eq!(crm["kind"], "webhook");
    assert_eq!(crm["status"], "failed");
    assert_eq!(crm["attempts"], 1);
    assert_eq!(
        crm["conversation_id"],
        conversation_id.as_str(),
        "links to its conversation"
    );
    assert_eq!(crm["handoff_id"], handoff.as_str());
    assert!(crm["last_error"]
        .as_str()
        .expect("error")
        .to_lowercase()
        .contains("refused"));
    // Someone serving only another site sees none of it.
    agent(&hub, "lee@example.com", "Lee", &["locked:support"]).await;
    let other = login(&hub.app, "lee@example.com").await;
    let none = console(
        &hub.app,
        Method::GET,
        "/console/api/notifications/failed",
        Some(&other),
        None,
    )
    .await;
    assert_eq!(
        none.body["notifications"].as_array().expect("list").len(),
        0
    );
    let id = crm["id"].as_str().expect("id");
    let foreign = console(
        &hub.app,
        Method::POST,
        &format!("/console/api/notifications/{id}/retry"),
        Some(&other),
        None,
    )
    .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);

    // The receiver is fixed; the button sends it.
    let receipts = Arc::new(AtomicUsize::new(0));
    let r = receipts.clone();
    let app = Router::new().route(
        "/hook",
        post(move || {
            let r = r.clone();
            async move {
                r.fetch_add(1, Ordering::SeqCst);
                StatusCode::OK
            }
        }),
    );
    let listener = TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("rebind");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let retry = console(
        &hub.app,
        Method::POST,
        &format!("/console/api/notifications/{id}/retry"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(retry.status, StatusCode::OK, "{:?}", retry.body);
    // Queued again: pending, the old error cleared so the next one read is the retry's own.
    assert_eq!(retry.body["id"], id);
    assert_eq!(retry.body["status"], "pending");
    assert!(retry.body["last_error"].is_null(), "{:?}", retry.body);
    until(
        "delivery after retry",
        Duration::from_secs(10),
        async || receipts.load(Ordering::SeqCst) == 1,
    )
    .await;
    until("marked delivered", Duration::from_secs(5), async || {
        hub.state
            .db
            .outbox_of(&handoff)
            .await
            .expect("rows")
            .iter()
            .any(|r| r.channel == "crm" && r.status == OutboxStatus::Delivered)
    })
    .await;
    // The console follows the row after its retry.
    let shown = console(
        &hub.app,
        Method::GET,
        &format!("/console/api/notifications/{id}"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(shown.status, StatusCode::OK, "{:?}", shown.body);
    assert_eq!(shown.body["status"], "delivered");
    assert_eq!(shown.body["attempts"], 2);
    assert!(shown.body["delivered_at"].is_string());
    let hidden = console(
        &hub.app,
        Method::GET,
        &format!("/console/api/notifications/{id}"),
        Some(&other),
        None,
    )
    .await;
    assert_eq!(
        hidden.status,
        StatusCode::NOT_FOUND,
        "another site's agent cannot read it"
    );
    let again = console(
        &hub.app,
        Method::POST,
        &format!("/console/api/notifications/{id}/retry"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let list = console(
        &hub.app,
        Method::GET,
        "/console/api/notifications/failed",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(
        list.body["notifications"].as_array().expect("list").len(),
        3
    );
    hub.state.begin_shutdown();
    worker.await.expect("worker stops");
}
