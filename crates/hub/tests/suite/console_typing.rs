//! "Maria is typing…": the agent holding a conversation types in the console, and the
//! visitor's stream says so with the agent's name — never stored, at most one every two
//! seconds, and only for the agent who holds it.

use crate::api_support;
use crate::console_support;

use std::time::Duration;

use api_support::{conversation, hub, visitor_stream, Hub};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use console_support::*;
use serde_json::{json, Value};

async fn queued(hub: &Hub) -> (String, String) {
    let (id, token) = conversation(&hub.app, "shop").await;
    handoff(&hub.app, &id, &token, "support", "human_request", json!({})).await;
    (id, token)
}

async fn claim(hub: &Hub, id: &str, cookie: &str) {
    let a = console(
        &hub.app,
        Method::POST,
        &format!("/console/api/conversations/{id}/claim"),
        Some(cookie),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
}

async fn typing(hub: &Hub, id: &str, cookie: Option<&str>) -> api_support::Answer {
    console(
        &hub.app,
        Method::POST,
        &format!("/console/api/conversations/{id}/typing"),
        cookie,
        None,
    )
    .await
}

#[tokio::test]
async fn the_visitor_sees_the_agent_holding_it_typing_by_name_and_nothing_is_stored() {
    let hub = hub().await;
    agent(&hub, "maria@example.com", "Maria", &["shop:support"]).await;
    let cookie = login(&hub.app, "maria@example.com").await;
    let (id, token) = queued(&hub).await;
    claim(&hub, &id, &cookie).await;
    let before = visitor_messages(&hub, &id, &token).await;
    let mut visitor = Events::open(&hub.app, visitor_stream(&id, &token)).await;
    visitor
        .until("message", Duration::from_secs(2), |m| {
            m["text"] == "Maria joined the conversation."
        })
        .await
        .expect("the backlog first");

    // Keys keep coming: five calls in a row are one event.
    for _ in 0..5 {
        let a = typing(&hub, &id, Some(&cookie)).await;
        assert_eq!(a.status, StatusCode::NO_CONTENT, "{:?}", a.body);
    }
    let shown = visitor
        .until("typing", Duration::from_secs(2), |_| true)
        .await
        .expect("the visitor's stream says the agent is typing");
    assert_eq!(shown, json!({"agent_name": "Maria", "seconds": 6}));
    assert!(
        visitor
            .until("typing", Duration::from_millis(1200), |_| true)
            .await
            .is_none(),
        "calls within two seconds of the last are coalesced"
    );

    // Not in the thread, the visitor's history or the agent's view of it.
    assert_eq!(visitor_messages(&hub, &id, &token).await, before);
    let view = console(
        &hub.app,
        Method::GET,
        &format!("/console/api/conversations/{id}"),
        Some(&cookie),
        None,
    )
    .await;
    let texts: Vec<&Value> = view.body["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| &m["text"])
        .collect();
    assert_eq!(texts.len(), before.len(), "{texts:?}");

    // Two seconds on, typing is passed on again.
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(
        typing(&hub, &id, Some(&cookie)).await.status,
        StatusCode::NO_CONTENT
    );
    visitor
        .until("typing", Duration::from_secs(2), |t| {
            t["agent_name"] == "Maria"
        })
        .await
        .expect("renewed");
}

#[tokio::test]
async fn only_the_agent_holding_it_may_say_they_are_typing() {
    let hub = hub().await;
    agent(&hub, "maria@example.com", "Maria", &["shop:support"]).await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    agent(&hub, "bo@example.com", "Bo", &["shop:sales"]).await;
    let maria = login(&hub.app, "maria@example.com").await;
    let sam = login(&hub.app, "sam@example.com").await;
    let bo = login(&hub.app, "bo@example.com").await;
    let (id, token) = queued(&hub).await;

    let waiting = typing(&hub, &id, Some(&maria)).await;
    assert_eq!(waiting.status, StatusCode::CONFLICT);
    assert_eq!(waiting.code(), "not_claimed");
    assert!(!waiting.body["error"]["message"]
        .as_str()
        .unwrap_or("")
        .is_empty());

    claim(&hub, &id, &maria).await;
    let mut visitor = Events::open(&hub.app, visitor_stream(&id, &token)).await;
    let other = typing(&hub, &id, Some(&sam)).await;
    assert_eq!(other.status, StatusCode::CONFLICT, "{:?}", other.body);
    assert_eq!(other.code(), "not_claimed");
    let outside = typing(&hub, &id, Some(&bo)).await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND, "{:?}", outside.body);
    let signed_out = typing(&hub, &id, None).await;
    assert_eq!(signed_out.status, StatusCode::UNAUTHORIZED);
    assert_eq!(signed_out.code(), "unauthorized");
    let unknown = typing(&hub, "0123456789abcdef", Some(&maria)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let elsewhere = call_from(&hub, &id, &maria, "https://evil.example").await;
    assert_eq!(elsewhere, StatusCode::FORBIDDEN);
    assert!(
        visitor
            .until("typing", Duration::from_millis(800), |_| true)
            .await
            .is_none(),
        "nobody but the holder is shown typing"
    );

    // Back with the bot: nobody holds it, so nobody types in it.
    let back = console(
        &hub.app,
        Method::POST,
        &format!("/console/api/conversations/{id}/handback"),
        Some(&maria),
        None,
    )
    .await;
    assert_eq!(back.status, StatusCode::OK, "{:?}", back.body);
    let after = typing(&hub, &id, Some(&maria)).await;
    assert!(
        matches!(after.status, StatusCode::CONFLICT | StatusCode::NOT_FOUND),
        "{:?}",
        after.body
    );
}

/// A typing call with `origin` instead of the hub's own.
async fn call_from(hub: &Hub, id: &str, cookie: &str, origin: &str) -> StatusCode {
    let r = Request::post(format!("/console/api/conversations/{id}/typing"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, origin)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .expect("request");
    api_support::call(&hub.app, r).await.status
}
