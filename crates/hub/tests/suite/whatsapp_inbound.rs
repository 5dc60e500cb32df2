//! The WhatsApp Cloud API's webhook through the router, with posts in Meta's documented shape
//! signed with a test app secret: the handshake, refused signatures, a reference joining the
//! web conversation, a known number joining its conversation, a stranger starting one that a
//! team is asked to answer, a reference from a second number not merged, triage on the text,
//! duplicate deliveries stored once, and bad input answered with a 4xx.

use crate::api_support;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};

use api_support::*;

pub const PHONE_NUMBER_ID: &str = "106540352242922";
pub const APP_SECRET: &str = "test-app-secret";
pub const VISITOR: &str = "447700900999";

async fn whatsapp_hub() -> Hub {
    whatsapp_hub_with("", |_| {}).await
}

/// The test hub with the shop's WhatsApp Business number connected; `extra` adds keys to
/// `[sites.whatsapp_business]`.
pub async fn whatsapp_hub_with(extra: &str, tune: impl FnOnce(&mut hub::Options)) -> Hub {
    hub_from(&whatsapp_config(extra), FAQ, tune).await
}

/// The test site file with the shop's WhatsApp Business number connected.
pub fn whatsapp_config(extra: &str) -> String {
    let config = CONFIG.replacen(
        "whatsapp = \"+44 (0)7700 900123\"\n",
        &format!(
            "whatsapp = \"+44 (0)7700 900123\"\n[sites.whatsapp_business]\nphone_number_id = \"{PHONE_NUMBER_ID}\"\nverify_token = \"verify-me\"\napp_secret = \"{APP_SECRET}\"\n{extra}"
        ),
        1,
    );
    assert!(config.contains("whatsapp_business"), "CONFIG changed shape");
    config
}

/// A notification carrying one text message, as Meta sends it.
pub fn notification(phone_number_id: &str, id: &str, from: &str, text: &str) -> String {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{
            "id": "102290129340398",
            "changes": [{
                "field": "messages",
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": {"display_phone_number": "447700900123", "phone_number_id": phone_number_id},
                    "contacts": [{"profile": {"name": "Maria Lopez"}, "wa_id": from}],
                    "messages": [{"from": from, "id": id, "timestamp": "1749416383", "type": "text", "text": {"body": text}}]
                }
            }]
        }]
    })
    .to_string()
}

pub async fn post_signed(hub: &Hub, body: &str, secret: Option<&str>) -> Answer {
    let mut r =
        Request::post("/webhooks/whatsapp").header(header::CONTENT_TYPE, "application/json");
    if let Some(secret) = secret {
        r = r.header(
            "x-hub-signature-256",
            hub::whatsapp::webhook::signature(secret, body.as_bytes()),
        );
    }
    call(
        &hub.app,
        r.body(Body::from(body.to_string())).expect("request"),
    )
    .await
}

