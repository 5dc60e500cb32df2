//! An agent's reply to a visitor who wrote on WhatsApp goes back out through the Cloud API
//! (a fake Graph API on 127.0.0.1 records what it is sent), the statuses Meta reports land on
//! the message, and outside the 24-hour window the agent is told why nothing was sent.

use crate::api_support;
use crate::console_support;
use crate::whatsapp_inbound::{
    conversations_of, deliver, post_signed, whatsapp_hub_with, APP_SECRET, PHONE_NUMBER_ID, VISITOR,
};

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, Method, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use api_support::*;
use console_support::{agent, console, login};

type Seen = Arc<Mutex<Vec<(String, String, Value)>>>;

/// A Graph API that takes every message and answers with ids `wamid.OUT1`, `wamid.OUT2`…
async fn fake_graph_api() -> (String, Seen) {
    let seen: Seen = Default::default();
    let s = seen.clone();
    let app = Router::new().route(
        "/{version}/{phone}/messages",
        post(move |axum::extract::Path((version, phone)): axum::extract::Path<(String, String)>, headers: HeaderMap, Json(body): Json<Value>| {
            let s = s.clone();
            async move {
                let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                let mut seen = s.lock().unwrap();
                seen.push((format!("/{version}/{phone}/messages"), auth, body.clone()));
                let id = format!("wamid.OUT{}", seen.len());
                Json(json!({"messaging_product": "whatsapp", "contacts": [{"input": body["to"], "wa_id": body["to"]}], "messages": [{"id": id}]}))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (base, seen)
}

fn status_notification(id: &str, status: &str) -> String {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "447700900123", "phone_number_id": PHONE_NUMBER_ID},
        "statuses": [{"id": id, "status": status, "timestamp": "1749416400", "recipient_id": VISITOR}]
    }}]}]})
    .to_string()
}

