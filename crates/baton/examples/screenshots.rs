//! The README's widget screenshots, taken in headless Chromium against the real hub with the
//! demo site (open around the clock): `cargo run -p baton --example screenshots` writes
//! `docs/widget-*.png`. Needs the widget built in `dist/`, Chromium and chromedriver.

#[path = "../tests/suite/support/mod.rs"]
mod support;

use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use support::{
    baton_bin, browser, demo_config, element, on_new_document, poll, start_chromedriver, start_hub,
    widget_dist, Page,
};

const PASSWORD: &str = "correct horse battery";
const WAIT: Duration = Duration::from_secs(10);

fn always_open(host: &str) -> String {
    with_weekly(host, "")
}

/// Open 09:00-17:00 every day, but today is a holiday: closed, back tomorrow at 09:00.
fn holiday_today(host: &str) -> String {
    let today = chrono::Utc::now().date_naive();
    with_weekly(host, &format!("holidays = [\"{today}\"]\n"))
        .replace("[\"00:00-24:00\"]", "[\"09:00-17:00\"]")
}

fn with_weekly(host: &str, extra: &str) -> String {
    let config = demo_config(host);
    let start = config.find("[sites.hours]").expect("demo hours");
    let end = config[start..].find("[[sites.teams]]").expect("demo teams") + start;
    let day = "[\"00:00-24:00\"]";
    let hours = format!("[sites.hours]\ntimezone = \"Europe/London\"\n{extra}\n[sites.hours.weekly]\nmon = {day}\ntue = {day}\nwed = {day}\nthu = {day}\nfri = {day}\nsat = {day}\nsun = {day}\n\n");
    format!("{}{hours}{}", &config[..start], &config[end..])
}

fn page(hub: &str, attrs: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Northwind Outdoor</title>\
         <link rel=\"stylesheet\" href=\"/shop.css\"></head><body><header><b>Northwind Outdoor</b><nav>Tents · Boots · Waterproofs · Sale</nav></header>\
         <main><h1>Walking boots</h1><p>Waterproof leather and fabric boots for the fells, fitted in our Keswick store since 1987.</p>\
         <section class=\"grid\"><article>Helvellyn GTX<br>£149</article><article>Skiddaw Mid<br>£119</article><article>Blencathra Lite<br>£99</article></section></main>\
         <script src=\"{hub}/baton.js\" data-site=\"demo\" {attrs} async></script></body></html>"
    )
}

const SHOP_CSS: &str = "body{margin:0;font:16px/1.5 Georgia,serif;color:#1d2a24;background:#f6f3ec}header{display:flex;justify-content:space-between;padding:18px 32px;background:#1d2a24;color:#f6f3ec}main{padding:24px 32px;max-width:900px}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:16px}article{background:#fff;border-radius:10px;padding:80px 16px 16px;box-shadow:0 1px 3px #0002}";

