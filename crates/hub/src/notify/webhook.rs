//! The generic signed webhook: the notification as JSON, signed so the receiver can check it
//! came from this hub and is fresh.
//!
//! ```text
//! POST {url}
//! Content-Type: application/json
//! Idempotency-Key: {handoff_id}:{channel}    (lead:{lead_id}:{channel}, digest:{site}:{opening}:{channel})
//! X-Baton-Timestamp: 1772625600                      (Unix seconds)
//! X-Baton-Signature: sha256=HEX(HMAC-SHA256(secret, "{timestamp}.{raw body}"))
//! ```
//!
//! The receiver recomputes the signature over the timestamp, a dot and the raw bytes,
//! compares in constant time, rejects timestamps more than five minutes old, and dedupes
//! on the idempotency key (delivery is at least once).

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use super::digest::Digest;
use super::message::{words, Notification};
use super::Failure;

/// The signature header's value for `body` sent at `timestamp`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    // HMAC takes a key of any length, so this cannot fail; fall back to an empty MAC anyway.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The JSON body (built as a value, serialised once; never pasted together). Times are
/// RFC 3339; the `*_text` fields say them in words in the site's zone, for people.
pub fn payload(n: &Notification, key: &str) -> Value {
    let mut body = json!({
        "event": n.event(),
        "idempotency_key": key,
        "site": {"key": n.site, "name": n.site_name},
        "handoff_id": n.handoff_id,
        "conversation_id": n.conversation_id,
        "team": {"key": n.route, "name": n.team},
        "urgency": n.urgency.as_str(),
        "trigger": n.trigger,
        "triggers": n.triggers,
        "reasons": n.reasons.iter().map(|r| json!({"trigger": r.trigger, "signal": r.signal, "weight": r.weight})).collect::<Vec<_>>(),
        "contact": n.contact,
        "summary": n.summary,
        "transcript": n.transcript.iter().map(|l| json!({"author": l.author, "text": l.text})).collect::<Vec<_>>(),
        "link": n.link,
        "available": n.available,
        "next_open": n.next_open,
        "next_open_text": n.next_open.as_deref().map(|t| words(t, n.timezone)),
        "created_at": n.created_at,
        "created_at_text": n.created_words(),
        "timezone": n.timezone.name(),
    });
    if let Some(lead) = &n.lead {
        body["lead"] = json!({
            "id": lead.id,
            "reference": lead.reference,
            "name": n.contact.get("name"),
            "email": n.contact.get("email"),
            "phone": n.contact.get("phone"),
            "question": lead.question,
            "after_hours": lead.after_hours,
        });
    }
    body
}

/// The digest's JSON body.
pub fn digest_payload(d: &Digest, key: &str) -> Value {
    let leads: Vec<Value> = d
        .leads
        .iter()
        .map(|l| {
            json!({
                "reference": l.reference,
                "name": l.name,
                "email": l.email,
                "phone": l.phone,
                "question": l.question,
                "captured_at": l.captured_at,
                "captured_at_text": l.captured_words(d.timezone),
                "conversation_id": l.conversation_id,
                "link": l.link,
            })
        })
        .collect();
    json!({
        "event": d.event(),
        "idempotency_key": key,
        "site": {"key": d.site, "name": d.site_name},
        "digest_id": d.id,
        "opening": crate::db::timestamp(d.opening),
        "opening_text": d.opening_words(),
        "timezone": d.timezone.name(),
        "leads": leads,
        "link": d.link,
    })
}

/// Signs and posts the notification.
pub async fn send(
    client: &reqwest::Client,
    url: &str,
    secret: &str,
    n: &Notification,
    key: &str,
) -> Result<(), Failure> {
    post(client, url, secret, &payload(n, key), key).await
}

/// Signs and posts a built body.
pub async fn post(
    client: &reqwest::Client,
    url: &str,
    secret: &str,
    value: &Value,
    key: &str,
) -> Result<(), Failure> {
    let body =
        serde_json::to_vec(value).map_err(|e| Failure::permanent(format!("cannot encode: {e}")))?;
    let timestamp = chrono::Utc::now().timestamp();
    let response = client
        .post(url)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .header("X-Baton-Timestamp", timestamp.to_string())
        .header("X-Baton-Signature", signature(secret, timestamp, &body))
        .body(body)
        .send()
        .await
        .map_err(super::http_error)?;
    super::check_status(response).await
}
