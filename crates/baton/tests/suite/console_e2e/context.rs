//! A visitor's whole context in the pane: their name, each reason once with who saw it,
//! the thread at its newest line, the lead, and nothing clipped at 1280 and 900 px.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{json, Value};

use super::repo;
use crate::support::console::{failed, Browser, Visitor, WAIT};

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
pub(super) async fn whole_context(b: &Browser, base: &str) -> Result<(), String> {
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
