//! Two hub instances on one Postgres database, as two machines behind a load balancer:
//! what one commits reaches the other's visitors, agents, availability and notification
//! worker through the bus — not through the timers, which these tests set to a minute — and
//! a hub whose listener lost its connection re-reads what it missed.
//!
//! They need Postgres (`BATON_TEST_DATABASE`; `scripts/test` runs the suite on it); on SQLite,
//! where one hub serves one file, each says it was skipped.

use crate::api_support;
use crate::console_support;
use crate::notify_outbox;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use api_support::*;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::routing::post;
use axum::Router;
use console_support::{agent, console, console_request, handoff, login, Events};
use hub::{AppState, Options};
use serde_json::{json, Value};

/// What only the bus can deliver in time: every timer at a minute.
fn timers_at_a_minute(o: &mut Options) {
    o.availability_poll = Duration::from_secs(60);
    o.notify.poll = Duration::from_secs(60);
    o.bus_retry = Duration::from_millis(500);
}

/// How long a change may take to reach the other hub.
const PROMPTLY: Duration = Duration::from_secs(3);

/// Hub `a` (the test hub) and hub `b` beside it on the same database, both listening.
struct Pair {
    a: Hub,
    b: AppState,
    b_app: Router,
}

impl Pair {
    async fn new(config: &str, tune: impl Fn(&mut Options) + Clone) -> Option<Pair> {
        if !on_postgres() {
            eprintln!(
                "skipped: two hubs need Postgres (set BATON_TEST_DATABASE; scripts/test does)"
            );
            return None;
        }
        let a = hub_from(config, FAQ, tune.clone()).await;
        let (b, b_app) = beside(&a, config, tune).await;
        for state in [&a.state, &b] {
            hub::bus::spawn(state.clone()).expect("a bus on Postgres");
            listening(state, true).await;
        }
        Some(Pair { a, b, b_app })
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        self.a.state.begin_shutdown();
        self.b.begin_shutdown();
    }
}

/// Waits until `state`'s listener is (or is not) connected.
async fn listening(state: &AppState, connected: bool) {
    let mut rx = state.bus.listening();
    tokio::time::timeout(Duration::from_secs(10), rx.wait_for(|&l| l == connected))
        .await
        .expect("the listener's state in time")
        .expect("the bus is there");
}

