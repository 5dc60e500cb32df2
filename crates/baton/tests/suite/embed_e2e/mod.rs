//! End to end: the widget embedded on a hostile host page. The real `baton serve` runs the
//! demo site; a page on another origin includes the owner's one script tag under a strict
//! CSP (`default-src 'none'; script-src HUB; frame-src HUB; style-src 'self'` — no
//! 'unsafe-inline', no 'wasm-unsafe-eval') with CSS that hides and restyles everything it
//! can. Headless Chromium, driven through chromedriver, must show the launcher at its
//! intended size and colour, open the hub's widget iframe on click, honour `Baton('open')`
//! queued before the loader arrived, and report no CSP violation. A page whose origin is not
//! in the site's `allowed_origins` gets no launcher and one console error saying what to
//! change.
//!
//! Three instruments are installed before any page script runs, through chromedriver's CDP
//! passthrough (`Page.addScriptToEvaluateOnNewDocument`, which the page's CSP does not
//! govern): a `securitypolicyviolation` listener that records every violation (the page's
//! CSP forbids inline script, so the page itself cannot carry one), a hook that keeps the
//! loader's closed shadow root reachable so the test can read computed styles inside it, and a
//! wrapper that records what scripts pass to `console.error`.
//! The listener is proven live at the end by a deliberate violation.
//!
//! Needs the release widget in `dist/` (`scripts/build-widget`; `scripts/test`
//! builds it first), `chromium` and `chromedriver` (`scripts/setup`).

use crate::support;

use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::Client;
use serde_json::{json, Value};
use support::{
    browser, demo_config, on_new_document, start_chromedriver, start_hub, Page, KEEP_SHADOW_ROOTS,
};

mod hostile;
mod refused;
mod schema;
mod theme;

/// CSS that would break a widget living in the host page's DOM.
const HOSTILE_CSS: &str = "
* { all: unset !important; }
*:not(html):not(body) { display: none !important; }
button { background: red !important; font-size: 1px !important; width: 1px !important; height: 1px !important; }
iframe { display: none !important; opacity: 0 !important; visibility: hidden !important; }
div { position: static !important; transform: scale(0) !important; z-index: -1 !important; }
";

/// Installed before any page script, with [`KEEP_SHADOW_ROOTS`]: every CSP violation and
/// console error is recorded.
const INSTRUMENTS: &str = r#"
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
}, true);
window.__errors = [];
const error = console.error;
console.error = function (...args) {
  window.__errors.push(args.map(String).join(" "));
  return error.apply(this, args);
};
"#;

/// The launcher, its iframe and where they are, as the browser computed them.
const INSPECT: &str = r#"
const root = window.__roots[0];
if (!root) return null;
const box = (el) => {
  if (!el) return null;
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return { x: r.x, y: r.y, w: r.width, h: r.height, bg: s.backgroundColor, color: s.color, position: s.position,
    display: s.display, visibility: s.visibility, opacity: s.opacity, fontSize: s.fontSize,
    onTop: hit === root.host };
};
const button = root.querySelector("button"), frame = root.querySelector("iframe:not([hidden])");
if (!button) return null;
const html = document.documentElement;
return { vw: innerWidth, vh: innerHeight, cw: html.clientWidth, ch: html.clientHeight, button: box(button), frame: box(frame), src: frame && frame.src,
  icon: box(button.querySelector("svg")), text: box(button.querySelector("span")),
  title: frame && frame.title, label: button.getAttribute("aria-label"), expanded: button.getAttribute("aria-expanded"),
  violations: window.__violations };
"#;

