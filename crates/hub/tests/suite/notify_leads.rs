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

use api_support::{conversation, post_message, send, CONFIG, FAQ};
use axum::body::Bytes;
use axum::extract::connect_info::MockConnectInfo;
use axum::extract::OriginalUri;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::routing::post;
use axum::Router;
use chrono::{DateTime, TimeZone, Utc};
use hub::config::HubConfig;
use hub::db::outbox::{OutboxKind, OutboxStatus};
use hub::notify::worker::NotifyOptions;
use hub::{AppState, Options};
use notify_support::{smtp_sink, Mail};
use serde_json::{json, Value};
use tokio::net::TcpListener;

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

#[tokio::test]
async fn a_lead_is_one_notification_per_matrix_channel_with_the_contact_and_reply_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("faq.toml"), FAQ).expect("faq");
    let (smtp, mails) = smtp_sink().await;
    let (http, hits) = receiver().await;
    // Wednesday 4 March 2026, 12:00 in London: open, nobody signed in.
    let clock = Arc::new(Mutex::new(at(2026, 3, 4, 12, 0)));
    let (state, app) = open_hub(dir.path(), &config(http, smtp), &clock).await;

    // An urgent handoff first (a refund, frustrated), then the lead: it is matched as that handoff.
    let (id, token) = conversation(&app, "shop").await;
    post_message(
        &app,
        &id,
        &token,
        "1",
        "I want a refund, I was charged twice, this is ridiculous!!!",
    )
    .await;
    let handoff = json!({
        "transcript": [], "fields": {"order": "4471"}, "trigger": "human_request",
        "reasons": [{"trigger": "human_request", "signal": "phrase \"a person\"", "weight": 1.0}], "route": "billing"
    });
    let a = send(
        &app,
        Method::POST,
        &format!("/api/conversations/{id}/handoff"),
        Some(&token),
        Some(handoff),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    let body = json!({
        "name": "María <!channel> López", "email": "maria@example.com", "phone": "+44 7700 900123",
        "question": "Can I get my money back for order #4471? <@U123>", "consent": true
    });
    let (reference, lead_id) = lead(&state, &app, &id, &token, body).await;

    // Enqueued with the lead, one row per channel of the urgent rule, keyed per lead and channel.
    let rows = state.db.outbox_of_lead(&lead_id).await.expect("rows");
    let channels: Vec<&str> = rows.iter().map(|r| r.channel.as_str()).collect();
    assert_eq!(channels, ["crm", "oncall", "team-email", "team-slack"]);
    for r in &rows {
        assert_eq!(r.idempotency_key, format!("lead:{lead_id}:{}", r.channel));
        assert_eq!(r.kind, OutboxKind::Lead);
        assert_eq!(
            r.conversation_id, id,
            "the console links it to its conversation"
        );
    }
    drain(&state).await;
    drain(&state).await;

    // Exactly one of each, carrying the contact.
    let link = format!("https://chat.shop.example/console/?conversation={id}");
    let hook = hits_with_key(&hits, &format!("lead:{lead_id}:crm"));
    assert_eq!(hook.len(), 1, "{hook:?}");
    let v = &hook[0].body;
    assert_eq!(v["event"], "lead.created");
    assert_eq!(v["lead"]["reference"], reference.as_str());
    assert_eq!(v["lead"]["email"], "maria@example.com");
    assert_eq!(v["lead"]["phone"], "+447700900123");
    assert_eq!(
        v["lead"]["question"],
        "Can I get my money back for order #4471? <@U123>"
    );
    assert_eq!(v["link"], link.as_str());
    assert_eq!(v["team"]["key"], "billing", "the handoff's team");
    assert_eq!(v["urgency"], "urgent");
    assert_eq!(
        v["created_at"], "2026-03-04T12:00:00.000Z",
        "machine time stays RFC 3339"
    );
    assert_eq!(v["created_at_text"], "Wed 4 Mar at 12:00 (Europe/London)");

    let slack = hits_with_key(&hits, &format!("lead:{lead_id}:team-slack"));
    assert_eq!(slack.len(), 1);
    let text = slack[0].body.to_string();
    for want in [
        "maria@example.com",
        "+447700900123",
        reference.as_str(),
        "Can I get my money back",
        link.as_str(),
    ] {
        assert!(text.contains(want), "{want} missing from {text}");
    }
    for bad in ["<!channel>", "<@U123>"] {
        assert!(!text.contains(bad), "{bad} reached Slack unescaped: {text}");
    }
    let wa = hits_with_key(&hits, &format!("lead:{lead_id}:oncall"));
    assert_eq!(wa.len(), 1);
    assert_eq!(wa[0].path, "/v21.0/123/messages");
    assert!(wa[0].body["text"]["body"]
        .as_str()
        .expect("text")
        .contains("maria@example.com"));

    let mails = mails.lock().expect("lock").clone();
    let ours: Vec<&Mail> = mails
        .iter()
        .filter(|m| {
            header(m, "Message-ID")
                .is_some_and(|h| h.contains(&format!("lead.{lead_id}.team-email")))
        })
        .collect();
    assert_eq!(ours.len(), 1, "one email for the lead");
    let mail = ours[0];
    assert!(
        header(mail, "Reply-To")
            .expect("Reply-To")
            .contains("<maria@example.com>"),
        "{}",
        mail.data
    );
    assert!(header(mail, "Subject")
        .expect("subject")
        .contains(&reference));
    let body = text_of(mail);
    for want in [
        "+447700900123",
        "maria@example.com",
        reference.as_str(),
        "Can I get my money back for order #4471?",
        "Wed 4 Mar at 12:00 (Europe/London)",
        link.as_str(),
    ] {
        assert!(body.contains(want), "{want} missing from {body}");
    }
    // The handoff's own notifications went out as before, separately keyed.
    assert_eq!(
        hits.lock()
            .expect("lock")
            .iter()
            .filter(|h| !h.key.starts_with("lead:"))
            .count(),
        3
    );
    // Left in hours: no digest waits for it.
    *clock.lock().expect("clock") = at(2026, 3, 5, 9, 30);
    drain(&state).await;
    assert!(state
        .db
        .outbox_digests("shop")
        .await
        .expect("rows")
        .is_empty());
}

