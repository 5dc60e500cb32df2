//! Lead capture: validating what the visitor left when nobody could answer, the reference code
//! they are shown, and the WhatsApp link that continues the conversation with its context.
//!
//! The field rules and the `https://wa.me/…` encoding are `protocol::lead`'s, the same the
//! widget checks inline; the hub's [`whatsapp_link`] adds the reference.

use protocol::hub::LeadCreate;
use protocol::lead::{check_email, has_control};
pub use protocol::lead::{MAX_EMAIL, MAX_NAME, MAX_QUESTION};

/// Longest WhatsApp summary, in characters.
pub const MAX_SUMMARY: usize = 500;

/// A validated lead: trimmed, the phone in E.164, consent given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lead {
    /// Name, trimmed.
    pub name: String,
    /// Email address, trimmed.
    pub email: Option<String>,
    /// Phone number in E.164 (`+447700900123`).
    pub phone_e164: Option<String>,
    /// Question, trimmed.
    pub question: String,
}

/// One problem with one form field, for an inline message next to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// `name`, `email`, `phone`, `question`, `consent`, or `contact` (the email/phone pair).
    pub field: &'static str,
    /// Stable code: `required`, `too_long`, `invalid`, `control_characters`.
    pub code: &'static str,
    /// A sentence for the visitor.
    pub message: String,
}

impl FieldError {
    fn new(field: &'static str, code: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            code,
            message: message.into(),
        }
    }
}

/// Validates a lead form, reporting every problem at once.
pub fn validate(input: &LeadCreate) -> Result<Lead, Vec<FieldError>> {
    let mut errors = Vec::new();

    let name = input.name.trim();
    if has_control(name, false) {
        errors.push(FieldError::new(
            "name",
            "control_characters",
            "Your name contains characters we cannot accept.",
        ));
    } else if name.is_empty() {
        errors.push(FieldError::new(
            "name",
            "required",
            "Please tell us your name.",
        ));
    } else if name.chars().count() > MAX_NAME {
        errors.push(FieldError::new(
            "name",
            "too_long",
            format!("Please keep your name under {MAX_NAME} characters."),
        ));
    }

    let email = input
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty());
    if let Some(email) = email {
        if has_control(email, false) {
            errors.push(FieldError::new(
                "email",
                "control_characters",
                "The email address contains characters we cannot accept.",
            ));
        } else if email.chars().count() > MAX_EMAIL {
            errors.push(FieldError::new(
                "email",
                "too_long",
                format!("An email address has at most {MAX_EMAIL} characters."),
            ));
        } else if let Err(why) = check_email(email) {
            errors.push(FieldError::new(
                "email",
                "invalid",
                format!("That email address doesn't look right: {why}."),
            ));
        }
    }

    let phone = input
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let mut phone_e164 = None;
    if let Some(phone) = phone {
        if has_control(phone, false) {
            errors.push(FieldError::new(
                "phone",
                "control_characters",
                "The phone number contains characters we cannot accept.",
            ));
        } else {
            match protocol::lead::to_e164(phone) {
                Ok(p) => phone_e164 = Some(p),
                Err(_) => errors.push(FieldError::new(
                    "phone",
                    "invalid",
                    "Please give the number with its country code, e.g. +44 7700 900123.",
                )),
            }
        }
    }
    if email.is_none() && phone.is_none() {
        errors.push(FieldError::new(
            "contact",
            "required",
            "Please leave an email address or a phone number so we can reply.",
        ));
    }

    let question = input.question.trim();
    if has_control(question, true) {
        errors.push(FieldError::new(
            "question",
            "control_characters",
            "Your question contains characters we cannot accept.",
        ));
    } else if question.chars().count() > MAX_QUESTION {
        errors.push(FieldError::new(
            "question",
            "too_long",
            format!("Please keep your question under {MAX_QUESTION} characters."),
        ));
    }

    if !input.consent {
        errors.push(FieldError::new(
            "consent",
            "required",
            "Please agree to be contacted about your question.",
        ));
    }

    if errors.is_empty() {
        Ok(Lead {
            name: name.to_string(),
            email: email.map(str::to_string),
            phone_e164,
            question: question.to_string(),
        })
    } else {
        Err(errors)
    }
}

