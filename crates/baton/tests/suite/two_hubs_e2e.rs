//! Two real `baton serve` processes on one Postgres database, as two machines behind a load
//! balancer: the visitor's widget talks to one, the agent's console to the other, and they
//! share one thread — the agent's presence, the handoff, the reply, the visitor's answer and
//! "Maria is typing…" cross between the processes. Then the visitor's hub is killed and started again, and the
//! thread is whole.
//!
//! Needs Postgres (`BATON_TEST_DATABASE`, which `scripts/test` sets for this test); without it
//! the test says it was skipped.

use std::ffi::OsStr;
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::{json, Value};
use sqlx::{ConnectOptions, Connection, Executor};

use crate::support::widget::{
    always_open, host_page, instrument, open_widget, say, until_text, until_thread, Agent,
    PASSWORD, SERIAL, WAIT,
};
use crate::support::{
    baton_bin, browser, poll, serve, serve_host, start_chromedriver, widget_dist, Page, Running,
};

/// A fresh database on the test server; its URL.
async fn fresh_database(admin: &str) -> String {
    let name = format!("baton_e2e_{}_{}", std::process::id(), rand_suffix());
    let mut conn = admin
        .parse::<sqlx::postgres::PgConnectOptions>()
        .expect("BATON_TEST_DATABASE is a Postgres URL")
        .disable_statement_logging()
        .connect()
        .await
        .expect("the Postgres server of BATON_TEST_DATABASE");
    conn.execute(
        format!(
            "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
        )
        .as_str(),
    )
    .await
    .expect("create the test database");
    conn.close().await.expect("close");
    let mut url = url::Url::parse(admin).expect("a URL");
    url.set_path(&name);
    url.to_string()
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64 % 1_000_000_007)
        .unwrap_or(0)
}

/// `baton serve` on `addr` against `database`.
fn hub_on(dir: &Path, database: &str, addr: &str) -> Option<(Running, String)> {
    let config = dir.join("baton.toml");
    let widget = widget_dist();
    serve(
        addr,
        &[
            OsStr::new("--config"),
            config.as_os_str(),
            OsStr::new("--database"),
            OsStr::new(database),
            OsStr::new("--widget"),
            widget.as_os_str(),
        ],
    )
}

// The lock is held across the test's awaits on purpose: browser tests take turns.
#[allow(clippy::await_holding_lock)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_on_one_hub_process_and_an_agent_on_another_share_one_thread() {
    let Some(admin) = std::env::var("BATON_TEST_DATABASE")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!(
            "skipped: two hub processes need Postgres (set BATON_TEST_DATABASE; scripts/test does)"
        );
        return;
    };
    let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let database = fresh_database(&admin).await;
    let dir = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let host = format!("http://{}", listener.local_addr().unwrap());
    std::fs::write(dir.path().join("baton.toml"), always_open(&host)).unwrap();

    let (mut visitors_hub, a) = hub_on(dir.path(), &database, "127.0.0.1:0").expect("hub A");
    let (_agents_hub, b) = hub_on(dir.path(), &database, "127.0.0.1:0").expect("hub B");
    let out = Command::new(baton_bin())
        .args([
            "agent",
            "add",
            "--email",
            "maria@example.com",
            "--name",
            "Maria",
        ])
        .args([
            "--teams",
            "demo:support,demo:billing,demo:sales",
            "--database",
            &database,
        ])
        .env("BATON_AGENT_PASSWORD", PASSWORD)
        .output()
        .expect("baton agent add");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The shop's page embeds the widget from hub A.
    let hub_for_page = a.clone();
    serve_host(listener, move |path| {
        (path == "/").then(|| Page {
            kind: "text/html",
            body: host_page(&hub_for_page, ""),
            csp: None,
        })
    });
    let (_driver, driver) = start_chromedriver().await;
    let c = browser(&driver, &["--window-size=1280,800"]).await;
    instrument(&c).await;
    c.goto(&format!("{host}/")).await.expect("the host page");

    // Maria goes online on hub B; the widget, on hub A, says so.
    let maria = Agent::sign_in(&b).await;
    maria.online().await;
    open_widget(&c).await;
    until_text(&c, "status", |s| s.ends_with("· team online")).await;

    say(&c, "can I talk to a real person please").await;
    let id = maria
        .claim_and_reply("Hi, I'm Maria. How can I help?")
        .await;
    until_thread(&c, "Maria's reply, sent through hub B", |t| {
        t.iter().any(|l| l.1 == "Hi, I'm Maria. How can I help?")
    })
    .await;
    say(&c, "my parcel 4471 never came").await;
    let path = format!("conversations/{id}");
    let seen_by_maria = poll(
        "the visitor's answer in Maria's console on hub B",
        WAIT,
        || maria.call(reqwest::Method::GET, &path, None),
        |v: &Value| v.to_string().contains("my parcel 4471 never came"),
    )
    .await;
    assert!(seen_by_maria.to_string().contains("Hi, I'm Maria"));
    // Maria types her next reply in the console on hub B: the widget, on hub A, says so.
    maria
        .call(
            reqwest::Method::POST,
            &format!("conversations/{id}/typing"),
            None,
        )
        .await;
    until_text(&c, "typing", |t| t == "Maria is typing…").await;

    // Hub A dies (a deploy, a crash) and comes back on the same address; the widget resumes
    // and Maria's next reply, sent through hub B meanwhile, is there once.
    let addr = a.trim_start_matches("http://").to_string();
    visitors_hub.kill();
    maria
        .call(
            reqwest::Method::POST,
            &format!("conversations/{id}/messages"),
            Some(json!({"text": "I've found it: it is at the depot."})),
        )
        .await;
    let started = std::time::Instant::now();
    let _again = loop {
        if let Some((process, base)) = hub_on(dir.path(), &database, &addr) {
            assert_eq!(base, a);
            break process;
        }
        assert!(started.elapsed() < WAIT, "hub A did not start again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let t = until_thread(&c, "the reply sent while hub A was down", |t| {
        t.iter()
            .any(|l| l.1 == "I've found it: it is at the depot.")
    })
    .await;
    let typing = c
        .execute(
            "return !!document.querySelector('[data-testid=typing]')",
            vec![],
        )
        .await
        .expect("read the typing line");
    assert_eq!(typing, false, "her reply took the typing line's place");
    for text in [
        "Hi, I'm Maria. How can I help?",
        "my parcel 4471 never came",
        "I've found it: it is at the depot.",
    ] {
        assert_eq!(
            t.iter().filter(|l| l.1 == text).count(),
            1,
            "{text:?} once: {t:?}"
        );
    }
    std::fs::create_dir_all(crate::support::root().join("target/tmp")).ok();
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(
        crate::support::root().join("target/tmp/two-hubs-widget.png"),
        png,
    )
    .expect("write the screenshot");
    drop(c.close().await);
}
