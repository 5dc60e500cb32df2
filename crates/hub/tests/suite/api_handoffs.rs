//! Handoffs and leads through the router: both verdicts stored, availability in the answer,
//! idempotent repeats, queue order; lead errors all at once, reference and wa.me link.

use crate::api_support;

use api_support::*;
use axum::http::{Method, StatusCode};
use serde_json::json;

fn package(route: &str, trigger: &str) -> serde_json::Value {
    json!({
        "transcript": [{"role": "visitor", "text": "I want a human NOW, this is ridiculous!!!"}],
        "fields": {"name": "Maria", "order": "4471"},
        "trigger": trigger,
        "reasons": [{"trigger": trigger, "signal": "phrase \"a human\"", "weight": 1.0}],
        "route": route
    })
}

#[tokio::test]
async fn a_handoff_outside_hours_is_stored_with_both_verdicts_and_says_when_we_open() {
    let hub = hub_at(sunday_noon()).await;
    let (id, token) = conversation(&hub.app, "shop").await;
    post_message(
        &hub.app,
        &id,
        &token,
        "1",
        "I want to talk to a real person, this is ridiculous!!!",
    )
    .await;
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/handoff"),
        Some(&token),
        Some(package("support", "human_request")),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    assert_eq!(a.body["available"], false);
    assert_eq!(a.body["team"], "support");
    assert_eq!(a.body["team_name"], "Support");
    assert_eq!(a.body["next_open"], "2026-03-09T09:00:00Z");
    // The hub judged the stored transcript, not the posted one.
    assert_eq!(a.body["hub"]["trigger"], "human_request");

    let (widget, hub_verdict, hub_trigger, urgency, package_json): (String, String, Option<String>, i64, String) =
        sqlx::query_as("SELECT widget_trigger, hub_verdict, hub_trigger, urgency, package FROM handoffs WHERE conversation_id = $1")
            .bind(&id)
            .fetch_one(&hub.sql().await)
            .await
            .unwrap();
    assert_eq!(widget, "human_request");
    assert_eq!(hub_trigger.as_deref(), Some("human_request"));
    assert!(hub_verdict.contains("\"escalate\":true"), "{hub_verdict}");
    assert!(package_json.contains("4471"));
    assert_eq!(urgency, 2, "a frustrated request for a person comes first");
    let state: String = sqlx::query_scalar("SELECT state FROM conversations WHERE id = $1")
        .bind(&id)
        .fetch_one(&hub.sql().await)
        .await
        .unwrap();
    assert_eq!(state, "queued");

    // A second post while the first is open returns it.
    let again = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/handoff"),
        Some(&token),
        Some(package("billing", "frustration")),
    )
    .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["handoff_id"], a.body["handoff_id"]);
    assert_eq!(again.body["team"], "support");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM handoffs")
        .fetch_one(&hub.sql().await)
        .await
        .unwrap();
    assert_eq!(n, 1);

    // Queued: the assistant keeps answering what it knows, and stays silent on the rest.
    let m = post_message(&hub.app, &id, &token, "2", "hello?").await;
    assert!(m.body["reply"].is_null(), "{:?}", m.body);
    let m = post_message(&hub.app, &id, &token, "3", "what is your favourite colour").await;
    assert!(
        m.body["reply"].is_null(),
        "an unsure answer would talk over the handoff: {:?}",
        m.body
    );
    let m = post_message(&hub.app, &id, &token, "4", "How long does delivery take?").await;
    assert_eq!(
        m.body["reply"]["text"], "UK orders arrive in 2 to 3 working days.",
        "{:?}",
        m.body
    );
    // A visitor who left their email keeps asking (a warm lead): still answered.
    post_message(&hub.app, &id, &token, "5", "my email is maria@example.com").await;
    let m = post_message(&hub.app, &id, &token, "6", "When will my order arrive?").await;
    assert_eq!(
        m.body["reply"]["text"], "UK orders arrive in 2 to 3 working days.",
        "{:?}",
        m.body
    );
    // Asking for a person again, or losing patience, is for the person: no bot answer.
    let m = post_message(
        &hub.app,
        &id,
        &token,
        "7",
        "WHERE IS MY DELIVERY, this is ridiculous!!!",
    )
    .await;
    assert!(m.body["reply"].is_null(), "{:?}", m.body);
    // Still queued for a person: an answer does not take the conversation back.
    let state: String = sqlx::query_scalar("SELECT state FROM conversations WHERE id = $1")
        .bind(&id)
        .fetch_one(&hub.sql().await)
        .await
        .unwrap();
    assert_eq!(state, "queued");
    // A reload learns the open handoff and what is true now: closed, back Monday 09:00.
    let list = send(
        &hub.app,
        Method::GET,
        &format!("/api/conversations/{id}/messages"),
        Some(&token),
        None,
    )
    .await;
    let h = &list.body["status"]["handoff"];
    assert_eq!(
        (
            h["team"].as_str(),
            h["available"].as_bool(),
            h["open"].as_bool()
        ),
        (Some("support"), Some(false), Some(false)),
        "{:?}",
        list.body
    );
    assert_eq!(h["next_open"], "2026-03-09T09:00:00Z");
}

