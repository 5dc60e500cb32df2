//! The hub's own triage: the site's engine run over the stored transcript, never over
//! what a client says the transcript was.

use protocol::hub::TurnTriage;
use protocol::hub::{Author, MessageKind};
use protocol::triage_lines::ReasonOut;
use triage::{Conversation, Engine, Trigger, Verdict};

use crate::db::StoredMessage;

/// Replays `messages` (stored, oldest first) into the engine's conversation state.
/// Returns the state and the first verdict that escalated, if any. A visitor message that
/// escalated only for its topic but that the bot answered (an `answers_first` FAQ answer)
/// did not hand over, so it is not that first escalation.
pub fn replay(
    engine: &Engine,
    messages: &[StoredMessage],
) -> (Conversation, Option<Verdict>, Vec<Trigger>) {
    let mut conversation = Conversation::new();
    let mut first = None;
    let mut fired = Vec::new();
    let answered = |seq: i64| {
        messages.iter().any(|m| {
            m.author == Author::Bot
                && m.kind == MessageKind::Chat
                && m.reply_to == Some(seq)
                && m.confidence.is_some()
        })
    };
    for m in messages {
        let verdict = match (m.author, m.kind) {
            (Author::Visitor, MessageKind::Chat) => engine.visitor(&mut conversation, &m.body),
            (Author::Bot, MessageKind::Chat) => {
                engine.bot(&mut conversation, m.confidence.map(|c| c as f32))
            }
            // Intro, notices and agents' words are not turns the triggers judge.
            _ => continue,
        };
        merge(&mut fired, &verdict);
        let answered_first = m.author == Author::Visitor
            && verdict.triggers.iter().all(|t| *t == Trigger::HighRisk)
            && answered(m.seq);
        if first.is_none() && verdict.decision.is_escalate() && !answered_first {
            first = Some(verdict);
        }
    }
    (conversation, first, fired)
}

/// The verdict over a whole stored transcript: the first escalation (where a human should
/// have taken over), and every trigger that fired anywhere.
pub fn over_transcript(engine: &Engine, messages: &[StoredMessage]) -> TurnTriage {
    let (_, first, fired) = replay(engine, messages);
    summary(first.as_ref(), &fired)
}

/// The hub's verdict on a visitor message, before the bot is asked.
pub enum VisitorTurn {
    /// The message hands the conversation to a human. The widget reaches the same verdict
    /// (same rules), shows its bridge message and posts the handoff; a bot answer to that
    /// message would talk over the bridge.
    Escalates(TurnTriage),
    /// The bot answers; [`VisitorTurn::bot`] finishes the turn with its confidence.
    Continues(Conversation, Verdict),
}

/// Replays `earlier` (stored, oldest first) and judges the visitor's new message.
pub fn visitor_turn(engine: &Engine, earlier: &[StoredMessage], visitor: &str) -> VisitorTurn {
    let (mut conversation, _, _) = replay(engine, earlier);
    let v = engine.visitor(&mut conversation, visitor);
    if !v.decision.is_escalate() {
        return VisitorTurn::Continues(conversation, v);
    }
    let mut out = summary(Some(&v), &v.triggers);
    out.reasons = v.reasons.iter().map(ReasonOut::from).collect();
    VisitorTurn::Escalates(out)
}

/// True when a turn hands over only because of its topic (`high_risk`: refund, cancel…),
/// with no request for a person, no frustration and nothing else: an informational question
/// may then get an `answers_first` FAQ answer instead (see [`answered_first`]).
pub fn only_high_risk(triage: &TurnTriage) -> bool {
    triage.escalate
        && triage.trigger.as_deref() == Some("high_risk")
        && triage.triggers.iter().all(|t| t == "high_risk")
}

