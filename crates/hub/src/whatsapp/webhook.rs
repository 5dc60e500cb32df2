//! The Cloud API's webhook, as plain functions: the signature over the raw body, and the
//! notification's documented shape read into what the hub acts on.
//!
//! Meta signs every POST with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body
//! keyed with the app secret>`; nothing is parsed before that is checked. A notification is
//! `{"object": "whatsapp_business_account", "entry": [{"id", "changes": [{"field":
//! "messages", "value": {"metadata": {"phone_number_id"}, "contacts": [{"profile": {"name"},
//! "wa_id"}], "messages": [{"from", "id", "timestamp", "type", "text": {"body"}}],
//! "statuses": [{"id", "status", "timestamp", "recipient_id"}]}}]}]}`. Fields the hub does not
//! use are ignored, so a richer payload from a newer API version still reads.

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// True when `header` (`sha256=<hex>`) is the HMAC-SHA256 of `body` under `secret`,
/// compared in constant time.
pub fn signed_by(secret: &str, body: &[u8], header: &str) -> bool {
    let Some(hex) = header.trim().strip_prefix("sha256=") else {
        return false;
    };
    let Some(expected) = decode_hex(hex) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

/// `sha256=<hex>` for `body` under `secret`, as Meta sends it (tests and tools sign with it).
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect()
}

/// One inbound message, with what the hub needs to place and store it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inbound {
    /// The business number it was sent to.
    pub phone_number_id: String,
    /// The Cloud API's message id (`wamid.…`): the same on every retried delivery.
    pub id: String,
    /// The sender's WhatsApp number (`wa_id`, digits).
    pub from: String,
    /// The sender's profile name, if the notification carried it.
    pub name: Option<String>,
    /// The message's text; for other types, a line saying what was sent.
    pub text: String,
    /// Unix seconds, as sent.
    pub timestamp: Option<i64>,
}

/// A delivery status of a message the business sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// The business number.
    pub phone_number_id: String,
    /// The sent message's id.
    pub id: String,
    /// `sent`, `delivered`, `read` or `failed`.
    pub status: String,
    /// Who it was sent to.
    pub recipient: String,
}

/// What one notification carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notification {
    /// Inbound messages, in order.
    pub messages: Vec<Inbound>,
    /// Delivery statuses, in order.
    pub statuses: Vec<Status>,
}

/// Why a body is not a notification the hub reads.
#[derive(Debug, PartialEq, Eq)]
pub struct NotANotification(pub String);

/// Reads a (signature-checked) body. A body that is not JSON, or not a WhatsApp Business
/// notification, is an error; changes of other fields (account updates, templates) and
/// entries the hub cannot read are skipped.
pub fn parse(body: &[u8]) -> Result<Notification, NotANotification> {
    let root: Root = serde_json::from_slice(body)
        .map_err(|e| NotANotification(format!("not a webhook notification: {e}")))?;
    if root.object != "whatsapp_business_account" {
        return Err(NotANotification(format!(
            "object {:?} is not whatsapp_business_account",
            root.object
        )));
    }
    let mut out = Notification::default();
    for change in root.entry.into_iter().flat_map(|e| e.changes) {
        if change.field != "messages" {
            continue;
        }
        let value = change.value;
        let phone_number_id = value.metadata.phone_number_id;
        for m in value.messages {
            let name = value
                .contacts
                .iter()
                .find(|c| c.wa_id == m.from)
                .or(value.contacts.first())
                .and_then(|c| c.profile.as_ref())
                .map(|p| p.name.clone())
                .filter(|n| !n.trim().is_empty());
            let text = match (m.kind.as_str(), m.text) {
                ("text", Some(t)) => t.body,
                (kind, _) => format!("[{kind} sent on WhatsApp; open WhatsApp to see it]"),
            };
            out.messages.push(Inbound {
                phone_number_id: phone_number_id.clone(),
                id: m.id,
                from: m.from,
                name,
                text,
                timestamp: m.timestamp.and_then(|t| t.parse().ok()),
            });
        }
        for s in value.statuses {
            out.statuses.push(Status {
                phone_number_id: phone_number_id.clone(),
                id: s.id,
                status: s.status,
                recipient: s.recipient_id,
            });
        }
    }
    Ok(out)
}

