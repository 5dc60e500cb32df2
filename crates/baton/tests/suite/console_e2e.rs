//! The agent console end to end, in headless Chromium: the real `baton serve` with the demo
//! configuration on a free port, an agent made with `baton agent add`, and a browser driven
//! through chromedriver's WebDriver API. The agent signs in, goes online, sees a handoff
//! arrive, claims it and replies; the visitor's side receives the reply. The handoff's Slack
//! notification fails (nothing listens yet) and shows on the Notifications page with its
//! error; the receiver comes up and Retry delivers it once. Links to `?conversation=ID`
//! open the pane, also through a sign-in, or say why they cannot. Reloading the page keeps
//! the agent signed in with the queue on screen. A visitor who says "I'm Jane Smith" shows
//! as Jane Smith, each reason once with who saw it, the thread at its newest line, the
//! lead's name and email apart, and nothing clipped at 1280 and 900 px (screenshots in
//! Cargo's test temporary directory; with `BATON_DOCS_SCREENSHOTS=1`, the 1280 px one also
//! replaces `docs/console-pane.png`).
//!
//! Needs the console built: `(cd crates/console && trunk build --offline --release)`
//! (`scripts/test` does it first), and `chromedriver` and Chromium on PATH.

use crate::support;

use std::ffi::OsStr;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{json, Value};
use support::console::{failed, Browser, Visitor, WAIT};
use support::{free_port, serve_host, Running};

const PASSWORD: &str = "correct horse battery";

fn repo() -> PathBuf {
    support::root()
}

fn console_dist() -> PathBuf {
    let dist = repo().join("crates/console/dist");
    assert!(
        dist.join("index.html").is_file(),
        "the console is not built: run `(cd crates/console && trunk build --offline --release)` first (scripts/test does)"
    );
    dist
}

fn agent_add(data: &Path, email: &str, password: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_baton"))
        .args([
            "agent",
            "add",
            "--email",
            email,
            "--name",
            "Maria",
            "--teams",
            "demo:support,demo:billing",
        ])
        .arg("--data")
        .arg(data)
        .arg("--config")
        .arg(repo().join("demo/baton.toml"))
        .env("BATON_AGENT_PASSWORD", password)
        .output()
        .expect("run baton agent add")
}

/// The demo configuration in `dir`, its FAQ path made absolute, every handoff notifying
/// only `team-slack`, whose webhook is `http://127.0.0.1:{slack}/slack`.
fn notifying_config(dir: &Path, slack: u16) -> PathBuf {
    let demo = std::fs::read_to_string(repo().join("demo/baton.toml")).expect("demo/baton.toml");
    let faq = repo().join("demo/faq.toml");
    let rules = demo
        .find("# First match wins")
        .expect("demo/baton.toml changed shape: no escalation matrix");
    let config = format!(
        "{}[[sites.notify.rules]]\nchannels = [\"team-slack\"]\n",
        &demo[..rules]
    )
    .replace(
        r#"file = "faq.toml""#,
        &format!("file = {:?}", faq.display().to_string()),
    )
    .replace(
        "http://127.0.0.1:8788/slack",
        &format!("http://127.0.0.1:{slack}/slack"),
    );
    assert!(
        config.contains(&format!(":{slack}/slack")),
        "demo/baton.toml changed shape: no team-slack webhook"
    );
    let path = dir.join("baton.toml");
    std::fs::write(&path, config).expect("write the configuration");
    path
}

fn serve(data: &Path, config: &Path) -> (Running, String) {
    let console = console_dist();
    let widget = data.join("no-widget");
    let args = [
        OsStr::new("--config"),
        config.as_os_str(),
        OsStr::new("--data"),
        data.as_os_str(),
        OsStr::new("--console"),
        console.as_os_str(),
        OsStr::new("--widget"),
        widget.as_os_str(),
    ];
    support::serve("127.0.0.1:0", &args).expect("baton serve did not start")
}