pub async fn deliver(hub: &Hub, id: &str, from: &str, text: &str) -> Answer {
    let a = post_signed(
        hub,
        &notification(PHONE_NUMBER_ID, id, from, text),
        Some(APP_SECRET),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    all_answered(hub).await;
    a
}

/// Waits until who answers every stored WhatsApp message is decided (after the webhook's
/// 200, in the background).
pub async fn all_answered(hub: &Hub) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while count(
        hub,
        "SELECT COUNT(*) FROM whatsapp_inbound WHERE answered_at IS NULL",
    )
    .await
        > 0
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "a WhatsApp message was never answered"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Maria leaves a lead with `question` in conversation `id`; its reference.
async fn leave_lead(app: &axum::Router, id: &str, token: &str, question: &str) -> String {
    let lead = json!({"name": "Maria Lopez", "email": "maria@example.com", "question": question, "consent": true});
    let a = send(
        app,
        Method::POST,
        &format!("/api/conversations/{id}/leads"),
        Some(token),
        Some(lead),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    a.body["reference"].as_str().expect("reference").to_string()
}

async fn thread(hub: &Hub, id: &str, token: &str) -> Vec<Value> {
    let a = send(
        &hub.app,
        Method::GET,
        &format!("/api/conversations/{id}/messages"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    a.body["messages"].as_array().expect("messages").clone()
}

/// The conversations linked to `from`: (id, channel, state, team).
pub async fn conversations_of(
    hub: &Hub,
    from: &str,
) -> Vec<(String, String, String, Option<String>)> {
    sqlx::query_as(
        "SELECT id, channel, state, team FROM conversations WHERE whatsapp_from = $1 ORDER BY created_at, id",
    )
    .bind(from)
    .fetch_all(&hub.sql().await)
    .await
    .expect("conversations")
}

async fn count(hub: &Hub, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&hub.sql().await)
        .await
        .expect("count")
}

#[tokio::test]
async fn the_verification_handshake_answers_only_the_sites_token() {
    let hub = whatsapp_hub().await;
    let get = |q: &str| {
        let uri = format!("/webhooks/whatsapp?{q}");
        let app = hub.app.clone();
        async move { send(&app, Method::GET, &uri, None, None).await }
    };
    let ok = get("hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=challenge-abc").await;
    assert_eq!(
        (ok.status, ok.body),
        (StatusCode::OK, json!("challenge-abc"))
    );
    for bad in [
        "hub.mode=subscribe&hub.verify_token=guess&hub.challenge=x",
        "hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=x",
        "hub.mode=subscribe&hub.challenge=x",
    ] {
        let a = get(bad).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::FORBIDDEN, "verification_failed"),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn an_unsigned_or_wrongly_signed_post_is_refused_and_stored_nowhere() {
    let hub = whatsapp_hub().await;
    let body = notification(PHONE_NUMBER_ID, "wamid.1", VISITOR, "hello");
    for secret in [None, Some("not-the-secret")] {
        let a = post_signed(&hub, &body, secret).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::UNAUTHORIZED, "bad_signature")
        );
    }
    // Signed, but the body was changed after signing.
    let mut r = Request::post("/webhooks/whatsapp").header(
        "x-hub-signature-256",
        hub::whatsapp::webhook::signature(APP_SECRET, body.as_bytes()),
    );
    r = r.header(header::CONTENT_TYPE, "application/json");
    let tampered = body.replace("hello", "send me the refund");
    let a = call(&hub.app, r.body(Body::from(tampered)).unwrap()).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        count(&hub, "SELECT COUNT(*) FROM whatsapp_inbound").await,
        0
    );
    assert_eq!(count(&hub, "SELECT COUNT(*) FROM conversations").await, 0);
}

#[tokio::test]
async fn a_reference_joins_the_web_conversation_and_the_number_keeps_it() {
    let hub = whatsapp_hub().await;
    let (id, token) = conversation(&hub.app, "shop").await;
    post_message(&hub.app, &id, &token, "1", "Where is my parcel?").await;
    let reference = leave_lead(&hub.app, &id, &token, "Parcel 4471?").await;

    // The visitor taps the wa.me link: the prefilled text carries the reference.
    let text = format!("Hi, I'm Maria. My question: Parcel 4471? (ref {reference})");
    let a = deliver(&hub, "wamid.A1", VISITOR, &text).await;
    assert_eq!(a.body["stored"], 1);
    let t = thread(&hub, &id, &token).await;
    let last = t.last().expect("a message");
    assert_eq!(last["text"], text.as_str());
    assert_eq!(last["author"], "visitor");
    assert_eq!(last["channel"], "whatsapp");
    assert!(
        t[..t.len() - 1].iter().all(|m| m.get("channel").is_none()),
        "web messages stay web: {t:?}"
    );

    // Later messages from that number join the same conversation, no reference needed.
    deliver(&hub, "wamid.A2", VISITOR, "Any news?").await;
    let t = thread(&hub, &id, &token).await;
    assert_eq!(t.last().unwrap()["text"], "Any news?");
    let linked = conversations_of(&hub, VISITOR).await;
    assert_eq!(linked.len(), 1, "{linked:?}");
    assert_eq!(linked[0].0, id);
    assert_eq!(linked[0].1, "web", "it began on the website");
}

#[tokio::test]
async fn a_stranger_starts_a_whatsapp_conversation_that_a_team_is_asked_to_answer() {
    let hub = whatsapp_hub().await;
    deliver(
        &hub,
        "wamid.S1",
        VISITOR,
        "Hello, do you deliver to Norway?",
    )
    .await;
    let linked = conversations_of(&hub, VISITOR).await;
    assert_eq!(linked.len(), 1, "{linked:?}");
    let (conv, channel, state, team) = &linked[0];
    assert_eq!((channel.as_str(), state.as_str()), ("whatsapp", "queued"));
    assert_eq!(team.as_deref(), Some("support"));
    let (trigger, package): (String, String) =
        sqlx::query_as("SELECT widget_trigger, package FROM handoffs WHERE conversation_id = $1")
            .bind(conv)
            .fetch_one(&hub.sql().await)
            .await
            .expect("a handoff");
    assert_eq!(trigger, "human_request");
    let package: Value = serde_json::from_str(&package).unwrap();
    assert_eq!(package["fields"]["phone"], format!("+{VISITOR}"));
    assert_eq!(package["fields"]["name"], "Maria Lopez");
    assert_eq!(
        package["transcript"][0]["text"],
        "Hello, do you deliver to Norway?"
    );
    // The next message joins it and does not hand off again.
    deliver(&hub, "wamid.S2", VISITOR, "It's for a tent.").await;
    assert_eq!(conversations_of(&hub, VISITOR).await.len(), 1);
    assert_eq!(count(&hub, "SELECT COUNT(*) FROM handoffs").await, 1);
}

#[tokio::test]
async fn triage_runs_on_what_arrives_by_whatsapp() {
    let hub = whatsapp_hub().await;
    deliver(
        &hub,
        "wamid.T1",
        VISITOR,
        "I want a refund, you charged me twice",
    )
    .await;
    let linked = conversations_of(&hub, VISITOR).await;
    let (hub_trigger, urgency): (Option<String>, i64) =
        sqlx::query_as("SELECT hub_trigger, urgency FROM handoffs WHERE conversation_id = $1")
            .bind(&linked[0].0)
            .fetch_one(&hub.sql().await)
            .await
            .expect("a handoff");
    assert_eq!(
        hub_trigger.as_deref(),
        Some("high_risk"),
        "the refund is seen"
    );
    assert!(urgency > 0, "a refund is urgent: {urgency}");
}

#[tokio::test]
async fn a_reference_quoted_from_a_second_number_is_not_merged() {
    let hub = whatsapp_hub().await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let reference = leave_lead(&hub.app, &id, &token, "Parcel?").await;
    deliver(&hub, "wamid.M1", VISITOR, &format!("(ref {reference})")).await;
    let other = "447700900111";
    deliver(&hub, "wamid.M2", other, &format!("hi, ref {reference}")).await;
    let theirs = conversations_of(&hub, other).await;
    assert_eq!(theirs.len(), 1);
    assert_ne!(theirs[0].0, id, "not merged into Maria's conversation");
    let notices: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM messages WHERE conversation_id = $1 AND author = 'system'",
    )
    .bind(&theirs[0].0)
    .fetch_all(&hub.sql().await)
    .await
    .unwrap();
    assert!(
        notices.iter().any(|n| n.contains(&reference)),
        "{notices:?}"
    );
    assert_eq!(
        thread(&hub, &id, &token)
            .await
            .iter()
            .filter(|m| m["channel"] == "whatsapp")
            .count(),
        1,
        "Maria's thread has only her own WhatsApp message"
    );
}

