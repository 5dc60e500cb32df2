//! Conversations and messages through the router: creation, exactly-once storage, seq
//! numbering, 404 for anyone without the token, limits, and the bot's silence.

use crate::api_support;

use api_support::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

#[tokio::test]
async fn create_gives_a_token_once_and_the_intro_messages() {
    let hub = hub().await;
    let a = send(
        &hub.app,
        Method::POST,
        "/api/sites/shop/conversations",
        None,
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
    let token = a.body["token"].as_str().unwrap();
    // 256 bits in base64url without padding.
    assert_eq!(token.len(), 43);
    assert!(token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    let messages = a.body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["text"], "You're chatting with an AI assistant.");
    assert_eq!(messages[0]["kind"], "intro");
    assert_eq!(messages[1]["seq"], 2);
    // Only the hash is stored.
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM conversations")
        .fetch_all(&hub.sql().await)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token);
    assert_eq!(stored[0], hub::security::token_hash(token));

    let unknown = send(
        &hub.app,
        Method::POST,
        "/api/sites/nope/conversations",
        None,
        None,
    )
    .await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (StatusCode::NOT_FOUND, "unknown_site")
    );
}

#[tokio::test]
async fn a_retry_with_the_same_client_id_is_stored_once() {
    let hub = hub().await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let first = post_message(&hub.app, &id, &token, "m-1", "How long does delivery take?").await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(first.body["message"]["seq"], 3);
    assert_eq!(first.body["message"]["client_id"], "m-1");
    assert_eq!(first.body["reply"]["author"], "bot");
    assert_eq!(first.body["reply"]["seq"], 4);
    assert!(first.body["reply"]["confidence"].as_f64().unwrap() > 0.45);

    let again = post_message(&hub.app, &id, &token, "m-1", "How long does delivery take?").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["message"], first.body["message"]);
    assert_eq!(again.body["reply"], first.body["reply"]);

    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE client_id = 'm-1'")
        .fetch_one(&hub.sql().await)
        .await
        .unwrap();
    assert_eq!(count, 1);
    let all = send(
        &hub.app,
        Method::GET,
        &format!("/api/conversations/{id}/messages"),
        Some(&token),
        None,
    )
    .await;
    let seqs: Vec<i64> = all.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
    let after = send(
        &hub.app,
        Method::GET,
        &format!("/api/conversations/{id}/messages?after=3"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(after.body["messages"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_answer_names_the_visitor_when_the_message_says_who_they_are() {
    let hub = hub().await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let said = post_message(
        &hub.app,
        &id,
        &token,
        "m-1",
        "Hi, I'm Jamie Lee. Where is my order?",
    )
    .await;
    assert_eq!(said.body["name"], "Jamie Lee", "{:?}", said.body);
    let plain = post_message(&hub.app, &id, &token, "m-2", "I'm not sure it shipped").await;
    assert!(plain.body.get("name").is_none(), "{:?}", plain.body);
}

#[tokio::test]
async fn seq_has_no_gaps_and_no_duplicates_under_concurrent_posts() {
    let hub = hub_with(|o| o.rates.messages.burst = 1000).await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let (app, id, token) = (hub.app.clone(), id.clone(), token.clone());
        // Every message is sent twice at once: the pair must be stored once.
        for _ in 0..2 {
            let (app, id, token) = (app.clone(), id.clone(), token.clone());
            tasks.push(tokio::spawn(async move {
                post_message(
                    &app,
                    &id,
                    &token,
                    &format!("c-{i}"),
                    &format!("message {i}"),
                )
                .await
            }));
        }
    }
    for t in tasks {
        let a = t.await.unwrap();
        assert!(
            a.status == StatusCode::CREATED || a.status == StatusCode::OK,
            "{:?}",
            a.body
        );
    }
    let seqs: Vec<i64> =
        sqlx::query_scalar("SELECT seq FROM messages WHERE conversation_id = $1 ORDER BY seq")
            .bind(&id)
            .fetch_all(&hub.sql().await)
            .await
            .unwrap();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>());
    // 2 intro + 40 visitor + 40 bot replies.
    assert_eq!(seqs.len(), 82);
    let visitor: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT client_id) FROM messages WHERE author = 'visitor'",
    )
    .fetch_one(&hub.sql().await)
    .await
    .unwrap();
    assert_eq!(visitor, 40);
}