#[tokio::test]
async fn a_lead_without_a_handoff_is_matched_by_the_time_it_was_left() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("faq.toml"), FAQ).expect("faq");
    let clock = Arc::new(Mutex::new(at(2026, 3, 4, 12, 0)));
    let (state, app) = open_hub(dir.path(), &config(9, 9), &clock).await;
    let contact =
        json!({"name": "Ana", "email": "ana@example.com", "question": "", "consent": true});
    // In hours: no handoff, so standard with no trigger: the catch-all rule.
    let (id, token) = conversation(&app, "shop").await;
    let (_, in_hours) = lead(&state, &app, &id, &token, contact.clone()).await;
    let rows = state.db.outbox_of_lead(&in_hours).await.expect("rows");
    assert_eq!(
        rows.iter().map(|r| r.channel.as_str()).collect::<Vec<_>>(),
        ["crm", "team-email"]
    );
    // 19:30: the after-hours rule.
    *clock.lock().expect("clock") = at(2026, 3, 4, 19, 30);
    let (id, token) = conversation(&app, "shop").await;
    let (_, closed) = lead(&state, &app, &id, &token, contact).await;
    let rows = state.db.outbox_of_lead(&closed).await.expect("rows");
    assert_eq!(
        rows.iter().map(|r| r.channel.as_str()).collect::<Vec<_>>(),
        ["team-email", "team-slack"]
    );
}

