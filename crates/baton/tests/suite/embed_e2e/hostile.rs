//! The owner's tag on the hostile page: the launcher as intended, the widget's iframe on a
//! real click, `Baton('open')` queued before the loader, and the violation recorder proven live.

use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::json;

use super::{
    assert_violations_none, assert_widget_frame, click_at, num, open_host_page, until,
    widget_rendered, with_browser,
};
use crate::support::widget_dist;

async fn run(c: Client, hub: String, host: String) {
    // 1. The owner's tag on the hostile page: the launcher, as intended.
    let s = open_host_page(&c, &hub, &host, "/", None).await;
    let b = &s["button"];
    assert_eq!(b["position"], "fixed", "{s:#}");
    assert_eq!(b["display"], "flex", "{s:#}");
    assert_eq!(b["visibility"], "visible", "{s:#}");
    assert_eq!(b["opacity"], "1", "{s:#}");
    assert_eq!(
        b["bg"], "rgb(47, 107, 79)",
        "the data-accent colour, not the host's red: {s:#}"
    );
    assert_eq!(
        b["color"], "rgb(255, 255, 255)",
        "readable text on the accent: {s:#}"
    );
    assert_eq!(b["fontSize"], "15px", "{s:#}");
    assert_eq!(num(&b["h"]), 56.0, "{s:#}");
    assert!(num(&b["w"]) > 100.0, "room for the label: {s:#}");
    // Bottom-right, 24 px from both edges (data-offset-x/-y).
    assert!(
        (num(&b["x"]) + num(&b["w"]) - (num(&s["vw"]) - 24.0)).abs() < 1.0,
        "{s:#}"
    );
    assert!(
        (num(&b["y"]) + num(&b["h"]) - (num(&s["vh"]) - 24.0)).abs() < 1.0,
        "{s:#}"
    );
    assert_eq!(
        b["onTop"], true,
        "the launcher is not the topmost element: {s:#}"
    );
    assert_eq!(s["label"], "Chat with us");
    assert_eq!(s["expanded"], "false");

    // 2. A real click at the launcher opens the widget's iframe from the hub.
    click_at(
        &c,
        num(&b["x"]) + num(&b["w"]) / 2.0,
        num(&b["y"]) + num(&b["h"]) / 2.0,
    )
    .await;
    let s = until(&c, "the panel to open", |v| {
        v["frame"]["visibility"] == "visible"
    })
    .await;
    assert_widget_frame(&s, &hub, &host);
    assert_eq!(s["title"], "Chat with us");
    widget_rendered(&c, &hub).await;
    // The embed check has answered long before the widget rendered: nothing to say, and the
    // launcher is still there.
    let errors = c.execute("return window.__errors", vec![]).await.unwrap();
    assert_eq!(errors, json!([]), "console errors on an allowed page");
    assert_eq!(
        c.execute("return window.__roots[0].host.isConnected", vec![])
            .await
            .unwrap(),
        true
    );

    // Closing through the API hides the panel again.
    c.execute("Baton('close')", vec![])
        .await
        .expect("Baton('close')");
    let s = until(&c, "the panel to close", |v| {
        v["frame"]["visibility"] == "hidden"
    })
    .await;
    assert_eq!(s["expanded"], "false");
    assert_violations_none(&c).await;

    // 3. Baton('open') queued before the loader arrives: the owner's snippet, then the tag.
    open_host_page(
        &c,
        &hub,
        &host,
        "/plain",
        Some(
            r#"
        window.Baton = window.Baton || function () { (Baton.q = Baton.q || []).push(arguments); };
        Baton("on", "open", function () { window.__opened = (window.__opened || 0) + 1; });
        Baton("open");
        const tag = document.createElement("script");
        tag.src = arguments[0] + "/baton.js";
        tag.async = true;
        tag.dataset.site = "demo";
        document.body.appendChild(tag);
        "#,
        ),
    )
    .await;
    let s = until(&c, "the queued open", |v| {
        v["frame"]["visibility"] == "visible"
    })
    .await;
    assert_widget_frame(&s, &hub, &host);
    let opened = c
        .execute("return window.__opened || 0", vec![])
        .await
        .unwrap();
    let started = Instant::now();
    let mut opened = opened;
    while opened == 0 && started.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        opened = c
            .execute("return window.__opened || 0", vec![])
            .await
            .unwrap();
    }
    assert_eq!(
        opened, 1,
        "the 'open' handler registered before load ran once"
    );
    // No data-accent: the default, or the site's theme once the widget has sent it.
    let bg = s["button"]["bg"].as_str().unwrap_or_default();
    assert!(
        bg == "rgb(26, 86, 219)" || bg == "rgb(47, 107, 79)",
        "{s:#}"
    );
    assert_violations_none(&c).await;

    // 4. The violation recorder works: a deliberate inline style is refused and recorded.
    c.execute("document.body.setAttribute('style', 'color: red')", vec![])
        .await
        .unwrap();
    let started = Instant::now();
    loop {
        let v = c
            .execute("return window.__violations", vec![])
            .await
            .unwrap();
        if v.as_array().is_some_and(|a| a.len() == 1) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the deliberate violation was not recorded: {v}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_host_page_with_a_strict_csp_still_gets_a_working_launcher_and_widget() {
    with_browser(&widget_dist(), run).await;
}