#[tokio::test]
async fn wrong_token_or_foreign_id_is_404_everywhere() {
    let hub = hub().await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let (other, other_token) = conversation(&hub.app, "shop").await;
    let msg = json!({"client_id": "x", "text": "hi"});
    let handoff = json!({"trigger": "human_request", "route": "support"});
    let lead = json!({"name": "Maria", "email": "m@example.com", "consent": true});
    let cases: Vec<(Method, String, Option<serde_json::Value>)> = vec![
        (
            Method::POST,
            format!("/api/conversations/{id}/messages"),
            Some(msg.clone()),
        ),
        (
            Method::GET,
            format!("/api/conversations/{id}/messages"),
            None,
        ),
        (Method::GET, format!("/api/conversations/{id}/stream"), None),
        (
            Method::POST,
            format!("/api/conversations/{id}/handoff"),
            Some(handoff.clone()),
        ),
        (
            Method::POST,
            format!("/api/conversations/{id}/leads"),
            Some(lead.clone()),
        ),
    ];
    for (method, uri, body) in cases {
        for token in [None, Some("wrong"), Some(other_token.as_str())] {
            let a = send(&hub.app, method.clone(), &uri, token, body.clone()).await;
            assert_eq!(
                (a.status, a.code()),
                (StatusCode::NOT_FOUND, "not_found"),
                "{method} {uri} {token:?}"
            );
        }
        // An id that does not exist answers exactly the same.
        let uri = uri.replace(&id, "0123456789abcdef0123456789abcdef");
        let a = send(&hub.app, method.clone(), &uri, Some(&token), body.clone()).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{method} {uri}"
        );
    }
    // The other conversation's token still works on its own conversation.
    assert_eq!(
        post_message(&hub.app, &other, &other_token, "y", "hello")
            .await
            .status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn limits_answer_clear_codes() {
    let hub = hub().await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let long = "a".repeat(4001);
    let a = post_message(&hub.app, &id, &token, "long", &long).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "message_too_long")
    );
    assert!(a.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("4000"));
    // Exactly at the limit is fine (counted in characters, not bytes).
    assert_eq!(
        post_message(&hub.app, &id, &token, "max", &"é".repeat(4000))
            .await
            .status,
        StatusCode::CREATED
    );

    let huge = json!({"client_id": "huge", "text": "b".repeat(70 * 1024)}).to_string();
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/conversations/{id}/messages"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(huge))
        .unwrap();
    let a = call(&hub.app, request).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large")
    );

    let a = post_message(&hub.app, &id, &token, "blank", "  \n ").await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "empty_message")
    );
    let a = post_message(&hub.app, &id, &token, &"c".repeat(65), "hi").await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_client_id")
    );
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/messages"),
        Some(&token),
        Some(json!({"text": "hi"})),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body")
    );
    assert!(a.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("client_id"));
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/conversations/{id}/messages"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    assert_eq!(call(&hub.app, request).await.code(), "invalid_json");
    // Nothing of the refused requests was stored.
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE author = 'visitor'")
        .fetch_one(&hub.sql().await)
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn control_characters_are_rejected_but_newline_and_tab_pass() {
    let hub = hub().await;
    let (id, token) = conversation(&hub.app, "shop").await;
    for (i, bad) in [
        "bell \u{7}",
        "nul \u{0}",
        "esc \u{1b}[31m",
        "cr \r",
        "del \u{7f}",
        "c1 \u{85}",
    ]
    .iter()
    .enumerate()
    {
        let a = post_message(&hub.app, &id, &token, &format!("bad-{i}"), bad).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "control_characters"),
            "{bad:?}"
        );
    }
    let a = post_message(&hub.app, &id, &token, "ok", "line one\n\tline two").await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(a.body["message"]["text"], "line one\n\tline two");
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    let hub = hub_with(|o| {
        o.rates.messages = hub::security::Rate {
            burst: 3,
            per_second: 0.1,
        };
        o.rates.conversations = hub::security::Rate {
            burst: 2,
            per_second: 0.01,
        };
    })
    .await;
    let (id, token) = conversation(&hub.app, "shop").await;
    for i in 0..3 {
        assert_eq!(
            post_message(&hub.app, &id, &token, &format!("r{i}"), "hello")
                .await
                .status,
            StatusCode::CREATED
        );
    }
    let a = post_message(&hub.app, &id, &token, "r3", "hello").await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    let retry: u64 = a.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=10).contains(&retry), "{retry}");

    conversation(&hub.app, "shop").await;
    let a = send(
        &hub.app,
        Method::POST,
        "/api/sites/shop/conversations",
        None,
        None,
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    // Another site has its own bucket.
    assert_eq!(
        send(
            &hub.app,
            Method::POST,
            "/api/sites/locked/conversations",
            None,
            None
        )
        .await
        .status,
        StatusCode::CREATED
    );
    // A forged X-Forwarded-For does not give a fresh bucket.
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/sites/shop/conversations")
        .header("x-forwarded-for", "203.0.113.9")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        call(&hub.app, request).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn the_bot_is_silent_while_a_human_holds_the_conversation() {
    let hub = hub().await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let agent = hub
        .state
        .db
        .agents_create("sam@example.com", "Sam", "$argon2id$test")
        .await
        .unwrap();
    assert!(hub.state.db.claim(&id, &agent).await.unwrap());
    let a = post_message(&hub.app, &id, &token, "h1", "How long does delivery take?").await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert!(a.body["reply"].is_null());
    let bots: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE author = 'bot' AND kind = 'chat'")
            .fetch_one(&hub.sql().await)
            .await
            .unwrap();
    assert_eq!(bots, 0);
    // Handed back: the bot answers again.
    hub.state.db.release(&id).await.unwrap();
    let a = post_message(&hub.app, &id, &token, "h2", "What are your opening hours?").await;
    assert_eq!(a.body["reply"]["author"], "bot");
}

// The bot answered the very message that started a handoff (the refund policy right under
// the refund bridge), talking over the bridge message the widget had just shown.
#[tokio::test]
async fn the_bot_does_not_answer_a_message_that_hands_over() {
    let hub = hub().await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let a = post_message(
        &hub.app,
        &id,
        &token,
        "e1",
        "can I talk to a real person please",
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert!(a.body["reply"].is_null(), "{:?}", a.body);
    assert_eq!(a.body["triage"]["escalate"], true);
    assert_eq!(a.body["triage"]["trigger"], "human_request");
    let bots: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE author = 'bot' AND kind = 'chat'")
            .fetch_one(&hub.sql().await)
            .await
            .unwrap();
    assert_eq!(bots, 0);
    // A routine question still gets its answer.
    let (id, token) = conversation(&hub.app, "shop").await;
    let a = post_message(&hub.app, &id, &token, "r1", "How long does delivery take?").await;
    assert_eq!(a.body["reply"]["author"], "bot");
}

#[tokio::test]
async fn health_says_whether_the_hub_can_serve() {
    let hub = hub().await;
    if on_postgres() {
        // Not listening to other hubs yet: a load balancer should wait.
        let early = send(&hub.app, Method::GET, "/health", None, None).await;
        assert_eq!(early.status, StatusCode::SERVICE_UNAVAILABLE);
        hub::bus::spawn(hub.state.clone()).expect("a bus on Postgres");
        let mut listening = hub.state.bus.listening();
        tokio::time::timeout(
            std::time::Duration::from_secs(10),
            listening.wait_for(|&l| l),
        )
        .await
        .expect("listening in time")
        .expect("the bus");
    }
    let a = send(&hub.app, Method::GET, "/health", None, None).await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    let expected = if on_postgres() {
        serde_json::json!({"status": "ok", "database": true, "bus": true})
    } else {
        serde_json::json!({"status": "ok", "database": true})
    };
    assert_eq!(a.body, expected);
    hub.state.begin_shutdown();
}