#[tokio::test]
async fn the_digest_arrives_once_at_opening_with_every_after_hours_lead_and_never_twice_across_restarts(
) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("faq.toml"), FAQ).expect("faq");
    let (smtp, mails) = smtp_sink().await;
    let (http, hits) = receiver().await;
    let config = config(http, smtp);
    // Wednesday 2 December 2026, 15:00 in London (winter: London = UTC): open.
    let clock = Arc::new(Mutex::new(at(2026, 12, 2, 15, 0)));
    let set = |t: DateTime<Utc>| *clock.lock().expect("clock") = t;
    let (state, app) = open_hub(dir.path(), &config, &clock).await;

    let (id, token) = conversation(&app, "shop").await;
    let (ivy, _) = lead(&state, &app, &id, &token, json!({"name": "Ivy Inhours", "email": "ivy@example.com", "question": "Open?", "consent": true})).await;
    set(at(2026, 12, 2, 21, 14));
    let (id, token) = conversation(&app, "shop").await;
    let maria = json!({"name": "Maria", "email": "maria@example.com", "phone": "+44 7700 900123", "question": "Where is order #4471?", "consent": true});
    let (maria_ref, _) = lead(&state, &app, &id, &token, maria).await;
    set(at(2026, 12, 3, 6, 30));
    let (id2, token2) = conversation(&app, "shop").await;
    let sam = json!({"name": "Sam", "phone": "+44 7700 900456", "question": "Do you take Klarna?\nFor the tent.", "consent": true});
    let (sam_ref, _) = lead(&state, &app, &id2, &token2, sam).await;

    // Every lead's own notification goes out at once; no digest before the opening.
    set(at(2026, 12, 3, 8, 59));
    drain(&state).await;
    assert!(
        state
            .db
            .outbox_digests("shop")
            .await
            .expect("rows")
            .is_empty(),
        "not before 09:00"
    );
    let lead_mails = mails.lock().expect("lock").len();
    assert_eq!(lead_mails, 3, "one email per lead");

    // 09:00 Thursday: the digest is enqueued (once), then the hub "crashes" before sending it.
    set(at(2026, 12, 3, 9, 0));
    assert_eq!(
        hub::notify::digest::enqueue_due(&state)
            .await
            .expect("enqueue"),
        1
    );
    assert_eq!(
        hub::notify::digest::enqueue_due(&state)
            .await
            .expect("enqueue"),
        0,
        "taken leads are not taken again"
    );
    let rows = state.db.outbox_digests("shop").await.expect("rows");
    let keys: Vec<&str> = rows.iter().map(|r| r.idempotency_key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "digest:shop:2026-12-03T09:00:team-email",
            "digest:shop:2026-12-03T09:00:team-slack"
        ]
    );
    assert!(rows.iter().all(|r| r.status == OutboxStatus::Pending));
    state.begin_shutdown();
    drop((state, app));

    // A new hub on the same database sends it, once.
    set(at(2026, 12, 3, 9, 2));
    let (state, _app) = open_hub(dir.path(), &config, &clock).await;
    drain(&state).await;
    drain(&state).await;
    let digests: Vec<Mail> = mails
        .lock()
        .expect("lock")
        .iter()
        .skip(lead_mails)
        .cloned()
        .collect();
    assert_eq!(digests.len(), 1, "one digest email");
    let mail = &digests[0];
    let subject = header(mail, "Subject").expect("subject");
    assert!(
        subject.contains("Leads while we were closed: 2 for Test Shop"),
        "{subject}"
    );
    assert!(
        header(mail, "Reply-To").is_none(),
        "a digest speaks of many visitors"
    );
    assert!(
        mail.data
            .to_ascii_lowercase()
            .contains("multipart/alternative"),
        "text and HTML"
    );
    let body = text_of(mail);
    for want in [
        maria_ref.as_str(),
        "Maria — maria@example.com · +447700900123",
        "Where is order #4471?",
        "Wed 2 Dec at 21:14 (Europe/London)",
        sam_ref.as_str(),
        "Sam — +447700900456",
        "Do you take Klarna? For the tent.",
        "Thu 3 Dec at 06:30 (Europe/London)",
        "Opening: Thu 3 Dec at 09:00 (Europe/London)",
        &format!("https://chat.shop.example/console/?conversation={id2}"),
    ] {
        assert!(
            body.contains(want),
            "{want:?} missing from the digest:\n{body}"
        );
    }
    assert!(body.contains("<table"), "the HTML part");
    assert!(
        !body.contains(&ivy) && !body.contains("Ivy"),
        "a lead left in hours is not in the digest"
    );
    let slack = hits_with_key(&hits, "digest:shop:2026-12-03T09:00:team-slack");
    assert_eq!(slack.len(), 1, "one Slack digest");
    let text = slack[0].body.to_string();
    assert!(
        text.contains(&maria_ref) && text.contains(&sam_ref) && !text.contains("Ivy"),
        "{text}"
    );
    assert!(
        text.contains("Wed 2 Dec at 21:14 (Europe/London)"),
        "{text}"
    );

    // Restart again, later that day and the next morning: nothing is sent twice.
    state.begin_shutdown();
    drop(state);
    set(at(2026, 12, 3, 10, 0));
    let (state, _app) = open_hub(dir.path(), &config, &clock).await;
    drain(&state).await;
    set(at(2026, 12, 4, 9, 0));
    drain(&state).await;
    assert_eq!(
        mails.lock().expect("lock").len(),
        lead_mails + 1,
        "no email twice"
    );
    assert_eq!(
        hits.lock()
            .expect("lock")
            .iter()
            .filter(|h| h.key.starts_with("digest:"))
            .count(),
        1,
        "no Slack digest twice"
    );
    assert_eq!(
        state.db.outbox_digests("shop").await.expect("rows").len(),
        2
    );
    let mut keys: Vec<String> = hits
        .lock()
        .expect("lock")
        .iter()
        .map(|h| h.key.clone())
        .collect();
    let all = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), all, "every request had its own key: {keys:?}");
}

