//! The weekly review as plain functions: which conversations are worth reading, each turn
//! of a transcript marked with the triggers the site's current rules find in it, and the
//! `baton triage replay` line of a stored conversation.

use protocol::hub::{Author, MessageKind};
use std::collections::HashMap;

use protocol::hub::{Review, ReviewHandoff, ReviewItem, ReviewLine, ReviewReason};
use protocol::triage_lines::ReasonOut;
use serde_json::{json, Value};
use triage::Engine;

use super::compute::{time_to_human, HandoffRow, Period, Rows};
use crate::clock::rfc3339;
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

/// The review's lists and the messages of every conversation they name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picked {
    /// Long waits, low ratings, unanswered and missed, in that order.
    pub lists: Vec<Vec<Pick>>,
    /// Each listed conversation's messages, by id.
    pub messages: HashMap<String, Vec<StoredMessage>>,
}

impl Picked {
    /// The review of `site` over `period`: each pick with when its conversation started
    /// (`started`, by id) and the visitor's first message, times read in `timezone`.
    pub fn review(
        &self,
        site: &str,
        period: Period,
        started: &HashMap<String, String>,
        timezone: String,
    ) -> Review {
        let item = |p: &Pick| ReviewItem {
            conversation_id: p.conversation_id.clone(),
            reason: p.reason,
            created_at: started.get(&p.conversation_id).cloned().unwrap_or_default(),
            trigger: p.trigger.clone(),
            seconds: p.seconds,
            score: p.score,
            first_message: self
                .messages
                .get(&p.conversation_id)
                .map(|m| first_message(m))
                .unwrap_or_default(),
        };
        let mut lists = self
            .lists
            .iter()
            .map(|l| l.iter().map(item).collect::<Vec<_>>());
        let days = period.days();
        Review {
            site: site.to_string(),
            from: period.local_rfc3339(period.from),
            to: period.local_rfc3339(period.to),
            long_waits: lists.next().unwrap_or_default(),
            low_ratings: lists.next().unwrap_or_default(),
            unanswered: lists.next().unwrap_or_default(),
            missed: lists.next().unwrap_or_default(),
            replay_path: format!("/console/api/review/replay.jsonl?site={site}&days={days}"),
            timezone,
        }
    }

    /// Every listed conversation once, in list order, as [`replay_line`]s: JSON lines.
    pub fn replay_lines(&self) -> Result<String, serde_json::Error> {
        let mut seen = std::collections::HashSet::new();
        let mut body = String::new();
        for pick in self.lists.iter().flatten() {
            if seen.insert(pick.conversation_id.clone()) {
                let line = replay_line(
                    &pick.conversation_id,
                    self.messages
                        .get(&pick.conversation_id)
                        .map_or(&[][..], |m| m),
                );
                body.push_str(&serde_json::to_string(&line)?);
                body.push('\n');
            }
        }
        Ok(body)
    }
}

/// The `Content-Disposition` of `site`'s replay lines over `period`, named by its first day.
pub fn replay_attachment(site: &str, period: Period) -> String {
    format!(
        "attachment; filename=\"baton-review-{site}-{}.jsonl\"",
        period.day_of(period.from).format("%Y-%m-%d")
    )
}

/// A handoff as the review's transcript shows it.
pub fn handoff(h: HandoffRow) -> ReviewHandoff {
    ReviewHandoff {
        trigger: h.trigger,
        created_at: rfc3339(h.created_at),
        first_reply_at: h.first_reply_at.map(rfc3339),
        resolved_at: h.resolved_at.map(rfc3339),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(id: &str, reason: ReviewReason) -> Pick {
        Pick {
            conversation_id: id.into(),
            reason,
            trigger: Some("human_request".into()),
            seconds: None,
            score: None,
        }
    }

    fn said(author: Author, text: &str) -> StoredMessage {
        StoredMessage {
            seq: 1,
            client_id: None,
            author,
            kind: MessageKind::Chat,
            agent_name: None,
            body: text.into(),
            channel: Default::default(),
            delivery: None,
            confidence: None,
            reply_to: None,
            created_at: "2026-03-02T09:00:00.000000Z".into(),
        }
    }

    fn picked() -> Picked {
        Picked {
            lists: vec![
                vec![pick("c1", ReviewReason::LongWait)],
                vec![pick("c1", ReviewReason::LowRating)],
                Vec::new(),
                vec![pick("c2", ReviewReason::Missed)],
            ],
            messages: HashMap::from([
                (
                    "c1".to_string(),
                    vec![said(Author::Visitor, "Where is my order?")],
                ),
                ("c2".to_string(), vec![said(Author::Bot, "Hello!")]),
            ]),
        }
    }

    #[test]
    fn a_review_lists_each_pick_with_its_start_and_first_words() {
        let period = Period::last_days(
            "2026-03-04T12:00:00Z".parse().unwrap(),
            7,
            chrono_tz::Tz::UTC,
        );
        let started = HashMap::from([("c1".to_string(), "2026-03-02T08:59:00Z".to_string())]);
        let review = picked().review("shop", period, &started, "UTC".into());
        assert_eq!(review.long_waits[0].created_at, "2026-03-02T08:59:00Z");
        assert_eq!(review.low_ratings[0].first_message, "Where is my order?");
        assert!(review.unanswered.is_empty());
        assert_eq!(review.missed[0].created_at, "");
        assert_eq!(review.missed[0].first_message, "");
        assert_eq!(
            review.replay_path,
            "/console/api/review/replay.jsonl?site=shop&days=7"
        );
        assert_eq!(
            replay_attachment("shop", period),
            "attachment; filename=\"baton-review-shop-2026-02-26.jsonl\""
        );
    }

    #[test]
    fn replay_lines_name_each_conversation_once() {
        let body = picked().replay_lines().expect("json");
        let ids: Vec<String> = body
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("line")["id"].to_string())
            .collect();
        assert_eq!(ids, ["\"c1\"", "\"c2\""]);
    }
}
