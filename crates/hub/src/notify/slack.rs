//! Slack: a Block Kit message to an incoming webhook.
//!
//! Visitor text goes only into `mrkdwn` objects with `verbatim: true` (Slack then neither
//! auto-links URLs nor parses channel names or mentions), after [`escape`]: `&`, `<` and `>`
//! become entities, so `<!channel>`, `<@U123>` and `<http://x|y>` stay literal text, and a
//! word joiner after every `@` keeps `@here` from reading as a mention.

use serde_json::{json, Value};

use super::message::{cut, Notification};
use super::Failure;

/// Longest section text Block Kit accepts is 3000 characters; stay under it.
const SECTION_CHARS: usize = 2900;

/// Escapes text for Slack `mrkdwn` and defuses mentions (see the module docs).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // U+2060 WORD JOINER: invisible, and "@\u{2060}here" is not a mention.
            '@' => out.push_str("@\u{2060}"),
            // Control characters (other than newline) have no business in a message.
            c if c.is_control() && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The webhook body.
pub fn payload(n: &Notification) -> Value {
    let text = |s: String| json!({"type": "mrkdwn", "text": cut(&s, SECTION_CHARS), "verbatim": true});
    let facts = format!(
        "*Trigger:* {}\n*Why:* {}\n*Contact:* {}",
        escape(&n.trigger),
        escape(&n.reasons_line()),
        escape(&n.contact_line()),
    );
    let head: Vec<String> = n.head().iter().map(|l| format!("&gt; *{}:* {}", escape(&l.author), escape(&l.text).replace('\n', " "))).collect();
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": cut(&n.title(), 150), "emoji": false}}),
        json!({"type": "section", "text": text(facts)}),
        json!({"type": "section", "text": text(escape(&n.summary))}),
    ];
    if !head.is_empty() {
        blocks.push(json!({"type": "section", "text": text(head.join("\n"))}));
    }
    blocks.push(json!({
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": cut(&escape(&format!("{} · {} · {}", n.site_name, n.urgency.as_str(), n.created_at)), 2000), "verbatim": true}]
    }));
    // A button needs an absolute URL; without the hub's public URL the link is a path, shown as text.
    if n.link.starts_with("http://") || n.link.starts_with("https://") {
        blocks.push(json!({
            "type": "actions",
            "elements": [{
                "type": "button",
                "text": {"type": "plain_text", "text": "Open in console"},
                "url": n.link,
                "action_id": "baton_open_console",
                "style": "primary"
            }]
        }));
    } else {
        blocks.push(json!({"type": "context", "elements": [{"type": "mrkdwn", "text": format!("Console: {}", escape(&n.link)), "verbatim": true}]}));
    }
    // The fallback text (shown in notifications) carries no visitor text at all.
    json!({"text": escape(&n.title()), "blocks": blocks})
}

/// Posts the message.
pub async fn send(client: &reqwest::Client, webhook_url: &str, n: &Notification, key: &str) -> Result<(), Failure> {
    let response = client
        .post(webhook_url)
        .header("Idempotency-Key", key)
        .json(&payload(n))
        .send()
        .await
        .map_err(super::http_error)?;
    super::check_status(response).await
}
