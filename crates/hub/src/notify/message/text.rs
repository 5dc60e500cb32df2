//! Words for people: an instant in the site's zone, a trigger's label, text cut to fit, and
//! the console's links.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// `Thu 3 Dec at 21:14 (Europe/London)`: an instant as people in the site's zone read it.
pub fn in_words(at: DateTime<Utc>, tz: Tz) -> String {
    format!(
        "{} ({})",
        at.with_timezone(&tz).format("%a %-d %b at %H:%M"),
        tz.name()
    )
}

/// [`in_words`] for a stored RFC 3339 timestamp; one that does not parse is shown as it is.
pub fn words(rfc3339: &str, tz: Tz) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => in_words(t.with_timezone(&Utc), tz),
        Err(_) => rfc3339.to_string(),
    }
}

/// Words for a trigger name.
pub fn trigger_label(trigger: &str) -> &'static str {
    match trigger {
        "human_request" => "asked for a person",
        "frustration" => "frustrated",
        "repeated_failure" => "the bot failed twice",
        "high_risk" => "high-risk or high-value topic",
        "out_of_scope" => "out of the bot's scope",
        "post_capture" => "warm lead following up",
        _ => "escalated",
    }
}

/// `s` cut to `max` characters, with an ellipsis when cut.
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The console's link to a conversation. The console has no routes of its own, so the
/// conversation travels as a query parameter it can read.
pub fn console_link(base: Option<&str>, conversation: &str) -> String {
    format!(
        "{}/console/?conversation={conversation}",
        base.unwrap_or("").trim_end_matches('/')
    )
}

/// The console's front page (the queue).
pub fn console_home(base: Option<&str>) -> String {
    format!("{}/console/", base.unwrap_or("").trim_end_matches('/'))
}
