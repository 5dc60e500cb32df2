//! Phone numbers: normalising what people type to E.164, and the digits wa.me wants.

/// Normalises a phone number typed in any common international form to E.164
/// (`"+44 (0)7700 900123"` → `"+447700900123"`, `"0044 7700 900123"` → the same).
///
/// A number without a country code (no leading `+` or `00`) is rejected: the hub cannot
/// know which country the visitor meant.
pub fn to_e164(input: &str) -> Result<String, String> {
    let trimmed = input.trim();
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
            _ => return Err(format!("{trimmed:?} has a character a phone number cannot have: {c:?}")),
        }
    }
    if !plus {
        match digits.strip_prefix("00") {
            Some(rest) => digits = rest.to_string(),
            None => return Err(format!("{trimmed:?} needs its country code, e.g. +44 7700 900123")),
        }
    }
    if digits.starts_with('0') {
        return Err(format!("{trimmed:?} has no valid country code after the '+'"));
    }
    if !(8..=15).contains(&digits.len()) {
        return Err(format!("{trimmed:?} has {} digits; an international number has 8 to 15", digits.len()));
    }
    Ok(format!("+{digits}"))
}

/// The digits `https://wa.me/<digits>` expects: E.164 without the `+`.
pub fn whatsapp_digits(input: &str) -> Result<String, String> {
    to_e164(input).map(|e164| e164[1..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_people_type() {
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
        assert_eq!(whatsapp_digits("+44 (0)7700 900123").unwrap(), "447700900123");
    }

    #[test]
    fn rejections_say_why() {
        let cases = [
            ("07700 900123", "needs its country code"),
            ("+44 7700 9001x3", "cannot have: 'x'"),
            ("+1 555", "has 4 digits"),
            ("+0 123 456 789", "no valid country code"),
            ("+44 7700 900123 ext 5", "cannot have"),
            ("", "needs its country code"),
        ];
        for (input, expected) in cases {
            let err = to_e164(input).unwrap_err();
            assert!(err.contains(expected), "{input}: {err}");
        }
    }
}