#[tokio::test]
async fn in_hours_with_nobody_online_there_is_no_opening_to_wait_for_and_presence_outside_hours_counts(
) {
    let hub = hub_at(wednesday_noon()).await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/handoff"),
        Some(&token),
        Some(package("support", "human_request")),
    )
    .await;
    assert_eq!(
        (a.body["available"].as_bool(), a.body["open"].as_bool()),
        (Some(false), Some(true)),
        "{:?}",
        a.body
    );
    assert!(
        a.body["next_open"].is_null(),
        "open now: no 'back at' to promise: {:?}",
        a.body
    );
    assert!(
        a.body["wait_minutes"].is_null(),
        "no handoffs answered yet, so no typical wait: {:?}",
        a.body
    );

    // Sunday, an agent online: presence wins over the hours.
    let hub = hub_at(sunday_noon()).await;
    let agent = hub
        .state
        .db
        .agents_create("sam@example.com", "Sam", "$argon2id$x")
        .await
        .unwrap();
    hub.state
        .db
        .set_presence(&agent, "shop", "support", true)
        .await
        .unwrap();
    let (id, token) = conversation(&hub.app, "shop").await;
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/handoff"),
        Some(&token),
        Some(package("support", "human_request")),
    )
    .await;
    assert_eq!(a.body["available"], true, "{:?}", a.body);
    assert!(a.body["next_open"].is_null());
}

#[tokio::test]
async fn the_hub_does_not_trust_the_posted_transcript_and_queues_by_urgency() {
    let hub = hub().await;
    let agent = hub
        .state
        .db
        .agents_create("sam@example.com", "Sam", "$argon2id$x")
        .await
        .unwrap();
    hub.state
        .db
        .set_presence(&agent, "shop", "support", true)
        .await
        .unwrap();

    // The stored conversation is calm; the package claims a request for a person.
    let (calm, calm_token) = conversation(&hub.app, "shop").await;
    post_message(
        &hub.app,
        &calm,
        &calm_token,
        "1",
        "How long does delivery take?",
    )
    .await;
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{calm}/handoff"),
        Some(&calm_token),
        Some(package("support", "out_of_scope")),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(a.body["available"], true);
    assert_eq!(a.body["agents_online"], 1);
    assert!(a.body["next_open"].is_null());
    assert_eq!(a.body["hub"]["escalate"], false);

    let (risky, risky_token) = conversation(&hub.app, "shop").await;
    post_message(
        &hub.app,
        &risky,
        &risky_token,
        "1",
        "I want a refund, I was charged twice",
    )
    .await;
    send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{risky}/handoff"),
        Some(&risky_token),
        Some(package("billing", "high_risk")),
    )
    .await;

    let queue: Vec<String> = hub
        .state
        .db
        .queue("shop")
        .await
        .unwrap()
        .into_iter()
        .map(|q| q.conversation_id)
        .collect();
    assert_eq!(queue, [risky.clone(), calm.clone()]);

    let bad = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{calm}/handoff"),
        Some(&calm_token),
        Some(package("nowhere", "human_request")),
    )
    .await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "unknown_route")
    );
}

