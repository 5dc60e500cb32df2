//! The console's view of the work: presence reaching widgets' availability, the queue's
//! order and context, its live stream, foreign conversations, and lead search.

use crate::api_support;
use crate::console_support;

use std::time::Duration;

use api_support::{conversation, hub, send};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use console_support::*;
use serde_json::{json, Value};

#[tokio::test]
async fn going_online_reaches_subscribed_widgets_within_a_second() {
    let hub = hub().await;
    agent(
        &hub,
        "sam@example.com",
        "Sam",
        &["shop:support", "shop:billing"],
    )
    .await;
    let cookie = login(&hub.app, "sam@example.com").await;
    let mut widget = Events::open(
        &hub.app,
        Request::get("/api/sites/shop/availability/stream")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let first = widget
        .until("availability", Duration::from_secs(1), |_| true)
        .await
        .expect("current availability");
    assert_eq!(first["teams"][0]["online"], false);

    let a = console(
        &hub.app,
        Method::PUT,
        "/console/api/presence",
        Some(&cookie),
        Some(json!({"site": "shop", "team": "support", "online": true})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(
        a.body["teams"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["online"] == true)
            .count(),
        1
    );
    let online = |v: &Value| {
        v["teams"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["key"] == "support" && t["online"] == true && t["agents_online"] == 1)
    };
    widget
        .until("availability", Duration::from_secs(1), online)
        .await
        .expect("support online within a second");

    let a = console(
        &hub.app,
        Method::PUT,
        "/console/api/presence",
        Some(&cookie),
        Some(json!({"site": "shop", "team": "support", "online": false})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let away = |v: &Value| {
        v["teams"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["online"] == false)
    };
    widget
        .until("availability", Duration::from_secs(1), away)
        .await
        .expect("away within a second");

    // A team the agent does not serve.
    let a = console(
        &hub.app,
        Method::PUT,
        "/console/api/presence",
        Some(&cookie),
        Some(json!({"site": "shop", "team": "sales", "online": true})),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "unknown_team")
    );
}

#[tokio::test]
async fn the_queue_is_ordered_by_urgency_then_waiting_time_with_the_whole_context() {
    // Every handoff at its own instant.
    let hub =
        api_support::hub_with(|o| o.clock = api_support::ticking(api_support::wednesday_noon()))
            .await;
    agent(
        &hub,
        "sam@example.com",
        "Sam",
        &["shop:support", "shop:billing"],
    )
    .await;
    let cookie = login(&hub.app, "sam@example.com").await;
    let mut ids = Vec::new();
    for (route, trigger) in [
        ("support", "out_of_scope"),
        ("support", "human_request"),
        ("billing", "high_risk"),
        ("support", "human_request"),
        ("sales", "human_request"),
    ] {
        let (id, token) = conversation(&hub.app, "shop").await;
        handoff(
            &hub.app,
            &id,
            &token,
            route,
            trigger,
            json!({"name": "Maria Lopez", "order": "4471"}),
        )
        .await;
        ids.push(id);
    }
    let (locked, locked_token) = conversation(&hub.app, "locked").await;
    handoff(
        &hub.app,
        &locked,
        &locked_token,
        "support",
        "human_request",
        json!({}),
    )
    .await;

    let q = console(
        &hub.app,
        Method::GET,
        "/console/api/queue",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(q.status, StatusCode::OK, "{:?}", q.body);
    let order: Vec<&str> = q.body["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    // high_risk first; then the two requests for a person, oldest first; sales and the other
    // site are not this agent's.
    assert_eq!(
        order,
        vec![
            ids[2].as_str(),
            ids[1].as_str(),
            ids[3].as_str(),
            ids[0].as_str()
        ]
    );
    let top = &q.body["waiting"][0];
    assert_eq!(top["state"], "queued");
    assert_eq!(top["urgency"], 2);
    assert_eq!(top["team"], "billing");
    assert_eq!(top["team_name"], "Billing");
    assert_eq!(top["site_name"], "Test Shop");
    assert!(top["waiting_seconds"].as_i64().is_some_and(|s| s >= 0));
    assert!(top["queued_at"].is_string());
    assert_eq!(top["handoff"]["trigger"], "high_risk");
    assert_eq!(top["handoff"]["reasons"][0]["signal"], "test");
    assert!(top["handoff"]["hub"]["triggers"].is_array());
    assert_eq!(top["handoff"]["fields"]["order"], "4471");
    assert_eq!(top["handoff"]["route"], "billing");
    assert_eq!(
        top["handoff"]["transcript"][0]["text"],
        "where is my order?"
    );
    assert_eq!(top["messages"][0]["kind"], "intro");
    assert_eq!(top["mine"], false);
    assert_eq!(
        top["suggested_greeting"],
        "Hi Maria, I'm picking up where our assistant left off — I see you're asking about order #4471."
    );
    assert_eq!(q.body["mine"], json!([]));
}

#[tokio::test]
async fn the_visitors_name_said_in_the_chat_is_in_the_context_unless_one_was_given() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    let said = |text: &'static str, fields: Value| {
        let app = hub.app.clone();
        async move {
            let (id, token) = conversation(&app, "shop").await;
            let a = api_support::post_message(&app, &id, &token, "m1", text).await;
            assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
            handoff(&app, &id, &token, "support", "human_request", fields).await;
            id
        }
    };
    let jane = said(
        "Hi, I'm Jane Smith and my parcel never came, can I talk to a person?",
        json!({"order": "4471"}),
    )
    .await;
    let angry = said("I'm so frustrated, I want a person", json!({})).await;
    let given = said("my name is Jane, a person please", json!({"name": "Maria"})).await;

    let q = console(
        &hub.app,
        Method::GET,
        "/console/api/queue",
        Some(&cookie),
        None,
    )
    .await;
    let of = |id: &str| {
        q.body["waiting"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .expect("in the queue")
    };
    let c = of(&jane);
    assert_eq!(
        c["context"],
        json!({"name": "Jane Smith", "name_from": "chat", "order": "4471", "intent": null})
    );
    assert_eq!(c["suggested_greeting"], "Hi Jane, I'm picking up where our assistant left off — I see you're asking about order #4471.");
    assert_eq!(c["timezone"], "Europe/London");
    assert_eq!(of(&angry)["context"]["name"], Value::Null);
    assert_eq!(
        of(&given)["context"],
        json!({"name": "Maria", "name_from": "handoff", "order": null, "intent": null})
    );
}

#[tokio::test]
async fn the_console_stream_shows_a_new_handoff_within_a_second() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    let mut events = Events::open(
        &hub.app,
        console_request(Method::GET, "/console/api/events", Some(&cookie), None),
    )
    .await;
    let first = events
        .until("queue", Duration::from_secs(1), |_| true)
        .await
        .expect("the queue at once");
    assert_eq!(first["waiting"], json!([]));
    let (id, token) = conversation(&hub.app, "shop").await;
    handoff(&hub.app, &id, &token, "support", "human_request", json!({})).await;
    let arrived = |q: &Value| {
        q["waiting"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == id.as_str())
    };
    events
        .until("queue", Duration::from_secs(1), arrived)
        .await
        .expect("the handoff within a second");
    // A visitor message while waiting updates the item too.
    let a = api_support::post_message(&hub.app, &id, &token, "w1", "hello? still there?").await;
    assert_eq!(a.status, StatusCode::CREATED);
    let has_it = |q: &Value| {
        q["waiting"][0]["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["text"] == "hello? still there?")
    };
    events
        .until("queue", Duration::from_secs(1), has_it)
        .await
        .expect("the new message within a second");
    // So does a lead the visitor leaves.
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
    let has_lead = |q: &Value| q["waiting"][0]["leads"][0]["email"] == "maria@example.com";
    events
        .until("queue", Duration::from_secs(1), has_lead)
        .await
        .expect("the lead within a second");
    // Signing out ends the stream with a signed_out event.
    console(
        &hub.app,
        Method::POST,
        "/console/api/logout",
        Some(&cookie),
        None,
    )
    .await;
    events
        .until("signed_out", Duration::from_secs(1), |_| true)
        .await
        .expect("signed_out");
}

#[tokio::test]
async fn foreign_conversations_answer_404() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    let (sales, sales_token) = conversation(&hub.app, "shop").await;
    handoff(
        &hub.app,
        &sales,
        &sales_token,
        "sales",
        "human_request",
        json!({}),
    )
    .await;
    let (other, other_token) = conversation(&hub.app, "locked").await;
    handoff(
        &hub.app,
        &other,
        &other_token,
        "support",
        "human_request",
        json!({}),
    )
    .await;
    // Still with the bot: nobody's to see.
    let (bot, _) = conversation(&hub.app, "shop").await;
    for id in [
        sales.as_str(),
        other.as_str(),
        bot.as_str(),
        "no-such-id",
        &"x".repeat(100),
    ] {
        for (method, suffix) in [
            (Method::GET, ""),
            (Method::POST, "/claim"),
            (Method::POST, "/messages"),
            (Method::POST, "/handback"),
            (Method::POST, "/resolve"),
        ] {
            let body = (method == Method::POST).then(|| json!({"text": "hello"}));
            let a = console(
                &hub.app,
                method.clone(),
                &format!("/console/api/conversations/{id}{suffix}"),
                Some(&cookie),
                body,
            )
            .await;
            assert_eq!(
                (a.status, a.code()),
                (StatusCode::NOT_FOUND, "not_found"),
                "{method} {id}{suffix}"
            );
        }
    }
    assert_eq!(
        hub.state
            .db
            .conversation(&sales)
            .await
            .unwrap()
            .unwrap()
            .state,
        protocol::hub::ConversationState::Queued
    );
}

#[tokio::test]
async fn leads_are_found_by_reference_email_or_name_within_the_agents_sites() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let lead = json!({"name": "Maria Lopez", "email": "maria.lopez@example.com", "question": "Order 4471?", "consent": true});
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/leads"),
        Some(&token),
        Some(lead.clone()),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    let reference = a.body["reference"].as_str().unwrap().to_string();
    let (other, other_token) = conversation(&hub.app, "locked").await;
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{other}/leads"),
        Some(&other_token),
        Some(lead),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);

    let search = |q: String| {
        let cookie = cookie.clone();
        let app = hub.app.clone();
        async move {
            console(
                &app,
                Method::GET,
                &format!("/console/api/leads?{q}"),
                Some(&cookie),
                None,
            )
            .await
        }
    };
    let compact = reference.trim_start_matches("BTN-").to_lowercase();
    for q in [
        format!("reference={reference}"),
        format!("q={compact}"),
        "q=LOPEZ%40example".to_string(),
        "q=maria".to_string(),
    ] {
        let a = search(q.clone()).await;
        assert_eq!(a.status, StatusCode::OK, "{q}: {:?}", a.body);
        let leads = a.body["leads"].as_array().unwrap();
        assert_eq!(leads.len(), 1, "{q}: only this agent's site");
        assert_eq!(leads[0]["reference"], reference.as_str());
        assert_eq!(leads[0]["conversation_id"], id.as_str());
        assert_eq!(leads[0]["email"], "maria.lopez@example.com");
        assert_eq!(
            leads[0]["timezone"], "Europe/London",
            "the site's zone, to show its time in"
        );
    }
    assert_eq!(
        search("q=%25%25".to_string()).await.body["leads"],
        json!([]),
        "% is literal"
    );
    assert_eq!(
        search("q=nobody".to_string()).await.body["leads"],
        json!([])
    );
    let short = search("q=m".to_string()).await;
    assert_eq!(
        (short.status, short.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_query")
    );
}

#[tokio::test]
async fn an_online_switch_left_by_a_vanished_console_lapses() {
    let hub = hub().await;
    let id = agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    hub.state
        .db
        .set_presence(&id, "shop", "support", true)
        .await
        .unwrap();
    assert_eq!(
        hub.state
            .db
            .agents_online("shop")
            .await
            .unwrap()
            .get("support"),
        Some(&1)
    );
    // Last refreshed longer ago than the lapse: nobody is there any more.
    let old = hub::db::timestamp(
        hub.state.now() - chrono::Duration::seconds(hub::db::agents::PRESENCE_TTL_SECS + 1),
    );
    sqlx::query("UPDATE presence SET updated_at = $1")
        .bind(&old)
        .execute(&hub.sql().await)
        .await
        .unwrap();
    assert!(hub.state.db.agents_online("shop").await.unwrap().is_empty());
    // An open console refreshes it.
    let cookie = login(&hub.app, "sam@example.com").await;
    let mut events = Events::open(
        &hub.app,
        console_request(Method::GET, "/console/api/events", Some(&cookie), None),
    )
    .await;
    events
        .until("queue", Duration::from_secs(1), |_| true)
        .await
        .expect("the queue");
    assert_eq!(
        hub.state
            .db
            .agents_online("shop")
            .await
            .unwrap()
            .get("support"),
        Some(&1)
    );
}