/// Reference code letters: no 0/O, 1/I/L, so a code read aloud or copied by hand survives.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Prefix of every reference code.
pub const CODE_PREFIX: &str = "BTN-";
const CODE_LEN: usize = 6;

/// A short reference code such as `BTN-7KQ3XM`: 6 characters from 31 (about 887 million
/// codes), so clashes are rare; storage retries on a unique-constraint clash.
pub fn reference_code(rng: &mut impl rand::Rng) -> String {
    let mut code = String::with_capacity(CODE_PREFIX.len() + CODE_LEN);
    code.push_str(CODE_PREFIX);
    for _ in 0..CODE_LEN {
        code.push(CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char);
    }
    code
}

/// Reads a reference code as someone typed it into a search box: any case, spaces or dashes,
/// with or without the prefix (`btn 7kq3xm`, `7KQ-3XM`). `None` if it cannot be a code.
pub fn parse_reference(input: &str) -> Option<String> {
    let mut compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    if let Some(rest) = compact.strip_prefix("BTN") {
        compact = rest.to_string();
    }
    let ok = compact.len() == CODE_LEN && compact.bytes().all(|b| CODE_ALPHABET.contains(&b));
    ok.then(|| format!("{CODE_PREFIX}{compact}"))
}

/// The first reference code written anywhere in `text` (`… (ref BTN-7KQ3XM)`, `btn 7kq3xm`),
/// as [`parse_reference`] would read it; the prefix is required here, so an ordinary word
/// is never taken for a code.
pub fn find_reference(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let mut from = 0;
    while let Some(at) = upper[from..].find("BTN") {
        let start = from + at;
        from = start + 3;
        if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let mut i = from;
        if matches!(bytes.get(i), Some(b'-' | b' ')) {
            i += 1;
        }
        let Some(code) = upper.get(i..i + CODE_LEN) else {
            continue;
        };
        let ends = bytes
            .get(i + CODE_LEN)
            .is_none_or(|b| !b.is_ascii_alphanumeric());
        if ends && code.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
            return Some(format!("{CODE_PREFIX}{code}"));
        }
    }
    None
}

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