#[tokio::test]
async fn a_handoff_after_hours_tells_the_reopening_in_words_in_the_sites_zone() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("faq.toml"), FAQ).expect("faq");
    // Sunday 8 March 2026, noon: closed until Monday 09:00 in London.
    let clock = Arc::new(Mutex::new(api_support::sunday_noon()));
    let (state, app) = open_hub(dir.path(), &config(9, 9), &clock).await;
    let (id, token) = conversation(&app, "shop").await;
    post_message(&app, &id, &token, "1", "Can I talk to a person please").await;
    let body = json!({"transcript": [], "fields": {}, "trigger": "human_request", "reasons": [], "route": "support"});
    let a = send(
        &app,
        Method::POST,
        &format!("/api/conversations/{id}/handoff"),
        Some(&token),
        Some(body),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    assert_eq!(a.body["next_open"], "2026-03-09T09:00:00Z");
    let handoff = a.body["handoff_id"].as_str().expect("id");
    let tz = chrono_tz::Europe::London;
    let n =
        hub::notify::message::load(&state.db, handoff, "Test Shop", tz, |k| k.to_string(), None)
            .await
            .expect("load")
            .expect("found");
    assert!(
        n.summary
            .contains("we reopen on Mon 9 Mar at 09:00 (Europe/London)"),
        "{}",
        n.summary
    );
    assert!(!n.summary.contains("2026-03-09T"), "{}", n.summary);
    let email = hub::notify::email::body(&n);
    assert!(!email.contains("T09:00:00"), "{email}");
    let hook = hub::notify::webhook::payload(&n, "k");
    assert_eq!(
        hook["next_open"], "2026-03-09T09:00:00Z",
        "machine field unchanged"
    );
    assert_eq!(hook["next_open_text"], "Mon 9 Mar at 09:00 (Europe/London)");
    // Summer time: the zone's own clock (BST), not UTC.
    let summer = Utc
        .with_ymd_and_hms(2026, 7, 3, 20, 14, 0)
        .single()
        .expect("date");
    assert_eq!(
        hub::notify::message::in_words(summer, tz),
        "Fri 3 Jul at 21:14 (Europe/London)"
    );
}

#[test]
fn the_digest_is_checked_at_start() {
    use hub::notify::config::{validate, NotifyFile};
    let file = |digest: &str| -> NotifyFile {
        toml::from_str(&format!(
            "[[channels]]\nname = \"team-slack\"\nkind = \"slack\"\nwebhook_url = \"https://hooks.slack.com/services/T/B/X\"\n{digest}"
        ))
        .expect("parse")
    };
    let ok = validate(
        &file("[digest]\nchannels = [\"team-slack\", \"team-slack\"]"),
        &["support"],
    )
    .expect("valid");
    assert_eq!(ok.digest, ["team-slack"]);
    assert!(
        validate(&file(""), &["support"])
            .expect("valid")
            .digest
            .is_empty(),
        "no digest unless asked"
    );
    assert_eq!(
        validate(&file("[digest]\nchannels = [\"team-email\"]"), &["support"])
            .expect_err("unknown"),
        "notify.digest: channel \"team-email\" is not one of [[sites.notify.channels]]"
    );
    assert!(validate(&file("[digest]\nchannels = []"), &["support"])
        .expect_err("empty")
        .contains("channels is empty"));
    assert!(
        toml::from_str::<NotifyFile>("[digest]\nchannels = []\nat = \"08:00\"").is_err(),
        "unknown keys are refused"
    );
}

