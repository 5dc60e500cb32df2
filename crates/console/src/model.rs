//! What the console shows, as plain functions over the `protocol::hub` types.

use protocol::hub::{ConsoleConversation, Queue};

/// The conversation `id` from the queue (waiting or held).
pub fn find<'a>(queue: &'a Queue, id: &str) -> Option<&'a ConsoleConversation> {
    queue.waiting.iter().chain(&queue.mine).find(|c| c.id == id)
}

/// "42 s", "3 min", "2 h 05 min".
pub fn format_wait(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        _ => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
    }
}

/// Seconds from `since` (RFC 3339) to `now_ms` (ms since the epoch), by the browser's
/// parse; `fallback` when unreadable.
pub fn seconds_between(since_ms: f64, now_ms: f64, fallback: i64) -> i64 {
    if since_ms.is_finite() && now_ms.is_finite() {
        ((now_ms - since_ms) / 1000.0).floor().max(0.0) as i64
    } else {
        fallback
    }
}

/// Urgency's label and CSS class.
pub fn urgency(u: i64) -> (&'static str, &'static str) {
    match u {
        2.. => ("Urgent", "urgency urgency-high"),
        1 => ("Soon", "urgency urgency-mid"),
        _ => ("Normal", "urgency urgency-low"),
    }
}

/// A trigger's name for people.
pub fn trigger_label(trigger: &str) -> &str {
    match trigger {
        "human_request" => "Asked for a person",
        "frustration" => "Frustrated",
        "repeated_failure" => "Bot failed twice",
        "high_risk" => "High value / risk",
        "out_of_scope" => "Out of scope",
        "post_capture" => "Warm lead",
        other => other,
    }
}

/// Who wrote a message, for the pane.
pub fn author_label(m: &protocol::hub::Message) -> String {
    use protocol::hub::Author;
    match m.author {
        Author::Visitor => "Visitor".into(),
        Author::Bot => "Assistant".into(),
        Author::Agent => m.agent_name.clone().unwrap_or_else(|| "Agent".into()),
        Author::System => "Notice".into(),
    }
}

/// The reply box's new text when a conversation is opened: the suggested greeting if the
/// agent has not typed anything yet for it, otherwise what they typed.
pub fn draft_for(current: &str, greeting: &str) -> String {
    if current.trim().is_empty() {
        greeting.to_string()
    } else {
        current.to_string()
    }
}

/// The `conversation` parameter of a location's query (`?conversation=ID`), still
/// percent-encoded; `None` when absent or empty.
pub fn linked_conversation(search: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "conversation")
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// What the pane says when a linked conversation cannot be opened: the hub answers 404 alike
/// for an unknown id and one the agent may not see, so the sentence names both.
pub fn link_failure(id: &str, status: u16, message: &str) -> String {
    match status {
        404 => format!(
            "Conversation {id} cannot be opened: it does not exist, it is not in your teams, or it is back with the assistant."
        ),
        _ => format!("Conversation {id} cannot be opened: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits() {
        assert_eq!(format_wait(-3), "0 s");
        assert_eq!(format_wait(42), "42 s");
        assert_eq!(format_wait(180), "3 min");
        assert_eq!(format_wait(7500), "2 h 05 min");
        assert_eq!(seconds_between(1000.0, 62_500.0, 7), 61);
        assert_eq!(seconds_between(f64::NAN, 62_500.0, 7), 7);
    }

    #[test]
    fn labels() {
        assert_eq!(urgency(2).0, "Urgent");
        assert_eq!(urgency(0).0, "Normal");
        assert_eq!(trigger_label("human_request"), "Asked for a person");
        assert_eq!(trigger_label("custom"), "custom");
    }

    #[test]
    fn links_name_a_conversation() {
        assert_eq!(linked_conversation("?conversation=c-42"), Some("c-42".into()));
        assert_eq!(linked_conversation("?x=1&conversation=a%20b&y=2"), Some("a%20b".into()));
        assert_eq!(linked_conversation("?conversation="), None);
        assert_eq!(linked_conversation("?conversations=c-42"), None);
        assert_eq!(linked_conversation(""), None);
        assert!(link_failure("c-42", 404, "Not found").contains("does not exist, it is not in your teams"));
        assert_eq!(link_failure("c-42", 0, "The hub cannot be reached."), "Conversation c-42 cannot be opened: The hub cannot be reached.");
    }

    #[test]
    fn drafts_keep_what_the_agent_typed() {
        assert_eq!(draft_for("", "Hi Maria"), "Hi Maria");
        assert_eq!(draft_for("  ", "Hi Maria"), "Hi Maria");
        assert_eq!(draft_for("Hello", "Hi Maria"), "Hello");
    }
}
