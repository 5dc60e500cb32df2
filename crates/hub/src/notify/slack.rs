//! Slack: a Block Kit message to an incoming webhook.
//!
//! Visitor text goes only into `mrkdwn` objects with `verbatim: true` (Slack then neither
//! auto-links URLs nor parses channel names or mentions), after [`escape`]: `&`, `<` and `>`
//! become entities, so `<!channel>`, `<@U123>` and `<http://x|y>` stay literal text, and a
//! word joiner after every `@` that starts a word keeps `@here` from reading as a mention (an
//! `@` inside a word, as in an email address, cannot start one, and stays copyable).

use serde_json::{json, Value};

use super::digest::{one_line, Digest};
use super::message::{cut, Notification};
use super::Failure;

/// Longest section text Block Kit accepts is 3000 characters; stay under it.
const SECTION_CHARS: usize = 2900;

/// Escapes text for Slack `mrkdwn` and defuses mentions (see the module docs).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let in_word =
            previous.is_some_and(|p| p.is_alphanumeric() || matches!(p, '.' | '_' | '-' | '+'));
        previous = Some(c);
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // U+2060 WORD JOINER: invisible, and "@\u{2060}here" is not a mention.
            '@' if !in_word => out.push_str("@\u{2060}"),
            // Control characters (other than newline) have no business in a message.
            c if c.is_control() && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The webhook body.
pub fn payload(n: &Notification) -> Value {
    let text =
        |s: String| json!({"type": "mrkdwn", "text": cut(&s, SECTION_CHARS), "verbatim": true});
    let facts = match &n.lead {
        Some(lead) => {
            let field = |k: &str| {
                n.contact
                    .get(k)
                    .map_or("—".to_string(), |v| escape(&one_line(v)))
            };
            format!(
                "*Name:* {}\n*Email:* {}\n*Phone:* {}\n*Reference:* {}\n*Question:* {}",
                field("name"),
                field("email"),
                field("phone"),
                escape(&lead.reference),
                if lead.question.is_empty() {
                    "(none)".to_string()
                } else {
                    escape(&lead.question)
                },
            )
        }
        None => format!(
            "*Trigger:* {}\n*Why:* {}\n*Contact:* {}",
            escape(&n.trigger),
            escape(&n.reasons_line()),
            escape(&n.contact_line())
        ),
    };
    let head: Vec<String> = n
        .head()
        .iter()
        .map(|l| {
            format!(
                "&gt; *{}:* {}",
                escape(&l.author),
                escape(&l.text).replace('\n', " ")
            )
        })
        .collect();
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
        "elements": [{"type": "mrkdwn", "text": cut(&escape(&format!("{} · {} · {}", n.site_name, n.urgency.as_str(), n.created_words())), 2000), "verbatim": true}]
    }));
    blocks.push(open_block(&n.link));
    // The fallback text (shown in notifications) carries no visitor text at all.
    json!({"text": escape(&n.title()), "blocks": blocks})
}

/// The console button. A button needs an absolute URL; without the hub's public URL the
/// link is a path, shown as text.
fn open_block(link: &str) -> Value {
    if is_absolute(link) {
        json!({
            "type": "actions",
            "elements": [{
                "type": "button",
                "text": {"type": "plain_text", "text": "Open in console"},
                "url": link,
                "action_id": "baton_open_console",
                "style": "primary"
            }]
        })
    } else {
        json!({"type": "context", "elements": [{"type": "mrkdwn", "text": format!("Console: {}", escape(link)), "verbatim": true}]})
    }
}

fn is_absolute(link: &str) -> bool {
    link.starts_with("http://") || link.starts_with("https://")
}

/// The digest: a header, the opening, one section per lead (name, contact, reference, when,
/// question, its console link), the console button. The fallback text is the title only.
pub fn digest_payload(d: &Digest) -> Value {
    let text =
        |s: String| json!({"type": "mrkdwn", "text": cut(&s, SECTION_CHARS), "verbatim": true});
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": cut(&d.title(), 150), "emoji": false}}),
        json!({"type": "context", "elements": [text(escape(&d.intro()))]}),
    ];
    let (listed, more) = d.listed();
    for l in listed {
        // The link is the hub's own (a base from the site file and a hex id); visitor text is escaped.
        let link = if is_absolute(&l.link) {
            format!("<{}|Open in console>", l.link)
        } else {
            escape(&l.link)
        };
        blocks.push(json!({"type": "section", "text": text(format!(
            "*{}* · {}\n*Reference:* {} · *Left:* {}\n&gt; {}\n{link}",
            escape(&one_line(&l.name)),
            escape(&l.contact_line()),
            escape(&l.reference),
            escape(&l.captured_words(d.timezone)),
            escape(&l.question_line(1000)),
        ))}));
    }
    if more > 0 {
        blocks.push(
            json!({"type": "section", "text": text(format!("…and {more} more in the console."))}),
        );
    }
    blocks.push(open_block(&d.link));
    json!({"text": escape(&d.title()), "blocks": blocks})
}

/// Posts the message.
pub async fn send(
    client: &reqwest::Client,
    webhook_url: &str,
    n: &Notification,
    key: &str,
) -> Result<(), Failure> {
    post(client, webhook_url, &payload(n), key).await
}

/// Posts a built body.
pub async fn post(
    client: &reqwest::Client,
    webhook_url: &str,
    body: &Value,
    key: &str,
) -> Result<(), Failure> {
    let response = client
        .post(webhook_url)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .map_err(super::http_error)?;
    super::check_status(response).await
}
