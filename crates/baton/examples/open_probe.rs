//! From the visitor's click on the launcher to the panel on screen, measured in headless
//! Chromium against the real hub.
//!
//! `scripts/open-probe` runs it: `baton serve` with the demo site, a shop page on another
//! site (`http://localhost:PORT`, the hub on `http://127.0.0.1:PORT`) carrying the owner's
//! one script tag, loaded afresh for every sample. The pointer moves onto the launcher and
//! presses it at once, so the widget gets no head start from hovering: its loading starts
//! with the click, as it does for a tap on a phone. A script installed before every
//! document's own (CDP `Page.addScriptToEvaluateOnNewDocument`) takes the time of the
//! `pointerdown` on the host page and, inside the widget's frame, the time the panel is in
//! the DOM and then drawn (the next animation frame); both clocks are
//! `performance.timeOrigin + performance.now()`. For the script to reach the frame, the
//! browser runs it in the page's process (site isolation off), as phones often do anyway.
//!
//! The first sample loads the widget's files from the network (a cold cache), the rest from
//! the browser's cache (warm): the first is reported apart. Each case runs at the machine's
//! speed and again with the CPU slowed four times (the slowdown Lighthouse's mobile profile
//! applies). Prints p50, p95 and the maximum, in milliseconds, and exits with 1 when the
//! target is missed: on a warm cache, drawn within [`TARGET_MS`] at p95 with the CPU four
//! times slower.

#[path = "../tests/suite/support/mod.rs"]
mod support;

use std::net::TcpListener;
use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::Client;
use serde_json::{json, Value};
use support::{
    browser, demo_config, on_new_document, poll, serve_host, start_chromedriver, start_hub,
    widget_dist, Cdp, Page,
};

/// On a warm cache, the panel is on screen this soon after the press (p95, CPU 4× slower).
const TARGET_MS: f64 = 300.0;

const PROBE: &str = r#"
const now = () => performance.timeOrigin + performance.now();
if (location.pathname.startsWith("/widget/")) {
  new MutationObserver((_, observer) => {
    if (!document.querySelector("[data-testid=panel]")) return;
    observer.disconnect();
    const dom = now();
    requestAnimationFrame(() => parent.postMessage({ probe: "panel", dom, frame: now() }, "*"));
  }).observe(document, { childList: true, subtree: true });
} else {
  window.__probe = {};
  addEventListener("pointerdown", () => { window.__probe.click ??= now(); }, true);
  addEventListener("message", (e) => {
    if (e.data && e.data.probe === "panel") Object.assign(window.__probe, { dom: e.data.dom, frame: e.data.frame });
  });
}
"#;

/// The launcher's centre once it is drawn, else null.
const LAUNCHER: &str = r#"
const root = window.__roots && window.__roots[0];
const button = root && root.querySelector("button");
if (!button) return null;
const r = button.getBoundingClientRect();
return r.width > 0 ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
"#;

