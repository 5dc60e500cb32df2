//! A theme that transforms the body, a right-to-left page and a sticky footer on top: the
//! launcher and the panel stay in view and on top, on a desktop and on a phone.

use std::path::Path;

use fantoccini::Client;
use serde_json::Value;

use super::{
    assert_violations_none, assert_widget_frame, click_at, num, open_host_page, until,
    widget_rendered, with_browser,
};
use crate::support::widget_dist;

/// The launcher and the open panel lie wholly inside the viewport (without its scroll bars)
/// and nothing of the page covers their middle.
fn assert_in_view(state: &Value, what: &str) {
    let (vw, vh) = (num(&state["cw"]), num(&state["ch"]));
    let b = &state[what];
    let (x, y, w, h) = (num(&b["x"]), num(&b["y"]), num(&b["w"]), num(&b["h"]));
    assert!(
        x >= 0.0 && y >= 0.0 && x + w <= vw + 0.5 && y + h <= vh + 0.5,
        "the {what} is not wholly on screen: {state:#}"
    );
    assert_eq!(b["onTop"], true, "the page covers the {what}: {state:#}");
}

/// Saves what the browser shows beside the test's other outputs, for a person to look at.
async fn screenshot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("a screenshot");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, png).expect("write the screenshot");
    eprintln!("screenshot: {}", path.display());
}

async fn run_theme(c: Client, hub: String, host: String) {
    let s = open_host_page(&c, &hub, &host, "/theme", Some("window.scrollTo(0, 600)")).await;
    assert_in_view(&s, "button");
    // Bottom-right of the viewport, 24 px in, wherever the body has been scrolled to.
    assert!(
        (num(&s["button"]["x"]) + num(&s["button"]["w"]) - (num(&s["cw"]) - 24.0)).abs() < 1.0,
        "{s:#}"
    );
    assert!(
        (num(&s["button"]["y"]) + num(&s["button"]["h"]) - (num(&s["ch"]) - 24.0)).abs() < 1.0,
        "{s:#}"
    );
    // On a right-to-left page the icon still comes before the label.
    assert!(
        num(&s["icon"]["x"]) < num(&s["text"]["x"]),
        "the icon and label swapped places: {s:#}"
    );

    let b = &s["button"];
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
    assert_in_view(&s, "frame");
    widget_rendered(&c, &hub).await;
    screenshot(&c, "embed-theme-desktop.png").await;

    // A small phone held sideways: the floating panel is short, and still shows its header,
    // its thread and its composer without scrolling them away.
    let chrome = c
        .execute("return outerHeight - innerHeight", vec![])
        .await
        .expect("the window's own height");
    let chrome = chrome.as_u64().unwrap_or(0) as u32;
    c.set_window_size(667, 320 + chrome)
        .await
        .expect("a short window");
    let s = until(&c, "the panel to fit a short window", |v| {
        num(&v["frame"]["h"]) < 220.0
    })
    .await;
    assert_in_view(&s, "frame");
    widget_rendered(&c, &hub).await;
    screenshot(&c, "embed-theme-sideways.png").await;

    // A phone: the open panel fills the screen.
    c.set_window_size(390, 844)
        .await
        .expect("a phone-sized window");
    let s = until(&c, "the panel to fill a phone's screen", |v| {
        (num(&v["frame"]["w"]) - num(&v["cw"])).abs() < 1.0
            && (num(&v["frame"]["h"]) - num(&v["ch"])).abs() < 1.0
    })
    .await;
    assert_in_view(&s, "frame");
    widget_rendered(&c, &hub).await;
    screenshot(&c, "embed-theme-phone.png").await;
    assert_violations_none(&c).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_theme_that_transforms_the_body_cannot_move_hide_or_cover_the_launcher_and_panel() {
    with_browser(&widget_dist(), run_theme).await;
}
