//! Informational questions on a topic that goes to a person: an FAQ entry marked
//! `answers_first` answers "how long do refunds take?" with a person offered beside it,
//! while "I want a refund for order 4471" still hands over to Billing.

use crate::api_support;

use api_support::*;
use axum::http::{Method, StatusCode};
use hub::bot::{offer, Lang};

const FAQ: &str = r#"
[[entries]]
question = "How long do refunds take?"
alternatives = ["When will I get my money back?"]
answers_first = true
answer = "We refund within 5 working days of receiving your return."
[entries.translations.es]
question = "¿Cuánto tardan los reembolsos?"
answer = "Reembolsamos en 5 días laborables."

[[entries]]
question = "Can I cancel my order?"
alternatives = ["How do I cancel my order?"]
answer = "Ask a person straight away with your order number."

[[entries]]
question = "How long does delivery take?"
answer = "UK orders arrive in 2 to 3 working days."
"#;

async fn bot_messages(hub: &Hub, id: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE conversation_id = $1 AND author = 'bot' AND kind = 'chat'")
        .bind(id)
        .fetch_one(&hub.sql().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_informational_question_gets_the_answer_with_a_person_offered() {
    let hub = hub_with_faq(FAQ, |_| {}).await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let a = post_message(&hub.app, &id, &token, "q1", "how long do refunds take?").await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    let text = a.body["reply"]["text"].as_str().unwrap_or_default();
    assert!(
        text.starts_with("We refund within 5 working days"),
        "{:?}",
        a.body
    );
    assert!(text.ends_with(offer(Lang::En)), "{text:?}");
    assert!(a.body["reply"]["confidence"].as_f64().unwrap() >= 0.45);
    // The hub does not escalate, but says the topic came up and why.
    assert_eq!(
        a.body["triage"]["escalate"], false,
        "{:?}",
        a.body["triage"]
    );
    assert!(a.body["triage"]["trigger"].is_null());
    assert!(a.body["triage"]["route"].is_null());
    assert_eq!(
        a.body["triage"]["triggers"],
        serde_json::json!(["high_risk"])
    );
    assert!(!a.body["triage"]["reasons"].as_array().unwrap().is_empty());
    assert_eq!(bot_messages(&hub, &id).await, 1);
    // The stored reply carries the same triage, for the console and replays.
    let stored: String = sqlx::query_scalar("SELECT triage FROM messages WHERE conversation_id = $1 AND author = 'bot' AND kind = 'chat'")
        .bind(&id)
        .fetch_one(&hub.sql().await)
        .await
        .unwrap();
    assert!(stored.contains("\"escalate\":false"), "{stored}");

    // Asking for it after all hands over to Billing.
    let a = post_message(
        &hub.app,
        &id,
        &token,
        "q2",
        "I want a refund for order 4471",
    )
    .await;
    assert!(a.body["reply"].is_null(), "{:?}", a.body);
    assert_eq!(
        (
            a.body["triage"]["escalate"].as_bool(),
            a.body["triage"]["route"].as_str()
        ),
        (Some(true), Some("billing"))
    );
}

#[tokio::test]
async fn the_widget_is_told_to_wait_for_the_hub_on_a_topic_only_turn() {
    let hub = hub_with_faq(FAQ, |_| {}).await;
    let a = send(
        &hub.app,
        Method::GET,
        "/api/sites/shop/widget-config",
        None,
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(a.body["answers_first"], true);
}

#[tokio::test]
async fn asking_for_the_action_still_hands_over() {
    let hub = hub_with_faq(FAQ, |_| {}).await;
    for (n, text) in [
        "I want a refund for order 4471",
        "I want a refund",
        "please refund my order",
        "refund me now",
    ]
    .iter()
    .enumerate()
    {
        let (id, token) = conversation(&hub.app, "shop").await;
        let a = post_message(&hub.app, &id, &token, &format!("a{n}"), text).await;
        assert!(a.body["reply"].is_null(), "{text:?}: {:?}", a.body);
        assert_eq!(a.body["triage"]["escalate"], true, "{text:?}: {:?}", a.body);
        assert_eq!(a.body["triage"]["trigger"], "high_risk", "{text:?}");
        assert_eq!(a.body["triage"]["route"], "billing", "{text:?}");
        assert_eq!(bot_messages(&hub, &id).await, 0, "{text:?}");
    }
}

#[tokio::test]
async fn an_entry_not_marked_answers_first_still_hands_over() {
    let hub = hub_with_faq(FAQ, |_| {}).await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let a = post_message(&hub.app, &id, &token, "c1", "how do I cancel my order?").await;
    assert!(a.body["reply"].is_null(), "{:?}", a.body);
    assert_eq!(a.body["triage"]["escalate"], true);
    assert_eq!(a.body["triage"]["trigger"], "high_risk");
}

#[tokio::test]
async fn a_person_asked_for_or_frustration_wins_over_answering_first() {
    let hub = hub_with_faq(FAQ, |_| {}).await;
    for (n, (text, trigger)) in [
        (
            "how long do refunds take? I want to talk to a person",
            "human_request",
        ),
        (
            "HOW LONG DO REFUNDS TAKE?? this is ridiculous!!!",
            "frustration",
        ),
    ]
    .iter()
    .enumerate()
    {
        let (id, token) = conversation(&hub.app, "shop").await;
        let a = post_message(&hub.app, &id, &token, &format!("f{n}"), text).await;
        assert!(a.body["reply"].is_null(), "{text:?}: {:?}", a.body);
        assert_eq!(a.body["triage"]["escalate"], true, "{text:?}");
        let fired: Vec<&str> = a.body["triage"]["triggers"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t.as_str())
            .collect();
        assert!(fired.contains(trigger), "{text:?}: {fired:?}");
    }
}

#[tokio::test]
async fn answered_first_in_the_visitors_language() {
    let hub = hub_with_faq(FAQ, |_| {}).await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let a = post_message(
        &hub.app,
        &id,
        &token,
        "s1",
        "¿Cuánto tardan los reembolsos?",
    )
    .await;
    let text = a.body["reply"]["text"].as_str().unwrap_or_default();
    assert!(
        text.starts_with("Reembolsamos en 5 días laborables."),
        "{:?}",
        a.body
    );
    assert_eq!(
        a.body["triage"]["escalate"], false,
        "{:?}",
        a.body["triage"]
    );
}

#[tokio::test]
async fn a_language_the_faq_does_not_speak_is_said_and_a_person_offered() {
    let hub = hub_with_faq(FAQ, |_| {}).await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let a = post_message(
        &hub.app,
        &id,
        &token,
        "n1",
        "Hoe lang duurt de levering naar Amsterdam?",
    )
    .await;
    assert_eq!(
        a.body["reply"]["text"],
        hub::bot::no_language(Lang::Nl),
        "{:?}",
        a.body
    );
    assert!(a.body["reply"]["confidence"].is_null());
    // No answer at all: the hub's triage hands over (out of scope), as the widget's does.
    assert_eq!(a.body["triage"]["escalate"], true, "{:?}", a.body["triage"]);
}

#[tokio::test]
async fn a_question_whose_words_tell_no_language_is_read_in_the_widgets() {
    let hub = hub_with_faq(FAQ, |_| {}).await;
    let (id, token) = conversation(&hub.app, "shop").await;
    // "reembolsos?" alone: with the widget in Spanish, the Spanish entry answers in Spanish.
    let a = send(
        &hub.app,
        Method::POST,
        &format!("/api/conversations/{id}/messages"),
        Some(&token),
        Some(serde_json::json!({"client_id": "q1", "text": "¿reembolsos?", "locale": "es-ES"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    let text = a.body["reply"]["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("Reembolsamos en 5 días"), "{:?}", a.body);
    assert!(text.ends_with(offer(Lang::Es)), "{text:?}");
    // Without the widget's language it is read as the file's own, English, and is not found.
    let (id, token) = conversation(&hub.app, "shop").await;
    let a = post_message(&hub.app, &id, &token, "q1", "¿reembolsos?").await;
    let text = a.body["reply"]["text"].as_str().unwrap_or_default();
    assert!(!text.starts_with("Reembolsamos"), "{:?}", a.body);
}