impl VisitorTurn {
    /// The whole exchange's triage once the bot answered with `confidence`; the replay done
    /// for the visitor's message is reused, not repeated.
    pub fn bot(self, engine: &Engine, confidence: Option<f32>) -> TurnTriage {
        let (mut conversation, v) = match self {
            VisitorTurn::Escalates(triage) => return triage,
            VisitorTurn::Continues(conversation, v) => (conversation, v),
        };
        let b = engine.bot(&mut conversation, confidence);
        let mut fired = Vec::new();
        merge(&mut fired, &v);
        merge(&mut fired, &b);
        let deciding = if b.decision.is_escalate() {
            Some(&b)
        } else {
            None
        };
        let mut out = summary(deciding, &fired);
        out.reasons = v
            .reasons
            .iter()
            .chain(&b.reasons)
            .map(ReasonOut::from)
            .collect();
        out
    }
}

/// The triage of a turn the FAQ answered first although its topic would have handed it over:
/// no escalation, but the trigger that fired and its reasons stay, so the console and a
/// replay see that the topic came up and why.
pub fn answered_first(mut triage: TurnTriage) -> TurnTriage {
    triage.escalate = false;
    triage.trigger = None;
    triage.route = None;
    triage
}

fn merge(fired: &mut Vec<Trigger>, verdict: &Verdict) {
    for t in &verdict.triggers {
        if !fired.contains(t) {
            fired.push(*t);
        }
    }
}

fn summary(deciding: Option<&Verdict>, fired: &[Trigger]) -> TurnTriage {
    let mut triggers: Vec<Trigger> = fired.to_vec();
    triggers.sort_by_key(|t| Trigger::ALL.iter().position(|x| x == t));
    TurnTriage {
        escalate: deciding.is_some(),
        trigger: deciding.and_then(|v| match &v.decision {
            triage::Decision::Escalate { trigger, .. } => Some(trigger.as_str().to_string()),
            triage::Decision::Continue => None,
        }),
        route: deciding.and_then(|v| v.decision.route().map(str::to_string)),
        triggers: triggers.iter().map(|t| t.as_str().to_string()).collect(),
        reasons: deciding
            .map(|v| v.reasons.iter().map(ReasonOut::from).collect())
            .unwrap_or_default(),
    }
}

/// Queue priority from every trigger either side saw: a visitor who asked for a person
/// while frustrated, and high-risk topics, come first (2); a plain request for a person or
/// frustration next (1); the rest after (0).
pub fn urgency(triggers: &[&str]) -> i64 {
    let has = |name: &str| triggers.contains(&name);
    if (has("human_request") && has("frustration")) || has("high_risk") {
        2
    } else if has("human_request") || has("frustration") {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(seq: i64, author: &str, body: &str, reply_to: Option<i64>) -> StoredMessage {
        StoredMessage {
            seq,
            client_id: None,
            author: Author::try_from(author.to_string()).expect("an author"),
            kind: MessageKind::Chat,
            agent_name: None,
            body: body.into(),
            channel: Default::default(),
            delivery: None,
            confidence: (author == "bot").then_some(0.9),
            reply_to,
            created_at: "2026-03-04T12:00:00Z".into(),
        }
    }

    #[test]
    fn a_topic_answered_first_is_not_the_first_escalation() {
        let engine = Engine::new(triage::Config::default()).unwrap();
        let answered = [
            message(1, "visitor", "how long do refunds take?", None),
            message(2, "bot", "Within 5 days.", Some(1)),
        ];
        let t = over_transcript(&engine, &answered);
        assert!(!t.escalate, "{t:?}");
        assert_eq!(t.triggers, ["high_risk"]);
        // Unanswered, the same message is where a person should have taken over.
        let t = over_transcript(&engine, &answered[..1]);
        assert_eq!(
            (t.escalate, t.trigger.as_deref()),
            (true, Some("high_risk"))
        );
        // Asking for the refund afterwards is.
        let mut asked = answered.to_vec();
        asked.push(message(
            3,
            "visitor",
            "I want a refund for order 4471",
            None,
        ));
        let t = over_transcript(&engine, &asked);
        assert_eq!((t.escalate, t.route.as_deref()), (true, Some("billing")));
    }
}
