//! Notifications: telling the team about a handoff or a lead wherever they already work —
//! email (SMTP), Slack (Block Kit over an incoming webhook), WhatsApp (Business Cloud API)
//! and a generic signed webhook — and the morning digest of leads left while closed.
//!
//! ```text
//! POST …/handoff ──► one transaction: handoff row + one outbox row per channel the
//!                    escalation matrix chose (matrix.rs) ──► 201 at once
//! POST …/leads   ──► one transaction: lead row (with the opening whose digest lists it, when
//!                    closed: lead.rs) + one outbox row per channel the matrix chose ──► 201
//! worker.rs: digests due by the state's clock are enqueued (digest.rs); due outbox rows
//!            ──► message/ and digest.rs build the content from what is stored
//!            ──► email.rs | slack.rs | whatsapp.rs | webhook.rs ──► delivered, or retried
//!            with exponential backoff, then failed (listed in the console, retry button)
//! ```
//!
//! Delivery is at least once: a row is marked delivered right after the receiver accepts
//! it, so a crash in between sends it again with the same idempotency key
//! (`{handoff_id}:{channel}`, `lead:{lead_id}:{channel}`, `digest:{site}:{opening}:{channel}`),
//! which receivers use to drop the repeat.

use std::time::Duration;

pub mod config;
pub mod digest;
pub mod email;
pub mod lead;
pub mod matrix;
pub mod message;
pub mod slack;
pub mod webhook;
pub mod whatsapp;
pub mod worker;

pub use config::{Channel, ChannelKind, Notify};
pub use digest::Digest;
pub use message::Notification;

/// Why a delivery failed, and whether trying again could help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The exact error, for the console and `baton notify test`.
    pub message: String,
    /// False when the receiver rejected the message itself (a 4xx, a 5xx SMTP reply):
    /// retrying the same request will not help until the configuration changes.
    pub retry: bool,
}

impl Failure {
    /// Worth retrying (network, timeouts, 5xx, 429).
    pub fn transient(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            retry: true,
        }
    }

    /// Not worth retrying without a change.
    pub fn permanent(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            retry: false,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The HTTP client channels share: no redirects (a webhook that redirects is misconfigured,
/// and following one could leak the payload), a timeout per request.
pub fn http_client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .user_agent("Baton-Notify/1")
        .build()
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "cannot build the notification HTTP client; using the default");
            reqwest::Client::new()
        })
}

/// A transport error: always worth retrying.
pub(crate) fn http_error(e: reqwest::Error) -> Failure {
    // reqwest's Display hides the cause ("error sending request"); the chain says what happened.
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Failure::transient(message)
}

/// 2xx is delivered; 408, 429 and 5xx are retried; other statuses are permanent. The
/// receiver's answer (cut short) goes into the error.
pub(crate) async fn check_status(response: reqwest::Response) -> Result<(), Failure> {
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let text = response.text().await.unwrap_or_default();
    Err(failure_of(status, &text))
}

/// A receiver's refusal with `status` and answer `text`: 408, 429 and 5xx are worth retrying.
pub(crate) fn failure_of(status: reqwest::StatusCode, text: &str) -> Failure {
    let message = format!(
        "HTTP {}: {}",
        status.as_u16(),
        message::cut(text.trim(), 300)
    );
    if status.is_server_error() || status.as_u16() == 408 || status.as_u16() == 429 {
        Failure::transient(message)
    } else {
        Failure::permanent(message)
    }
}

/// Sends `n` through `channel`, with `timeout` per network exchange.
pub async fn deliver(
    client: &reqwest::Client,
    channel: &Channel,
    n: &Notification,
    timeout: Duration,
) -> Result<(), Failure> {
    let key = n.key(&channel.name);
    match &channel.kind {
        ChannelKind::Email {
            host,
            port,
            security,
            credentials,
            from,
            to,
        } => {
            email::send(
                host,
                *port,
                *security,
                credentials.as_ref(),
                from,
                to,
                timeout,
                n,
                &key,
            )
            .await
        }
        ChannelKind::Slack { webhook_url } => slack::send(client, webhook_url, n, &key).await,
        ChannelKind::Whatsapp {
            endpoint,
            token,
            to,
            template,
            mode,
        } => {
            let payload = whatsapp::payload(to, template.as_ref(), *mode, n, &key);
            whatsapp::send(client, endpoint, token, &payload, &key).await
        }
        ChannelKind::Webhook { url, secret } => webhook::send(client, url, secret, n, &key).await,
    }
}

/// Sends digest `d` through `channel`, with `timeout` per network exchange.
pub async fn deliver_digest(
    client: &reqwest::Client,
    channel: &Channel,
    d: &Digest,
    timeout: Duration,
) -> Result<(), Failure> {
    let key = d.key(&channel.name);
    match &channel.kind {
        ChannelKind::Email {
            host,
            port,
            security,
            credentials,
            from,
            to,
        } => {
            let email = email::digest_message(from, to, d, &key)?;
            email::transmit(host, *port, *security, credentials.as_ref(), timeout, email).await
        }
        ChannelKind::Slack { webhook_url } => {
            slack::post(client, webhook_url, &slack::digest_payload(d), &key).await
        }
        ChannelKind::Whatsapp {
            endpoint,
            token,
            to,
            template,
            mode,
        } => {
            let payload = whatsapp::digest_payload(to, template.as_ref(), *mode, d, &key);
            whatsapp::send(client, endpoint, token, &payload, &key).await
        }
        ChannelKind::Webhook { url, secret } => {
            webhook::post(client, url, secret, &webhook::digest_payload(d, &key), &key).await
        }
    }
}
