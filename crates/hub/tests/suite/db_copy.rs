//! `baton db copy`'s core: a hub's whole database copied into a new one serves the same
//! visitors (their tokens still open their threads), the same agents (passwords and teams)
//! and the same queue with its lead. On Postgres the copy goes through a SQLite file and
//! back (Postgres → SQLite → Postgres); on SQLite, file to file.

use crate::api_support;
use crate::console_support;

use axum::http::{Method, StatusCode};
use axum::Router;
use hub::db::copy::{Copied, CopyError};
use serde_json::{json, Value};

use api_support::*;
use console_support::{agent, console, handoff, login};

/// What a visitor and an agent see: the visitor's thread, and the agent's queue.
async fn seen(app: &Router, id: &str, token: &str) -> (Vec<Value>, Value) {
    let thread = send(
        app,
        Method::GET,
        &format!("/api/conversations/{id}/messages"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(thread.status, StatusCode::OK, "{:?}", thread.body);
    let cookie = login(app, "sam@example.com").await;
    let queue = console(app, Method::GET, "/console/api/queue", Some(&cookie), None).await;
    assert_eq!(queue.status, StatusCode::OK, "{:?}", queue.body);
    let messages = thread.body["messages"]
        .as_array()
        .expect("messages")
        .clone();
    (messages, queue.body["waiting"].clone())
}

#[tokio::test]
async fn a_copied_database_serves_the_same_visitors_agents_and_queue() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let (id, token) = conversation(&hub.app, "shop").await;
    post_message(&hub.app, &id, &token, "1", "How long does delivery take?").await;
    handoff(&hub.app, &id, &token, "support", "human_request", json!({})).await;
    let lead = json!({"name": "Maria Lopez", "email": "maria@example.com", "question": "Order 4471?", "consent": true});
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/leads"),
        Some(&token),
        Some(lead),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    let before = seen(&hub.app, &id, &token).await;
    assert_eq!(before.1[0]["leads"][0]["email"], "maria@example.com");

    let target = tempfile::tempdir().expect("temp dir");
    std::fs::write(target.path().join("faq.toml"), FAQ).expect("write faq");
    let into = open_db(target.path()).await;
    let copied = if on_postgres() {
        let middle = tempfile::tempdir().expect("temp dir");
        let file = hub::db::Db::open_at(&hub::db::Location::Sqlite(
            middle.path().join("copy.sqlite"),
        ))
        .await
        .expect("a new SQLite file");
        file.copy_from(&hub.state.db).await.expect("into SQLite");
        into.copy_from(&file).await.expect("back into Postgres")
    } else {
        into.copy_from(&hub.state.db).await.expect("file to file")
    };
    let rows = |table: &str| {
        copied
            .iter()
            .find(|c: &&Copied| c.table == table)
            .map(|c| c.rows)
    };
    assert_eq!(rows("agents"), Some(1));
    assert_eq!(rows("conversations"), Some(1));
    assert_eq!(rows("messages"), Some(before.0.len() as u64));
    assert_eq!(rows("handoffs"), Some(1));
    assert_eq!(rows("leads"), Some(1));

    // A hub on the copy: the visitor's token, Sam's password, the queue with the lead.
    let (_, app) = instance(target.path(), CONFIG, |_| {}).await;
    let after = seen(&app, &id, &token).await;
    assert_eq!(after.1, before.1, "the same queue");
    assert_eq!(
        after.0,
        seen(&hub.app, &id, &token).await.0,
        "the same thread"
    );

    // Copying into a database that has rows is refused, and changes nothing.
    match into.copy_from(&hub.state.db).await {
        Err(e @ CopyError::TargetNotEmpty(_)) => {
            assert!(e.to_string().contains("not empty"), "{e}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(seen(&app, &id, &token).await.1, before.1);
}
