//! A page whose origin is not in the site's `allowed_origins`: no launcher, and one console
//! error saying what to change.

use crate::support;

use std::time::Duration;

use fantoccini::Client;
use serde_json::{json, Value};

use super::{assert_violations_none, with_browser_allowing};

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