#[test]
fn the_digest_email_keeps_visitor_text_as_text() {
    let mut d = hub::notify::digest::sample(
        "shop",
        "Shop & Co",
        Some("https://chat.example.com"),
        chrono_tz::Europe::London,
    );
    d.leads[0].name = "<script>alert(1)</script>".into();
    d.leads[0].question = "<img src=x onerror=alert(1)> \"quoted\" & 'single'".into();
    let html = hub::notify::email::digest_html(&d);
    assert!(
        !html.contains("<script>") && !html.contains("<img"),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&quot;quoted&quot; &amp; &#39;single&#39;"),
        "{html}"
    );
    assert!(html.contains("Shop &amp; Co"));
    let text = hub::notify::email::digest_body(&d);
    assert!(
        text.contains("1. <script>alert(1)</script> — maria@example.com · +447700900123"),
        "the text part is plain text: {text}"
    );
    let from: lettre::message::Mailbox = "baton@shop.example".parse().expect("from");
    let to: lettre::message::Mailbox = "team@shop.example".parse().expect("to");
    let raw = String::from_utf8(
        hub::notify::email::digest_message(&from, &[to], &d, &d.key("team-email"))
            .expect("message")
            .formatted(),
    )
    .expect("utf-8");
    assert!(!raw.to_ascii_lowercase().contains("reply-to"), "{raw}");
}

/// `cargo test -p hub --test suite notify_leads -- --ignored`: renders the digest email's HTML part
/// in headless Chromium into docs/notify-digest-email.png.
#[test]
#[ignore = "writes docs/notify-digest-email.png; needs Chromium"]
fn digest_email_screenshot() {
    use hub::notify::digest::{Digest, DigestLead};
    let lead = |reference: &str,
                name: &str,
                email: Option<&str>,
                phone: Option<&str>,
                question: &str,
                captured_at: &str,
                id: &str| DigestLead {
        reference: reference.into(),
        name: name.into(),
        email: email.map(Into::into),
        phone: phone.map(Into::into),
        question: question.into(),
        captured_at: captured_at.into(),
        conversation_id: id.into(),
        link: format!("https://chat.example.com/console/?conversation={id}"),
    };
    let d = Digest {
        site: "demo".into(),
        site_name: "Northwind Outdoor".into(),
        id: "demo:2026-12-03T09:00".into(),
        opening: at(2026, 12, 3, 9, 0),
        timezone: chrono_tz::Europe::London,
        leads: vec![
            lead(
                "BTN-7KQ3XM",
                "Maria López",
                Some("maria@example.com"),
                Some("+447700900123"),
                "Where is my order #4471? It was due on Monday.",
                "2026-12-02T21:14:00.000Z",
                "6e23",
            ),
            lead(
                "BTN-M2W8RT",
                "Jun Tanaka",
                Some("jun@example.jp"),
                None,
                "Bulk order: 40 sleeping bags for a school trip in March. Can you quote?",
                "2026-12-02T23:02:00.000Z",
                "c7d0",
            ),
            lead(
                "BTN-4HD9PA",
                "Sam Patel",
                None,
                Some("+447700900456"),
                "Do you take Klarna for the 4-person tent?",
                "2026-12-03T06:30:00.000Z",
                "9a41",
            ),
        ],
        link: "https://chat.example.com/console/".into(),
        test: false,
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("digest.html");
    std::fs::write(&page, hub::notify::email::digest_html(&d)).expect("write");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/notify-digest-email.png");
    let status = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=860,420",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", out.display()))
        .arg(format!("file://{}", page.display()))
        .status()
        .expect("run chromium");
    assert!(status.success());
    assert!(std::fs::metadata(&out).expect("screenshot").len() > 10_000);
}
