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
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use support::console::{Browser, Visitor};
use support::{free_port, Running};

mod context;
mod links;
mod notifications;

use context::whole_context;
use links::deep_links;
use notifications::failed_notification_retried;

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
    // The tab's title counts who is waiting, for an agent working in another tab.
    let waiting = b.text("[data-testid=waiting-count]").await?;
    let title = b.execute("return document.title").await?;
    if title != format!("({waiting}) Baton console") {
        return Err(format!("tab title {title} with {waiting} waiting"));
    }
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
    // Typed on straight after the greeting, as an agent does: it reads as a new sentence.
    b.type_into("[data-testid=reply-box]", "Let me check it now.")
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
        if nav == "nav-dashboard" {
            // Nobody rated a conversation here: the satisfaction bars say so, not "0%".
            let values = b
                .execute("return [...document.querySelectorAll('[data-testid=chart-csat] text.value')].map((t) => t.textContent)")
                .await?;
            if values != serde_json::json!(["–", "–"]) {
                return Err(format!("satisfaction with no ratings drawn as {values}"));
            }
        }
    }
    // The browser's Back goes to the page before (the notifications), not just the address.
    b.execute("history.back()").await?;
    b.find("[data-testid=notifications]").await?;
    Ok(())
}