#[tokio::test]
async fn lead_errors_come_all_at_once() {
    let hub = hub().await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let lead =
        json!({"name": "", "email": "not-an-email", "phone": "07700 900123", "consent": false});
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/leads"),
        Some(&token),
        Some(lead),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_lead")
    );
    let fields: Vec<&str> = a.body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for expected in ["name", "email", "phone", "consent"] {
        assert!(
            fields.contains(&expected),
            "{expected} missing from {fields:?}"
        );
    }
    let long = json!({"name": "x".repeat(81), "email": format!("{}@example.com", "a".repeat(250)), "consent": true});
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/leads"),
        Some(&token),
        Some(long),
    )
    .await;
    let codes: Vec<&str> = a.body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["too_long", "too_long"], "{:?}", a.body);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM leads")
        .fetch_one(&hub.sql().await)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn a_lead_is_stored_with_a_reference_and_a_whatsapp_link() {
    let hub = hub().await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let lead = json!({"name": "Maria", "email": "maria@example.com", "phone": "+44 (0)7700 900456", "question": "Order #4471 & returns?", "consent": true});
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/leads"),
        Some(&token),
        Some(lead),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    let reference = a.body["reference"].as_str().unwrap();
    assert!(
        reference.starts_with("BTN-") && reference.len() == 10,
        "{reference}"
    );
    let link = a.body["whatsapp_link"].as_str().unwrap();
    assert!(
        link.starts_with("https://wa.me/447700900123?text="),
        "{link}"
    );
    assert!(link.contains(reference));
    assert!(link.contains("%26"), "the & is encoded: {link}");
    let stored = hub
        .state
        .db
        .lead_by_reference(reference)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.phone.as_deref(), Some("+447700900456"));
    assert_eq!(hub.state.db.leads_of(&id).await.unwrap().len(), 1);

    // A site without a number gives no link.
    let (other, other_token) = conversation(&hub.app, "locked").await;
    let lead = json!({"name": "Sam", "email": "sam@example.com", "consent": true});
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{other}/leads"),
        Some(&other_token),
        Some(lead),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert!(a.body["whatsapp_link"].is_null());
}

// Handoff fields took the direction overrides that leads refuse: one rule for every text a
// visitor sends now.
#[tokio::test]
async fn direction_overrides_are_refused_in_every_field_a_visitor_sends() {
    let hub = hub().await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let mut p = package("support", "human_request");
    p["fields"]["name"] = json!("Maria\u{202E}nodnoL");
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/handoff"),
        Some(&token),
        Some(p),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "control_characters"),
        "{:?}",
        a.body
    );
    assert!(
        a.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("U+202E"),
        "{:?}",
        a.body
    );
    let m = post_message(&hub.app, &id, &token, "1", "refund \u{2066}please").await;
    assert_eq!(
        (m.status, m.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "control_characters"),
        "{:?}",
        m.body
    );
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM handoffs")
        .fetch_one(&hub.sql().await)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn a_lead_also_gets_messenger_and_instagram_links_with_its_reference() {
    let config = CONFIG.replacen(
        "whatsapp = \"+44 (0)7700 900123\"\n",
        "whatsapp = \"+44 (0)7700 900123\"\nmessenger = \"northwind.outdoor\"\ninstagram = \"@northwind_outdoor\"\n",
        1,
    );
    let hub = hub_from(&config, FAQ, |_| {}).await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let lead = json!({"name": "Maria", "email": "maria@example.com", "consent": true});
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/leads"),
        Some(&token),
        Some(lead),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    let reference = a.body["reference"].as_str().unwrap();
    assert_eq!(
        a.body["messenger_link"],
        format!("https://m.me/northwind.outdoor?ref={reference}")
    );
    assert_eq!(
        a.body["instagram_link"],
        format!("https://ig.me/m/northwind_outdoor?ref={reference}")
    );
    // A handle the platform would not take stops the hub at start, naming the key.
    let bad = CONFIG.replacen(
        "whatsapp = \"+44 (0)7700 900123\"\n",
        "whatsapp = \"+44 (0)7700 900123\"\nmessenger = \"north wind/shop\"\n",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("faq.toml"), FAQ).unwrap();
    let e = hub::config::HubConfig::parse(&bad, dir.path())
        .unwrap_err()
        .to_string();
    assert!(e.contains("messenger"), "{e}");
}