#[derive(Deserialize)]
struct Root {
    object: String,
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<Change>,
}

#[derive(Deserialize)]
struct Change {
    field: String,
    value: Value,
}

#[derive(Deserialize)]
struct Value {
    metadata: Metadata,
    #[serde(default)]
    contacts: Vec<Contact>,
    #[serde(default)]
    messages: Vec<MessageIn>,
    #[serde(default)]
    statuses: Vec<StatusIn>,
}

#[derive(Deserialize)]
struct Metadata {
    phone_number_id: String,
}

#[derive(Deserialize)]
struct Contact {
    #[serde(default)]
    profile: Option<Profile>,
    #[serde(default)]
    wa_id: String,
}

#[derive(Deserialize)]
struct Profile {
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
struct MessageIn {
    from: String,
    id: String,
    #[serde(default)]
    timestamp: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    text: Option<TextIn>,
}

#[derive(Deserialize)]
struct TextIn {
    body: String,
}

#[derive(Deserialize)]
struct StatusIn {
    id: String,
    status: String,
    #[serde(default)]
    recipient_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of Meta's documented text-message notification.
    pub const TEXT: &str = r#"{
      "object": "whatsapp_business_account",
      "entry": [{
        "id": "102290129340398",
        "changes": [{
          "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "16505551234"}],
            "messages": [{
              "from": "16505551234",
              "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
              "timestamp": "1749416383",
              "type": "text",
              "text": {"body": "Does it come in another color?"}
            }]
          },
          "field": "messages"
        }]
      }]
    }"#;

    #[test]
    fn only_the_app_secret_signs() {
        let body = TEXT.as_bytes();
        let good = signature("app-secret", body);
        assert!(signed_by("app-secret", body, &good));
        assert!(!signed_by("another-secret", body, &good));
        assert!(!signed_by("app-secret", b"{}", &good), "another body");
        for bad in [
            "",
            "sha256=",
            "sha1=abcd",
            "sha256=zz",
            &good[..good.len() - 2],
        ] {
            assert!(!signed_by("app-secret", body, bad), "{bad:?}");
        }
        assert!(signed_by(
            "app-secret",
            body,
            &good.to_uppercase().replace("SHA256=", "sha256=")
        ));
    }

    #[test]
    fn a_documented_text_message_reads() {
        let n = parse(TEXT.as_bytes()).unwrap();
        assert_eq!(
            n.messages,
            vec![Inbound {
                phone_number_id: "106540352242922".into(),
                id: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=".into(),
                from: "16505551234".into(),
                name: Some("Sheena Nelson".into()),
                text: "Does it come in another color?".into(),
                timestamp: Some(1749416383),
            }]
        );
        assert!(n.statuses.is_empty());
    }

    #[test]
    fn statuses_other_types_and_other_fields() {
        let body = r#"{"object": "whatsapp_business_account", "entry": [
          {"id": "1", "changes": [
            {"field": "messages", "value": {"metadata": {"phone_number_id": "42"},
              "statuses": [{"id": "wamid.out1", "status": "delivered", "timestamp": "1", "recipient_id": "16505551234"}],
              "messages": [{"from": "16505551234", "id": "wamid.img", "timestamp": "2", "type": "image", "image": {"id": "9"}}]}},
            {"field": "account_update", "value": {"metadata": {"phone_number_id": "42"}}}
          ]}]}"#;
        let n = parse(body.as_bytes()).unwrap();
        assert_eq!(n.statuses[0].status, "delivered");
        assert_eq!(n.statuses[0].id, "wamid.out1");
        assert!(n.messages[0].text.starts_with("[image sent on WhatsApp"));
        assert_eq!(n.messages[0].name, None);
    }

    #[test]
    fn what_is_not_a_notification_is_refused_with_a_reason() {
        for (body, why) in [
            ("not json", "not a webhook notification"),
            (
                r#"{"object": "page", "entry": []}"#,
                "is not whatsapp_business_account",
            ),
            (
                r#"{"object": "whatsapp_business_account", "entry": {"id": 1}}"#,
                "not a webhook",
            ),
            (r#"[1, 2]"#, "not a webhook"),
        ] {
            let e = parse(body.as_bytes()).unwrap_err();
            assert!(e.0.contains(why), "{body}: {}", e.0);
        }
    }
}
