//! The assistant on its own: an FAQ answer that does not hand over, a refund handed to
//! Billing, an angry visitor, and the bot unsure twice.

use crate::support;

use std::time::Duration;

use serde_json::json;
use support::poll;
use support::widget::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_about_refunds_is_answered_and_asking_for_one_hands_over() {
    // The demo's refund entry is marked `answers_first`: the widget waits for the hub.
    scenario(true, |c, hub| async move {
        let agent = Agent::sign_in(&hub).await;
        open_widget(&c).await;
        say(&c, "how long do refunds take?").await;
        let t = until_thread(&c, "the FAQ's answer", |t| {
            t.iter()
                .any(|l| l.1.starts_with("We refund within 5 working days"))
        })
        .await;
        let answer = t
            .iter()
            .find(|l| l.1.starts_with("We refund within 5 working days"))
            .unwrap();
        assert!(
            answer.1.contains("If you'd rather a person looked into it"),
            "a person is offered: {t:?}"
        );
        // Nothing hands over afterwards either: no bridge, no handoff request, an empty queue.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let t = thread(&c).await;
        assert!(bridges(&t).is_empty(), "{t:?}");
        let handoffs = handoff_requests(&c).await;
        assert_eq!(handoffs, 0);
        let queue = agent.call(reqwest::Method::GET, "queue", None).await;
        assert_eq!(queue["waiting"], json!([]), "{queue}");
        assert!(text_of(&c, "status")
            .await
            .starts_with("Ava (AI assistant) is answering"));

        // Asking for a refund to be made goes to Billing.
        say(&c, "I want a refund for order 4471").await;
        let t = until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        let b = bridges(&t);
        assert_eq!(b.len(), 1, "{t:?}");
        assert!(
            b[0].contains("Billing") && b[0].contains("order #4471"),
            "{t:?}"
        );
        assert!(
            t.last().unwrap().0 == "bridge",
            "the bridge follows the request: {t:?}"
        );
        let queue = poll(
            "the handoff in the queue",
            WAIT,
            || agent.call(reqwest::Method::GET, "queue", None),
            |q| q["waiting"].as_array().is_some_and(|w| w.len() == 1),
        )
        .await;
        assert_eq!(queue["waiting"][0]["team"], "billing", "{queue}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_angry_visitor_gets_the_frustration_bridge() {
    scenario(false, |c, _hub| async move {
        open_widget(&c).await;
        say(&c, "THIS IS RIDICULOUS, I've been waiting for days!!!").await;
        let t = until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        let b = bridges(&t);
        assert!(b[0].starts_with("I'm sorry this has been frustrating. Let me connect you with our Customer Support team right away"), "{t:?}");
        // The visitor reads the reason in the bridge's words, never a trigger's name.
        let shown = c.execute("return [document.querySelectorAll('[data-testid=why]').length, document.querySelector('[data-testid=thread]').innerText, document.querySelector('[data-triggers]').dataset.triggers]", vec![]).await.unwrap();
        assert_eq!(shown[0], 0, "{shown}");
        assert!(!shown[1].as_str().unwrap().contains("frustration"), "{shown}");
        assert!(shown[2].as_str().unwrap().contains("frustration"), "the browser's triage still says what fired: {shown}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_unsure_twice_hands_off() {
    scenario(false, |c, _hub| async move {
        open_widget(&c).await;
        // Two questions the demo FAQ answers only with low confidence.
        say(&c, "Do you have a store in Manchester?").await;
        until_thread(&c, "the first answer", |t| {
            t.iter().filter(|l| l.0 == "message").count() >= 4
        })
        .await;
        let t = thread(&c).await;
        assert!(
            bridges(&t).is_empty(),
            "one unsure answer is not enough: {t:?}"
        );
        say(&c, "Can I pay with bitcoin?").await;
        let t = until_thread(&c, "the bridge after the second unsure answer", |t| {
            !bridges(t).is_empty()
        })
        .await;
        assert!(
            bridges(&t)[0].starts_with("I don't want to guess on this one."),
            "{t:?}"
        );
        let answers = t.iter().filter(|l| l.0 == "message").count();
        assert_eq!(
            answers, 6,
            "disclosure, greeting, two questions, two answers, then the bridge: {t:?}"
        );
        assert_eq!(t.last().unwrap().0, "bridge", "{t:?}");
    })
    .await;
}
