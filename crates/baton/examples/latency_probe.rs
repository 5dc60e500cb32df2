//! The widget's Enter-to-screen latency, measured in headless Chromium against the real hub.
//!
//! `scripts/latency-probe` runs it: `baton serve` with the demo site, the widget page opened
//! through chromedriver, and 200 messages typed with real key events — three routine ones for
//! every escalating one. A script installed before the page's own (CDP
//! `Page.addScriptToEvaluateOnNewDocument`) takes `performance.now()` at the Enter `keydown`
//! (or the `submit`, if no key was seen) and a `MutationObserver` takes it again when the node
//! that answers the keystroke is in the DOM — the bridge message for an escalating message,
//! the visitor's own message otherwise — and once more in the next animation frame. After an
//! escalation the conversation is forgotten and the page reloaded, so every escalating
//! message starts a fresh handoff.
//!
//! Two of the escalating messages are hand-over topics the demo site's FAQ answers first
//! (`answers_first`): the widget holds their handoff for the hub's answer, by design, so
//! their bridge is reported apart, as network-bound; every other bridge is said in the same
//! update as the visitor's message.
//!
//! Prints p50, p99 and the maximum of each, in milliseconds.

#[path = "../tests/suite/support/mod.rs"]
mod support;

use std::net::TcpListener;
use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::Value;
use support::{
    browser, demo_config, on_new_document, poll, start_chromedriver, start_hub, widget_dist,
};

const PROBE: &str = r#"
if (location.pathname.startsWith("/widget/")) {
  window.__samples = [];
  window.__expect = "own";
  let t0 = null, text = "";
  const begin = (t) => { if (t0 === null) { t0 = performance.now(); text = (t && t.value || "").trim(); } };
  document.addEventListener("keydown", (e) => { if (e.key === "Enter" && e.target.matches("[data-testid=composer]")) begin(e.target); }, true);
  document.addEventListener("submit", (e) => begin(e.target.querySelector("[data-testid=composer]")), true);
  new MutationObserver((records) => {
    if (t0 === null) return;
    for (const r of records) for (const n of r.addedNodes) {
      if (n.nodeType !== 1 || !n.matches("li[data-testid]")) continue;
      const hit = window.__expect === "bridge"
        ? n.dataset.testid === "bridge"
        : n.classList.contains("baton-visitor") && n.querySelector("p").textContent === text;
      if (!hit) continue;
      const start = t0, dom = performance.now() - start;
      t0 = null;
      requestAnimationFrame(() => window.__samples.push({ kind: window.__expect, dom, frame: performance.now() - start }));
      return;
    }
  }).observe(document, { childList: true, subtree: true });
}
"#;

const ROUTINE: [&str; 6] = [
    "How long does delivery take?",
    "Do you ship to Norway?",
    "What is your returns policy?",
    "Do you have size 44 walking boots?",
    "Is the Keswick store open on Sundays?",
    "How much is next-day delivery?",
];

/// Held for the hub's answer: a refund or a cancellation alone is a topic the demo's FAQ may
/// answer first.
const HELD: [&str; 2] = [
    "I want a refund for order #4471",
    "I need to cancel my order now",
];

const ESCALATING: [&str; 5] = [
    "can I talk to a real person?",
    "THIS IS RIDICULOUS, I've been waiting for days!!!",
    "I want a refund for order #4471",
    "I need to cancel my order now",
    "real agent please",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

async fn composer_ready(c: &Client) {
    poll(
        "the composer",
        Duration::from_secs(10),
        || async {
            c.execute(
                "return !!document.querySelector('[data-testid=composer]')",
                vec![],
            )
            .await
            .unwrap_or(Value::Null)
        },
        |v| v == true,
    )
    .await;
}

async fn samples(c: &Client) -> Value {
    c.execute("return window.__samples || []", vec![])
        .await
        .unwrap_or(Value::Null)
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let host = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let dir = tempfile::tempdir().unwrap();
    let (_hub, hub) = start_hub(dir.path(), &demo_config(&host), &widget_dist());
    let (_driver, driver) = start_chromedriver().await;
    let c = browser(&driver, &["--window-size=1280,800"]).await;
    on_new_document(&c, PROBE).await;
    let page = format!("{hub}/widget/?site=demo&locale=en");
    c.goto(&page).await.expect("open the widget page");
    composer_ready(&c).await;

    let mut all: Vec<Value> = Vec::new();
    for i in 0..count {
        let escalating = i % 4 == 3;
        let text = if escalating {
            ESCALATING[(i / 4) % ESCALATING.len()]
        } else {
            ROUTINE[i % ROUTINE.len()]
        };
        let kind = if escalating { "bridge" } else { "own" };
        c.execute(&format!("window.__expect = {kind:?}"), vec![])
            .await
            .unwrap();
        let before = samples(&c).await.as_array().map_or(0, Vec::len);
        let composer = c
            .find(Locator::Css("[data-testid=composer]"))
            .await
            .expect("the composer");
        composer
            .send_keys(&format!("{text}\u{E007}"))
            .await
            .expect("type");
        let got = poll(
            &format!("message {i} ({text:?}) on screen"),
            Duration::from_secs(10),
            || samples(&c),
            |s| s.as_array().is_some_and(|a| a.len() > before),
        )
        .await;
        let mut sample = got.as_array().unwrap()[before].clone();
        if HELD.contains(&text) {
            sample["kind"] = "held".into();
        }
        all.push(sample);
        if escalating {
            // A fresh conversation for the next handoff.
            c.execute("localStorage.clear(); location.reload()", vec![])
                .await
                .ok();
            composer_ready(&c).await;
            poll(
                "the reloaded page's probe",
                Duration::from_secs(10),
                || async {
                    c.execute(
                        "return Array.isArray(window.__samples) && window.__samples.length === 0",
                        vec![],
                    )
                    .await
                    .unwrap_or(Value::Null)
                },
                |v| v == true,
            )
            .await;
        }
    }
    drop(c.close().await);

    println!(
        "latency probe: {} messages ({} escalating, {} of them held for the hub's answer), widget page {page}",
        all.len(),
        all.iter().filter(|s| s["kind"] != "own").count(),
        all.iter().filter(|s| s["kind"] == "held").count()
    );
    println!(
        "{:<34} {:>8} {:>8} {:>8}",
        "from Enter to", "p50 ms", "p99 ms", "max ms"
    );
    for (label, kind, field) in [
        ("own message in the DOM", "own", "dom"),
        ("own message, next frame", "own", "frame"),
        ("bridge message in the DOM", "bridge", "dom"),
        ("bridge message, next frame", "bridge", "frame"),
        ("held bridge (hub's answer), DOM", "held", "dom"),
        ("held bridge (hub's answer), frame", "held", "frame"),
        ("either, in the DOM", "", "dom"),
        ("either, next frame", "", "frame"),
    ] {
        let mut v: Vec<f64> = all
            .iter()
            .filter(|s| kind.is_empty() || s["kind"] == kind)
            .filter_map(|s| s[field].as_f64())
            .collect();
        v.sort_by(f64::total_cmp);
        println!(
            "{label:<34} {:>8.2} {:>8.2} {:>8.2}",
            percentile(&v, 50.0),
            percentile(&v, 99.0),
            v.last().copied().unwrap_or(f64::NAN)
        );
    }
}
