//! The lead form as the visitor filled it: every field checked at once, each problem with
//! its own inline message.

use protocol::hub::LeadCreate;
use protocol::lead::{check_email, has_control, MAX_EMAIL, MAX_NAME, MAX_QUESTION};

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
