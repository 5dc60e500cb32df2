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
use super::digest::{one_line, Digest};
use super::message::{cut, Notification};
use super::Failure;

/// Text for a header: control characters (CR and LF above all) become spaces, runs of
/// whitespace collapse, and the result is cut to `max` characters.
pub fn header_text(text: &str, max: usize) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cut(
        &cleaned.split_whitespace().collect::<Vec<_>>().join(" "),
        max,
    )
}

/// The subject line.
pub fn subject(n: &Notification) -> String {
    let who = n
        .contact
        .get("name")
        .map_or(String::new(), |name| format!(" — {name}"));
    header_text(&format!("{}{who}", n.title()), 160)
}

/// The plain-text body: summary, why, contact (for a lead: each field and the question),
/// when, link, the whole transcript.
pub fn body(n: &Notification) -> String {
    let mut s = String::new();
    s.push_str(&format!("{}\n\n{}\n\n", n.title(), n.summary));
    if let Some(lead) = &n.lead {
        let field = |k: &str| n.contact.get(k).map_or("—".to_string(), |v| one_line(v));
        s.push_str(&format!(
            "Name:      {}\nEmail:     {}\nPhone:     {}\n",
            field("name"),
            field("email"),
            field("phone")
        ));
        s.push_str(&format!(
            "Reference: {}\nLeft:      {}\n",
            lead.reference,
            n.created_words()
        ));
        s.push_str(&format!(
            "Question:  {}\n\n",
            if lead.question.is_empty() {
                "(none)"
            } else {
                &lead.question
            }
        ));
        s.push_str(&format!(
            "Site:      {}\nTeam:      {}\nUrgency:   {}\n",
            n.site_name,
            n.team,
            n.urgency.as_str()
        ));
        if !n.reasons.is_empty() {
            s.push_str(&format!("Handoff:   {}\n", n.reasons_line()));
        }
        s.push_str(&format!(
            "Open:      {}\n\nTranscript\n----------\n",
            n.link
        ));
    } else {
        s.push_str(&format!(
            "Site:     {}\nTeam:     {}\nUrgency:  {}\nTrigger:  {}\n",
            n.site_name,
            n.team,
            n.urgency.as_str(),
            n.trigger
        ));
        s.push_str(&format!(
            "Why:      {}\nContact:  {}\n",
            n.reasons_line(),
            n.contact_line()
        ));
        s.push_str(&format!("When:     {}\n", n.created_words()));
        s.push_str(&format!("Open:     {}\n\nTranscript\n----------\n", n.link));
    }
    for l in &n.transcript {
        s.push_str(&format!("{}: {}\n", l.author, l.text));
    }
    s
}

/// The digest's subject: its title and the opening.
pub fn digest_subject(d: &Digest) -> String {
    header_text(&format!("{} — {}", d.title(), d.opening_words()), 160)
}

/// The digest's plain-text body: one block per lead.
pub fn digest_body(d: &Digest) -> String {
    let mut s = format!("{}\n\n{}\n\n", d.title(), d.intro());
    let (listed, more) = d.listed();
    for (i, l) in listed.iter().enumerate() {
        s.push_str(&format!(
            "{}. {} — {}\n",
            i + 1,
            one_line(&l.name),
            l.contact_line()
        ));
        s.push_str(&format!(
            "   Reference: {}\n   Left:      {}\n",
            l.reference,
            l.captured_words(d.timezone)
        ));
        s.push_str(&format!(
            "   Question:  {}\n   Open:      {}\n\n",
            l.question_line(1000),
            l.link
        ));
    }
    if more > 0 {
        s.push_str(&format!("…and {more} more in the console.\n\n"));
    }
    s.push_str(&format!("Console: {}\n", d.link));
    s
}

