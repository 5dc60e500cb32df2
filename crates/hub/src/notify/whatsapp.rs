//! WhatsApp Business Cloud API: a message to the team's number.
//!
//! `POST {api_base}/{version}/{phone_number_id}/messages` with a bearer token. Free-form
//! `text` is only delivered inside the 24-hour window that opens when the team's number last
//! wrote to the business number; outside it only an approved `template` goes through, so a
//! channel with a template sends the template (see [`WhatsappMode`]). The body is built as a
//! JSON value; the idempotency key rides in `biz_opaque_callback_data`, which the Cloud API
//! echoes in its status webhooks.

use serde_json::{json, Value};

use super::config::WhatsappMode;
use super::digest::{one_line, Digest};
use super::message::{cut, Notification};
use super::Failure;

/// Longest text body the Cloud API takes is 4096 characters.
const TEXT_CHARS: usize = 4000;

/// A free-form text message.
pub fn text_payload(to: &str, n: &Notification, key: &str) -> Value {
    let mut body = match &n.lead {
        Some(lead) => {
            let question = if lead.question.is_empty() {
                "(none)"
            } else {
                &lead.question
            };
            format!(
                "{}\n\nContact: {}\nQuestion: {question}\n\n{}\n",
                n.title(),
                n.contact_line(),
                n.summary
            )
        }
        None => format!(
            "{}\n\nWhy: {}\nContact: {}\n\n{}\n",
            n.title(),
            n.reasons_line(),
            n.contact_line(),
            n.summary
        ),
    };
    let head = n.head();
    if !head.is_empty() {
        body.push('\n');
        for l in head {
            body.push_str(&format!("{}: {}\n", l.author, l.text.replace('\n', " ")));
        }
    }
    body.push_str(&format!("\nOpen: {}", n.link));
    text(to, &body, key)
}

fn text(to: &str, body: &str, key: &str) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": {"preview_url": false, "body": cut(body, TEXT_CHARS)},
        "biz_opaque_callback_data": key,
    })
}

/// The template message: body parameters {{1}} title, {{2}} contact, {{3}} summary with the
/// last visitor line, {{4}} the console link.
pub fn template_payload(
    to: &str,
    name: &str,
    language: &str,
    n: &Notification,
    key: &str,
) -> Value {
    let last = match &n.lead {
        Some(lead) if !lead.question.is_empty() => format!(" Question: “{}”", lead.question),
        _ => n
            .head()
            .iter()
            .rev()
            .find(|l| l.author == "visitor")
            .map(|l| format!(" Visitor: “{}”", l.text))
            .unwrap_or_default(),
    };
    let params = [
        param(&n.title(), 120),
        param(&n.contact_line(), 200),
        param(&format!("{}{last}", n.summary), 600),
        param(&n.link, 300),
    ];
    template(to, name, language, &params, key)
}

fn template(to: &str, name: &str, language: &str, params: &[String], key: &str) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "template",
        "template": {
            "name": name,
            "language": {"code": language},
            "components": [{
                "type": "body",
                "parameters": params.iter().map(|p| json!({"type": "text", "text": p})).collect::<Vec<_>>(),
            }],
        },
        "biz_opaque_callback_data": key,
    })
}

/// A digest as free-form text: the title, the opening, a few lines per lead.
pub fn digest_text_payload(to: &str, d: &Digest, key: &str) -> Value {
    let mut body = format!("{}\n{}\n", d.title(), d.intro());
    let (listed, more) = d.listed();
    for l in listed {
        let (name, contact, left) = (
            one_line(&l.name),
            l.contact_line(),
            l.captured_words(d.timezone),
        );
        body.push_str(&format!(
            "\n{} · {name} · {contact}\n{left} — “{}”\n",
            l.reference,
            l.question_line(300)
        ));
    }
    if more > 0 {
        body.push_str(&format!("\n…and {more} more in the console.\n"));
    }
    body.push_str(&format!("\nOpen: {}", d.link));
    text(to, &body, key)
}

/// A digest through the channel's template: {{1}} the title, {{2}} who (names and
/// contacts), {{3}} the opening and each reference with its question, {{4}} the console.
pub fn digest_template_payload(
    to: &str,
    name: &str,
    language: &str,
    d: &Digest,
    key: &str,
) -> Value {
    let who: Vec<String> = d
        .leads
        .iter()
        .map(|l| format!("{} ({})", one_line(&l.name), l.contact_line()))
        .collect();
    let what: Vec<String> = d
        .leads
        .iter()
        .map(|l| format!("{}: {}", l.reference, l.question_line(120)))
        .collect();
    let params = [
        param(&d.title(), 120),
        param(&who.join("; "), 200),
        param(&format!("{} {}", d.intro(), what.join("; ")), 600),
        param(&d.link, 300),
    ];
    template(to, name, language, &params, key)
}

/// The digest's request body for the channel's mode.
pub fn digest_payload(
    to: &str,
    template: Option<&(String, String)>,
    mode: WhatsappMode,
    d: &Digest,
    key: &str,
) -> Value {
    match (mode, template) {
        (WhatsappMode::Template, Some((name, language))) => {
            digest_template_payload(to, name, language, d, key)
        }
        _ => digest_text_payload(to, d, key),
    }
}

/// Template parameters may not hold newlines, tabs or more than four spaces in a row.
pub fn param(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut spaces = 0;
    for c in text.chars() {
        let c = if c.is_whitespace() || c.is_control() {
            ' '
        } else {
            c
        };
        if c == ' ' {
            spaces += 1;
            if spaces > 1 {
                continue;
            }
        } else {
            spaces = 0;
        }
        out.push(c);
    }
    let trimmed = out.trim();
    if trimmed.is_empty() {
        return "-".to_string();
    }
    cut(trimmed, max)
}

/// The request body for the channel's mode.
pub fn payload(
    to: &str,
    template: Option<&(String, String)>,
    mode: WhatsappMode,
    n: &Notification,
    key: &str,
) -> Value {
    match (mode, template) {
        (WhatsappMode::Template, Some((name, language))) => {
            template_payload(to, name, language, n, key)
        }
        _ => text_payload(to, n, key),
    }
}

/// Sends `payload` (from [`payload`]) to the Cloud API `endpoint`.
pub async fn send(
    client: &reqwest::Client,
    endpoint: &str,
    token: &str,
    payload: &Value,
    key: &str,
) -> Result<(), Failure> {
    let response = client
        .post(endpoint)
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(payload)
        .send()
        .await
        .map_err(super::http_error)?;
    super::check_status(response).await
}
