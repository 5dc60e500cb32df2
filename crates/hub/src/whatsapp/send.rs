//! Sending an agent's reply to the visitor's WhatsApp: the outbox worker's part for rows of
//! kind `reply`. `POST {api_base}/{version}/{phone_number_id}/messages` with the site's
//! access token, a `text` message to the number linked to the conversation; the message id
//! the Cloud API answers with is kept, so the statuses the webhook reports later (`sent`,
//! `delivered`, `read`, `failed`) land on the message.

use serde_json::{json, Value};

use crate::db::outbox::OutboxRow;
use crate::notify::Failure;
use crate::site::SiteRuntime;
use crate::state::AppState;

/// Longest text body the Cloud API takes is 4,096 characters; replies are at most 4,000.
const TEXT_CHARS: usize = 4096;

/// The Cloud API's text message to `to`.
pub fn text_payload(to: &str, body: &str, key: &str) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": {"preview_url": false, "body": body.chars().take(TEXT_CHARS).collect::<String>()},
        "biz_opaque_callback_data": key,
    })
}

/// The outbox channel of a reply sent as the site's approved template rather than as text.
pub const TEMPLATE_CHANNEL: &str = "whatsapp-template";

/// The Cloud API's template message to `to`: the approved template `name` in `language`.
pub fn template_payload(to: &str, name: &str, language: &str, key: &str) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "template",
        "template": {"name": name, "language": {"code": language}},
        "biz_opaque_callback_data": key,
    })
}

/// Sends the reply `row` names. Permanent failures: the site no longer has a WhatsApp
/// number with an access token, the message or the number is gone, or the Cloud API refused
/// the message itself (a 4xx); the rest are retried.
pub async fn reply(
    state: &AppState,
    client: &reqwest::Client,
    runtime: &SiteRuntime,
    row: &OutboxRow,
) -> Result<(), Failure> {
    let Some(wa) = runtime.site.whatsapp_business.as_ref() else {
        return Err(Failure::permanent(
            "the site has no [sites.whatsapp_business] any more",
        ));
    };
    let Some(token) = wa.access_token.as_ref() else {
        return Err(Failure::permanent(
            "[sites.whatsapp_business] has no access_token to send with",
        ));
    };
    let seq = row
        .reply_seq
        .ok_or_else(|| Failure::permanent("the row names no message"))?;
    let conversation = &row.conversation_id;
    let message = state
        .db
        .message_at(conversation, seq)
        .await
        .map_err(|e| Failure::transient(e.to_string()))?
        .ok_or_else(|| Failure::permanent(format!("message {seq} of {conversation} is gone")))?;
    let to = state
        .db
        .whatsapp_number_of(conversation)
        .await
        .map_err(|e| Failure::transient(e.to_string()))?
        .ok_or_else(|| Failure::permanent("the conversation has no WhatsApp number"))?;
    let payload = if row.channel == TEMPLATE_CHANNEL {
        let Some((name, language)) = wa.template.as_ref() else {
            return Err(Failure::permanent(
                "[sites.whatsapp_business] has no template any more",
            ));
        };
        template_payload(&to, name, language, &row.idempotency_key)
    } else {
        text_payload(&to, &message.body, &row.idempotency_key)
    };
    let endpoint = format!(
        "{}/{}/{}/messages",
        wa.api_base, wa.api_version, wa.phone_number_id
    );
    let response = client
        .post(&endpoint)
        .bearer_auth(token.expose())
        .header("Idempotency-Key", &row.idempotency_key)
        .json(&payload)
        .send()
        .await
        .map_err(crate::notify::http_error)?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(crate::notify::failure_of(status, &text));
    }
    let id = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v["messages"][0]["id"].as_str().map(str::to_string));
    // Taken (2xx): delivered, whatever happens next; a retry would send it twice.
    match id {
        Some(id) => {
            if let Err(e) = state.db.whatsapp_sent(&id, conversation, seq).await {
                tracing::error!(conversation, seq, error = %e, "whatsapp: sent, but its id could not be kept; its statuses will not show");
            }
        }
        None => tracing::warn!(
            conversation,
            seq,
            "whatsapp: the Cloud API answered without a message id"
        ),
    }
    Ok(())
}