/// The digest's HTML body: the same content as [`digest_body`], every value escaped.
pub fn digest_html(d: &Digest) -> String {
    let e = html_escape;
    let cell = "padding:10px 12px;border-top:1px solid #e4e4e7;vertical-align:top";
    let mut rows = String::new();
    let (listed, more) = d.listed();
    for l in listed {
        let contact: Vec<String> = [l.email.as_deref(), l.phone.as_deref()]
            .into_iter()
            .flatten()
            .map(e)
            .collect();
        let contact = if contact.is_empty() {
            "no contact details".to_string()
        } else {
            contact.join("<br>")
        };
        rows.push_str(&format!(
            "<tr><td style=\"{cell}\"><strong>{name}</strong><br><span style=\"color:#52525b\">{contact}</span></td>\
             <td style=\"{cell}\">{left}</td><td style=\"{cell}\">{question}</td>\
             <td style=\"{cell};white-space:nowrap\">{reference}<br><a href=\"{link}\" style=\"color:#1d4ed8\">Open</a></td></tr>",
            name = e(&one_line(&l.name)),
            left = e(&l.captured_words(d.timezone)),
            question = e(&l.question_line(1000)),
            reference = e(&l.reference),
            link = e(&l.link),
        ));
    }
    if more > 0 {
        rows.push_str(&format!(
            "<tr><td colspan=\"4\" style=\"{cell}\">…and {more} more in the console.</td></tr>"
        ));
    }
    let th = "text-align:left;padding:8px 12px;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#52525b";
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"margin:0;padding:24px;background:#f4f4f5;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#18181b\">\
         <div style=\"max-width:760px;margin:0 auto;background:#fff;border-radius:8px;padding:24px\">\
         <h1 style=\"font-size:20px;margin:0 0 8px\">{title}</h1><p style=\"margin:0 0 16px;color:#3f3f46\">{intro}</p>\
         <table style=\"border-collapse:collapse;width:100%;font-size:14px\"><thead><tr>\
         <th style=\"{th}\">Visitor</th><th style=\"{th}\">Left</th><th style=\"{th}\">Question</th><th style=\"{th}\">Reference</th>\
         </tr></thead><tbody>{rows}</tbody></table>\
         <p style=\"margin:16px 0 0\"><a href=\"{link}\" style=\"color:#1d4ed8\">Open the console</a></p></div></body></html>",
        title = e(&d.title()),
        intro = e(&d.intro()),
        link = e(&d.link),
    )
}

/// `&`, `<`, `>`, `"` and `'` as entities: text in HTML stays text.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The message. Fails only if lettre refuses a header, which sanitising should prevent.
pub fn message(
    from: &Mailbox,
    to: &[Mailbox],
    n: &Notification,
    key: &str,
) -> Result<Message, Failure> {
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
    builder
        .body(body(n))
        .map_err(|e| Failure::permanent(format!("cannot build the email: {e}")))
}

/// The digest's message: text and HTML alternatives; no Reply-To (it speaks of many visitors).
pub fn digest_message(
    from: &Mailbox,
    to: &[Mailbox],
    d: &Digest,
    key: &str,
) -> Result<Message, Failure> {
    let mut builder = Message::builder()
        .from(from.clone())
        .subject(digest_subject(d))
        .message_id(Some(format!("<{}@baton.notify>", key.replace(':', "."))));
    for t in to {
        builder = builder.to(t.clone());
    }
    builder
        .multipart(lettre::message::MultiPart::alternative_plain_html(
            digest_body(d),
            digest_html(d),
        ))
        .map_err(|e| Failure::permanent(format!("cannot build the email: {e}")))
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
    transmit(host, port, security, credentials, timeout, email).await
}

/// Sends an already built message through the configured server.
pub async fn transmit(
    host: &str,
    port: u16,
    security: SmtpSecurity,
    credentials: Option<&(String, String)>,
    timeout: Duration,
    email: Message,
) -> Result<(), Failure> {
    let builder = match security {
        SmtpSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
            .map_err(|e| Failure::permanent(format!("smtp {host}: {e}")))?,
        SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
            .map_err(|e| Failure::permanent(format!("smtp {host}: {e}")))?,
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
