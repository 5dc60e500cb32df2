//! What the visitor is given for a lead: its reference with the links that continue the
//! conversation on WhatsApp, Messenger or Instagram, and the WhatsApp summary.

/// Longest WhatsApp summary, in characters.
pub const MAX_SUMMARY: usize = 500;

/// What the visitor is given for a lead: its reference, and the links that continue the
/// conversation elsewhere (WhatsApp with the summary, as stored; Messenger and Instagram with
/// the reference, from the site's handles).
pub fn created(
    site: &crate::config::Site,
    reference: String,
    whatsapp_link: Option<String>,
) -> protocol::hub::LeadCreated {
    use protocol::lead::{continue_link, Platform};
    let link = |handle: &Option<String>, platform| {
        handle
            .as_deref()
            .and_then(|h| continue_link(platform, h, &reference))
    };
    protocol::hub::LeadCreated {
        messenger_link: link(&site.messenger, Platform::Messenger),
        instagram_link: link(&site.instagram, Platform::Instagram),
        reference,
        whatsapp_link,
    }
}

/// A short text for the visitor's first WhatsApp message:
/// `Hi, I'm Maria. My question: … (ref BTN-7KQ3XM)`, at most [`MAX_SUMMARY`] characters
/// (the question is cut at a character boundary and marked with "…").
pub fn whatsapp_summary(name: &str, question: &str, reference: &str) -> String {
    let name = name.trim();
    let question = question.split_whitespace().collect::<Vec<_>>().join(" ");
    let head = if name.is_empty() {
        "Hi.".to_string()
    } else {
        format!("Hi, I'm {name}.")
    };
    let tail = format!(" (ref {reference})");
    if question.is_empty() {
        return format!("{head}{tail}");
    }
    let fixed = head.chars().count() + " My question: ".chars().count() + tail.chars().count();
    let room = MAX_SUMMARY.saturating_sub(fixed);
    let question = if question.chars().count() > room {
        let cut: String = question.chars().take(room.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    } else {
        question
    };
    format!("{head} My question: {question}{tail}")
}

/// `https://wa.me/<digits>?text=<summary + reference>`, everything but RFC 3986's unreserved
/// characters percent-encoded (wa.me wants `%20` for a space, not `+`).
///
/// `number_digits` is what [`protocol::lead::whatsapp_digits`] returns (`447700900123`);
/// anything but ASCII digits in it is dropped. The reference is appended unless the summary
/// already holds it.
pub fn whatsapp_link(number_digits: &str, summary: &str, reference: &str) -> String {
    let text = if reference.is_empty() || summary.contains(reference) {
        summary.to_string()
    } else if summary.is_empty() {
        format!("(ref {reference})")
    } else {
        format!("{summary} (ref {reference})")
    };
    protocol::lead::wa_me_link(number_digits, &text)
}

/// [`whatsapp_link`] for a number in any format people type (`+44 (0)7700 900123`).
pub fn whatsapp_link_for(number: &str, summary: &str, reference: &str) -> Result<String, String> {
    let digits = protocol::lead::whatsapp_digits(number).map_err(|e| e.to_string())?;
    Ok(whatsapp_link(&digits, summary, reference))
}