async fn messages_seen_by_sam(hub: &Hub, cookie: &str, id: &str) -> Vec<Value> {
    let a = console(
        &hub.app,
        Method::GET,
        &format!("/console/api/conversations/{id}"),
        Some(cookie),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    a.body["messages"].as_array().expect("messages").clone()
}

#[tokio::test]
async fn the_agents_reply_goes_out_on_whatsapp_and_its_statuses_show_on_it() {
    let (graph, seen) = fake_graph_api().await;
    let hub = whatsapp_hub_with(
        &format!("access_token = \"test-token\"\napi_base = \"{graph}\"\n"),
        |o| o.notify = crate::notify_outbox::quick(),
    )
    .await;
    let worker = hub::notify::worker::spawn(hub.state.clone());
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    deliver(
        &hub,
        "wamid.IN1",
        VISITOR,
        "Hello, is my order 4471 on its way?",
    )
    .await;
    let id = conversations_of(&hub, VISITOR).await[0].0.clone();
    let base = format!("/console/api/conversations/{id}");
    let claimed = console(
        &hub.app,
        Method::POST,
        &format!("{base}/claim"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(claimed.status, StatusCode::OK, "{:?}", claimed.body);
    let reply = console(
        &hub.app,
        Method::POST,
        &format!("{base}/messages"),
        Some(&cookie),
        Some(json!({"text": "Hi, Sam here: it left our depot today."})),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    assert_eq!(reply.body["channel"], "whatsapp");

    // The fake Graph API receives it, once, as the Cloud API expects it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while seen.lock().unwrap().is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "nothing was sent");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sent = seen.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (path, auth, body) = &sent[0];
    assert_eq!(path, &format!("/v21.0/{PHONE_NUMBER_ID}/messages"));
    assert_eq!(auth, "Bearer test-token");
    assert_eq!(body["messaging_product"], "whatsapp");
    assert_eq!(body["to"], VISITOR);
    assert_eq!(body["type"], "text");
    assert_eq!(
        body["text"]["body"],
        "Hi, Sam here: it left our depot today."
    );

    // Meta reports it delivered, then read; a late "sent" does not move it back.
    let sent_status = |s: &str| status_notification("wamid.OUT1", s);
    for s in ["delivered", "read", "sent"] {
        let a = post_signed(&hub, &sent_status(s), Some(APP_SECRET)).await;
        assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    }
    let messages = messages_seen_by_sam(&hub, &cookie, &id).await;
    let mine = messages
        .iter()
        .find(|m| m["text"] == "Hi, Sam here: it left our depot today.")
        .expect("the reply");
    assert_eq!(mine["delivery"], "read", "{mine}");
    assert_eq!(mine["channel"], "whatsapp");
    hub.state.begin_shutdown();
    worker.await.expect("the worker stops");
}

#[tokio::test]
async fn outside_the_24_hour_window_the_agent_is_told_and_nothing_is_sent() {
    let (graph, seen) = fake_graph_api().await;
    let hub = whatsapp_hub_with(
        &format!("access_token = \"test-token\"\napi_base = \"{graph}\"\n"),
        |_| {},
    )
    .await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    deliver(&hub, "wamid.OLD", VISITOR, "Hello?").await;
    let id = conversations_of(&hub, VISITOR).await[0].0.clone();
    // The visitor wrote a little over a day before now (the hub's clock: Wednesday noon).
    sqlx::query("UPDATE whatsapp_inbound SET received_at = '2026-03-03T11:59:00.000Z'")
        .execute(&hub.sql().await)
        .await
        .unwrap();
    let base = format!("/console/api/conversations/{id}");
    console(
        &hub.app,
        Method::POST,
        &format!("{base}/claim"),
        Some(&cookie),
        None,
    )
    .await;
    let before = messages_seen_by_sam(&hub, &cookie, &id).await.len();
    let a = console(
        &hub.app,
        Method::POST,
        &format!("{base}/messages"),
        Some(&cookie),
        Some(json!({"text": "Sorry for the wait!"})),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::CONFLICT, "whatsapp_window_closed"),
        "{:?}",
        a.body
    );
    assert!(a.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("template"));
    assert_eq!(
        messages_seen_by_sam(&hub, &cookie, &id).await.len(),
        before,
        "nothing stored"
    );
    assert!(seen.lock().unwrap().is_empty());
    // This site has no approved template to send instead: the agent is told so.
    let t = console(
        &hub.app,
        Method::POST,
        &format!("{base}/whatsapp-template"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(
        (t.status, t.code()),
        (StatusCode::CONFLICT, "whatsapp_no_template")
    );
}

#[tokio::test]
async fn outside_the_window_the_agent_sends_the_sites_approved_template() {
    let (graph, seen) = fake_graph_api().await;
    let hub = whatsapp_hub_with(
        &format!("access_token = \"test-token\"\napi_base = \"{graph}\"\ntemplate = \"answer_ready\"\ntemplate_language = \"en_GB\"\n"),
        |o| o.notify = crate::notify_outbox::quick(),
    )
    .await;
    let worker = hub::notify::worker::spawn(hub.state.clone());
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    deliver(&hub, "wamid.T0", VISITOR, "Do you repair zips?").await;
    let id = conversations_of(&hub, VISITOR).await[0].0.clone();
    sqlx::query("UPDATE whatsapp_inbound SET received_at = '2026-03-02T09:00:00.000Z'")
        .execute(&hub.sql().await)
        .await
        .unwrap();
    let base = format!("/console/api/conversations/{id}");
    // Only the agent holding the conversation may send it.
    let early = console(
        &hub.app,
        Method::POST,
        &format!("{base}/whatsapp-template"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{:?}", early.body);
    console(
        &hub.app,
        Method::POST,
        &format!("{base}/claim"),
        Some(&cookie),
        None,
    )
    .await;
    let t = console(
        &hub.app,
        Method::POST,
        &format!("{base}/whatsapp-template"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(t.status, StatusCode::CREATED, "{:?}", t.body);
    assert_eq!(t.body["channel"], "whatsapp");
    assert!(
        t.body["text"].as_str().unwrap().contains("answer_ready"),
        "{:?}",
        t.body
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while seen.lock().unwrap().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the template was not sent"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let body = seen.lock().unwrap()[0].2.clone();
    assert_eq!(body["type"], "template");
    assert_eq!(body["to"], VISITOR);
    assert_eq!(
        body["template"],
        json!({"name": "answer_ready", "language": {"code": "en_GB"}})
    );
    hub.state.begin_shutdown();
    worker.await.expect("the worker stops");
}

#[tokio::test]
async fn without_an_access_token_the_agent_is_told_to_answer_from_whatsapp() {
    let hub = whatsapp_hub_with("", |_| {}).await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    deliver(&hub, "wamid.N1", VISITOR, "Hello?").await;
    let id = conversations_of(&hub, VISITOR).await[0].0.clone();
    let base = format!("/console/api/conversations/{id}");
    console(
        &hub.app,
        Method::POST,
        &format!("{base}/claim"),
        Some(&cookie),
        None,
    )
    .await;
    let a = console(
        &hub.app,
        Method::POST,
        &format!("{base}/messages"),
        Some(&cookie),
        Some(json!({"text": "Hi!"})),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::CONFLICT, "whatsapp_not_connected"),
        "{:?}",
        a.body
    );
}

#[tokio::test]
async fn the_assistant_answers_what_it_knows_on_whatsapp_says_it_is_an_ai_and_a_person_can_be_asked_for(
) {
    let (graph, seen) = fake_graph_api().await;
    let hub = whatsapp_hub_with(
        &format!("access_token = \"test-token\"\napi_base = \"{graph}\"\n"),
        |o| o.notify = crate::notify_outbox::quick(),
    )
    .await;
    let worker = hub::notify::worker::spawn(hub.state.clone());
    deliver(&hub, "wamid.Q1", VISITOR, "How long does delivery take?").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while seen.lock().unwrap().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the assistant's answer was not sent"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let first = seen.lock().unwrap()[0].2.clone();
    assert_eq!(first["to"], VISITOR);
    assert_eq!(
        first["text"]["body"],
        "You're chatting with an AI assistant.\n\nUK orders arrive in 2 to 3 working days."
    );
    let (id, _, state, _) = conversations_of(&hub, VISITOR).await[0].clone();
    assert_eq!(state, "bot", "answered: nobody needed yet");
    // The next answer does not repeat the disclosure.
    deliver(&hub, "wamid.Q2", VISITOR, "When will my order arrive?").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while seen.lock().unwrap().len() < 2 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the second answer was not sent"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(
        seen.lock().unwrap()[1].2["text"]["body"],
        "UK orders arrive in 2 to 3 working days."
    );
    // Asking for a person hands over, with no answer from the assistant.
    deliver(
        &hub,
        "wamid.Q3",
        VISITOR,
        "can I talk to a real person please",
    )
    .await;
    let (_, _, state, team) = conversations_of(&hub, VISITOR).await[0].clone();
    assert_eq!(
        (state.as_str(), team.as_deref()),
        ("queued", Some("support"))
    );
    // Something it does not know goes to a person too.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(seen.lock().unwrap().len(), 2, "nothing more was sent");
    let bot_lines: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages WHERE conversation_id = $1 AND author = 'bot' AND channel = 'whatsapp'",
    )
    .bind(&id)
    .fetch_one(&hub.sql().await)
    .await
    .unwrap();
    assert_eq!(bot_lines, 2);
    hub.state.begin_shutdown();
    worker.await.expect("the worker stops");
}

#[tokio::test]
async fn what_the_assistant_does_not_know_goes_to_a_person() {
    let (graph, seen) = fake_graph_api().await;
    let hub = whatsapp_hub_with(
        &format!("access_token = \"test-token\"\napi_base = \"{graph}\"\n"),
        |_| {},
    )
    .await;
    deliver(
        &hub,
        "wamid.U1",
        VISITOR,
        "Do you sell kayaks in bright orange?",
    )
    .await;
    let (_, _, state, _) = conversations_of(&hub, VISITOR).await[0].clone();
    assert_eq!(state, "queued");
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn meta_gets_its_answer_before_a_slow_bot_has_answered_the_visitor() {
    // The owner's bot (Rasa's REST channel) answers only when the test lets it.
    let gate = Arc::new(tokio::sync::Notify::new());
    let asked = Arc::new(tokio::sync::Notify::new());
    let (g, a) = (gate.clone(), asked.clone());
    let rasa = Router::new().route(
        "/webhooks/rest/webhook",
        post(move || {
            let (g, a) = (g.clone(), a.clone());
            async move {
                a.notify_one();
                g.notified().await;
                Json(json!([{"recipient_id": "c", "text": "Our workshop repairs zips in a week."}]))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/webhooks/rest/webhook",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, rasa).await;
    });
    let (graph, seen) = fake_graph_api().await;
    let config = crate::whatsapp_inbound::whatsapp_config(&format!(
        "access_token = \"test-token\"\napi_base = \"{graph}\"\n"
    ))
    .replacen(
        "kind = \"faq\"\nfile = \"faq.toml\"",
        &format!("kind = \"rasa\"\nurl = \"{url}\""),
        1,
    );
    let hub = hub_from(&config, FAQ, |o| o.notify = crate::notify_outbox::quick()).await;
    let worker = hub::notify::worker::spawn(hub.state.clone());
    // Well inside the bot's own timeout (hub::bot::rasa::DEFAULT_TIMEOUT), while the bot
    // still holds its answer, Meta has its 200 and the message is in the thread.
    let answered = tokio::time::timeout(
        Duration::from_secs(2),
        post_signed(
            &hub,
            &crate::whatsapp_inbound::notification(
                PHONE_NUMBER_ID,
                "wamid.R1",
                VISITOR,
                "Do you repair zips?",
            ),
            Some(APP_SECRET),
        ),
    )
    .await
    .expect("the webhook answered without waiting for the bot");
    assert_eq!(answered.status, StatusCode::OK);
    assert_eq!(answered.body["stored"], 1);
    assert_eq!(conversations_of(&hub, VISITOR).await.len(), 1);
    // Then the bot answers, and its answer goes out on WhatsApp.
    asked.notified().await;
    gate.notify_one();
    crate::whatsapp_inbound::all_answered(&hub).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while seen.lock().unwrap().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the bot's answer was not sent"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(
        seen.lock().unwrap()[0].2["text"]["body"],
        "You're chatting with an AI assistant.\n\nOur workshop repairs zips in a week."
    );
    hub.state.begin_shutdown();
    worker.await.expect("the worker stops");
}
