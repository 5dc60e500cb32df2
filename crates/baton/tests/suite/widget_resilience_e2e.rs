//! The widget when connections fail, end to end: the real `baton serve` (stopped the hard way
//! and started again on the same address with the same data), the owner's host page and
//! headless Chromium, as in `widget_e2e/`, whose helpers live in `support::widget`.
//!
//! One hub and one browser for the whole file, in one story: two tabs of the host page share
//! the conversation; the hub goes down and comes back while the agent writes, and the widget
//! resumes the stream with nothing missing and nothing twice; the hub goes down again while
//! the visitor writes, and the message is shown as not sent, WhatsApp is offered with the
//! context, and the message goes once the hub is back.
//!
//! Needs the release widget in `dist/` (`scripts/build-widget`), `chromium` and
//! `chromedriver` (`scripts/setup`).

use crate::support;

use fantoccini::Client;
use serde_json::Value;
use support::poll;
use support::widget::*;

/// The texts of the thread's lines, in order.
fn texts(t: &[(String, String, Option<String>)]) -> Vec<&str> {
    t.iter().map(|l| l.1.as_str()).collect()
}

/// Each of `wanted` appears exactly once in the thread, in this order, and nothing else
/// appears more than once.
fn once_in_order(t: &[(String, String, Option<String>)], wanted: &[&str]) {
    let all = texts(t);
    for (i, text) in all.iter().enumerate() {
        assert!(
            !all[i + 1..].contains(text),
            "shown twice: {text:?} in {all:#?}"
        );
    }
    let at: Vec<usize> = wanted
        .iter()
        .map(|w| {
            all.iter()
                .position(|t| t == w)
                .unwrap_or_else(|| panic!("missing: {w:?} in {all:#?}"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "out of order: {wanted:?} in {all:#?}"
    );
}

/// The `data-delivery` of the visitor's line with `text`.
async fn delivery(c: &Client, text: &str) -> Value {
    c.execute(
        "return [...document.querySelectorAll('[data-testid=thread] > li:not(.baton-away-item)')].filter((li) => li.querySelector('p').textContent === arguments[0]).map((li) => li.dataset.delivery)",
        vec![Value::from(text)],
    )
    .await
    .unwrap_or(Value::Null)
}

/// `performance.now()` in the widget's frame.
async fn now(c: &Client) -> f64 {
    c.execute("return performance.now()", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap()
}

/// The widget's stream requests started after `since` (recorded by `INSTRUMENTS`).
async fn streams_since(c: &Client, since: f64) -> Value {
    c.execute(
        "return window.__net.filter((r) => r.url.endsWith('/stream') && r.start > arguments[0])",
        vec![Value::from(since)],
    )
    .await
    .unwrap_or(Value::Null)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_share_a_conversation_and_hub_restarts_lose_and_repeat_nothing() {
    let world = start(true, "--window-size=1280,800").await;
    let c = world.c.clone();
    let outcome = tokio::spawn(story(world)).await;
    drop(c.close().await);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

async fn story(mut world: World) {
    let c = world.c.clone();
    let agent = Agent::sign_in(&world.hub).await;
    agent.online().await;

    // (c) Two tabs of the host page, both open before the conversation exists.
    open_widget(&c).await;
    let first = c.window().await.unwrap();
    let second = c.new_window(true).await.unwrap().handle;
    c.switch_to_window(second.clone()).await.unwrap();
    support::widget::instrument(&c).await;
    c.goto(&format!("{}/", world.host)).await.unwrap();
    open_widget(&c).await;
    c.switch_to_window(first.clone()).await.unwrap();
    open_widget(&c).await;
    say(&c, "Can I talk to a real person about order 4471?").await;
    until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
    c.switch_to_window(second.clone()).await.unwrap();
    open_widget(&c).await;
    let other = until_thread(&c, "the message in the other tab", |t| {
        t.iter()
            .any(|l| l.1 == "Can I talk to a real person about order 4471?")
    })
    .await;
    once_in_order(&other, &["Can I talk to a real person about order 4471?"]);
    c.close_window().await.unwrap();
    c.switch_to_window(first).await.unwrap();
    open_widget(&c).await;

    let id = agent
        .claim_and_reply("Hi, I'm Maria. Let me look at 4471.")
        .await;
    until_thread(&c, "the agent's first reply", |t| {
        t.iter()
            .any(|l| l.1 == "Hi, I'm Maria. Let me look at 4471.")
    })
    .await;

    // (a) The hub stops; while the widget waits to reconnect, it starts again and Maria
    // writes before the widget is back: the message arrives through the resumed stream, once.
    let down = now(&c).await;
    world.stop_hub();
    // Two reconnections have failed: the next waits at least a second (backoff).
    poll(
        "two failed reconnections",
        WAIT,
        || streams_since(&c, down),
        |v| {
            v.as_array()
                .is_some_and(|a| a.iter().filter(|e| !e["end"].is_null()).count() >= 2)
        },
    )
    .await;
    world.restart_hub();
    let written = now(&c).await;
    agent
        .call(
            reqwest::Method::POST,
            &format!("conversations/{id}/messages"),
            Some(serde_json::json!({"text": "Found it: it left our warehouse today."})),
        )
        .await;
    until_thread(&c, "the reply written while the widget was away", |t| {
        t.iter()
            .any(|l| l.1 == "Found it: it left our warehouse today.")
    })
    .await;
    let resumed = streams_since(&c, written).await;
    assert!(
        resumed.as_array().is_some_and(|a| !a.is_empty()),
        "the widget reconnected after the reply was written, so it came from the resumed backlog"
    );
    agent
        .call(
            reqwest::Method::POST,
            &format!("conversations/{id}/messages"),
            Some(serde_json::json!({"text": "Anything else?"})),
        )
        .await;
    let t = until_thread(&c, "a live reply after the reconnection", |t| {
        t.iter().any(|l| l.1 == "Anything else?")
    })
    .await;
    once_in_order(
        &t,
        &[
            "Can I talk to a real person about order 4471?",
            "Hi, I'm Maria. Let me look at 4471.",
            "Found it: it left our warehouse today.",
            "Anything else?",
        ],
    );

    // (b, d) The hub stops again and the visitor writes: not sent, said so, and WhatsApp is
    // offered with what they asked.
    world.stop_hub();
    say(&c, "When will it arrive?").await;
    poll(
        "the message shown as not sent",
        WAIT,
        || delivery(&c, "When will it arrive?"),
        |v| *v == serde_json::json!(["failed"]),
    )
    .await;
    assert_eq!(text_of(&c, "failed").await, "Not sent");
    let href = poll(
        "the WhatsApp fallback",
        WAIT,
        || async { c.execute("const a = document.querySelector('[data-testid=whatsapp-fallback]'); return a ? a.href : null", vec![]).await.unwrap_or(Value::Null) },
        |v| v.is_string(),
    )
    .await;
    let url = url::Url::parse(href.as_str().unwrap()).unwrap();
    assert_eq!(
        (url.host_str(), url.path()),
        (Some("wa.me"), "/447700900123"),
        "{url}"
    );
    let text = url
        .query_pairs()
        .find(|(k, _)| k == "text")
        .map(|(_, v)| v.into_owned())
        .expect("a prefilled text");
    assert_eq!(text, "Hi. Order #4471. My question: When will it arrive?");

    // The hub is back: the message goes by itself, once, and the fallback goes away.
    world.restart_hub();
    poll(
        "the message sent once the hub is back",
        WAIT,
        || delivery(&c, "When will it arrive?"),
        |v| *v == serde_json::json!(["sent"]),
    )
    .await;
    poll(
        "the fallback to go",
        WAIT,
        || async {
            c.execute(
                "return !!document.querySelector('[data-testid=whatsapp-fallback]')",
                vec![],
            )
            .await
            .unwrap_or(Value::Null)
        },
        |v| *v == false,
    )
    .await;
    let conversation = agent
        .call(reqwest::Method::GET, &format!("conversations/{id}"), None)
        .await;
    let stored: Vec<&str> = conversation["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["text"].as_str())
        .collect();
    assert_eq!(
        stored
            .iter()
            .filter(|t| **t == "When will it arrive?")
            .count(),
        1,
        "stored once: {stored:#?}"
    );
    let t = thread(&c).await;
    once_in_order(
        &t,
        &[
            "Hi, I'm Maria. Let me look at 4471.",
            "Found it: it left our warehouse today.",
            "Anything else?",
            "When will it arrive?",
        ],
    );
}
