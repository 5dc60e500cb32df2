//! The one-paragraph summaries every channel shows: of a handoff, and of a lead.

use std::collections::BTreeMap;

use super::{cut, trigger_label, Line};

/// The one-paragraph summary. `next_open` is already in words.
pub fn summarise(
    contact: &BTreeMap<String, String>,
    team: &str,
    trigger: &str,
    transcript: &[Line],
    available: bool,
    next_open: Option<&str>,
) -> String {
    let who = contact
        .get("name")
        .map_or("A visitor".to_string(), |n| cut(n, 80));
    let turns = transcript.iter().filter(|l| l.author == "visitor").count();
    let last = transcript
        .iter()
        .rev()
        .find(|l| l.author == "visitor")
        .map(|l| cut(&l.text, 240));
    let mut s = format!(
        "{who} was handed to {team} ({}) after {turns} message{}.",
        trigger_label(trigger),
        if turns == 1 { "" } else { "s" }
    );
    if let Some(last) = last {
        s.push_str(&format!(" Last words: “{last}”."));
    }
    if let Some(order) = contact.get("order") {
        s.push_str(&format!(" Order {}.", cut(order, 40)));
    }
    if available {
        s.push_str(" An agent was online when it arrived.");
    } else {
        match next_open {
            Some(t) => s.push_str(&format!(
                " Nobody was available; the visitor was told we reopen on {t}."
            )),
            None => s.push_str(" Nobody was available."),
        }
    }
    s
}

/// The one-paragraph summary of a lead: who, for which team, when, how the conversation
/// went, and what the visitor was told. `captured` and `next_open` are in words.
pub fn summarise_lead(
    contact: &BTreeMap<String, String>,
    team: &str,
    reference: &str,
    transcript: &[Line],
    after_hours: bool,
    captured: &str,
    next_open: Option<&str>,
) -> String {
    let who = contact
        .get("name")
        .map_or("A visitor".to_string(), |n| cut(n, 80));
    let turns = transcript.iter().filter(|l| l.author == "visitor").count();
    let when = if after_hours {
        "while we were closed"
    } else {
        "during opening hours, with nobody free"
    };
    let mut s = format!(
        "{who} left their contact details for {team} on {captured}, {when}, after {turns} message{} (reference {reference}).",
        if turns == 1 { "" } else { "s" }
    );
    if let Some(last) = transcript
        .iter()
        .rev()
        .find(|l| l.author == "visitor")
        .map(|l| cut(&l.text, 240))
    {
        s.push_str(&format!(" Last words: “{last}”."));
    }
    if let Some(order) = contact.get("order") {
        s.push_str(&format!(" Order {}.", cut(order, 40)));
    }
    if let Some(t) = next_open {
        s.push_str(&format!(" They were told we reopen on {t}."));
    }
    s
}
