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
//! Needs the release widget in `dist/` (`trunk build --offline --release`; `scripts/test`
//! builds it first), `chromium` and `chromedriver` (`scripts/setup`).

use crate::support;

use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::elements::{Element, ElementRef};
use fantoccini::Client;
use serde_json::{json, Value};
use support::{
    browser, demo_config, on_new_document, start_chromedriver, start_hub, widget_dist, Page,
};

/// CSS that would break a widget living in the host page's DOM.
const HOSTILE_CSS: &str = "
* { all: unset !important; }
*:not(html):not(body) { display: none !important; }
button { background: red !important; font-size: 1px !important; width: 1px !important; height: 1px !important; }
iframe { display: none !important; opacity: 0 !important; visibility: hidden !important; }
div { position: static !important; transform: scale(0) !important; z-index: -1 !important; }
";

/// Installed before any page script: every CSP violation is recorded, and closed shadow
/// roots stay reachable for inspection.
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
window.__roots = [];
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  const root = attach.call(this, init);
  window.__roots.push(root);
  return root;
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

async fn run(c: Client, hub: String, host: String) {
    // 1. The owner's tag on the hostile page: the launcher, as intended.
    c.goto(&format!("{host}/"))
        .await
        .expect("open the host page");
    let s = until(&c, "the launcher", |v| !v["button"].is_null()).await;
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
    c.goto(&format!("{host}/plain"))
        .await
        .expect("open the plain host page");
    c.execute(
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
        vec![json!(hub)],
    )
    .await
    .expect("queue Baton('open') and add the tag");
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
    on_new_document(&client, INSTRUMENTS).await;
    let outcome = tokio::spawn(test(client.clone(), hub, host)).await;
    drop(client.close().await);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_host_page_with_a_strict_csp_still_gets_a_working_launcher_and_widget() {
    with_browser(&widget_dist(), run).await;
}

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
    c.goto(&format!("{host}/theme"))
        .await
        .expect("open the themed page");
    c.execute("window.scrollTo(0, 600)", vec![]).await.unwrap();
    let s = until(&c, "the launcher", |v| !v["button"].is_null()).await;
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
    c.goto(&format!("{host}/plain"))
        .await
        .expect("open the plain host page");
    c.execute(
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
        vec![json!(hub)],
    )
    .await
    .expect("queue calls and add the tag");

    // The launcher is drawn once, in the site's theme from the embed check (the demo's
    // forest green, bottom right, 24 px in), with no widget frame yet: it loads when the
    // visitor reaches for the launcher.
    let s = until(&c, "the launcher", |v| !v["button"].is_null()).await;
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

/// A page whose origin the site does not allow: the launcher goes away (the widget could not
/// be framed there, so it would do nothing) and the page's console says which origin, which
/// site and which setting to change, once.
async fn run_refused(c: Client, _hub: String, host: String) {
    c.goto(&format!("{host}/"))
        .await
        .expect("open the host page");
    let errors = support::poll(
        "the loader's console error",
        Duration::from_secs(10),
        || async {
            c.execute("return window.__errors", vec![])
                .await
                .unwrap_or(Value::Null)
        },
        |v| v.as_array().is_some_and(|a| !a.is_empty()),
    )
    .await;
    let want = format!(
        "Baton: the chat of site \"demo\" is not shown on {host} because this origin is not in the site's allowed_origins. \
         Add \"{host}\" to allowed_origins of the site with key = \"demo\" in the hub's site file, then restart the hub."
    );
    assert_eq!(errors, json!([want]));
    // No launcher: its element has left the page, and nothing of it is drawn in the corner.
    let gone = c
        .execute(
            r#"const host = window.__roots[0] && window.__roots[0].host;
               const corner = document.elementFromPoint(innerWidth - 60, innerHeight - 50);
               return { connected: !!host && host.isConnected, corner: corner && corner.localName };"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        gone["connected"], false,
        "the launcher is still on the page: {gone}"
    );
    assert_ne!(
        gone["corner"], "div",
        "something is drawn where the launcher was: {gone}"
    );
    // Past the idle load and an explicit open, still nothing, and no second message.
    c.execute("Baton('open')", vec![]).await.unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let framed = c
        .execute(
            "const f = window.__roots[0].querySelector('iframe'); return !!f && f.isConnected",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(framed, false, "a widget frame is on the page");
    assert_eq!(
        c.execute("return window.__errors.length", vec![])
            .await
            .unwrap(),
        1
    );
    assert_violations_none(&c).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_not_in_allowed_origins_gets_no_launcher_and_a_console_error_saying_what_to_change()
{
    // The widget is never framed here, so a stand-in page is enough.
    let widget = tempfile::tempdir().unwrap();
    std::fs::write(
        widget.path().join("index.html"),
        "<!doctype html><title>widget</title>",
    )
    .unwrap();
    with_browser_allowing(widget.path(), false, run_refused).await;
}