/// Validates every field at once (422 `invalid_lead` with `fields`), then stores the lead
/// with its notifications (the escalation matrix's channels, and the morning digest when
/// closed); the answer carries its reference and WhatsApp link.
pub async fn create(
    state: &crate::state::AppState,
    conversation: &crate::db::Conversation,
    body: &LeadCreate,
) -> Result<protocol::hub::LeadCreated, crate::error::AppError> {
    let id = conversation.id.clone();
    let lead = validate(body).map_err(crate::error::AppError::InvalidLead)?;
    let runtime = state.site_of(conversation)?;
    let number = runtime.site.whatsapp.clone();
    let new = crate::db::leads::NewLead {
        name: &lead.name,
        email: lead.email.as_deref(),
        phone: lead.phone_e164.as_deref(),
        question: &lead.question,
        consent: body.consent,
    };
    let (name, question) = (lead.name.clone(), lead.question.clone());
    // The channels are chosen now; the worker sends after the answer.
    let handoff = state.db.latest_handoff_facts(&id).await?;
    let notice = crate::notify::lead::plan(&runtime.site, handoff.as_ref(), state.now());
    let stored = state
        .db
        .leads_create_notifying(
            &id,
            &conversation.site,
            &new,
            || reference_code(&mut rand::thread_rng()),
            |reference| {
                number.as_deref().map(|n| {
                    whatsapp_link(n, &whatsapp_summary(&name, &question, reference), reference)
                })
            },
            &notice,
        )
        .await?;
    tracing::info!(conversation = %id, reference = %stored.reference, channels = ?notice.channels, digest = ?notice.digest_due_at, "lead stored");
    if !notice.channels.is_empty() {
        state.outbox_wake.notify_one();
    }
    Ok(created(
        &runtime.site,
        stored.reference,
        stored.whatsapp_link,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn input(
        name: &str,
        email: Option<&str>,
        phone: Option<&str>,
        question: &str,
        consent: bool,
    ) -> LeadCreate {
        LeadCreate {
            name: name.into(),
            email: email.map(Into::into),
            phone: phone.map(Into::into),
            question: question.into(),
            consent,
        }
    }

    fn codes(r: Result<Lead, Vec<FieldError>>) -> Vec<(&'static str, &'static str)> {
        r.err()
            .unwrap_or_default()
            .iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn valid_leads() {
        let lead = validate(&input(
            " Maria ",
            Some(" maria@example.com "),
            Some("+44 (0)7700 900123"),
            " Order #4471? ",
            true,
        ))
        .unwrap();
        assert_eq!(lead.name, "Maria");
        assert_eq!(lead.email.as_deref(), Some("maria@example.com"));
        assert_eq!(lead.phone_e164.as_deref(), Some("+447700900123"));
        assert_eq!(lead.question, "Order #4471?");

        let ok = [
            input(
                "José Núñez",
                Some("jose.nunez+shop@correo.example.es"),
                None,
                "",
                true,
            ),
            input(
                "李明",
                None,
                Some("0086 138 0013 8000"),
                "多少钱？\nThanks",
                true,
            ),
            input(
                "O'Brien",
                Some("o_brien@mail.co.uk"),
                Some(""),
                "line one\r\nline two\ttabbed",
                true,
            ),
            input("Ana", Some("ana@xn--bcher-kva.example"), None, "", true),
            input("Ana", Some("ana@müller.de"), None, "", true),
            input(
                &"a".repeat(80),
                Some("a@b.io"),
                None,
                &"q".repeat(4000),
                true,
            ),
        ];
        for case in ok {
            assert!(validate(&case).is_ok(), "{case:?}: {:?}", validate(&case));
        }
    }

    #[test]
    fn every_error_at_once() {
        let r = validate(&input(
            "",
            Some("not-an-email"),
            Some("07700 900123"),
            &"x".repeat(4001),
            false,
        ));
        assert_eq!(
            codes(r),
            vec![
                ("name", "required"),
                ("email", "invalid"),
                ("phone", "invalid"),
                ("question", "too_long"),
                ("consent", "required")
            ]
        );
    }

    #[test]
    fn field_errors_table() {
        let base = |f: &dyn Fn(&mut LeadCreate)| {
            let mut i = input("Maria", Some("maria@example.com"), None, "Hello", true);
            f(&mut i);
            codes(validate(&i))
        };
        let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("name too long", base(&|i| i.name = "a".repeat(81))),
            ("name blank", base(&|i| i.name = "   ".into())),
            ("name control", base(&|i| i.name = "Ma\u{0}ria".into())),
            ("name newline", base(&|i| i.name = "Ma\nria".into())),
            ("name bidi", base(&|i| i.name = "Maria\u{202E}gpj".into())),
            ("no contact", base(&|i| i.email = None)),
            ("blank contact", base(&|i| i.email = Some("  ".into()))),
            ("email two @", base(&|i| i.email = Some("a@b@c.com".into()))),
            (
                "email no dot",
                base(&|i| i.email = Some("maria@localhost".into())),
            ),
            (
                "email space",
                base(&|i| i.email = Some("ma ria@example.com".into())),
            ),
            (
                "email empty local",
                base(&|i| i.email = Some("@example.com".into())),
            ),
            (
                "email double dot",
                base(&|i| i.email = Some("ma..ria@example.com".into())),
            ),
            (
                "email bad domain",
                base(&|i| i.email = Some("maria@-example.com".into())),
            ),
            (
                "email empty label",
                base(&|i| i.email = Some("maria@example..com".into())),
            ),
            (
                "email numeric tld",
                base(&|i| i.email = Some("maria@10.0.0.1".into())),
            ),
            (
                "email too long",
                base(&|i| i.email = Some(format!("{}@example.com", "a".repeat(250)))),
            ),
            (
                "email control",
                base(&|i| i.email = Some("maria@exa\u{7}mple.com".into())),
            ),
            (
                "phone letters",
                base(&|i| i.phone = Some("+44 77OO 900123".into())),
            ),
            (
                "question control",
                base(&|i| i.question = "hi\u{1b}[31m".into()),
            ),
            ("no consent", base(&|i| i.consent = false)),
        ];
        let expected: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("name too long", vec![("name", "too_long")]),
            ("name blank", vec![("name", "required")]),
            ("name control", vec![("name", "control_characters")]),
            ("name newline", vec![("name", "control_characters")]),
            ("name bidi", vec![("name", "control_characters")]),
            ("no contact", vec![("contact", "required")]),
            ("blank contact", vec![("contact", "required")]),
            ("email two @", vec![("email", "invalid")]),
            ("email no dot", vec![("email", "invalid")]),
            ("email space", vec![("email", "invalid")]),
            ("email empty local", vec![("email", "invalid")]),
            ("email double dot", vec![("email", "invalid")]),
            ("email bad domain", vec![("email", "invalid")]),
            ("email empty label", vec![("email", "invalid")]),
            ("email numeric tld", vec![("email", "invalid")]),
            ("email too long", vec![("email", "too_long")]),
            ("email control", vec![("email", "control_characters")]),
            ("phone letters", vec![("phone", "invalid")]),
            ("question control", vec![("question", "control_characters")]),
            ("no consent", vec![("consent", "required")]),
        ];
        assert_eq!(cases, expected);
    }

    #[test]
    fn messages_are_sentences() {
        let errors = validate(&input("", None, None, "", false)).unwrap_err();
        assert_eq!(errors.len(), 3);
        for e in errors {
            assert!(e.message.ends_with('.'), "{e:?}");
        }
    }

    #[test]
    fn reference_codes() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..10_000 {
            let code = reference_code(&mut rng);
            assert_eq!(code.len(), 10, "{code}");
            assert!(code.starts_with("BTN-"));
            assert!(code[4..]
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
            assert!(!code[4..].contains(['0', 'O', '1', 'I', 'L']), "{code}");
            assert_eq!(parse_reference(&code).as_deref(), Some(code.as_str()));
            seen.insert(code);
        }
        // With ~887 million codes, 10,000 draws collide with probability about 5%: allow one.
        assert!(seen.len() >= 9_999);
    }

    #[test]
    fn typed_references() {
        let cases = [
            ("BTN-7KQ3XM", Some("BTN-7KQ3XM")),
            ("btn-7kq3xm", Some("BTN-7KQ3XM")),
            (" btn 7KQ 3XM ", Some("BTN-7KQ3XM")),
            ("7KQ-3XM", Some("BTN-7KQ3XM")),
            ("BTN-7KQ3X", None),
            ("BTN-7KQ3X0", None),
            ("BTN-7KQ3XMM", None),
            ("", None),
            ("ÄÄÄÄÄÄ", None),
        ];
        for (typed, expected) in cases {
            assert_eq!(parse_reference(typed).as_deref(), expected, "{typed}");
        }
    }

    #[test]
    fn whatsapp_links() {
        let uk = protocol::lead::whatsapp_digits("+44 (0)7700 900123").unwrap();
        let cases = [
            (
                uk.as_str(),
                "Hi",
                "BTN-7KQ3XM",
                "https://wa.me/447700900123?text=Hi%20%28ref%20BTN-7KQ3XM%29",
            ),
            (
                "14155550132",
                "a&b=c #1? 1+1",
                "",
                "https://wa.me/14155550132?text=a%26b%3Dc%20%231%3F%201%2B1",
            ),
            (
                "447700900123",
                "line one\nline two",
                "",
                "https://wa.me/447700900123?text=line%20one%0Aline%20two",
            ),
            (
                "447700900123",
                "tent ⛺ 👍",
                "",
                "https://wa.me/447700900123?text=tent%20%E2%9B%BA%20%F0%9F%91%8D",
            ),
            (
                "447700900123",
                "Привет",
                "",
                "https://wa.me/447700900123?text=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82",
            ),
            (
                "447700900123",
                "価格",
                "",
                "https://wa.me/447700900123?text=%E4%BE%A1%E6%A0%BC",
            ),
            (
                "447700900123",
                "100% / ~ok_-.",
                "",
                "https://wa.me/447700900123?text=100%25%20%2F%20~ok_-.",
            ),
            // The reference is not repeated when the summary carries it.
            (
                "447700900123",
                "Hi (ref BTN-7KQ3XM)",
                "BTN-7KQ3XM",
                "https://wa.me/447700900123?text=Hi%20%28ref%20BTN-7KQ3XM%29",
            ),
            ("447700900123", "", "", "https://wa.me/447700900123"),
            (
                "+44 7700-900123",
                "",
                "BTN-7KQ3XM",
                "https://wa.me/447700900123?text=%28ref%20BTN-7KQ3XM%29",
            ),
        ];
        for (number, summary, reference, expected) in cases {
            assert_eq!(
                whatsapp_link(number, summary, reference),
                expected,
                "{summary}"
            );
        }
    }

    #[test]
    fn whatsapp_numbers_in_any_format() {
        let cases = [
            ("+44 (0)7700 900123", "447700900123"),
            ("0044 7700 900123", "447700900123"),
            ("+1 (415) 555-0132", "14155550132"),
            ("+55 11 91234-5678", "5511912345678"),
        ];
        for (number, digits) in cases {
            assert_eq!(
                whatsapp_link_for(number, "", "").unwrap(),
                format!("https://wa.me/{digits}"),
                "{number}"
            );
        }
        assert!(whatsapp_link_for("07700 900123", "", "")
            .unwrap_err()
            .contains("country code"));
    }

    #[test]
    fn summaries() {
        assert_eq!(
            whatsapp_summary("Maria", "Where is order #4471?", "BTN-7KQ3XM"),
            "Hi, I'm Maria. My question: Where is order #4471? (ref BTN-7KQ3XM)"
        );
        assert_eq!(
            whatsapp_summary(" ", "", "BTN-7KQ3XM"),
            "Hi. (ref BTN-7KQ3XM)"
        );
        // Whitespace runs and newlines collapse to single spaces.
        assert_eq!(
            whatsapp_summary("Li", "a\n\n  b", "R"),
            "Hi, I'm Li. My question: a b (ref R)"
        );
        // Long questions are cut to fit, at a character boundary, with an ellipsis.
        let long = "🏕️ tent ".repeat(200);
        let s = whatsapp_summary("Maria", &long, "BTN-7KQ3XM");
        let n = s.chars().count();
        assert!((MAX_SUMMARY - 5..=MAX_SUMMARY).contains(&n), "{n}: {s}");
        assert!(s.ends_with("… (ref BTN-7KQ3XM)"), "{s}");
        let link = whatsapp_link("447700900123", &s, "BTN-7KQ3XM");
        assert!(link.len() < 4000, "{}", link.len());
    }

    #[test]
    fn a_reference_is_found_in_what_the_visitor_sends() {
        use super::find_reference;
        assert_eq!(
            find_reference("Hi, I'm Maria. My question: parcel? (ref BTN-7KQ3XM)").as_deref(),
            Some("BTN-7KQ3XM")
        );
        assert_eq!(
            find_reference("btn 7kq3xm thanks").as_deref(),
            Some("BTN-7KQ3XM")
        );
        assert_eq!(
            find_reference("see BTN7KQ3XM").as_deref(),
            Some("BTN-7KQ3XM")
        );
        for none in [
            "no code here",
            "BTN-7KQ3X",
            "BTN-7KQ3XMM",
            "XBTN-7KQ3XM",
            "BTN-0OI1L2",
            "button 123456",
        ] {
            assert_eq!(find_reference(none), None, "{none}");
        }
        assert_eq!(
            find_reference("BTN-0OI1L2 or BTN-7KQ3XM").as_deref(),
            Some("BTN-7KQ3XM")
        );
    }
}