#[tokio::test]
async fn a_message_its_hub_stopped_before_answering_is_answered_by_a_worker_later() {
    let hub = whatsapp_hub().await;
    // Stored, and the hub stopped before deciding who answers: what the webhook commits
    // before its 200, and nothing after.
    let stored = hub
        .state
        .db
        .whatsapp_receive(&hub::db::whatsapp::InboundNew {
            site: "shop",
            message_id: "wamid.L1",
            from: VISITOR,
            name: Some("Maria Lopez"),
            text: "Hello, is my order on its way?",
            reference: None,
            new_token_hash: "unused",
        })
        .await
        .expect("stored");
    assert!(matches!(stored, hub::db::whatsapp::Receipt::Stored(_)));
    let client = reqwest::Client::new();
    // A claim still fresh is another hub's work in progress: left alone.
    hub::notify::worker::run_once(&hub.state, &client)
        .await
        .expect("a cycle");
    assert_eq!(conversations_of(&hub, VISITOR).await[0].2, "bot");
    // Once the claim is older than the lease, any hub's worker takes it on.
    sqlx::query("UPDATE whatsapp_inbound SET claimed_at = '2026-01-01T00:00:00.000Z'")
        .execute(&hub.sql().await)
        .await
        .unwrap();
    hub::notify::worker::run_once(&hub.state, &client)
        .await
        .expect("a cycle");
    let (conv, _, state, team) = conversations_of(&hub, VISITOR).await[0].clone();
    assert_eq!(
        (state.as_str(), team.as_deref()),
        ("queued", Some("support"))
    );
    let package: String =
        sqlx::query_scalar("SELECT package FROM handoffs WHERE conversation_id = $1")
            .bind(&conv)
            .fetch_one(&hub.sql().await)
            .await
            .expect("a handoff");
    let package: Value = serde_json::from_str(&package).unwrap();
    assert_eq!(package["fields"]["name"], "Maria Lopez");
    assert_eq!(package["fields"]["phone"], format!("+{VISITOR}"));
    assert_eq!(
        count(
            &hub,
            "SELECT COUNT(*) FROM whatsapp_inbound WHERE answered_at IS NULL"
        )
        .await,
        0
    );
    // Taken once: another cycle hands nothing over again.
    hub::notify::worker::run_once(&hub.state, &client)
        .await
        .expect("a cycle");
    assert_eq!(count(&hub, "SELECT COUNT(*) FROM handoffs").await, 1);
}

