//! The widget on a slow network, end to end (the real `baton serve`, the owner's host page,
//! headless Chromium; helpers in `support::widget`): what a visitor does before the site's
//! settings have arrived still reaches the right place.

use crate::support;

use serde_json::Value;
use support::widget::*;

/// A script for every new document: in the widget's frame, each request for the site's
/// settings is answered by `answer`, a JS expression over `go()` (the real request) and
/// `window.__configCalls` (how many there have been, this one included).
fn on_settings_request(answer: &str) -> String {
    format!(
        r#"
if (location.pathname.startsWith("/widget/")) {{
  const next = window.fetch;
  window.__configCalls = 0;
  window.fetch = function (url, init) {{
    if (String(url).includes("/widget-config")) {{
      window.__configCalls++;
      const go = () => next.call(this, url, init);
      return {answer};
    }}
    return next.apply(this, arguments);
  }};
}}
"#
    )
}

/// The site's settings (its words among them) arrive after 3 s.
const SLOW_SETTINGS: &str = "new Promise((ok) => setTimeout(ok, 3000)).then(go)";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_for_a_person_typed_before_the_sites_settings_arrive_is_handed_over() {
    scenario(true, |c, hub| async move {
        let agent = Agent::sign_in(&hub).await;
        agent.online().await;
        support::on_new_document(&c, &on_settings_request(SLOW_SETTINGS)).await;
        open_widget(&c).await;
        let arrived =
            "return window.__net.some((r) => r.url.includes('/widget-config') && r.end !== null)";
        assert_eq!(
            c.execute(arrived, vec![]).await.unwrap(),
            Value::Bool(false),
            "the settings are still on their way when the visitor types"
        );
        say(&c, "can I talk to a real person?").await;
        let t = until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        // The site's greeting among the opening lines, then the question, then the bridge
        // with the team's name (no assistant answer in place of the handoff).
        let lines: Vec<(&str, &str)> = t.iter().map(|l| (l.0.as_str(), l.1.as_str())).collect();
        assert_eq!(lines.len(), 4, "{lines:#?}");
        assert!(
            lines[1].1.starts_with("Hi! I can help with orders"),
            "{lines:#?}"
        );
        assert_eq!(lines[2], ("message", "can I talk to a real person?"));
        assert_eq!(lines[3].0, "bridge");
        assert!(
            lines[3]
                .1
                .starts_with("Let me connect you with a specialist from our Customer Support team"),
            "{lines:#?}"
        );
        let id = agent
            .claim_and_reply("Hi, I'm Maria. How can I help?")
            .await;
        assert!(!id.is_empty());
        until_thread(&c, "the agent's reply", |t| {
            t.iter().any(|l| l.1 == "Hi, I'm Maria. How can I help?")
        })
        .await;
        // The settings arrive: the thread stays as it is, with one handoff.
        support::poll(
            "the settings",
            WAIT,
            || async { c.execute(arrived, vec![]).await.unwrap() },
            |v| *v == Value::Bool(true),
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let after = thread(&c).await;
        assert_eq!(bridges(&after).len(), 1, "{after:#?}");
        let kinds: Vec<&str> = after.iter().map(|l| l.0.as_str()).collect();
        assert_eq!(
            kinds,
            ["message", "message", "message", "bridge", "notice", "message"],
            "{after:#?}"
        );
        // One handoff, not a second one when the site's words arrived.
        let handoffs = handoff_requests(&c).await;
        assert_eq!(handoffs, 1);
    })
    .await;
}

/// The first two requests for the site's settings meet a dead network; the third goes
/// through.
const SETTINGS_FAIL_TWICE: &str =
    "window.__configCalls <= 2 ? Promise.reject(new TypeError(\"Failed to fetch\")) : go()";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_that_met_a_dead_network_are_asked_for_again_until_they_arrive() {
    scenario(true, |c, hub| async move {
        let agent = Agent::sign_in(&hub).await;
        agent.online().await;
        support::on_new_document(&c, &on_settings_request(SETTINGS_FAIL_TWICE)).await;
        open_widget(&c).await;
        let calls = support::poll(
            "the settings, asked for again",
            WAIT,
            || async {
                c.execute(
                    "return [window.__configCalls, window.__net.some((r) => r.url.includes('/widget-config') && r.end !== null)]",
                    vec![],
                )
                .await
                .unwrap()
            },
            |v| v[1] == true,
        )
        .await;
        assert_eq!(calls[0], 3, "two failures, then the settings: {calls}");
        // The site's own words are in use: its greeting opens the thread, and a request for
        // a person is bridged at once by the widget, naming the team.
        until_thread(&c, "the site's greeting", |t| {
            t.iter().any(|l| l.1.starts_with("Hi! I can help with orders"))
        })
        .await;
        let at_frame = send_and_read_next_frame(&c, "can I talk to a real person?").await;
        assert!(
            at_frame["bridge"][0]
                .as_str()
                .is_some_and(|b| b.starts_with("Let me connect you with a specialist from our Customer Support team")),
            "the bridge in the next frame, from the widget's own rules: {at_frame}"
        );
    })
    .await;
}

/// The site's settings (and the visitor's words with them) arrive after 8 s.
const VERY_SLOW_SETTINGS: &str = "new Promise((ok) => setTimeout(ok, 8000)).then(go)";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_whose_words_are_slow_to_come_gets_an_english_panel_not_an_empty_one() {
    scenario(false, |c, _hub| async move {
        support::on_new_document(&c, &on_settings_request(VERY_SLOW_SETTINGS)).await;
        let host = c.current_url().await.unwrap();
        c.goto(host.join("/ar").unwrap().as_str()).await.unwrap();
        let opened = std::time::Instant::now();
        open_widget(&c).await;
        let waited = opened.elapsed();
        let arrived =
            "return window.__net.some((r) => r.url.includes('/widget-config') && r.end !== null)";
        assert_eq!(
            c.execute(arrived, vec![]).await.unwrap(),
            Value::Bool(false),
            "the panel is drawn before the settings arrive"
        );
        assert!(waited.as_secs() < 7, "drawn after {waited:?}");
        // The widget carries English only: without the hub's Arabic, the panel speaks English.
        assert_eq!(text_of(&c, "talk-to-human").await.trim(), "Talk to a human");
    })
    .await;
}
