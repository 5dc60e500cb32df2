//! The rules of a lead form ([`crate::hub::LeadCreate`]) and of the WhatsApp link that
//! continues a conversation, shared by the widget (inline validation, the link it builds when
//! the hub cannot be reached) and the hub (which decides).

use std::fmt;

/// Longest name, in characters.
pub const MAX_NAME: usize = 80;
/// Longest email address, in characters (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;
/// Longest question, in characters.
pub const MAX_QUESTION: usize = 4000;

/// Control characters, and the invisible direction overrides that can disguise text in the
/// console. Line breaks and tabs are allowed where the field is multi-line. The one rule for
/// every text a visitor sends: chat messages, handoff fields, leads.
pub fn has_control(text: &str, multiline: bool) -> bool {
    first_control(text, multiline).is_some()
}

/// The first character [`has_control`] refuses, to name it in an error.
pub fn first_control(text: &str, multiline: bool) -> Option<char> {
    text.char_indices()
        .find(|&(i, c)| refused(text, i, c, multiline))
        .map(|(_, c)| c)
}

/// `text` without the characters [`has_control`] refuses (what the widget sends of pasted
/// text, so that a visitor's message is never refused for an invisible character).
pub fn without_controls(text: &str, multiline: bool) -> String {
    text.char_indices()
        .filter(|&(i, c)| !refused(text, i, c, multiline))
        .map(|(_, c)| c)
        .collect()
}

/// Controls and direction overrides are refused; a multi-line field keeps line feeds, tabs
/// and the carriage return of a CRLF line break (a lone one can overwrite a line in logs).
fn refused(text: &str, i: usize, c: char, multiline: bool) -> bool {
    (c.is_control() || is_direction_override(c))
        && !(multiline && (matches!(c, '\n' | '\t') || text[i..].starts_with("\r\n")))
}

/// An invisible character that reorders the text around it (embeddings, overrides, isolates)
/// or breaks it as a line or paragraph would.
pub fn is_direction_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// A practical email check: what mail servers deliver, not every form RFC 5322 allows.
/// Returns why it fails, in words for the visitor.
#[inline]
pub fn check_email(email: &str) -> Result<(), &'static str> {
    if email.chars().any(char::is_whitespace) {
        return Err("it contains a space");
    }
    let mut parts = email.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err("it needs exactly one @");
    };
    if local.is_empty() {
        return Err("there is nothing before the @");
    }
    if local.len() > 64 {
        return Err("the part before the @ is too long");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err("the part before the @ has a misplaced dot");
    }
    if local.chars().any(|c| {
        matches!(
            c,
            '<' | '>' | '(' | ')' | '[' | ']' | '\\' | ',' | ';' | ':' | '"'
        )
    }) {
        return Err("the part before the @ has a character addresses cannot have");
    }
    if !domain.contains('.') {
        return Err("the part after the @ needs a dot, like example.com");
    }
    for label in domain.split('.') {
        if label.is_empty() || label.starts_with('-') || label.ends_with('-') {
            return Err("the part after the @ is not a domain name");
        }
        if !label.chars().all(|c| triage::is_word_char(c) || c == '-') {
            return Err("the part after the @ has a character domain names cannot have");
        }
    }
    let tld = domain.rsplit('.').next().unwrap_or("");
    if tld.chars().count() < 2 || tld.chars().all(|c| c.is_ascii_digit()) {
        return Err("the part after the @ does not end in a domain like .com");
    }
    Ok(())
}

/// Why a phone number was refused. Its `Display` names the number and the problem; the
/// widget only asks whether there is one, so the formatting stays out of its bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneError {
    input: String,
    kind: PhoneErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum PhoneErrorKind {
    Character(char),
    NoCountryCode,
    BadCountryCode,
    Length(usize),
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = &self.input;
        match self.kind {
            PhoneErrorKind::Character(c) => write!(
                f,
                "{input:?} has a character a phone number cannot have: {c:?}"
            ),
            PhoneErrorKind::NoCountryCode => {
                write!(f, "{input:?} needs its country code, e.g. +44 7700 900123")
            }
            PhoneErrorKind::BadCountryCode => {
                write!(f, "{input:?} has no valid country code after the '+'")
            }
            PhoneErrorKind::Length(n) => write!(
                f,
                "{input:?} has {n} digits; an international number has 8 to 15"
            ),
        }
    }
}

impl std::error::Error for PhoneError {}

/// Normalises a phone number typed in any common international form to E.164
/// (`"+44 (0)7700 900123"` → `"+447700900123"`, `"0044 7700 900123"` → the same).
///
/// A number without a country code (no leading `+` or `00`) is refused: nobody can know
/// which country the visitor meant.
#[inline]
pub fn to_e164(input: &str) -> Result<String, PhoneError> {
    let trimmed = input.trim();
    let err = |kind| {
        Err(PhoneError {
            input: trimmed.to_string(),
            kind,
        })
    };
    // The "(0)" some countries write after the country code is a trunk prefix, not dialled
    // from abroad.
    let without_trunk = trimmed.replacen("(0)", "", 1);
    let mut digits = String::new();
    let mut plus = false;
    for (i, c) in without_trunk.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 || (digits.is_empty() && !plus) => plus = true,
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' => {}
            _ => return err(PhoneErrorKind::Character(c)),
        }
    }
    if !plus {
        match digits.strip_prefix("00") {
            Some(rest) => digits = rest.to_string(),
            None => return err(PhoneErrorKind::NoCountryCode),
        }
    }
    if digits.starts_with('0') {
        return err(PhoneErrorKind::BadCountryCode);
    }
    if !(8..=15).contains(&digits.len()) {
        return err(PhoneErrorKind::Length(digits.len()));
    }
    digits.insert(0, '+');
    Ok(digits)
}

