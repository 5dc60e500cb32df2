//! The widget on the host's pages: their focus and typing left alone, the panel open or
//! closed across reloads and pages, and the launcher where the theme puts it.

use crate::support;

use std::time::Duration;

use fantoccini::Client;
use serde_json::{json, Value};
use support::poll;
use support::widget::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widget_loading_leaves_the_host_pages_focus_and_typing_alone() {
    scenario(false, |c, _hub| async move {
        // A visitor who has chatted before, closed the panel and went on to another page.
        open_widget(&c).await;
        say(&c, "How much does delivery cost?").await;
        until_thread(&c, "the answer", |t| t.iter().any(|l| l.1.starts_with("UK standard delivery is"))).await;
        c.enter_parent_frame().await.unwrap();
        c.execute("Baton('close')", vec![]).await.unwrap();
        let search = c.current_url().await.unwrap().join("/search").unwrap();
        c.goto(search.as_str()).await.unwrap();
        let field = c.find(fantoccini::Locator::Css("#q")).await.expect("the shop's search field");
        c.execute("window.__ready = false; Baton('on', 'ready', () => { window.__ready = true; })", vec![]).await.unwrap();
        field.send_keys("waterproof").await.unwrap();
        // With a conversation, the frame loads when the page is idle (for the unread count);
        // the widget says it is ready once drawn.
        poll("the widget to load and say it is ready", WAIT, || async { c.execute("return window.__ready", vec![]).await.unwrap() }, |v| v == true).await;
        // All the loader keeps in the shop's own storage: that there is a conversation.
        let kept = c.execute("return [Object.entries(localStorage), Object.entries(sessionStorage)]", vec![]).await.unwrap();
        assert_eq!(kept, json!([[["baton:demo", "1"]], []]));
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Keys go wherever the caret is now, as a person's typing does (not to an element).
        type_keys(&c, " boots").await;
        let state = c.execute("return [document.activeElement && document.activeElement.id, document.querySelector('#q').value]", vec![]).await.unwrap();
        assert_eq!(state, json!(["q", "waterproof boots"]), "the caret stays in the shop's field");
        // Tab goes on through the shop's own page, not into the closed chat.
        type_keys(&c, "\u{E004}").await;
        let next = c.execute("return document.activeElement && document.activeElement.textContent", vec![]).await.unwrap();
        assert_eq!(next, "Home");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_or_another_page_brings_the_panel_back_open_or_closed_as_it_was() {
    scenario(false, |c, _hub| async move {
        const SHOWN: &str = "const f = window.__roots[0] && window.__roots[0].querySelector('iframe:not([hidden])'); \
            return [f ? f.style.visibility : 'none', window.__roots[0].querySelector('button').getAttribute('aria-expanded')]";
        open_widget(&c).await;
        say(&c, "How much does delivery cost?").await;
        until_thread(&c, "the answer", |t| t.iter().any(|l| l.1.starts_with("UK standard delivery is"))).await;
        c.enter_parent_frame().await.unwrap();
        c.refresh().await.expect("reload the host page");
        poll("the panel to open again by itself", WAIT, || async { c.execute(SHOWN, vec![]).await.unwrap_or(Value::Null) }, |v| *v == json!(["visible", "true"])).await;
        assert_ne!(c.execute("return document.activeElement && document.activeElement.tagName", vec![]).await.unwrap(), "DIV", "reopened without taking the page's focus");
        // On to another page of the shop: the chat is open there too, the conversation in it.
        let search = c.current_url().await.unwrap().join("/search").unwrap();
        c.goto(search.as_str()).await.unwrap();
        poll("the panel open on the next page", WAIT, || async { c.execute(SHOWN, vec![]).await.unwrap_or(Value::Null) }, |v| *v == json!(["visible", "true"])).await;
        open_widget(&c).await;
        until_thread(&c, "the conversation on the next page", |t| t.iter().any(|l| l.1 == "How much does delivery cost?")).await;
        c.enter_parent_frame().await.unwrap();
        // Closed by the visitor: a reload keeps it closed.
        c.execute("Baton('close')", vec![]).await.unwrap();
        c.refresh().await.expect("reload the host page");
        c.execute("window.__ready = false; Baton('on', 'ready', () => { window.__ready = true; })", vec![]).await.unwrap();
        poll("the widget to load", WAIT, || async { c.execute("return window.__ready", vec![]).await.unwrap() }, |v| v == true).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(c.execute(SHOWN, vec![]).await.unwrap(), json!(["hidden", "false"]));
    })
    .await;
}

/// Presses and releases each key in turn on whatever has the focus.
async fn type_keys(c: &Client, keys: &str) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".into());
    for value in keys.chars() {
        actions = actions
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
    }
    c.perform_actions(actions).await.expect("type");
}

/// Where the launcher is: `[side, pixels from that side, pixels from the bottom]`.
const LAUNCHER: &str = "const r = window.__roots[0] && window.__roots[0].querySelector('button').getBoundingClientRect(); \
    if (!r) return null; const left = r.left < innerWidth / 2; \
    return [left ? 'left' : 'right', Math.round(left ? r.left : innerWidth - r.right), Math.round(innerHeight - r.bottom)]";

async fn launcher_at(c: &Client, what: &str, at: Value) {
    poll(
        what,
        WAIT,
        || async { c.execute(LAUNCHER, vec![]).await.unwrap_or(Value::Null) },
        |v| *v == at,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_keeps_the_conversation() {
    scenario(false, |c, _hub| async move {
        // The site's theme places the launcher: bottom-left, 32 px in, 40 px up.
        poll(
            "the launcher",
            WAIT,
            || async { c.execute(LAUNCHER, vec![]).await.unwrap_or(Value::Null) },
            |v| !v.is_null(),
        )
        .await;
        launcher_at(
            &c,
            "the launcher where the site's theme puts it",
            json!(["left", 32, 40]),
        )
        .await;
        open_widget(&c).await;
        say(&c, "How long does delivery take?").await;
        let before = until_thread(&c, "the bot's answer", |t| {
            t.iter().any(|l| l.1.starts_with("Standard UK delivery"))
        })
        .await;
        c.enter_parent_frame().await.unwrap();
        c.refresh().await.expect("reload the host page");
        open_widget(&c).await;
        let after = until_thread(&c, "the thread after the reload", |t| {
            t.iter().any(|l| l.1.starts_with("Standard UK delivery"))
        })
        .await;
        assert_eq!(after, before, "the same thread, once");

        // Data attributes still win over the site's theme, one by one.
        c.enter_parent_frame().await.unwrap();
        let placed = c.current_url().await.unwrap().join("/placed").unwrap();
        c.goto(placed.as_str()).await.unwrap();
        launcher_at(
            &c,
            "the launcher where the data attributes put it",
            json!(["right", 32, 60]),
        )
        .await;
    })
    .await;
}