#[tokio::test]
async fn a_delivery_repeated_by_meta_is_stored_once() {
    let hub = whatsapp_hub().await;
    let body = notification(PHONE_NUMBER_ID, "wamid.D1", VISITOR, "Is this in stock?");
    let first = post_signed(&hub, &body, Some(APP_SECRET)).await;
    assert_eq!(first.body["stored"], 1);
    // A retry, and three more at once.
    let again = post_signed(&hub, &body, Some(APP_SECRET)).await;
    assert_eq!(
        (again.status, again.body["duplicates"].clone()),
        (StatusCode::OK, json!(1))
    );
    let racing =
        futures_util::future::join_all((0..3).map(|_| post_signed(&hub, &body, Some(APP_SECRET))))
            .await;
    assert!(racing.iter().all(|a| a.status == StatusCode::OK));
    assert_eq!(
        count(
            &hub,
            "SELECT COUNT(*) FROM messages WHERE body = 'Is this in stock?'"
        )
        .await,
        1
    );
    assert_eq!(conversations_of(&hub, VISITOR).await.len(), 1);
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_and_never_a_5xx() {
    let hub = whatsapp_hub().await;
    for (body, status, code) in [
        ("not json", StatusCode::BAD_REQUEST, "not_a_notification"),
        (
            r#"{"object": "page", "entry": []}"#,
            StatusCode::BAD_REQUEST,
            "not_a_notification",
        ),
        (
            r#"{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {"messages": 7}}]}]}"#,
            StatusCode::BAD_REQUEST,
            "not_a_notification",
        ),
    ] {
        let a = post_signed(&hub, body, Some(APP_SECRET)).await;
        assert_eq!((a.status, a.code()), (status, code), "{body}");
    }
    // A number no site has: acknowledged (Meta would retry otherwise), logged, ignored.
    let a = post_signed(
        &hub,
        &notification("999", "wamid.X", VISITOR, "hi"),
        Some(APP_SECRET),
    )
    .await;
    assert_eq!(
        (a.status, a.body["ignored"].clone()),
        (StatusCode::OK, json!(1))
    );
    // A huge body is refused before anything is read.
    let huge = notification(
        PHONE_NUMBER_ID,
        "wamid.H",
        VISITOR,
        &"x".repeat(2 * 1024 * 1024),
    );
    let a = post_signed(&hub, &huge, Some(APP_SECRET)).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        count(&hub, "SELECT COUNT(*) FROM whatsapp_inbound").await,
        0
    );
}

#[tokio::test]
async fn metrics_count_conversations_by_the_channel_they_began_on() {
    let hub = whatsapp_hub().await;
    // One begun on the website that continues on WhatsApp (where its message goes to a
    // person), one begun on WhatsApp.
    let (id, token) = conversation(&hub.app, "shop").await;
    post_message(&hub.app, &id, &token, "1", "Where is my parcel?").await;
    let reference = leave_lead(&hub.app, &id, &token, "Parcel?").await;
    deliver(&hub, "wamid.C1", VISITOR, &format!("(ref {reference})")).await;
    deliver(
        &hub,
        "wamid.C2",
        "447700900222",
        "Do you deliver to Norway?",
    )
    .await;

    crate::console_support::agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = crate::console_support::login(&hub.app, "sam@example.com").await;
    let a = crate::console_support::console(
        &hub.app,
        Method::GET,
        "/console/api/metrics?site=shop&days=7",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(
        a.body["by_channel"],
        json!([
            {"channel": "web", "conversations": 1, "handed_off": 1},
            {"channel": "whatsapp", "conversations": 1, "handed_off": 1}
        ])
    );
    assert_eq!(a.body["continued_on_whatsapp"], 1);
}