async fn open_widget(c: &Client) {
    c.enter_parent_frame().await.ok();
    poll(
        "the loader",
        WAIT,
        || async {
            c.execute(
                "return typeof window.Baton === 'function' && window.__roots.length > 0",
                vec![],
            )
            .await
            .unwrap()
        },
        |v| v == true,
    )
    .await;
    c.execute("Baton('open')", vec![]).await.unwrap();
    let frame = poll(
        "the iframe",
        WAIT,
        || async {
            c.execute("return window.__roots[0].querySelector('iframe')", vec![])
                .await
                .unwrap()
        },
        |v| !v.is_null(),
    )
    .await;
    element(c, &frame).unwrap().enter_frame().await.unwrap();
    poll(
        "the composer",
        WAIT,
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

async fn wait_for(c: &Client, css: &str) {
    let js = format!("return !!document.querySelector({css:?})");
    poll(
        css,
        WAIT,
        || async { c.execute(&js, vec![]).await.unwrap_or(Value::Null) },
        |v| v == true,
    )
    .await;
}

async fn say(c: &Client, text: &str) {
    c.find(Locator::Css("[data-testid=composer]"))
        .await
        .unwrap()
        .send_keys(&format!("{text}\u{E007}"))
        .await
        .unwrap();
}

async fn shot(c: &Client, name: &str) {
    c.enter_parent_frame().await.ok();
    // Let the last update paint: two animation frames.
    c.execute_async(
        "const d = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => d(true)))",
        vec![],
    )
    .await
    .unwrap();
    let png = c.screenshot().await.expect("screenshot");
    let path = support::root()
        .join("docs")
        .join(format!("widget-{name}.png"));
    std::fs::write(&path, png).unwrap();
    println!("wrote {}", path.display());
}

struct Agent(reqwest::Client, String, String);

impl Agent {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut r = self
            .0
            .request(method, format!("{}/console/api/{path}", self.1))
            .header("Origin", &self.1)
            .header("Cookie", &self.2);
        if let Some(b) = body {
            r = r.json(&b);
        }
        r.send().await.unwrap().json().await.unwrap_or(Value::Null)
    }
}

async fn world(
    window: &str,
    agent: bool,
) -> (
    Client,
    String,
    String,
    Vec<support::Running>,
    tempfile::TempDir,
) {
    world_with(window, agent, always_open).await
}

async fn world_with(
    window: &str,
    agent: bool,
    site: fn(&str) -> String,
) -> (
    Client,
    String,
    String,
    Vec<support::Running>,
    tempfile::TempDir,
) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let host = format!("http://{}", listener.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let config = site(&host);
    std::fs::write(dir.path().join("baton.toml"), &config).unwrap();
    if agent {
        let out = Command::new(baton_bin())
            .args([
                "agent",
                "add",
                "--email",
                "maria@example.com",
                "--name",
                "Maria",
                "--teams",
                "demo:support,demo:billing,demo:sales",
                "--data",
            ])
            .arg(dir.path().join("data"))
            .arg("--config")
            .arg(dir.path().join("baton.toml"))
            .env("BATON_AGENT_PASSWORD", PASSWORD)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (hub_process, hub) = start_hub(dir.path(), &config, &widget_dist());
    let h = hub.clone();
    support::serve_host(listener, move |path| {
        let body = match path {
            "/" => page(&h, ""),
            "/dark" => page(&h, "data-mode=\"dark\""),
            "/ar" => page(&h, "data-locale=\"ar\""),
            "/shop.css" => {
                return Some(Page {
                    kind: "text/css",
                    body: SHOP_CSS.into(),
                    csp: None,
                })
            }
            _ => return None,
        };
        Some(Page {
            kind: "text/html",
            body,
            csp: None,
        })
    });
    let (driver_process, driver) = start_chromedriver().await;
    let c = browser(
        &driver,
        &[window, "--force-device-scale-factor=1", "--lang=en-GB"],
    )
    .await;
    on_new_document(&c, support::KEEP_SHADOW_ROOTS).await;
    if window.ends_with("390,844") {
        // Headless windows are at least 500 px wide: emulate the phone's viewport instead.
        let metrics = json!({"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true});
        c.issue_cmd(support::Cdp("Emulation.setDeviceMetricsOverride", metrics))
            .await
            .expect("phone viewport");
    }
    (c, hub, host, vec![hub_process, driver_process], dir)
}

#[tokio::main]
async fn main() {
    // Closed, open, bridge, agent joined: one conversation with an agent online.
    {
        let (c, hub, host, _procs, _dir) = world("--window-size=1280,800", true).await;
        let http = reqwest::Client::new();
        let r = http
            .post(format!("{hub}/console/api/login"))
            .header("Origin", &hub)
            .json(&json!({"email": "maria@example.com", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        let cookie = r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let agent = Agent(http, hub.clone(), cookie);
        agent
            .call(
                reqwest::Method::PUT,
                "presence",
                Some(json!({"site": "demo", "team": "billing", "online": true})),
            )
            .await;
        c.goto(&format!("{host}/")).await.unwrap();
        poll(
            "the launcher",
            WAIT,
            || async {
                c.execute("return window.__roots.length", vec![])
                    .await
                    .unwrap()
            },
            |v| v == 1,
        )
        .await;
        shot(&c, "closed").await;
        open_widget(&c).await;
        shot(&c, "open").await;
        open_widget(&c).await;
        say(
            &c,
            "I was charged twice for order #4471, I want my money back",
        )
        .await;
        wait_for(&c, "[data-testid=bridge]").await;
        shot(&c, "bridge").await;
        let queue = poll(
            "the queue",
            WAIT,
            || agent.call(reqwest::Method::GET, "queue", None),
            |q| q["waiting"].as_array().is_some_and(|w| !w.is_empty()),
        )
        .await;
        let id = queue["waiting"][0]["id"].as_str().unwrap().to_string();
        agent
            .call(
                reqwest::Method::POST,
                &format!("conversations/{id}/claim"),
                None,
            )
            .await;
        agent.call(reqwest::Method::POST, &format!("conversations/{id}/messages"), Some(json!({"text": "Hi, I'm Maria from Billing. I can see the two payments for order #4471 — I'm refunding the duplicate now."}))).await;
        open_widget(&c).await;
        wait_for(&c, ".baton-agent").await;
        shot(&c, "agent-joined").await;
        drop(c.close().await);
    }
    // Nobody online: the lead form.
    {
        let (c, _hub, host, _procs, _dir) = world("--window-size=1280,800", false).await;
        c.goto(&format!("{host}/")).await.unwrap();
        open_widget(&c).await;
        say(
            &c,
            "Can I talk to a person about a group booking for 12? I'm jamie@example.com",
        )
        .await;
        wait_for(&c, "[data-testid=lead-form]").await;
        shot(&c, "offline-lead").await;
        drop(c.close().await);
    }
    // Closed for a holiday: the honest bridge, the lead form, and the assistant still helping.
    {
        let (c, _hub, host, _procs, _dir) =
            world_with("--window-size=1280,900", false, holiday_today).await;
        c.goto(&format!("{host}/")).await.unwrap();
        open_widget(&c).await;
        say(
            &c,
            "I was charged twice for order #4471, can I get my money back? jo@example.com",
        )
        .await;
        wait_for(&c, "[data-testid=lead-form]").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        c.execute(
            "document.querySelector('[data-testid=bridge]').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
        shot(&c, "offline-bridge").await;
        open_widget(&c).await;
        say(&c, "How long does delivery take?").await;
        wait_for(&c, ".baton-assistant .baton-author").await;
        shot(&c, "offline-helping").await;
        drop(c.close().await);
    }
    // Dark theme, right to left, phone size.
    for (name, path, window) in [
        ("dark", "/dark", "--window-size=1280,800"),
        ("rtl", "/ar", "--window-size=1280,800"),
        ("phone", "/", "--window-size=390,844"),
    ] {
        let (c, _hub, host, _procs, _dir) = world(window, false).await;
        c.goto(&format!("{host}{path}")).await.unwrap();
        open_widget(&c).await;
        let question = if name == "rtl" {
            "هل تشحنون إلى دبي؟"
        } else {
            "How long does delivery take?"
        };
        say(&c, question).await;
        poll(
            "the answer",
            WAIT,
            || async {
                c.execute(
                    "return document.querySelectorAll('.baton-assistant').length",
                    vec![],
                )
                .await
                .unwrap()
            },
            |v| v.as_u64().unwrap_or(0) >= 3,
        )
        .await;
        shot(&c, name).await;
        drop(c.close().await);
    }
}
