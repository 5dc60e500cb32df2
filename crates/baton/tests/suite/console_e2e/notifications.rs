//! The Notifications page: a failed Slack notification with its error, a Retry that cannot
//! reach the hub, and a Retry that delivers it once.

use crate::support;

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::console::Browser;
use support::serve_host;

/// The handoff's Slack notification failed (nothing listened): the Notifications page shows
/// it with the exact error; a Retry whose request fails says so; the receiver comes up and
/// Retry delivers it, once.
pub(super) async fn failed_notification_retried(
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