/// A theme of the kind that hid the panel: the body transformed, filtered and paint-contained
/// (each makes fixed-position descendants move and clip with the body instead of the
/// viewport), a right-to-left page, a full-width sticky footer at the highest z-index, and
/// rules against every iframe.
const THEME_CSS: &str = "
body { margin: 0; min-height: 300vh; transform: translateZ(0); filter: saturate(1.1); contain: paint; }
main { height: 280vh; }
footer { position: sticky; bottom: 0; height: 120px; background: #222; color: #fff; z-index: 2147483647; }
iframe { display: none !important; visibility: hidden !important; width: 0 !important; height: 0 !important; opacity: 0 !important; }
";

/// The host page's server: `/` embeds the widget with the owner's tag, `/plain` has no tag
/// (the test adds the queue snippet and the tag itself), `/theme` is a right-to-left page
/// with [`THEME_CSS`], `/hostile.css` and `/theme.css` are the hosts' CSS; every page under a
/// strict CSP.
fn serve_host(listener: TcpListener, hub: String) {
    support::serve_host(listener, move |path| {
        let csp = Some(format!(
            "default-src 'none'; script-src {hub}; frame-src {hub}; style-src 'self'"
        ));
        let page = |tag: &str| {
            format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Hostile host</title>\
                 <link rel=\"stylesheet\" href=\"/hostile.css\"></head><body><h1>A host page that fights back</h1>\
                 <button>host button</button><iframe title=\"host frame\"></iframe>{tag}</body></html>"
            )
        };
        let (kind, body) = match path {
            "/" => (
                "text/html",
                page(&format!(
                    r##"<script src="{hub}/baton.js" data-site="demo" data-accent="#2f6b4f" data-label="Chat with us" data-offset-x="24" data-offset-y="24" async></script>"##
                )),
            ),
            "/plain" => ("text/html", page("")),
            "/theme" => (
                "text/html",
                format!(
                    r##"<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>متجر</title>
                    <link rel="stylesheet" href="/theme.css"></head><body><main><h1>متجر نورثويند</h1></main>
                    <footer>تذييل ثابت</footer>
                    <script src="{hub}/baton.js" data-site="demo" data-accent="#2f6b4f" data-label="Chat with us" data-offset-x="24" data-offset-y="24" async></script></body></html>"##
                ),
            ),
            "/theme.css" => ("text/css", THEME_CSS.to_string()),
            "/hostile.css" => ("text/css", HOSTILE_CSS.to_string()),
            _ => return None,
        };
        Some(Page { kind, body, csp })
    });
}

async fn inspect(c: &Client) -> Value {
    c.execute(INSPECT, vec![]).await.expect("inspect")
}

