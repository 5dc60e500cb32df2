//! A lead reaches the team: through the router and the outbox worker to an SMTP sink and an
//! HTTP receiver on 127.0.0.1. One notification per channel the escalation matrix picks, with
//! the visitor's contact and `Reply-To`; the morning digest at the next opening (the test
//! clock is moved, nothing sleeps until morning) with every lead left while closed and none
//! left in hours; and nothing sent twice when the hub restarts on the same database.

use crate::api_support;
use crate::notify_support;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use api_support::{send, CONFIG};
use axum::body::Bytes;
use axum::extract::connect_info::MockConnectInfo;
use axum::extract::OriginalUri;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::routing::post;
use axum::Router;
use chrono::{DateTime, TimeZone, Utc};
use hub::config::HubConfig;
use hub::notify::worker::NotifyOptions;
use hub::{AppState, Options};
use notify_support::Mail;
use serde_json::Value;
use tokio::net::TcpListener;

mod digest;
mod leads;
mod reopening;

/// One request the HTTP receiver took.
#[derive(Clone, Debug)]
struct Hit {
    path: String,
    key: String,
    body: Value,
}

type Hits = Arc<Mutex<Vec<Hit>>>;

/// Answers 200 on every path (webhook, Slack, WhatsApp) and keeps each request.
async fn receiver() -> (u16, Hits) {
    let hits: Hits = Arc::new(Mutex::new(Vec::new()));
    let keep = hits.clone();
    let app = Router::new().fallback(post(
        move |uri: OriginalUri, headers: HeaderMap, body: Bytes| {
            let keep = keep.clone();
            async move {
                let key = headers
                    .get("idempotency-key")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
                keep.lock().expect("lock").push(Hit {
                    path: uri.path().to_string(),
                    key,
                    body,
                });
                StatusCode::OK
            }
        },
    ));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (port, hits)
}

/// The shared test site (London, Mon–Fri 09:00–17:00) with the notify tests' four channels,
/// a matrix (after hours → email + Slack; urgent → all four; the rest → webhook + email) and
/// a digest to email and Slack.
fn config(http: u16, smtp: u16) -> String {
    let notify = format!(
        r#"
[sites.notify]
console_url = "https://chat.shop.example"
{}
[[sites.notify.rules]]
when = ["after_hours"]
channels = ["team-email", "team-slack"]

[[sites.notify.rules]]
urgency = ["urgent"]
channels = ["crm", "team-slack", "team-email", "oncall"]

[[sites.notify.rules]]
channels = ["crm", "team-email"]

[sites.notify.digest]
channels = ["team-email", "team-slack"]
"#,
        notify_support::channels(http, http, smtp, http)
    );
    CONFIG.replacen(
        "\n[[sites]]\nkey = \"locked\"",
        &format!("{notify}\n[[sites]]\nkey = \"locked\""),
        1,
    )
}

/// A hub over the database in `dir`, its clock read from `clock`.
async fn open_hub(
    dir: &Path,
    config: &str,
    clock: &Arc<Mutex<DateTime<Utc>>>,
) -> (AppState, Router) {
    let config = HubConfig::parse(config, dir).expect("config");
    let db = crate::api_support::open_db(dir).await;
    let clock = clock.clone();
    let options = Options {
        clock: Arc::new(move || *clock.lock().expect("clock")),
        notify: NotifyOptions {
            poll: Duration::from_millis(50),
            backoff_base: Duration::from_millis(100),
            backoff_max: Duration::from_millis(300),
            max_attempts: 1000,
            timeout: Duration::from_secs(2),
        },
        ..Options::default()
    };
    let state = AppState::new(config, db, options).expect("state");
    let app =
        hub::app(state.clone()).layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 1], 40000))));
    (state, app)
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("valid date")
}

/// Leaves a lead in conversation `id`; returns its reference and id.
async fn lead(
    state: &AppState,
    app: &Router,
    id: &str,
    token: &str,
    body: Value,
) -> (String, String) {
    let a = send(
        app,
        Method::POST,
        &format!("/api/conversations/{id}/leads"),
        Some(token),
        Some(body),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    let reference = a.body["reference"].as_str().expect("reference").to_string();
    let stored = state
        .db
        .lead_by_reference(&reference)
        .await
        .expect("db")
        .expect("stored");
    (reference, stored.id)
}

/// Runs the worker until every outbox row is delivered (or fails the test).
async fn drain(state: &AppState) {
    let client = hub::notify::http_client(Duration::from_secs(2));
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        hub::notify::worker::run_once(state, &client)
            .await
            .expect("worker");
        let pending = state.db.outbox_undelivered().await.expect("count");
        if pending == 0 {
            return;
        }
        assert!(
            Instant::now() < end,
            "{pending} notifications still not delivered"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn header<'a>(mail: &'a Mail, name: &str) -> Option<&'a str> {
    let head = mail.data.split("\n\n").next().unwrap_or("");
    head.lines().find_map(|l| {
        l.split_once(':')
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    })
}

/// The message's text, transfer encodings undone (lettre picks quoted-printable or base64),
/// every part of a multipart message in turn.
fn text_of(mail: &Mail) -> String {
    let (head, body) = mail.data.split_once("\n\n").unwrap_or((&mail.data, ""));
    let boundary = head
        .split("boundary=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next());
    match boundary {
        Some(b) => body
            .split(&format!("--{b}"))
            .filter_map(|part| part.trim_start_matches('\n').split_once("\n\n"))
            .map(|(head, body)| decode(head, body))
            .collect::<Vec<_>>()
            .join("\n"),
        None => decode(head, body),
    }
}

fn decode(head: &str, body: &str) -> String {
    let head = head.to_ascii_lowercase();
    if head.contains("content-transfer-encoding: base64") {
        use base64::Engine as _;
        let joined: String = body.split_whitespace().collect();
        String::from_utf8_lossy(
            &base64::engine::general_purpose::STANDARD
                .decode(joined)
                .unwrap_or_default(),
        )
        .into_owned()
    } else if head.contains("content-transfer-encoding: quoted-printable") {
        quoted_printable(body)
    } else {
        body.to_string()
    }
}

fn quoted_printable(s: &str) -> String {
    let mut bytes = Vec::new();
    for line in s.split('\n') {
        let (line, soft) = match line.strip_suffix('=') {
            Some(l) => (l, true),
            None => (line, false),
        };
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 2 < b.len() + 1 {
                if let Some(v) = std::str::from_utf8(&b[i + 1..(i + 3).min(b.len())])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    bytes.push(v);
                    i += 3;
                    continue;
                }
            }
            bytes.push(b[i]);
            i += 1;
        }
        if !soft {
            bytes.push(b'\n');
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn hits_with_key(hits: &Hits, key: &str) -> Vec<Hit> {
    hits.lock()
        .expect("lock")
        .iter()
        .filter(|h| h.key == key)
        .cloned()
        .collect()
}