/// The digits `https://wa.me/<digits>` expects: E.164 without the `+`.
pub fn whatsapp_digits(input: &str) -> Result<String, PhoneError> {
    to_e164(input).map(|e164| e164[1..].to_string())
}

/// Where a conversation can go on besides WhatsApp, for a reference `BTN-XXXXXX`: Messenger
/// (`https://m.me/PAGE?ref=…`) and Instagram (`https://ig.me/m/USERNAME?ref=…`). Neither
/// takes a prefilled text; the reference rides in `ref`, which Meta passes to the page's
/// webhook. `None` when the handle is not one the platform allows (letters, digits, `.`,
/// `_`, `-`; 1–50 characters).
pub fn continue_link(platform: Platform, handle: &str, reference: &str) -> Option<String> {
    let ok = !handle.is_empty()
        && handle.len() <= 50
        && handle
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    let reference_ok = reference
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    (ok && reference_ok).then(|| match platform {
        Platform::Messenger => format!("https://m.me/{handle}?ref={reference}"),
        Platform::Instagram => format!("https://ig.me/m/{handle}?ref={reference}"),
    })
}

/// A messaging platform a conversation can go on in, besides WhatsApp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    /// Facebook Messenger, by the page's name.
    Messenger,
    /// Instagram direct messages, by the account's username.
    Instagram,
}

/// `https://wa.me/<digits>?text=<text>`, everything but RFC 3986's unreserved characters
/// percent-encoded (wa.me wants `%20` for a space, not `+`). Anything but ASCII digits in
/// `digits` is dropped; an empty `text` leaves the message box empty.
pub fn wa_me_link(digits: &str, text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut link = String::from("https://wa.me/");
    link.extend(digits.chars().filter(char::is_ascii_digit));
    if !text.is_empty() {
        link.push_str("?text=");
        for &b in text.as_bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                link.push(b as char);
            } else {
                link.push('%');
                link.push(HEX[(b >> 4) as usize] as char);
                link.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
    link
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_formats_people_type() {
        let cases = [
            ("+44 (0)7700 900123", "+447700900123"),
            ("+44 7700 900123", "+447700900123"),
            ("0044 7700-900-123", "+447700900123"),
            ("+1 (415) 555-0132", "+14155550132"),
            ("+49 30 1234567", "+49301234567"),
            ("+91 98765 43210", "+919876543210"),
            ("+55 11 91234-5678", "+5511912345678"),
            ("  +34.612.345.678 ", "+34612345678"),
        ];
        for (input, expected) in cases {
            assert_eq!(to_e164(input).as_deref(), Ok(expected), "{input}");
        }
        assert_eq!(
            whatsapp_digits("+44 (0)7700 900123").unwrap(),
            "447700900123"
        );
    }

    #[test]
    fn phone_refusals_say_why() {
        let cases = [
            ("07700 900123", "needs its country code"),
            ("+44 7700 9001x3", "cannot have: 'x'"),
            ("+1 555", "has 4 digits"),
            ("+0 123 456 789", "no valid country code"),
            ("+44 7700 900123 ext 5", "cannot have"),
            ("", "needs its country code"),
        ];
        for (input, expected) in cases {
            let err = to_e164(input).unwrap_err().to_string();
            assert!(err.contains(expected), "{input}: {err}");
        }
    }

    #[test]
    fn emails_say_why_they_fail() {
        assert_eq!(check_email("maria@example.com"), Ok(()));
        assert_eq!(check_email("maria.lopez+shop@mail.example.co.uk"), Ok(()));
        assert_eq!(
            check_email("maria@example"),
            Err("the part after the @ needs a dot, like example.com")
        );
        assert_eq!(
            check_email("maria@@example.com"),
            Err("it needs exactly one @")
        );
        assert_eq!(
            check_email("ma ria@example.com"),
            Err("it contains a space")
        );
        assert_eq!(check_email("josé@café.fr"), Ok(()));
        assert_eq!(check_email("иван@пример.рф"), Ok(()));
        assert_eq!(
            check_email("maria@exa★mple.com"),
            Err("the part after the @ has a character domain names cannot have")
        );
        assert_eq!(
            check_email("maria@example.1"),
            Err("the part after the @ does not end in a domain like .com")
        );
    }

    #[test]
    fn wa_me_links_encode_everything_but_unreserved_characters() {
        assert_eq!(
            wa_me_link("+44 7700 900123", "Hi & bye #1 ünï"),
            "https://wa.me/447700900123?text=Hi%20%26%20bye%20%231%20%C3%BCn%C3%AF"
        );
        assert_eq!(wa_me_link("447700900123", ""), "https://wa.me/447700900123");
    }

    #[test]
    fn control_characters_and_direction_overrides() {
        assert_eq!(
            without_controls("re\u{202E}fund\u{0}\nnow\r\nok\r", true),
            "refund\nnow\r\nok"
        );
        assert_eq!(first_control("ok\u{2066}", false), Some('\u{2066}'));
        assert!(has_control("a\u{202E}b", true));
        assert!(has_control("line\nbreak", false));
        assert!(!has_control("line\nbreak\ttab", true));
    }
}