/// Polls `INSPECT` until `ok` holds (10 s at most).
async fn until(c: &Client, what: &str, ok: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        let v = inspect(c).await;
        if !v.is_null() && ok(&v) {
            return v;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}; last state: {v:#}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Opens the host page at `path` (`/`, `/plain` or `/theme`, see [`serve_host`]), runs
/// `script` there when given, with the hub's origin as `arguments[0]` (on `/plain`: the owner's
/// queue snippet, the calls queued before the loader arrives, then the tag), and waits for the
/// launcher: the state [`INSPECT`] reads once it is drawn.
async fn open_host_page(
    c: &Client,
    hub: &str,
    host: &str,
    path: &str,
    script: Option<&str>,
) -> Value {
    c.goto(&format!("{host}{path}"))
        .await
        .expect("open the host page");
    if let Some(script) = script {
        c.execute(script, vec![json!(hub)])
            .await
            .expect("run the page's script");
    }
    until(c, "the launcher", |v| !v["button"].is_null()).await
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

async fn click_at(c: &Client, x: f64, y: f64) {
    let mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x: x.round(),
            y: y.round(),
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    c.perform_actions(mouse).await.expect("click");
}

/// The iframe shows the hub's widget page for the demo site, visible above the host page.
fn assert_widget_frame(state: &Value, hub: &str, host: &str) {
    let src = state["src"].as_str().expect("iframe src");
    let url = url::Url::parse(src).expect("iframe URL");
    assert_eq!(url.origin().ascii_serialization(), hub, "{src}");
    assert_eq!(url.path(), "/widget/", "{src}");
    let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(query.get("site").map(String::as_str), Some("demo"), "{src}");
    assert_eq!(query.get("host").map(String::as_str), Some(host), "{src}");
    let frame = &state["frame"];
    assert_eq!(frame["visibility"], "visible", "{state:#}");
    assert_eq!(frame["opacity"], "1", "{state:#}");
    assert_ne!(frame["display"], "none", "{state:#}");
    assert!(
        num(&frame["w"]) >= 300.0 && num(&frame["h"]) >= 300.0,
        "{state:#}"
    );
    assert_eq!(
        frame["onTop"], true,
        "the panel is not the topmost element: {state:#}"
    );
    assert_eq!(state["expanded"], "true");
}

async fn assert_violations_none(c: &Client) {
    // Violations are reported as tasks; give any pending ones a moment to land.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let v = c
        .execute("return window.__violations", vec![])
        .await
        .unwrap();
    assert_eq!(v, json!([]), "CSP violations on the host page");
}

/// Inside the iframe: the hub's widget page, rendered — the panel with the site's AI
/// disclosure, "Talk to a human" and the composer, in the site's accent, untouched by the
/// host's CSS.
async fn widget_rendered(c: &Client, hub: &str) {
    let frame = c
        .execute(
            "return window.__roots[0].querySelector('iframe:not([hidden])')",
            vec![],
        )
        .await
        .unwrap();
    support::element(c, &frame)
        .expect("the iframe")
        .enter_frame()
        .await
        .expect("enter the widget frame");
    let info = support::poll(
        "the widget's panel inside the frame",
        Duration::from_secs(10),
        || async {
            c.execute(
                r#"const q = (t) => document.querySelector(`[data-testid=${t}]`);
                   const human = q("talk-to-human"), panel = q("panel");
                   return { origin: location.origin, panel: !!panel, composer: !!q("composer"),
                     first: (document.querySelector("[data-testid=thread] p") || {}).textContent || null,
                     human: human && human.textContent, humanVisible: !!human && human.getBoundingClientRect().height > 0,
                     ih: innerHeight, shown: [".baton-title", "[data-testid=composer]"].every((s) => { const e = document.querySelector(s);
                       const r = e && e.getBoundingClientRect(); return !!r && r.top >= 0 && r.bottom <= innerHeight + 0.5; }),
                     accent: panel && getComputedStyle(panel).getPropertyValue("--baton-accent").trim() };"#,
                vec![],
            )
            .await
            .unwrap_or(Value::Null)
        },
        |v| v["panel"] == true && v["first"].as_str().is_some_and(|t| t.contains("Northwind Outdoor's AI assistant")),
    )
    .await;
    assert_eq!(
        info["origin"], hub,
        "the widget page was refused or failed to load: {info}"
    );
    assert_eq!(info["composer"], true, "{info}");
    assert_eq!(info["human"], "Talk to a human", "{info}");
    assert_eq!(info["humanVisible"], true, "{info}");
    // The assistant's name at the top and the composer at the bottom, inside the frame.
    assert_eq!(
        info["shown"], true,
        "the panel does not fit its frame: {info}"
    );
    assert_eq!(info["accent"], "#2f6b4f", "{info}");
    c.enter_parent_frame().await.expect("back to the host page");
}

/// The hub, the host page server and a Chromium session; `test` runs against them.
async fn with_browser<F, Fut>(widget: &Path, test: F)
where
    F: FnOnce(Client, String, String) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    with_browser_allowing(widget, true, test).await;
}

/// [`with_browser`] with a site file whose `allowed_origins` lists the host page's origin
/// (`allowed`) or only another one.
async fn with_browser_allowing<F, Fut>(widget: &Path, allowed: bool, test: F)
where
    F: FnOnce(Client, String, String) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let host = format!("http://{}", listener.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let config = demo_config(if allowed {
        &host
    } else {
        "https://shop.example"
    });
    let (_hub_process, hub) = start_hub(dir.path(), &config, widget);
    serve_host(listener, hub.clone());
    let (_driver, driver) = start_chromedriver().await;
    let client = browser(&driver, &["--window-size=1280,800"]).await;
    on_new_document(&client, KEEP_SHADOW_ROOTS).await;
    on_new_document(&client, INSTRUMENTS).await;
    let outcome = tokio::spawn(test(client.clone(), hub, host)).await;
    drop(client.close().await);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}
