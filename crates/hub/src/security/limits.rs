//! Limits on what a request may carry and the text checks: sizes, blank or over-long
//! messages, control and direction-override characters, client ids.

use crate::error::AppError;

/// Largest request body, in bytes.
pub const MAX_BODY: usize = 64 * 1024;
/// Longest visitor message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 4000;
/// Longest client id, in characters.
pub const MAX_CLIENT_ID: usize = 64;

/// Checks a visitor message: not blank, at most [`MAX_MESSAGE_CHARS`], and no control
/// characters but newline and tab (they can hide text or break logs and terminals).
pub fn check_message(text: &str) -> Result<(), AppError> {
    if text.trim().is_empty() {
        return Err(AppError::invalid("empty_message", "The message is empty."));
    }
    let chars = text.chars().count();
    if chars > MAX_MESSAGE_CHARS {
        return Err(AppError::invalid(
            "message_too_long",
            format!("The message has {chars} characters; the limit is {MAX_MESSAGE_CHARS}."),
        ));
    }
    check_controls("text", text, true)
}

/// Rejects control characters in `field`; `multiline` allows newline and tab.
pub fn check_controls(field: &str, text: &str, multiline: bool) -> Result<(), AppError> {
    match protocol::lead::first_control(text, multiline) {
        None => Ok(()),
        Some(c) => Err(AppError::invalid(
            "control_characters",
            format!("{field} contains a control or direction-override character (U+{:04X}), which is not allowed.", c as u32),
        )),
    }
}

/// A client id is 1–64 visible ASCII characters (UUIDs, counters, anything printable).
pub fn check_client_id(id: &str) -> Result<(), AppError> {
    let ok =
        !id.is_empty() && id.len() <= MAX_CLIENT_ID && id.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(
            "invalid_client_id",
            format!("client_id must be 1 to {MAX_CLIENT_ID} visible ASCII characters."),
        ))
    }
}
