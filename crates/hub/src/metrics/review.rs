//! The weekly review as plain functions: which conversations are worth reading, each turn
//! of a transcript marked with the triggers the site's current rules find in it, and the
//! `baton triage replay` line of a stored conversation.

use protocol::hub::{Author, MessageKind};
use std::collections::HashMap;

use protocol::hub::{ReviewLine, ReviewReason};
use protocol::triage_lines::ReasonOut;
use serde_json::{json, Value};
use triage::Engine;

use super::compute::{time_to_human, Rows};
use crate::db::StoredMessage;

/// How many conversations each list shows.
pub const LIST: usize = 10;

/// A conversation chosen for the review, before its text is looked up.
#[derive(Clone, Debug, PartialEq)]
pub struct Pick {
    /// Conversation id.
    pub conversation_id: String,
    /// Why.
    pub reason: ReviewReason,
    /// The deciding trigger.
    pub trigger: Option<String>,
    /// Seconds that matter (the wait).
    pub seconds: Option<i64>,
    /// The rating.
    pub score: Option<u8>,
}

/// The handoffs with the longest time to human, longest first (ties: older first).
pub fn long_waits(rows: &Rows) -> Vec<Pick> {
    let mut waits: Vec<_> = rows
        .handoffs
        .iter()
        .filter_map(|h| time_to_human(h).map(|s| (s, h)))
        .collect();
    waits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.created_at.cmp(&b.1.created_at)));
    // A conversation handed off twice is listed once, with its longer wait.
    let mut seen = std::collections::HashSet::new();
    waits.retain(|(_, h)| seen.insert(h.conversation_id.clone()));
    waits
        .into_iter()
        .take(LIST)
        .map(|(s, h)| Pick {
            conversation_id: h.conversation_id.clone(),
            reason: ReviewReason::LongWait,
            trigger: Some(h.trigger.clone()),
            seconds: Some(s),
            score: None,
        })
        .collect()
}

/// Ratings of 1 or 2, lowest first (ties: by conversation id, for a stable order).
pub fn low_ratings(rows: &Rows) -> Vec<Pick> {
    let triggers = first_triggers(rows);
    // Only conversations where the visitor wrote something, as everywhere in the metrics.
    let spoke: std::collections::HashSet<&str> = rows
        .conversations
        .iter()
        .filter(|c| c.visitor_messages > 0)
        .map(|c| c.id.as_str())
        .collect();
    let mut low: Vec<_> = rows
        .ratings
        .iter()
        .filter(|r| r.score <= 2 && spoke.contains(r.conversation_id.as_str()))
        .collect();
    low.sort_by(|a, b| {
        a.score
            .cmp(&b.score)
            .then(a.conversation_id.cmp(&b.conversation_id))
    });
    low.into_iter()
        .take(LIST)
        .map(|r| Pick {
            conversation_id: r.conversation_id.clone(),
            reason: ReviewReason::LowRating,
            trigger: triggers.get(r.conversation_id.as_str()).cloned(),
            seconds: None,
            score: Some(r.score),
        })
        .collect()
}

/// Handoffs no agent answered, oldest first.
pub fn unanswered(rows: &Rows) -> Vec<Pick> {
    let mut open: Vec<_> = rows
        .handoffs
        .iter()
        .filter(|h| h.first_reply_at.is_none())
        .collect();
    open.sort_by_key(|h| h.created_at);
    open.into_iter()
        .take(LIST)
        .map(|h| Pick {
            conversation_id: h.conversation_id.clone(),
            reason: ReviewReason::Unanswered,
            trigger: Some(h.trigger.clone()),
            seconds: None,
            score: None,
        })
        .collect()
}

fn first_triggers(rows: &Rows) -> HashMap<&str, String> {
    let mut out: HashMap<&str, (chrono::DateTime<chrono::Utc>, String)> = HashMap::new();
    for h in &rows.handoffs {
        let e = out
            .entry(h.conversation_id.as_str())
            .or_insert((h.created_at, h.trigger.clone()));
        if h.created_at < e.0 {
            *e = (h.created_at, h.trigger.clone());
        }
    }
    out.into_iter().map(|(k, (_, t))| (k, t)).collect()
}

/// Every message with the triggers the engine finds on its turn, replaying the transcript
/// in order so context (two failures, a captured lead) counts as it did live.
pub fn mark_turns(engine: &Engine, messages: &[StoredMessage]) -> Vec<ReviewLine> {
    let mut conversation = triage::Conversation::new();
    let mut escalated = false;
    messages
        .iter()
        .map(|m| {
            let verdict = match (m.author, m.kind) {
                (Author::Visitor, MessageKind::Chat) => {
                    Some(engine.visitor(&mut conversation, &m.body))
                }
                (Author::Bot, MessageKind::Chat) => {
                    Some(engine.bot(&mut conversation, m.confidence.map(|c| c as f32)))
                }
                _ => None,
            };
            let first = verdict.as_ref().is_some_and(|v| v.decision.is_escalate()) && !escalated;
            escalated |= first;
            let wire = crate::thread::wire(m);
            ReviewLine {
                seq: m.seq,
                author: wire.author,
                kind: wire.kind,
                agent_name: wire.agent_name,
                text: wire.text,
                confidence: wire.confidence,
                created_at: wire.created_at,
                triggers: verdict
                    .as_ref()
                    .map(|v| v.triggers.iter().map(|t| t.as_str().to_string()).collect())
                    .unwrap_or_default(),
                reasons: verdict
                    .as_ref()
                    .map(|v| v.reasons.iter().map(ReasonOut::from).collect())
                    .unwrap_or_default(),
                escalates: first,
            }
        })
        .collect()
}

/// A stored conversation as one `baton triage replay` input line
/// (`protocol::triage_lines::Transcript`): visitor, bot and agent chat turns in order; the
/// intro and the hub's notices are not turns.
pub fn replay_line(id: &str, messages: &[StoredMessage]) -> Value {
    let turns: Vec<Value> = messages
        .iter()
        .filter(|m| m.kind == MessageKind::Chat)
        .filter_map(|m| match m.author {
            Author::Visitor => Some(json!({"role": "visitor", "text": m.body})),
            // `null` is the bot's "no answer", as the format defines it.
            Author::Bot => Some(json!({"role": "bot", "text": m.body, "confidence": m.confidence})),
            Author::Agent => Some(json!({"role": "agent", "text": m.body})),
            Author::System => None,
        })
        .collect();
    json!({"id": id, "messages": turns})
}

/// The visitor's first chat message, at most 140 characters.
pub fn first_message(messages: &[StoredMessage]) -> String {
    messages
        .iter()
        .find(|m| m.author == Author::Visitor && m.kind == MessageKind::Chat)
        .map(|m| m.body.chars().take(140).collect())
        .unwrap_or_default()
}
