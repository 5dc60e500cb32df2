//! What the widget's browser tests share: the demo site on the real hub, the host page with
//! the owner's tag, a Chromium session inside it, the visitor's moves (open, say, read the
//! thread) and the agent's, through the console's API.

use std::net::TcpListener;
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

use fantoccini::Client;
use serde_json::{json, Value};

use super::{
    browser, demo_config, element, on_new_document, poll, start_chromedriver, start_hub,
    widget_dist, Page, Running,
};

pub const PASSWORD: &str = "correct horse battery";
pub const WAIT: Duration = Duration::from_secs(10);

/// One browser test at a time: two cores, and Chromium is heavy.
pub static SERIAL: Mutex<()> = Mutex::new(());

/// Installed in every document before its scripts (by [`instrument`]): in the widget's
/// frame records when the bridge message node appears and
/// when each request starts and ends.
pub const INSTRUMENTS: &str = r#"
if (location.pathname.startsWith("/widget/")) {
  // Chimes: each oscillator started is one note.
  window.__notes = 0;
  if (window.AudioContext) {
    const create = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function () {
      const o = create.call(this), start = o.start;
      o.start = function () { window.__notes++; return start.apply(this, arguments); };
      return o;
    };
  }
  window.__net = [];
  const fetch0 = window.fetch;
  window.fetch = function (url, init) {
    const entry = { url: String(url), method: (init && init.method) || "GET", start: performance.now(), end: null };
    window.__net.push(entry);
    const p = fetch0.apply(this, arguments);
    p.then(() => { entry.end = performance.now(); }, () => { entry.end = performance.now(); });
    return p;
  };
  window.__bridgeAt = null;
  new MutationObserver(() => {
    if (window.__bridgeAt === null && document.querySelector("[data-testid=bridge]")) window.__bridgeAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
}
"#;

/// Installs [`super::KEEP_SHADOW_ROOTS`] and [`INSTRUMENTS`] for the session's (current
/// tab's) next documents.
pub async fn instrument(c: &Client) {
    on_new_document(c, super::KEEP_SHADOW_ROOTS).await;
    on_new_document(c, INSTRUMENTS).await;
}

/// The thread as the visitor sees it: `[testid, text]` per line.
pub const THREAD: &str = r#"
return [...document.querySelectorAll("[data-testid=thread] > li:not(.baton-away-item)")].map((li) => [li.dataset.testid, li.querySelector("p").textContent, (li.querySelector(".baton-author") || {}).textContent || null]);
"#;

/// Everything one test needs.
pub struct World {
    pub c: Client,
    pub hub: String,
    /// The host page's origin.
    pub host: String,
    /// The site file the hub runs with.
    pub config: String,
    pub hub_process: Running,
    pub driver: Running,
    pub dir: tempfile::TempDir,
}

/// The demo site, open every day around the clock.
pub fn always_open(host: &str) -> String {
    with_hours(
        host,
        "Europe/London",
        "mon = [\"00:00-24:00\"]\ntue = [\"00:00-24:00\"]\nwed = [\"00:00-24:00\"]\nthu = [\"00:00-24:00\"]\n\
         fri = [\"00:00-24:00\"]\nsat = [\"00:00-24:00\"]\nsun = [\"00:00-24:00\"]",
    )
}

/// The demo site with its hours replaced: `weekly` lines (`mon = ["09:00-17:00"]`) in `timezone`.
pub fn with_hours(host: &str, timezone: &str, weekly: &str) -> String {
    let config = demo_config(host);
    let start = config.find("[sites.hours]").expect("demo hours");
    let end = config[start..].find("[[sites.teams]]").expect("demo teams") + start;
    let hours =
        format!("[sites.hours]\ntimezone = \"{timezone}\"\n\n[sites.hours.weekly]\n{weekly}\n\n");
    format!("{}{hours}{}", &config[..start], &config[end..])
}

/// The host page: the owner's tag (with `attrs`) on a page of another origin whose CSP
/// allows only the hub for scripts and frames. `/dark` and `/ar` vary the attributes.
pub fn host_page(hub: &str, attrs: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Northwind Outdoor</title></head><body><h1>Northwind Outdoor</h1><p>Tents, boots and waterproofs since 1987.</p>\
         <script src=\"{hub}/baton.js\" data-site=\"demo\" {attrs} async></script></body></html>"
    )
}

/// The demo site open around the clock (see [`start_with`]).
pub async fn start(agent: bool, window: &str) -> World {
    start_with(agent, window, always_open).await
}

/// The hub with `site(host origin)` as its configuration (the launcher moved bottom-left,
/// 32 px in and 40 up), Maria as an agent if `agent`, the host page, and a Chromium window
/// of size `window` on it.
pub async fn start_with(agent: bool, window: &str, site: impl FnOnce(&str) -> String) -> World {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let host = format!("http://{}", listener.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    // The site places its launcher bottom-left, 32 px from the side and 40 from the bottom.
    let config = site(&host).replace(
        "position = \"bottom-right\"\noffset_x = 24\noffset_y = 24",
        "position = \"bottom-left\"\noffset_x = 32\noffset_y = 40",
    );
    assert!(
        config.contains("offset_y = 40"),
        "demo/baton.toml's theme changed shape"
    );
    std::fs::write(dir.path().join("baton.toml"), &config).unwrap();
    if agent {
        let out = Command::new(super::baton_bin())
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
            .expect("run baton agent add");
        assert!(
            out.status.success(),
            "baton agent add: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (hub_process, hub) = start_hub(dir.path(), &config, &widget_dist());
    let origin = host.clone();
    let hub_for_pages = hub.clone();
    super::serve_host(listener, move |path| {
        let attrs = match path {
            "/" | "/search" => "",
            "/dark" => "data-mode=\"dark\"",
            "/ar" => "data-locale=\"ar\"",
            "/gb" => "data-locale=\"en-GB\"",
            "/placed" => "data-position=\"right\" data-offset-y=\"60\"",
            _ => return None,
        };
        let csp = Some(format!(
            "script-src {hub_for_pages}; frame-src {hub_for_pages}"
        ));
        let mut body = host_page(&hub_for_pages, attrs);
        if path == "/search" {
            // The shop's own search field, focused as the page loads.
            body = body.replace("<h1>", "<form role=\"search\"><input id=\"q\" name=\"q\" autofocus></form><a href=\"/\">Home</a><h1>");
        }
        Some(Page {
            kind: "text/html",
            body,
            csp,
        })
    });
    let (driver_process, driver) = start_chromedriver().await;
    let c = browser(&driver, &[window]).await;
    instrument(&c).await;
    c.goto(&format!("{origin}/"))
        .await
        .expect("open the host page");
    World {
        c,
        hub,
        host: origin,
        config,
        hub_process,
        driver: driver_process,
        dir,
    }
}

impl World {
    /// Stops the hub the hard way, as a crash or a deploy would.
    pub fn stop_hub(&mut self) {
        drop(self.hub_process.0.kill());
        drop(self.hub_process.0.wait());
    }

    /// Starts the hub again on the same address with the same data.
    pub fn restart_hub(&mut self) {
        let addr = self.hub.trim_start_matches("http://").to_string();
        let started = std::time::Instant::now();
        loop {
            match super::try_start_hub(self.dir.path(), &self.config, &widget_dist(), &addr) {
                Some((process, base)) => {
                    assert_eq!(base, self.hub);
                    self.hub_process = process;
                    return;
                }
                None => {
                    assert!(
                        started.elapsed() < WAIT,
                        "the hub did not start again on {addr}"
                    );
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        }
    }
}

/// The visitor's time zone, as the browser tells it to pages (the widget's frame included).
pub async fn visitor_zone(c: &Client, zone: &str) {
    c.issue_cmd(super::Cdp(
        "Emulation.setTimezoneOverride",
        json!({ "timezoneId": zone }),
    ))
    .await
    .expect("emulate a time zone");
}

/// Runs `test` in a fresh world, one at a time; the browser session is closed even when the
/// test fails.
pub async fn scenario<F, Fut>(agent: bool, test: F)
where
    F: FnOnce(Client, String) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    scenario_with(agent, always_open, test).await;
}

/// [`scenario`] on the site `site(host origin)` makes.
pub async fn scenario_with<F, Fut>(agent: bool, site: impl FnOnce(&str) -> String, test: F)
where
    F: FnOnce(Client, String) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    scenario_at(agent, site, |c, hub, _| test(c, hub)).await;
}

/// [`scenario_with`], also giving the test the hub's data directory (its SQLite file is
/// `baton.sqlite` there).
// The lock is held across the test's awaits on purpose: each test has its own runtime
// thread, and the lock makes the browser tests take turns.
#[allow(clippy::await_holding_lock)]
pub async fn scenario_at<F, Fut>(agent: bool, site: impl FnOnce(&str) -> String, test: F)
where
    F: FnOnce(Client, String, std::path::PathBuf) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = start_with(agent, "--window-size=1280,800", site).await;
    let data = world.dir.path().join("data");
    let outcome = tokio::spawn(test(world.c.clone(), world.hub.clone(), data)).await;
    drop(world.c.close().await);
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Opens the chat through the page's API and moves into the widget's frame, once its
/// composer is there.
pub async fn open_widget(c: &Client) {
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
    c.execute("Baton('open')", vec![])
        .await
        .expect("Baton('open')");
    let frame = poll(
        "the widget's iframe",
        WAIT,
        || async {
            c.execute(
                "return window.__roots[0].querySelector('iframe:not([hidden])')",
                vec![],
            )
            .await
            .unwrap()
        },
        |v| !v.is_null(),
    )
    .await;
    element(c, &frame)
        .expect("the iframe")
        .enter_frame()
        .await
        .expect("enter the widget's frame");
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

pub async fn thread(c: &Client) -> Vec<(String, String, Option<String>)> {
    let v = c.execute(THREAD, vec![]).await.expect("read the thread");
    serde_json::from_value(v).expect("thread lines")
}

/// Waits until the thread satisfies `ok`.
pub async fn until_thread(
    c: &Client,
    what: &str,
    ok: impl Fn(&[(String, String, Option<String>)]) -> bool,
) -> Vec<(String, String, Option<String>)> {
    let v = poll(
        what,
        WAIT,
        || async { c.execute(THREAD, vec![]).await.unwrap_or(Value::Null) },
        |v| {
            serde_json::from_value::<Vec<(String, String, Option<String>)>>(v.clone())
                .is_ok_and(|t| ok(&t))
        },
    )
    .await;
    serde_json::from_value(v).unwrap()
}

/// Types `text`, presses Enter and reads the DOM in the next animation frame, in one
/// script: `{sent, frame, bridge: [texts], handoffRequests}` (times from `performance.now()`).
pub async fn send_and_read_next_frame(c: &Client, text: &str) -> Value {
    c.execute_async(
        r#"
        const [text, done] = arguments;
        const input = document.querySelector("[data-testid=composer]");
        input.value = text;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        const sent = performance.now();
        input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
        input.form.requestSubmit();
        requestAnimationFrame(() => done({
          sent,
          frame: performance.now(),
          bridge: [...document.querySelectorAll("[data-testid=bridge] p")].map((p) => p.textContent),
          handoffRequests: window.__net.filter((r) => r.url.endsWith("/handoff")).length,
        }));
        "#,
        vec![Value::from(text)],
    )
    .await
    .expect("send and read the next frame")
}

/// How many handoff requests the widget's frame has started.
pub async fn handoff_requests(c: &Client) -> Value {
    c.execute(
        "return window.__net.filter((r) => r.url.endsWith('/handoff')).length",
        vec![],
    )
    .await
    .unwrap()
}

/// Types `text` in the composer and presses Enter, as a visitor does.
pub async fn say(c: &Client, text: &str) {
    let composer = c
        .find(fantoccini::Locator::Css("[data-testid=composer]"))
        .await
        .expect("the composer");
    composer
        .send_keys(&format!("{text}\u{E007}"))
        .await
        .expect("type");
}

pub async fn text_of(c: &Client, testid: &str) -> String {
    let js = format!("const e = document.querySelector('[data-testid={testid}]'); return e ? e.textContent : null");
    poll(
        testid,
        WAIT,
        || async { c.execute(&js, vec![]).await.unwrap_or(Value::Null) },
        |v| v.is_string(),
    )
    .await
    .as_str()
    .unwrap()
    .to_string()
}

/// Waits until the text of `testid` satisfies `ok`.
pub async fn until_text(c: &Client, testid: &str, ok: impl Fn(&str) -> bool) -> String {
    let js = format!("const e = document.querySelector('[data-testid={testid}]'); return e ? e.textContent : null");
    poll(
        testid,
        WAIT,
        || async { c.execute(&js, vec![]).await.unwrap_or(Value::Null) },
        |v| v.as_str().is_some_and(&ok),
    )
    .await
    .as_str()
    .unwrap()
    .to_string()
}

pub fn bridges(t: &[(String, String, Option<String>)]) -> Vec<&str> {
    t.iter()
        .filter(|l| l.0 == "bridge")
        .map(|l| l.1.as_str())
        .collect()
}

/// The agent, through the console's API.
pub struct Agent {
    pub http: reqwest::Client,
    pub hub: String,
    pub cookie: String,
}

impl Agent {
    pub async fn sign_in(hub: &str) -> Agent {
        let http = reqwest::Client::new();
        let r = http
            .post(format!("{hub}/console/api/login"))
            .header("Origin", hub)
            .json(&json!({"email": "maria@example.com", "password": PASSWORD}))
            .send()
            .await
            .expect("sign in");
        assert!(r.status().is_success(), "sign in: {}", r.status());
        let cookie = r
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("a session cookie")
            .to_string();
        Agent {
            http,
            hub: hub.to_string(),
            cookie,
        }
    }

    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut r = self
            .http
            .request(method, format!("{}/console/api/{path}", self.hub))
            .header("Cookie", &self.cookie)
            .header("Origin", &self.hub);
        if let Some(body) = body {
            r = r.json(&body);
        }
        let r = r.send().await.expect("console API");
        let status = r.status();
        let v: Value = r.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {v}");
        v
    }

    pub async fn online(&self) {
        for team in ["support", "billing", "sales"] {
            self.call(
                reqwest::Method::PUT,
                "presence",
                Some(json!({"site": "demo", "team": team, "online": true})),
            )
            .await;
        }
    }

    /// Waits for a conversation in the queue, claims it and replies.
    pub async fn claim_and_reply(&self, text: &str) -> String {
        let queue = poll(
            "a handoff in the agent's queue",
            WAIT,
            || self.call(reqwest::Method::GET, "queue", None),
            |q| q["waiting"].as_array().is_some_and(|w| !w.is_empty()),
        )
        .await;
        let id = queue["waiting"][0]["id"].as_str().unwrap().to_string();
        self.call(
            reqwest::Method::POST,
            &format!("conversations/{id}/claim"),
            None,
        )
        .await;
        self.call(
            reqwest::Method::POST,
            &format!("conversations/{id}/messages"),
            Some(json!({"text": text})),
        )
        .await;
        id
    }
}
