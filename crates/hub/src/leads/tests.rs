//! Validation, reference codes, WhatsApp links and summaries, and finding a reference in a
//! message.

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
