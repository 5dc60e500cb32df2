//! The morning digest: sent once at the opening with every lead left while closed, across
//! restarts; checked at start; its email keeping visitor text as text, and its screenshot.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use hub::db::outbox::OutboxStatus;
use serde_json::json;

use super::{at, config, drain, header, hits_with_key, lead, open_hub, receiver, text_of};
use crate::api_support::{conversation, FAQ};
use crate::notify_support::{smtp_sink, Mail};

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
