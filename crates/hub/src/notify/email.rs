//! Email over SMTP (lettre): STARTTLS, implicit TLS, or plain for a relay on the same machine.
//!
//! Header values built from visitor data (the subject, the Reply-To name) are passed through
//! [`header_text`], which drops CR, LF and every other control character, so no visitor can
//! add a header; the configured addresses were parsed as mailboxes when the file was loaded.
//! The Message-ID is derived from the idempotency key, so a resent notification is the same
//! message to any client that dedupes by Message-ID.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::config::SmtpSecurity;
use super::message::{cut, Notification};
use super::Failure;

/// Text for a header: control characters (CR and LF above all) become spaces, runs of
/// whitespace collapse, and the result is cut to `max` characters.
pub fn header_text(text: &str, max: usize) -> String {
    let cleaned: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    cut(&cleaned.split_whitespace().collect::<Vec<_>>().join(" "), max)
}

/// The subject line.
pub fn subject(n: &Notification) -> String {
    let who = n.contact.get("name").map_or(String::new(), |name| format!(" — {name}"));
    header_text(&format!("{}{who}", n.title()), 160)
}

/// The plain-text body: summary, why, contact, link, the whole transcript.
pub fn body(n: &Notification) -> String {
    let mut s = String::new();
    s.push_str(&format!("{}\n\n{}\n\n", n.title(), n.summary));
    s.push_str(&format!("Site:     {}\nTeam:     {}\nUrgency:  {}\nTrigger:  {}\n", n.site_name, n.team, n.urgency.as_str(), n.trigger));
    s.push_str(&format!("Why:      {}\nContact:  {}\n", n.reasons_line(), n.contact_line()));
    s.push_str(&format!("Open:     {}\n\nTranscript\n----------\n", n.link));
    for l in &n.transcript {
        s.push_str(&format!("{}: {}\n", l.author, l.text));
    }
    s
}

/// The message. Fails only if lettre refuses a header, which sanitising should prevent.
pub fn message(from: &Mailbox, to: &[Mailbox], n: &Notification, key: &str) -> Result<Message, Failure> {
    let mut builder = Message::builder()
        .from(from.clone())
        .subject(subject(n))
        .message_id(Some(format!("<{}@baton.notify>", key.replace(':', "."))))
        .header(ContentType::TEXT_PLAIN);
    for t in to {
        builder = builder.to(t.clone());
    }
    // Replying reaches the visitor, when they left a valid address.
    if let Some(email) = n.contact.get("email") {
        let name = n.contact.get("name").map(|s| header_text(s, 80));
        if let Ok(address) = email.trim().parse::<lettre::Address>() {
            builder = builder.reply_to(Mailbox::new(name, address));
        }
    }
    builder.body(body(n)).map_err(|e| Failure::permanent(format!("cannot build the email: {e}")))
}

/// Sends the message through the configured server.
#[allow(clippy::too_many_arguments)]
pub async fn send(
    host: &str,
    port: u16,
    security: SmtpSecurity,
    credentials: Option<&(String, String)>,
    from: &Mailbox,
    to: &[Mailbox],
    timeout: Duration,
    n: &Notification,
    key: &str,
) -> Result<(), Failure> {
    let email = message(from, to, n, key)?;
    let builder = match security {
        SmtpSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
            .map_err(|e| Failure::permanent(format!("smtp {host}: {e}")))?,
        SmtpSecurity::Tls => {
            AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(|e| Failure::permanent(format!("smtp {host}: {e}")))?
        }
        SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
    };
    let mut builder = builder.port(port).timeout(Some(timeout));
    if let Some((user, password)) = credentials {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    let transport = builder.build();
    match transport.send(email).await {
        Ok(_) => Ok(()),
        // A permanent SMTP reply (5xx) will not change by retrying; the rest may.
        Err(e) if e.is_permanent() => Err(Failure::permanent(format!("smtp {host}:{port}: {e}"))),
        Err(e) => Err(Failure::transient(format!("smtp {host}:{port}: {e}"))),
    }
}
