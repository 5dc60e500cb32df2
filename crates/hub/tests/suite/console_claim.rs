//! Taking a conversation: the claim race, the visitor seeing who joined and the agent's
//! replies in their own stream, the bot's silence, and handing back or resolving.

use crate::api_support;
use crate::console_support;

use std::time::Duration;

use api_support::{conversation, hub, post_message, send};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use console_support::*;
use serde_json::{json, Value};

async fn queued(hub: &api_support::Hub) -> (String, String) {
    let (id, token) = conversation(&hub.app, "shop").await;
    handoff(
        &hub.app,
        &id,
        &token,
        "support",
        "human_request",
        json!({"name": "Maria"}),
    )
    .await;
    (id, token)
}

#[tokio::test]
async fn of_two_agents_claiming_at_once_one_wins() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    agent(&hub, "maria@example.com", "Maria", &["shop:support"]).await;
    let sam = login(&hub.app, "sam@example.com").await;
    let maria = login(&hub.app, "maria@example.com").await;
    for _ in 0..5 {
        let (id, token) = queued(&hub).await;
        let uri = format!("/console/api/conversations/{id}/claim");
        let (a, b) = tokio::join!(
            console(&hub.app, Method::POST, &uri, Some(&sam), None),
            console(&hub.app, Method::POST, &uri, Some(&maria), None)
        );
        let mut statuses = [a.status.as_u16(), b.status.as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "{:?} {:?}", a.body, b.body);
        let loser = if a.status == StatusCode::CONFLICT {
            &a
        } else {
            &b
        };
        assert_eq!(loser.code(), "already_claimed");
        let joined: Vec<Value> = visitor_messages(&hub, &id, &token)
            .await
            .into_iter()
            .filter(|m| m["author"] == "system")
            .collect();
        assert_eq!(joined.len(), 1, "exactly one notice: {joined:?}");
    }
}

