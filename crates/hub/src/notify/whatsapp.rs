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
use super::message::{cut, Notification};
use super::Failure;

/// Longest text body the Cloud API takes is 4096 characters.
const TEXT_CHARS: usize = 4000;

/// A free-form text message.
pub fn text_payload(to: &str, n: &Notification, key: &str) -> Value {
    let mut body = format!("{}\n\nWhy: {}\nContact: {}\n\n{}\n", n.title(), n.reasons_line(), n.contact_line(), n.summary);
    let head = n.head();
    if !head.is_empty() {
        body.push('\n');
        for l in head {
            body.push_str(&format!("{}: {}\n", l.author, l.text.replace('\n', " ")));
        }
    }
    body.push_str(&format!("\nOpen: {}", n.link));
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": {"preview_url": false, "body": cut(&body, TEXT_CHARS)},
        "biz_opaque_callback_data": key,
    })
}

/// The template message: body parameters {{1}} title, {{2}} contact, {{3}} summary with the
/// last visitor line, {{4}} the console link.
pub fn template_payload(to: &str, name: &str, language: &str, n: &Notification, key: &str) -> Value {
    let last = n.head().iter().rev().find(|l| l.author == "visitor").map(|l| format!(" Visitor: “{}”", l.text)).unwrap_or_default();
    let params = [
        param(&n.title(), 120),
        param(&n.contact_line(), 200),
        param(&format!("{}{last}", n.summary), 600),
        param(&n.link, 300),
    ];
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

/// Template parameters may not hold newlines, tabs or more than four spaces in a row.
pub fn param(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut spaces = 0;
    for c in text.chars() {
        let c = if c.is_whitespace() || c.is_control() { ' ' } else { c };
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
pub fn payload(to: &str, template: Option<&(String, String)>, mode: WhatsappMode, n: &Notification, key: &str) -> Value {
    match (mode, template) {
        (WhatsappMode::Template, Some((name, language))) => template_payload(to, name, language, n, key),
        _ => text_payload(to, n, key),
    }
}

/// Sends `payload` (from [`payload`]) to the Cloud API `endpoint`.
pub async fn send(client: &reqwest::Client, endpoint: &str, token: &str, payload: &Value, key: &str) -> Result<(), Failure> {
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
