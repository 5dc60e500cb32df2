//! The loader against a stand-in widget: only well-formed messages from the hub's iframe
//! count, in the documented schema, in both directions.

use std::time::{Duration, Instant};

use fantoccini::elements::{Element, ElementRef};
use fantoccini::Client;
use serde_json::{json, Value};

use super::{assert_violations_none, num, open_host_page, until, with_browser};

/// A stand-in widget speaking the loader's schema (docs/embed.md), so the loader's side is
/// tested whatever state the real widget is in. It records what the loader sends in its
/// title, sends ill-typed and unknown messages first, then a valid sequence.
const FAKE_WIDGET: &str = r##"<!doctype html><title>[]</title><script>
const host = new URLSearchParams(location.search).get("host");
const seen = [];
const post = (m) => parent.postMessage(m, host);
addEventListener("message", (e) => {
  if (e.source !== parent || e.origin !== host) return;
  seen.push(e.data);
  document.title = JSON.stringify(seen);
  if (e.data.type === "baton:identify") post({ type: "baton:message", author: "visitor", text: "hi " + e.data.name });
  if (e.data.type === "baton:open" && seen.filter((m) => m.type === "baton:open").length === 2) post({ type: "baton:close" });
});
post({ type: "baton:unread", count: "7" });
post({ type: "baton:unread", count: -1 });
post({ type: "baton:handoff", team: 5 });
post({ type: "baton:evil", html: "<img src=x>" });
post("baton:close");
post({ type: "baton:ready", theme: { accent: "#ffcc00", position: "left", offsetX: 30, label: { html: "<b>" } } });
post({ type: "baton:unread", count: 2 });
post({ type: "baton:handoff", team: "billing" });
</script>"##;

/// What the page's handlers saw, in order.
async fn events(c: &Client) -> Vec<Value> {
    c.execute("return window.__events || []", vec![])
        .await
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn run_schema(c: Client, hub: String, host: String) {
    let s = open_host_page(
        &c,
        &hub,
        &host,
        "/plain",
        Some(
            r#"
        window.Baton = window.Baton || function () { (Baton.q = Baton.q || []).push(arguments); };
        window.__events = [];
        for (const name of ["ready", "open", "close", "message", "handoff"]) {
          Baton("on", name, function (detail) { window.__events.push([name, detail === undefined ? null : detail]); });
        }
        Baton("on", "nonsense", function () { window.__events.push(["nonsense"]); });
        Baton("identify", { name: "Maria", email: 5, phone: "+44 7700 900123", admin: true });
        const tag = document.createElement("script");
        tag.src = arguments[0] + "/baton.js";
        tag.dataset.site = "demo";
        document.body.appendChild(tag);
        "#,
        ),
    )
    .await;

    // The launcher is drawn once, in the site's theme from the embed check (the demo's
    // forest green, bottom right, 24 px in), with no widget frame yet: it loads when the
    // visitor reaches for the launcher.
    assert_eq!(s["button"]["bg"], "rgb(47, 107, 79)", "{s:#}");
    assert_eq!(
        s["button"]["color"], "rgb(255, 255, 255)",
        "light text on a dark accent: {s:#}"
    );
    assert!(
        (num(&s["cw"]) - num(&s["button"]["x"]) - num(&s["button"]["w"]) - 24.0).abs() < 1.0,
        "right, 24 px in: {s:#}"
    );
    assert!(s["src"].is_null(), "no widget before any intent: {s:#}");
    let icon = c
        .execute(
            "return window.__roots[0].querySelector('button path').getAttribute('d')",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(icon, hub::icons::BUILT_IN[1].1, "the demo's icon, \"dots\"");
    // Messages from anyone but the iframe at the hub's origin are ignored, even well-formed.
    c.execute(
        "window.postMessage({ type: 'baton:unread', count: 99 }, '*')",
        vec![],
    )
    .await
    .unwrap();

    // Focus on the launcher frames the stand-in; the theme in its ready changes nothing.
    c.execute("window.__roots[0].querySelector('button').focus()", vec![])
        .await
        .unwrap();
    let s = until(&c, "the stand-in's unread count", |v| {
        v["label"] == "Chat with us (2)"
    })
    .await;
    assert_eq!(s["button"]["bg"], "rgb(47, 107, 79)", "{s:#}");
    assert_eq!(
        s["label"], "Chat with us (2)",
        "the badge count is announced: {s:#}"
    );
    let title = c.execute("return document.title", vec![]).await.unwrap();
    assert!(
        title
            .as_str()
            .is_some_and(|t| t.starts_with("(2) ") && !t.starts_with("(2) (")),
        "the unread count starts the tab's title, once: {title}"
    );
    let started = Instant::now();
    let mut seen = events(&c).await;
    while seen.len() < 3 && started.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        seen = events(&c).await;
    }
    assert_eq!(
        seen,
        vec![
            json!(["ready", null]),
            json!(["handoff", {"team": "billing"}]),
            json!(["message", {"author": "visitor", "text": "hi Maria"}]),
        ],
        "only valid messages count, in order; identify was queued until ready"
    );

    // What the widget received: identify with the string fields only, then (after opening)
    // baton:open. Its title holds the list.
    c.execute("Baton('open')", vec![]).await.unwrap();
    until(&c, "the panel to open", |v| {
        v["frame"]["visibility"] == "visible"
    })
    .await;
    let frame = c
        .execute(
            "return window.__roots[0].querySelector('iframe:not([hidden])')",
            vec![],
        )
        .await
        .unwrap();
    let id = frame
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)
        .expect("the iframe");
    Element::from_element_id(c.clone(), ElementRef::from(id.to_string()))
        .enter_frame()
        .await
        .expect("enter the widget");
    let got: Value = serde_json::from_str(
        c.execute("return document.title", vec![])
            .await
            .unwrap()
            .as_str()
            .unwrap(),
    )
    .unwrap();
    c.enter_parent_frame().await.unwrap();
    assert_eq!(
        got,
        json!([{"type": "baton:identify", "name": "Maria", "phone": "+44 7700 900123"}, {"type": "baton:open"}]),
        "what the loader sent"
    );

    // The stand-in answers a second open with baton:close, as the real widget does on
    // Escape: the panel hides and focus comes back to the launcher.
    c.execute("Baton('close'); Baton('open')", vec![])
        .await
        .unwrap();
    until(&c, "the widget's close", |v| {
        v["frame"]["visibility"] == "hidden" && v["expanded"] == "false"
    })
    .await;
    let focus = c
        .execute("const r = window.__roots[0]; return [document.activeElement === r.host, r.activeElement === r.querySelector('button')]", vec![])
        .await
        .unwrap();
    assert_eq!(focus, json!([true, true]), "focus returns to the launcher");
    let names: Vec<Value> = events(&c).await.iter().map(|e| e[0].clone()).collect();
    assert_eq!(
        names[3..],
        [json!("open"), json!("close"), json!("open"), json!("close")],
        "{names:?}"
    );
    assert_violations_none(&c).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loader_and_a_widget_speak_the_documented_message_schema() {
    let widget = tempfile::tempdir().unwrap();
    std::fs::write(widget.path().join("index.html"), FAKE_WIDGET).unwrap();
    with_browser(widget.path(), run_schema).await;
}
