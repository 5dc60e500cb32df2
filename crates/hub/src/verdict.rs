//! The hub's own triage: the site's engine run over the stored transcript, never over
//! what a client says the transcript was.

use protocol::hub::TurnTriage;
use protocol::triage_lines::ReasonOut;
use triage::{Conversation, Engine, Trigger, Verdict};

use crate::db::StoredMessage;

/// Replays `messages` (stored, oldest first) into the engine's conversation state.
/// Returns the state and the first verdict that escalated, if any.
pub fn replay(engine: &Engine, messages: &[StoredMessage]) -> (Conversation, Option<Verdict>, Vec<Trigger>) {
    let mut conversation = Conversation::new();
    let mut first = None;
    let mut fired = Vec::new();
    for m in messages {
        let verdict = match (m.author.as_str(), m.kind.as_str()) {
            ("visitor", "chat") => engine.visitor(&mut conversation, &m.body),
            ("bot", "chat") => engine.bot(&mut conversation, m.confidence.map(|c| c as f32)),
            // Intro, notices and agents' words are not turns the triggers judge.
            _ => continue,
        };
        merge(&mut fired, &verdict);
        if first.is_none() && verdict.decision.is_escalate() {
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
    triage.escalate && triage.trigger.as_deref() == Some("high_risk") && triage.triggers.iter().all(|t| t == "high_risk")
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
        let deciding = if b.decision.is_escalate() { Some(&b) } else { None };
        let mut out = summary(deciding, &fired);
        out.reasons = v.reasons.iter().chain(&b.reasons).map(ReasonOut::from).collect();
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
        reasons: deciding.map(|v| v.reasons.iter().map(ReasonOut::from).collect()).unwrap_or_default(),
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