#[tokio::test]
async fn a_visitor_on_one_hub_and_an_agent_on_the_other_share_one_thread() {
    let Some(pair) = Pair::new(CONFIG, timers_at_a_minute).await else {
        return;
    };
    let (a, b) = (&pair.a.app, &pair.b_app);
    agent(&pair.a, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(b, "sam@example.com").await;
    let mut queue = Events::open(
        b,
        console_request(Method::GET, "/console/api/events", Some(&cookie), None),
    )
    .await;
    queue
        .until("queue", PROMPTLY, |_| true)
        .await
        .expect("the queue at once");

    // The visitor is on hub A and asks for a person.
    let (id, token) = conversation(a, "shop").await;
    let mut visitor = Events::open(a, visitor_stream(&id, &token)).await;
    handoff(a, &id, &token, "support", "human_request", json!({})).await;
    let waiting = |q: &Value| {
        q["waiting"]
            .as_array()
            .is_some_and(|w| w.iter().any(|c| c["id"] == id.as_str()))
    };
    queue
        .until("queue", PROMPTLY, waiting)
        .await
        .expect("hub B's console shows the handoff made on hub A");

    // Sam, on hub B, claims and answers; the visitor's stream on hub A carries both.
    let base = format!("/console/api/conversations/{id}");
    let claimed = console(
        b,
        Method::POST,
        &format!("{base}/claim"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(claimed.status, StatusCode::OK, "{:?}", claimed.body);
    let reply = console(
        b,
        Method::POST,
        &format!("{base}/messages"),
        Some(&cookie),
        Some(json!({"text": "Hi, Sam here. Let me look at your order."})),
    )
    .await;
    assert!(reply.status.is_success(), "{:?}", reply.body);
    let seen = Mutex::new(Vec::new());
    let answered = visitor
        .until("message", PROMPTLY, |m| {
            seen.lock()
                .expect("lock")
                .push(m["seq"].as_i64().expect("seq"));
            m["author"] == "agent" && m["text"] == "Hi, Sam here. Let me look at your order."
        })
        .await;
    assert!(answered.is_some(), "the reply reached hub A's visitor");
    let seen = seen.into_inner().expect("lock");
    assert!(
        seen.windows(2).all(|w| w[1] == w[0] + 1),
        "no message twice, none missing or out of order: {seen:?}"
    );

    // The visitor answers through hub A; Sam's console on hub B shows it.
    let sent = post_message(a, &id, &token, "v2", "It's order 4471, thanks!").await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    let has_it = |q: &Value| {
        q["mine"].as_array().is_some_and(|mine| {
            mine.iter().any(|c| {
                c["messages"]
                    .as_array()
                    .is_some_and(|ms| ms.iter().any(|m| m["text"] == "It's order 4471, thanks!"))
            })
        })
    };
    queue
        .until("queue", PROMPTLY, has_it)
        .await
        .expect("hub B's console shows the visitor's answer sent to hub A");
}

#[tokio::test]
async fn an_agent_going_online_on_one_hub_changes_availability_on_the_other_at_once() {
    let Some(pair) = Pair::new(CONFIG, timers_at_a_minute).await else {
        return;
    };
    agent(&pair.a, "sam@example.com", "Sam", &["shop:support"]).await;
    let mut widget = Events::open(
        &pair.b_app,
        Request::get("/api/sites/shop/availability/stream")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    let first = widget
        .until("availability", PROMPTLY, |_| true)
        .await
        .expect("availability at once");
    assert_eq!(first["teams"][0]["online"], false);

    let cookie = login(&pair.a.app, "sam@example.com").await;
    let online = console(
        &pair.a.app,
        Method::PUT,
        "/console/api/presence",
        Some(&cookie),
        Some(json!({"site": "shop", "team": "support", "online": true})),
    )
    .await;
    assert_eq!(online.status, StatusCode::OK, "{:?}", online.body);
    let changed = widget
        .until("availability", PROMPTLY, |a| {
            a["teams"][0]["online"] == true
        })
        .await
        .expect("hub B's widgets see Sam online within seconds, not at the next minute's poll");
    assert_eq!(changed["teams"][0]["agents_online"], 1);
}

#[tokio::test]
async fn an_agent_typing_on_one_hub_is_seen_by_the_visitor_on_the_other_once() {
    let Some(pair) = Pair::new(CONFIG, timers_at_a_minute).await else {
        return;
    };
    let (a, b) = (&pair.a.app, &pair.b_app);
    agent(&pair.a, "maria@example.com", "Maria", &["shop:support"]).await;
    let cookie = login(b, "maria@example.com").await;
    let (id, token) = conversation(a, "shop").await;
    handoff(a, &id, &token, "support", "human_request", json!({})).await;
    let base = format!("/console/api/conversations/{id}");
    let claimed = console(
        b,
        Method::POST,
        &format!("{base}/claim"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(claimed.status, StatusCode::OK, "{:?}", claimed.body);
    // A stream of the conversation on each hub: the visitor's on A, another tab's on B.
    let mut on_a = Events::open(a, visitor_stream(&id, &token)).await;
    let mut on_b = Events::open(b, visitor_stream(&id, &token)).await;
    for events in [&mut on_a, &mut on_b] {
        events
            .until("availability", PROMPTLY, |_| true)
            .await
            .expect("the stream is live");
    }

    let typed = console(
        b,
        Method::POST,
        &format!("{base}/typing"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(typed.status, StatusCode::NO_CONTENT, "{:?}", typed.body);
    for (hub, events) in [("A", &mut on_a), ("B", &mut on_b)] {
        let shown = events
            .until("typing", PROMPTLY, |_| true)
            .await
            .unwrap_or_else(|| panic!("hub {hub}'s stream shows Maria typing"));
        assert_eq!(shown, json!({"agent_name": "Maria", "seconds": 6}));
        assert!(
            events
                .until("typing", Duration::from_millis(700), |_| true)
                .await
                .is_none(),
            "hub {hub} shows it once, not again when its own signal comes back"
        );
    }
}

#[tokio::test]
async fn a_hub_whose_listener_lost_its_connection_reads_what_it_missed() {
    // Hub B waits two seconds before listening again: whatever hub A commits meanwhile is
    // announced to nobody, and B must find it by re-reading.
    let Some(pair) = Pair::new(CONFIG, |o: &mut Options| {
        timers_at_a_minute(o);
        o.bus_retry = Duration::from_secs(2);
    })
    .await
    else {
        return;
    };
    let (id, token) = conversation(&pair.a.app, "shop").await;
    let mut on_b = Events::open(&pair.b_app, visitor_stream(&id, &token)).await;
    on_b.until("message", PROMPTLY, |m| m["seq"] == 2)
        .await
        .expect("the greeting");

    // The database drops the listeners' connections (a restart, a network blip, a proxy).
    let sql = pair.a.sql().await;
    let dropped: Vec<(bool,)> = sqlx::query_as(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE application_name = 'baton-bus' AND datname = current_database()",
    )
    .fetch_all(&sql)
    .await
    .expect("terminate");
    assert_eq!(dropped.len(), 2, "one listener per hub");
    listening(&pair.b, false).await;
    // Meanwhile B tells its load balancer not to send visitors its way.
    let health = send(&pair.b_app, Method::GET, "/health", None, None).await;
    assert_eq!(health.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        health.body,
        json!({"status": "unavailable", "database": true, "bus": false})
    );

    // While B is deaf, the visitor writes through A (and the assistant answers).
    let sent = post_message(
        &pair.a.app,
        &id,
        &token,
        "gap",
        "How long does delivery take?",
    )
    .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    let answer = on_b
        .until("message", Duration::from_secs(8), |m| {
            m["author"] == "bot" && m["text"] == "UK orders arrive in 2 to 3 working days."
        })
        .await
        .expect("hub B's stream caught up once its listener was back");
    assert_eq!(answer["seq"], 4);
    let health = send(&pair.b_app, Method::GET, "/health", None, None).await;
    assert_eq!(
        (health.status, health.body),
        (
            StatusCode::OK,
            json!({"status": "ok", "database": true, "bus": true})
        )
    );
}

#[tokio::test]
async fn two_hubs_send_each_notification_exactly_once() {
    let port = notify_outbox::free_port().await;
    let (slack, smtp, wa) = (
        notify_outbox::free_port().await,
        notify_outbox::free_port().await,
        notify_outbox::free_port().await,
    );
    let config = notify_outbox::config(port, slack, smtp, wa);
    let quick = notify_outbox::quick();
    let Some(pair) = Pair::new(&config, move |o: &mut Options| {
        o.notify = quick.clone();
    })
    .await
    else {
        return;
    };
    // A receiver that is slow to answer, so both hubs' workers are busy at the same time.
    let received: Arc<Mutex<BTreeMap<String, usize>>> = Default::default();
    let r = received.clone();
    let app = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, _body: Bytes| {
            let r = r.clone();
            async move {
                tokio::time::sleep(Duration::from_millis(30)).await;
                let key = headers
                    .get("idempotency-key")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                *r.lock().expect("lock").entry(key).or_default() += 1;
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("bind the receiver");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let workers = [
        hub::notify::worker::spawn(pair.a.state.clone()),
        hub::notify::worker::spawn(pair.b.clone()),
    ];

    // Visitors hand off through either hub.
    let mut handoffs = Vec::new();
    for i in 0..12 {
        let app = if i % 2 == 0 { &pair.a.app } else { &pair.b_app };
        let (id, token) = conversation(app, "shop").await;
        let a = handoff(app, &id, &token, "support", "human_request", json!({})).await;
        handoffs.push(format!(
            "{}:crm",
            a.body["handoff_id"].as_str().expect("handoff id")
        ));
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while received.lock().expect("lock").len() < handoffs.len() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "only {:?} of 12 arrived",
            received.lock().expect("lock").len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Many more worker cycles on both hubs: nothing is sent again.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let received = received.lock().expect("lock").clone();
    handoffs.sort();
    assert_eq!(received.keys().cloned().collect::<Vec<_>>(), handoffs);
    assert!(
        received.values().all(|&n| n == 1),
        "each notification once: {received:?}"
    );
    pair.a.state.begin_shutdown();
    pair.b.begin_shutdown();
    for w in workers {
        w.await.expect("the worker stops");
    }
}
