//! A lead's own notifications: one per channel the escalation matrix picks, with the
//! visitor's contact and `Reply-To`, matched as the conversation's handoff or by the time it
//! was left.

use std::sync::{Arc, Mutex};

use axum::http::{Method, StatusCode};
use hub::db::outbox::OutboxKind;
use serde_json::json;

use super::{at, config, drain, header, hits_with_key, lead, open_hub, receiver, text_of};
use crate::api_support::{conversation, post_message, send, FAQ};
use crate::notify_support::{smtp_sink, Mail};

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