#[tokio::test]
async fn claiming_tells_the_visitor_and_silences_the_bot() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    let (id, token) = queued(&hub).await;
    let a = console(
        &hub.app,
        Method::POST,
        &format!("/console/api/conversations/{id}/claim"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(a.body["state"], "agent");
    assert_eq!(a.body["mine"], true);
    assert_eq!(a.body["claimed_by"], "Sam");
    // Claiming again is harmless.
    let again = console(
        &hub.app,
        Method::POST,
        &format!("/console/api/conversations/{id}/claim"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(again.status, StatusCode::OK);
    let notices: Vec<Value> = visitor_messages(&hub, &id, &token)
        .await
        .into_iter()
        .filter(|m| m["author"] == "system")
        .collect();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0]["text"], "Sam joined the conversation.");
    assert_eq!(notices[0]["kind"], "notice");

    let m = post_message(&hub.app, &id, &token, "v1", "How long does delivery take?").await;
    assert_eq!(m.status, StatusCode::CREATED);
    assert!(m.body["reply"].is_null(), "the bot is silent: {:?}", m.body);
    let q = console(
        &hub.app,
        Method::GET,
        "/console/api/queue",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(q.body["waiting"], json!([]));
    assert_eq!(q.body["mine"][0]["id"], id.as_str());
}

#[tokio::test]
async fn an_agent_reply_reaches_the_visitor_stream() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    let (id, token) = queued(&hub).await;
    let stream = Request::get(format!("/api/conversations/{id}/stream"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let mut visitor = Events::open(&hub.app, stream).await;

    let base = format!("/console/api/conversations/{id}");
    // Not before claiming.
    let early = console(
        &hub.app,
        Method::POST,
        &format!("{base}/messages"),
        Some(&cookie),
        Some(json!({"text": "hi"})),
    )
    .await;
    assert_eq!(
        (early.status, early.code()),
        (StatusCode::CONFLICT, "not_claimed")
    );
    console(
        &hub.app,
        Method::POST,
        &format!("{base}/claim"),
        Some(&cookie),
        None,
    )
    .await;
    let joined = |m: &Value| m["author"] == "system" && m["text"] == "Sam joined the conversation.";
    visitor
        .until("message", Duration::from_secs(1), joined)
        .await
        .expect("the visitor sees who joined");

    let text = "Hi Maria, I'm picking up where our assistant left off — <b>not bold</b>";
    let started = std::time::Instant::now();
    let a = console(
        &hub.app,
        Method::POST,
        &format!("{base}/messages"),
        Some(&cookie),
        Some(json!({"text": text})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    assert_eq!(a.body["author"], "agent");
    let seq = a.body["seq"].as_i64().unwrap();
    let got = visitor
        .until("message", Duration::from_secs(1), |m| {
            m["author"] == "agent"
        })
        .await
        .expect("reply in the stream");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(got["text"], text, "stored and sent as plain text");
    assert_eq!(got["agent_name"], "Sam");
    assert_eq!(got["seq"], seq);
    let all = visitor_messages(&hub, &id, &token).await;
    let seqs: Vec<i64> = all.iter().map(|m| m["seq"].as_i64().unwrap()).collect();
    assert_eq!(
        seqs,
        (1..=seq).collect::<Vec<_>>(),
        "gap-free seq like every message"
    );

    for (body, code) in [
        (json!({"text": "bad \u{7} bell"}), "control_characters"),
        (json!({"text": "x".repeat(4001)}), "message_too_long"),
        (json!({"text": "   "}), "empty_message"),
    ] {
        let a = console(
            &hub.app,
            Method::POST,
            &format!("{base}/messages"),
            Some(&cookie),
            Some(body),
        )
        .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, code)
        );
    }
}

#[tokio::test]
async fn handing_back_and_resolving_restore_the_bot() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    agent(&hub, "maria@example.com", "Maria", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    let maria = login(&hub.app, "maria@example.com").await;
    for action in ["handback", "resolve"] {
        let (id, token) = queued(&hub).await;
        let base = format!("/console/api/conversations/{id}");
        console(
            &hub.app,
            Method::POST,
            &format!("{base}/claim"),
            Some(&cookie),
            None,
        )
        .await;
        // Only the holder may release it.
        let other = console(
            &hub.app,
            Method::POST,
            &format!("{base}/{action}"),
            Some(&maria),
            None,
        )
        .await;
        assert_eq!(
            (other.status, other.code()),
            (StatusCode::CONFLICT, "already_claimed")
        );
        let a = console(
            &hub.app,
            Method::POST,
            &format!("{base}/{action}"),
            Some(&cookie),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{action}: {:?}", a.body);
        assert_eq!(a.body["state"], "bot");
        assert!(a.body["handoff"].is_null(), "the handoff is closed");
        let last = visitor_messages(&hub, &id, &token).await.pop().unwrap();
        assert_eq!(last["author"], "system");
        let told = if action == "handback" {
            "Sam handed the conversation back to"
        } else {
            "Sam marked this conversation as resolved"
        };
        assert!(last["text"].as_str().unwrap().starts_with(told), "{last}");
        let m = post_message(
            &hub.app,
            &id,
            &token,
            "after",
            "What are your opening hours?",
        )
        .await;
        assert_eq!(
            m.body["reply"]["author"], "bot",
            "{action}: the bot answers again"
        );
        // Gone from the agent's view.
        let q = console(
            &hub.app,
            Method::GET,
            "/console/api/queue",
            Some(&cookie),
            None,
        )
        .await;
        assert_eq!(q.body, json!({"waiting": [], "mine": []}));
        let again = console(
            &hub.app,
            Method::POST,
            &format!("{base}/claim"),
            Some(&cookie),
            None,
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);
    }
}

// An agent could not tell an email the shop's server vouched for from one any script on the
// page could have passed to Baton('identify').
#[tokio::test]
async fn an_identity_signed_by_the_site_shows_as_verified_and_any_other_as_given() {
    let hub = api_support::hub_with_identity_secret().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    // printf %s maria@example.com | openssl dgst -sha256 -hmac 'correct horse battery staple'
    let signed = "df5b254af228d9c4430cdc92ddaacf1ff82f1fddf82349937376b99f71efe26d";
    let mut seen = Vec::new();
    for (email, signature) in [("Maria@example.com", signed), ("eve@example.com", signed)] {
        let (id, token) = conversation(&hub.app, "shop").await;
        post_message(&hub.app, &id, &token, "1", "can I talk to a person?").await;
        let body = json!({
            "transcript": [{"role": "visitor", "text": "can I talk to a person?"}],
            "fields": {"email": email}, "trigger": "human_request", "reasons": [], "route": "support",
            "identity": {"email": email, "signature": signature},
        });
        let a = send(
            &hub.app,
            Method::POST,
            &format!("/api/conversations/{id}/handoff"),
            Some(&token),
            Some(body),
        )
        .await;
        assert!(a.status.is_success(), "{:?}", a.body);
        let view = console(
            &hub.app,
            Method::GET,
            &format!("/console/api/conversations/{id}"),
            Some(&cookie),
            None,
        )
        .await;
        seen.push(view.body["handoff"]["identity"].clone());
    }
    assert_eq!(
        seen,
        [
            json!({"email": "Maria@example.com", "verified": true}),
            json!({"email": "eve@example.com", "verified": false})
        ]
    );
    // A malformed claim is refused whole, saying why.
    let (id, token) = conversation(&hub.app, "shop").await;
    let body = json!({"trigger": "human_request", "route": "support", "identity": {"email": "maria@", "signature": "zz"}});
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/handoff"),
        Some(&token),
        Some(body),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_identity")
    );
}