const SHOP: &str = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind Outdoor</title></head>
<body>
<header><strong>Northwind Outdoor</strong></header>
<main>
<h1>Welcome to Northwind Outdoor</h1>
<p>Tents, boots and waterproofs for the fells. Free UK delivery over £50; returns within 30 days.</p>
<script src="HUB/baton.js" data-site="demo" async></script>
</main>
</body>
</html>"#;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// One sample: the page loaded afresh, the launcher pressed, the panel drawn. Returns
/// `[in the DOM, drawn]`, milliseconds from the press.
async fn sample(c: &Client, page: &str) -> [f64; 2] {
    c.goto(page).await.expect("open the shop page");
    let at = poll(
        "the launcher",
        Duration::from_secs(10),
        || async { c.execute(LAUNCHER, vec![]).await.unwrap_or(Value::Null) },
        |v| !v.is_null(),
    )
    .await;
    // The page settles, as it has by the time a visitor reaches for the chat.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: at["x"].as_f64().unwrap().round(),
            y: at["y"].as_f64().unwrap().round(),
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    c.perform_actions(mouse).await.expect("press the launcher");
    let probe = poll(
        "the panel on screen",
        Duration::from_secs(20),
        || async {
            c.execute("return window.__probe", vec![])
                .await
                .unwrap_or(Value::Null)
        },
        |v| v["frame"].is_number() && v["click"].is_number(),
    )
    .await;
    // Closed again, so the next page does not reopen it at idle.
    c.execute(
        "Baton('close'); sessionStorage.clear(); localStorage.clear()",
        vec![],
    )
    .await
    .ok();
    let ms = |k: &str| probe[k].as_f64().unwrap() - probe["click"].as_f64().unwrap();
    [ms("dom"), ms("frame")]
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20)
        .max(2);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Another site than the hub's: `localhost`, not `127.0.0.1`.
    let host = format!("http://localhost:{port}");
    let dir = tempfile::tempdir().unwrap();
    let (_hub, hub) = start_hub(dir.path(), &demo_config(&host), &widget_dist());
    let shop = SHOP.replace("HUB", &hub);
    serve_host(listener, move |path| {
        (path == "/").then(|| Page {
            kind: "text/html",
            body: shop.clone(),
            csp: None,
        })
    });
    let (_driver, driver) = start_chromedriver().await;
    let page = format!("{host}/");

    println!("open probe: {count} presses of the launcher per case, shop page {page}, hub {hub}");
    println!(
        "{:<40} {:>8} {:>8} {:>8}",
        "from the press to the panel", "p50 ms", "p95 ms", "max ms"
    );
    let mut slow_p95 = f64::NAN;
    for slowdown in [1, 4] {
        let c = browser(
            &driver,
            &[
                "--window-size=1280,800",
                "--disable-site-isolation-trials",
                "--disable-features=IsolateOrigins,site-per-process",
            ],
        )
        .await;
        on_new_document(&c, support::KEEP_SHADOW_ROOTS).await;
        on_new_document(&c, PROBE).await;
        c.issue_cmd(Cdp(
            "Emulation.setCPUThrottlingRate",
            json!({ "rate": slowdown }),
        ))
        .await
        .expect("set the CPU slowdown");
        let mut cold = None;
        let mut warm: Vec<[f64; 2]> = Vec::new();
        for i in 0..count {
            let s = sample(&c, &page).await;
            if i == 0 {
                cold = Some(s);
            } else {
                warm.push(s);
            }
        }
        drop(c.close().await);
        let cpu = if slowdown == 1 {
            "CPU as is".to_string()
        } else {
            format!("CPU {slowdown}x slower")
        };
        let [_, cold_drawn] = cold.expect("a first press");
        println!(
            "{:<40} {:>8.0}",
            format!("cold cache, drawn ({cpu}), 1 press"),
            cold_drawn
        );
        for (label, pick) in [("warm cache, in the DOM", 0), ("warm cache, drawn", 1)] {
            let mut v: Vec<f64> = warm.iter().map(|s| s[pick]).collect();
            v.sort_by(f64::total_cmp);
            if slowdown == 4 && label == "warm cache, drawn" {
                slow_p95 = percentile(&v, 95.0);
            }
            println!(
                "{:<40} {:>8.0} {:>8.0} {:>8.0}",
                format!("{label} ({cpu})"),
                percentile(&v, 50.0),
                percentile(&v, 95.0),
                v.last().copied().unwrap_or(f64::NAN)
            );
        }
    }
    if slow_p95 <= TARGET_MS {
        println!("target met: on a warm cache, drawn within {TARGET_MS} ms at p95 with the CPU 4x slower ({slow_p95:.0} ms)");
    } else {
        println!("target missed: on a warm cache, drawn within {TARGET_MS} ms at p95 with the CPU 4x slower ({slow_p95:.0} ms)");
        std::process::exit(1);
    }
}