#[test]
fn agent_add_explains_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let ok = agent_add(dir.path(), "maria@example.com", PASSWORD);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    for (email, password, expect) in [
        ("MARIA@example.com", PASSWORD, "already exists"),
        ("sam@example.com", "short", "at least 10"),
        ("not-an-email", PASSWORD, "not an email address"),
    ] {
        let out = agent_add(dir.path(), email, password);
        assert_eq!(out.status.code(), Some(2), "{email}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expect), "{email}: {stderr}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args([
            "agent",
            "add",
            "--email",
            "sam@example.com",
            "--name",
            "Sam",
            "--teams",
            "demo:kitchen",
            "--data",
        ])
        .arg(dir.path())
        .arg("--config")
        .arg(repo().join("demo/baton.toml"))
        .env("BATON_AGENT_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no team \"kitchen\""));
    // The password can come on stdin too.
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args([
            "agent",
            "add",
            "--email",
            "ana@example.com",
            "--name",
            "Ana",
            "--teams",
            "demo:sales",
            "--data",
        ])
        .arg(dir.path())
        .env_remove("BATON_AGENT_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"another long password\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn an_agent_signs_in_goes_online_claims_a_handoff_and_the_visitor_gets_the_reply() {
    let dist = console_dist();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let added = agent_add(&data, "maria@example.com", PASSWORD);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    // The Slack receiver is down at first: its port is free, nothing listens.
    let slack = free_port();
    let config = notifying_config(dir.path(), slack);
    let (_hub, base) = serve(&data, &config);
    assert!(dist.is_dir());

    let (_driver, driver) = support::start_chromedriver().await;
    let browser = Browser::start(&driver).await.expect("a browser session");
    let outcome = drive(&browser, &base, slack).await;
    browser.quit().await;
    if let Err(e) = outcome {
        panic!("{e}");
    }
}

async fn drive(b: &Browser, base: &str, slack: u16) -> Result<(), String> {
    b.goto(&format!("{base}/console/")).await?;
    b.find("[data-testid=login-email]").await?;
    b.accessible("the sign-in page").await?;
    b.type_into("[data-testid=login-email]", "maria@example.com")
        .await?;
    b.type_into("[data-testid=login-password]", PASSWORD)
        .await?;
    b.click("[data-testid=login-submit]").await?;
    b.wait_text("[data-testid=me]", |t| t == "Maria").await?;

    b.click("[data-testid=presence-demo-support]").await?;
    b.wait_text("[data-testid=presence-demo-support]", |t| {
        t.ends_with("Online")
    })
    .await?;

    // A visitor asks for a person; the widget hands the conversation over.
    let visitor = Visitor::start(base).await?;
    let text = "Can I talk to a person about order 4471? <b>now</b>";
    visitor
        .post("messages", json!({"client_id": "m1", "text": text}))
        .await?;
    let package = json!({
        "transcript": [{"role": "visitor", "text": text}],
        "fields": {"name": "Jamie", "order": "4471"},
        "trigger": "human_request",
        "reasons": [{"trigger": "human_request", "signal": "talk to a person", "weight": 1.0}],
        "route": "support",
    });
    visitor.post("handoff", package).await?;

    // It arrives in the live queue, with its badges.
    let item = format!("[data-testid=queue-item][data-id=\"{}\"]", visitor.id);
    b.wait_text(&item, |t| {
        t.contains("Asked for a person") && t.contains("Jamie")
    })
    .await?;
    // Reloading the page keeps the console: the browser revalidates its copy (304), which
    // must carry the console's policy, or the cached page runs under `default-src 'none'`
    // and shows nothing. Still signed in, the queue is there.
    b.reload().await?;
    b.wait_text("[data-testid=me]", |t| t == "Maria").await?;
    b.wait_text(&item, |t| {
        t.contains("Asked for a person") && t.contains("Jamie")
    })
    .await?;
    b.click(&item).await?;
    // Visitor text is shown as text, never as markup.
    b.wait_text("[data-testid=thread]", |t| t.contains("<b>now</b>"))
        .await?;
    if !b.all("[data-testid=thread] b").await?.is_empty() {
        return Err("visitor text was rendered as HTML".into());
    }
    b.click("[data-testid=claim]").await?;
    b.wait_text("[data-testid=pane-status]", |t| t == "With Maria")
        .await?;
    b.accessible("the queue with a claimed conversation open")
        .await?;
    let greeting = b.property("[data-testid=reply-box]", "value").await?;
    if !greeting.starts_with("Hi Jamie, I'm picking up where our assistant left off")
        || !greeting.contains("order #4471")
    {
        return Err(format!(
            "reply box not prefilled with the greeting: {greeting:?}"
        ));
    }
    b.type_into("[data-testid=reply-box]", " Let me check it now.")
        .await?;
    b.click("[data-testid=reply-send]").await?;

    // The visitor's side has "Maria joined" and the reply, from Maria.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let messages = visitor.messages().await?;
        let joined = messages
            .iter()
            .any(|m| m["author"] == "system" && m["text"] == "Maria joined the conversation.");
        let reply = messages.iter().find(|m| m["author"] == "agent");
        if let (true, Some(reply)) = (joined, reply) {
            let text = reply["text"].as_str().unwrap_or_default();
            if reply["agent_name"] != "Maria"
                || !text.ends_with("order #4471. Let me check it now.")
            {
                return Err(format!("unexpected reply: {reply}"));
            }
            break;
        }
        if Instant::now() > deadline {
            return Err(format!("the visitor never got the reply: {messages:?}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // And the console shows it in the thread.
    b.wait_text("[data-testid=thread]", |t| {
        t.contains("Let me check it now.")
    })
    .await?;

    failed_notification_retried(b, &visitor.id, slack).await?;
    deep_links(b, base, &visitor.id).await?;
    whole_context(b, base).await?;
    pages_are_accessible(b).await
}

/// Every page of the console, with the conversations the test made, against WCAG 2.2 A/AA.
async fn pages_are_accessible(b: &Browser) -> Result<(), String> {
    for (nav, page) in [
        ("nav-dashboard", "[data-testid=chart-rate]"),
        ("nav-review", "[data-testid=review]"),
        ("nav-notifications", "[data-testid=notifications]"),
        ("nav-queue", "[data-testid=queue-item]"),
    ] {
        b.click(&format!("[data-testid={nav}]")).await?;
        b.find(page).await?;
        b.accessible(nav).await?;
    }
    Ok(())
}

/// A visitor of `base` who asks for a person and is handed to `route`.
async fn handed_off(base: &str, text: &str, route: &str) -> Result<Visitor, String> {
    let visitor = Visitor::start(base).await?;
    visitor
        .post("messages", json!({"client_id": "m1", "text": text}))
        .await?;
    let package = json!({
        "transcript": [{"role": "visitor", "text": text}],
        "fields": {},
        "trigger": "human_request",
        "reasons": [{"trigger": "human_request", "signal": "a person", "weight": 1.0}],
        "route": route,
    });
    visitor.post("handoff", package).await?;
    Ok(visitor)
}

/// `/console/?conversation=ID` (the notifications' link) opens that conversation's pane,
/// also when the agent signs in first; one that does not exist or is another team's says so.
async fn deep_links(b: &Browser, base: &str, held: &str) -> Result<(), String> {
    // Signed in: the failure's link opens the conversation Maria holds.
    let href = b
        .property("[data-testid=failure-conversation]", "href")
        .await?;
    if href != format!("{base}/console/?conversation={held}") {
        return Err(format!(
            "the failure links to {href}, not to conversation {held}"
        ));
    }
    b.click("[data-testid=failure-conversation]").await?;
    b.wait_text("[data-testid=pane-status]", |t| t == "With Maria")
        .await?;
    b.wait_text("[data-testid=thread]", |t| {
        t.contains("Let me check it now.")
    })
    .await?;
    let url = b.url().await?;
    if url != format!("{base}/console/") {
        return Err(format!("the link stays in the address: {url}"));
    }

    // Signed out: the link survives the sign-in and opens a waiting billing conversation.
    let billing = handed_off(base, "Why was I charged twice? I want a person.", "billing").await?;
    let sales = handed_off(base, "Can a person quote for 40 club jackets?", "sales").await?;
    b.click("[data-testid=logout]").await?;
    b.find("[data-testid=login-email]").await?;
    b.goto(&format!("{base}/console/?conversation={}", billing.id))
        .await?;
    b.type_into("[data-testid=login-email]", "maria@example.com")
        .await?;
    b.type_into("[data-testid=login-password]", PASSWORD)
        .await?;
    b.click("[data-testid=login-submit]").await?;
    b.wait_text("[data-testid=pane-status]", |t| t == "Waiting for a person")
        .await?;
    b.wait_text("[data-testid=thread]", |t| {
        t.contains("Why was I charged twice?")
    })
    .await?;
    b.find("[data-testid=claim]").await?;

    // Another team's conversation, and one that does not exist: the pane says why.
    for id in [sales.id.as_str(), "no-such-conversation"] {
        b.goto(&format!("{base}/console/?conversation={id}"))
            .await?;
        let notice = b
            .wait_text("[data-testid=pane-notice]", |t| !t.is_empty())
            .await?;
        if notice != format!("Conversation {id} cannot be opened: it does not exist, it is not in your teams, or it is back with the assistant.") {
            return Err(format!("unexpected notice for {id}: {notice:?}"));
        }
    }
    Ok(())
}

/// The handoff's Slack notification failed (nothing listened): the Notifications page shows
/// it with the exact error; a Retry whose request fails says so; the receiver comes up and
/// Retry delivers it, once.
async fn failed_notification_retried(
    b: &Browser,
    conversation: &str,
    slack: u16,
) -> Result<(), String> {
    b.click("[data-testid=nav-notifications]").await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while b.all("[data-testid=failure]").await?.is_empty() {
        if Instant::now() > deadline {
            return Err("no failed notification listed".into());
        }
        b.click("[data-testid=failures-refresh]").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let rows = b.all("[data-testid=failure]").await?;
    if rows.len() != 1 {
        return Err(format!(
            "expected one failed notification, found {}",
            rows.len()
        ));
    }
    b.wait_text("[data-testid=failure-channel]", |t| t == "team-slack slack")
        .await?;
    let error = b.text("[data-testid=failure-error]").await?;
    if !error.contains(&format!("http://127.0.0.1:{slack}/slack"))
        || !error.contains("Connection refused")
    {
        return Err(format!("not the exact error: {error:?}"));
    }
    // One attempt so far, unless the worker's own retry (15 s later) came first.
    let attempts: u32 = b
        .text("[data-testid=failure-attempts]")
        .await?
        .parse()
        .map_err(|e| format!("attempts: {e}"))?;
    if !(1..=2).contains(&attempts) {
        return Err(format!("{attempts} attempts already"));
    }
    // When, in words in the site's zone: "Retrying by itself today at 10:02 (Europe/London)".
    b.wait_text("[data-testid=failure-status]", |t| {
        t.starts_with("Retrying by itself today at ") && t.ends_with(" (Europe/London)")
    })
    .await?;
    let link = b
        .property("[data-testid=failure-conversation]", "href")
        .await?;
    if !link.ends_with(&format!("/console/?conversation={conversation}")) {
        return Err(format!("the conversation link is {link:?}"));
    }

    // The retry request itself fails (the hub unreachable): the row says so and stays.
    b.execute("window.realFetch = window.fetch; window.fetch = (url, init) => String(url).endsWith('/retry') ? Promise.reject(new TypeError('Failed to fetch')) : window.realFetch(url, init);").await?;
    b.click("[data-testid=failure-retry]").await?;
    b.wait_text("[data-testid=failure-retry-error]", |t| {
        t.starts_with("Retry failed: The hub cannot be reached")
    })
    .await?;
    b.execute("window.fetch = window.realFetch;").await?;

    // The receiver comes up; Retry delivers, exactly once.
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let listener = TcpListener::bind(("127.0.0.1", slack))
        .map_err(|e| format!("rebind the Slack port: {e}"))?;
    serve_host(listener, move |path| {
        (path == "/slack").then(|| {
            counted.fetch_add(1, Ordering::SeqCst);
            support::Page {
                kind: "text/plain",
                body: "ok".into(),
                csp: None,
            }
        })
    });
    b.click("[data-testid=failure-retry]").await?;
    b.wait_text("[data-testid=failure-status]", |t| {
        t.starts_with("Delivered today at ") && t.ends_with(" (Europe/London)")
    })
    .await?;
    if !b.all("[data-testid=failure-retry-error]").await?.is_empty() {
        return Err("the earlier retry error is still shown".into());
    }
    let after = (attempts + 1).to_string();
    b.wait_text("[data-testid=failure-attempts]", |t| t == after)
        .await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    match hits.load(Ordering::SeqCst) {
        1 => Ok(()),
        n => Err(format!("the receiver got {n} notifications, not 1")),
    }
}

/// The last line of the thread, and whether the thread overflows and is scrolled so that
/// line shows whole.
const THREAD_END: &str = r#"
const thread = document.querySelector('[data-testid=thread]');
const lines = thread.querySelectorAll('[data-testid=pane-message]');
const last = lines[lines.length - 1];
const t = thread.getBoundingClientRect(), l = last.getBoundingClientRect();
return { text: last.innerText, overflows: thread.scrollHeight > thread.clientHeight + 20,
         shown: l.top >= t.top - 1 && l.bottom <= t.bottom + 1 };
"#;

/// Every badge on screen that does not show whole: its text outside its box or on more than
/// one line, the box stretched beyond one line, or sticking out of the queue item or pane
/// section that holds it.
const CLIPPED_BADGES: &str = r#"
const out = [];
for (const b of document.querySelectorAll('.badge, .urgency, .source')) {
  const r = b.getBoundingClientRect();
  if (r.width === 0) continue;
  const box = b.closest('.item, .why, .pane, .side').getBoundingClientRect();
  const style = getComputedStyle(b);
  const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
  const text = document.createRange();
  text.selectNodeContents(b);
  const rows = new Set([...text.getClientRects()].map(x => Math.round(x.top))).size;
  const t = text.getBoundingClientRect();
  const cut = b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1
    || t.left < r.left - 0.5 || t.right > r.right + 0.5 || t.top < r.top - 0.5 || t.bottom > r.bottom + 0.5
    || r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5
    || rows > 1 || r.height > line * 1.5 + 4;
  if (cut) out.push(`${b.innerText}: ${rows} rows, ${Math.round(r.width)}x${Math.round(r.height)} px`);
}
return out;
"#;

impl Browser {
    async fn thread_end(&self) -> Result<(String, bool, bool), String> {
        let v = self.execute(THREAD_END).await?;
        Ok((
            v["text"].as_str().unwrap_or_default().to_string(),
            v["overflows"] == true,
            v["shown"] == true,
        ))
    }

    /// Waits until the thread's last line reads `want` and shows whole.
    async fn wait_thread_end(&self, want: &str) -> Result<(), String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let (text, overflows, shown) = self.thread_end().await?;
            if text.contains(want) && overflows && shown {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("the thread's last line {text:?} (wanted {want:?}): overflows {overflows}, scrolled into view {shown}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// At `width` px: a screenshot to `name`, and no badge clipped.
    async fn layout_at(&self, width: u32, name: &str) -> Result<PathBuf, String> {
        self.0
            .set_window_size(width, 1000)
            .await
            .map_err(failed("window size"))?;
        self.execute("window.scrollTo(0, 0)").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = self.0.screenshot().await.map_err(failed("screenshot"))?;
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::write(&path, png).map_err(|e| format!("{}: {e}", path.display()))?;
        let clipped = self.execute(CLIPPED_BADGES).await?;
        match clipped.as_array() {
            Some(list) if list.is_empty() => Ok(path),
            _ => Err(format!(
                "badges clipped at {width} px: {clipped} (see {})",
                path.display()
            )),
        }
    }
}

/// A visitor who says who they are and is handed over: the queue and pane name them, list
/// each reason once with who saw it (the widget's package and the hub's re-check), keep the
/// thread at its newest line, show the lead's name and email apart and times in words.
async fn whole_context(b: &Browser, base: &str) -> Result<(), String> {
    b.click("[data-testid=nav-queue]").await?;
    let visitor = Visitor::start(base).await?;
    let story = "Hi, I'm Jane Smith. My order 4471 never arrived.\n\
        It was meant to come on Monday.\nThe tracking page still says the label was created.\n\
        I have checked with my neighbours.\nNobody has seen a parcel.\nThe courier's line just rings out.\n\
        I paid for next-day delivery.\nIt was a birthday present.\nThe birthday was yesterday.\n\
        I would like to know where it is.\nAnd whether I can get the delivery fee back.";
    visitor
        .post("messages", json!({"client_id": "j1", "text": story}))
        .await?;
    let ask = "Can I talk to a person please?";
    let asked = visitor
        .post("messages", json!({"client_id": "j2", "text": ask}))
        .await?;
    if asked["triage"]["escalate"] != true {
        return Err(format!("the hub did not escalate {ask:?}: {asked}"));
    }
    // The widget sends what the same engine found, and one reason only it saw.
    let mut reasons = asked["triage"]["reasons"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let widget_only =
        json!({"trigger": "frustration", "signal": "waited since Monday", "weight": 0.4});
    reasons.push(widget_only.clone());
    let package = json!({
        "transcript": [{"role": "visitor", "text": story}, {"role": "visitor", "text": ask}],
        "fields": {"order": "4471"},
        "trigger": "human_request",
        "reasons": reasons,
        "route": "support",
    });
    let handed = visitor.post("handoff", package).await?;
    let hub_reasons = handed["hub"]["reasons"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let key = |r: &Value| {
        format!(
            "{}|{}",
            r["trigger"].as_str().unwrap_or_default(),
            r["signal"].as_str().unwrap_or_default()
        )
    };
    let mut expected: Vec<(String, &str)> = Vec::new();
    for r in &reasons {
        let both = hub_reasons.iter().any(|h| key(h) == key(r));
        if !expected.iter().any(|(k, _)| *k == key(r)) {
            expected.push((key(r), if both { "widget and hub" } else { "widget" }));
        }
    }
    for h in &hub_reasons {
        if !expected.iter().any(|(k, _)| *k == key(h)) {
            expected.push((key(h), "hub"));
        }
    }
    if !expected.iter().any(|(_, s)| *s == "widget and hub") {
        return Err(format!(
            "the hub's re-check shares no reason with the widget's: {hub_reasons:?}"
        ));
    }

    // The queue names her by what she said.
    let item = format!("[data-testid=queue-item][data-id=\"{}\"]", visitor.id);
    b.wait_text(&item, |t| {
        t.contains("Jane Smith") && t.contains("Asked for a person")
    })
    .await?;
    b.click(&item).await?;
    let context = b
        .wait_text("[data-testid=context]", |t| !t.is_empty())
        .await?;
    if context != "Jane Smith (said in the chat) · order #4471" {
        return Err(format!("the context line reads {context:?}"));
    }
    b.wait_thread_end(ask).await?;

    // Each reason once, with who saw it.
    let mut shown = Vec::new();
    for li in b.all("[data-testid=reason]").await? {
        let text = li
            .find(Locator::Css("[data-testid=reason-text]"))
            .await
            .map_err(failed("reason text"))?
            .text()
            .await
            .map_err(failed("reason text"))?;
        let source = li
            .find(Locator::Css("[data-testid=reason-source]"))
            .await
            .map_err(failed("reason source"))?
            .text()
            .await
            .map_err(failed("reason source"))?;
        shown.push((text, source));
    }
    if shown.len() != expected.len() {
        return Err(format!(
            "{} reason lines for {} reasons: {shown:?}",
            shown.len(),
            expected.len()
        ));
    }
    for (key, source) in &expected {
        let (_, signal) = key.split_once('|').unwrap_or_default();
        let lines: Vec<_> = shown
            .iter()
            .filter(|(text, _)| text.contains(&format!(": {signal} (")))
            .collect();
        if lines.len() != 1 || lines[0].1 != *source {
            return Err(format!(
                "reason {key:?} should show once from {source}: {shown:?}"
            ));
        }
    }
    let badges = b.all("[data-testid=pane-trigger]").await?;
    if badges.len() != 1 {
        return Err(format!(
            "widget and hub agree on the trigger, yet {} badges",
            badges.len()
        ));
    }
    let handed_over = b.text("[data-testid=handed-over]").await?;
    if !handed_over.starts_with("Handed over today at ")
        || !handed_over.ends_with(" (Europe/London).")
    {
        return Err(format!("not a time for people: {handed_over:?}"));
    }
    // Nobody was online: what the visitor was told, with the time (if any) in words.
    let told = b.text("[data-testid=told]").await?;
    let plain = told == "The visitor was told nobody was available.";
    let timed = told.starts_with("The visitor was told nobody was available and that we are back ")
        && told.ends_with(" (Europe/London).");
    if !(plain || timed) || told.contains(":00Z") {
        return Err(format!("what the visitor was told reads {told:?}"));
    }

    // A new line arrives: the thread follows it.
    let again = "Hello? Is anyone there? I still need to know where my parcel is.";
    visitor
        .post("messages", json!({"client_id": "j3", "text": again}))
        .await?;
    b.wait_thread_end(again).await?;

    // She leaves her details: name, email and phone are separate, and linked.
    let lead = json!({"name": "Jane Smith", "email": "jane.smith@example.com", "phone": "+44 7700 900456",
                      "question": "Where is order 4471?", "consent": true});
    visitor.post("leads", lead).await?;
    b.wait_text("[data-testid=pane-lead] [data-testid=lead-name]", |t| {
        t == "Jane Smith"
    })
    .await?;
    b.wait_text("[data-testid=pane-lead] [data-testid=lead-email]", |t| {
        t == "jane.smith@example.com"
    })
    .await?;
    b.wait_text("[data-testid=pane-lead] [data-testid=lead-phone]", |t| {
        t == "+447700900456"
    })
    .await?;
    let mail = b
        .property("[data-testid=pane-lead] [data-testid=lead-email]", "href")
        .await?;
    if mail != "mailto:jane.smith@example.com" {
        return Err(format!("the email links to {mail:?}"));
    }
    // The lead form's name now comes first, and the thread is still at its end.
    b.wait_text("[data-testid=context]", |t| t == "Jane Smith · order #4471")
        .await?;
    b.wait_thread_end(again).await?;

    // The lead list: the same separate elements, the time in words in the site's zone.
    b.type_into("[data-testid=lead-query]", "jane.smith")
        .await?;
    b.click("[data-testid=lead-search]").await?;
    b.wait_text("[data-testid=lead-result] [data-testid=lead-name]", |t| {
        t == "Jane Smith"
    })
    .await?;
    b.wait_text("[data-testid=lead-result] [data-testid=lead-email]", |t| {
        t == "jane.smith@example.com"
    })
    .await?;
    b.wait_text("[data-testid=lead-result] [data-testid=lead-when]", |t| {
        t.starts_with("today at ") && t.ends_with(" (Europe/London)")
    })
    .await?;

    // Nothing clipped at the console's usual widths.
    let wide = b.layout_at(1280, "console-pane-1280.png").await?;
    b.layout_at(900, "console-pane-900.png").await?;
    if std::env::var_os("BATON_DOCS_SCREENSHOTS").is_some() {
        std::fs::copy(&wide, repo().join("docs/console-pane.png"))
            .map_err(|e| format!("docs/console-pane.png: {e}"))?;
    }

    // Claimed, and half-way through a reply when she writes again: the new line shows, and
    // the reply box keeps the caret and what was typed.
    b.click("[data-testid=claim]").await?;
    b.wait_text("[data-testid=pane-status]", |t| t == "With Maria")
        .await?;
    b.type_into("[data-testid=reply-box]", " Let me look")
        .await?;
    let more = "It was the blue one, size 42.";
    visitor
        .post("messages", json!({"client_id": "j4", "text": more}))
        .await?;
    b.wait_thread_end(more).await?;
    let typing = b.execute("const e = document.activeElement; return [e.dataset.testid || e.tagName, e.value || ''];").await?;
    if typing[0] != "reply-box"
        || !typing[1]
            .as_str()
            .unwrap_or_default()
            .ends_with("Let me look")
    {
        return Err(format!(
            "a new line took the reply box from the agent: {typing}"
        ));
    }
    Ok(())
}
