//! The lead form when nobody is online: its fields, inline validation by the hub's own rules
//! (`protocol::lead`; the hub still decides, and its field errors are shown too), and the
//! WhatsApp link the widget builds itself when the hub cannot be reached at all.

use protocol::hub::LeadCreate;
pub use protocol::lead::{wa_me_link as whatsapp_link, MAX_EMAIL, MAX_NAME, MAX_QUESTION};

use crate::i18n::Key;

/// What the visitor typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeadDraft {
    #[allow(missing_docs)]
    pub name: String,
    #[allow(missing_docs)]
    pub email: String,
    #[allow(missing_docs)]
    pub phone: String,
    #[allow(missing_docs)]
    pub question: String,
    #[allow(missing_docs)]
    pub consent: bool,
}

/// Every problem at once, as `(field, message)`; `contact` is the email/phone pair.
pub fn validate(d: &LeadDraft) -> Vec<(&'static str, Key)> {
    let mut errors = Vec::new();
    let name = d.name.trim();
    if name.is_empty() {
        errors.push(("name", Key::NameRequired));
    } else if name.chars().count() > MAX_NAME {
        errors.push(("name", Key::TooLong));
    }
    let (email, phone) = (d.email.trim(), d.phone.trim());
    if !email.is_empty() && (email.chars().count() > MAX_EMAIL || !email_ok(email)) {
        errors.push(("email", Key::EmailInvalid));
    }
    if !phone.is_empty() && !phone_ok(phone) {
        errors.push(("phone", Key::PhoneInvalid));
    }
    if email.is_empty() && phone.is_empty() {
        errors.push(("contact", Key::ContactRequired));
    }
    if d.question.trim().chars().count() > MAX_QUESTION {
        errors.push(("question", Key::TooLong));
    }
    if !d.consent {
        errors.push(("consent", Key::ConsentRequired));
    }
    errors
}

/// The body the hub expects.
pub fn to_wire(d: &LeadDraft) -> LeadCreate {
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    LeadCreate {
        name: d.name.trim().into(),
        email: opt(&d.email),
        phone: opt(&d.phone),
        question: d.question.trim().into(),
        consent: d.consent,
    }
}

/// An address the hub accepts.
pub fn email_ok(email: &str) -> bool {
    protocol::lead::check_email(email).is_ok()
}

/// A number the hub accepts: international form, `+` or `00`, then a country code.
pub fn phone_ok(phone: &str) -> bool {
    protocol::lead::to_e164(phone).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> LeadDraft {
        LeadDraft {
            name: "Maria".into(),
            email: "maria@example.com".into(),
            consent: true,
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_passes() {
        assert!(validate(&draft()).is_empty());
        let mut phone_only = draft();
        phone_only.email.clear();
        phone_only.phone = "+44 (0)7700 900123".into();
        assert!(validate(&phone_only).is_empty());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let errors = validate(&LeadDraft::default());
        assert_eq!(
            errors,
            vec![
                ("name", Key::NameRequired),
                ("contact", Key::ContactRequired),
                ("consent", Key::ConsentRequired)
            ]
        );
    }

    #[test]
    fn emails_and_phones_follow_the_hubs_rules() {
        for bad in [
            "maria",
            "maria@example",
            "a b@example.com",
            "maria@@example.com",
            ".m@example.com",
            "m@example.123",
        ] {
            assert_eq!(
                validate(&LeadDraft {
                    email: bad.into(),
                    ..draft()
                }),
                vec![("email", Key::EmailInvalid)],
                "{bad}"
            );
        }
        for bad in ["07700 900123", "+44 77", "+0 7700 900123", "call me"] {
            assert_eq!(
                validate(&LeadDraft {
                    phone: bad.into(),
                    ..draft()
                }),
                vec![("phone", Key::PhoneInvalid)],
                "{bad}"
            );
        }
        assert!(validate(&LeadDraft {
            phone: "0044 7700 900123".into(),
            ..draft()
        })
        .is_empty());
    }

    #[test]
    fn the_wire_body_is_trimmed_and_omits_empty_fields() {
        let w = to_wire(&LeadDraft {
            name: " Maria ".into(),
            email: " ".into(),
            phone: "+44 7700 900123".into(),
            question: "Where is my order?".into(),
            consent: true,
        });
        assert_eq!(w.name, "Maria");
        assert_eq!(w.email, None);
        assert_eq!(w.phone.as_deref(), Some("+44 7700 900123"));
    }
}
