//! What the engine says about one message: triggers, reasons, decision.

use core::fmt;

use crate::extract::Extracted;

/// A reason to hand a conversation to a human.
///
/// The names returned by [`Trigger::as_str`] are part of Baton's public output
/// (CLI, wire protocol, metrics) and never change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Trigger {
    /// The visitor explicitly asked for a person. Overrides every other decision.
    HumanRequest,
    /// The visitor is angry or losing patience.
    Frustration,
    /// The bot was unsure twice, or the visitor is rephrasing the same question.
    RepeatedFailure,
    /// A refund, cancellation, legal, medical, large-money or similar topic.
    HighRisk,
    /// The bot has no answer, or its confidence is below the threshold.
    OutOfScope,
    /// The visitor already left contact details and keeps asking: a warm lead.
    PostCapture,
}

impl Trigger {
    /// Every trigger, in priority order (the first one that fires decides the route).
    pub const ALL: [Trigger; 6] = [
        Trigger::HumanRequest,
        Trigger::HighRisk,
        Trigger::Frustration,
        Trigger::RepeatedFailure,
        Trigger::OutOfScope,
        Trigger::PostCapture,
    ];

    /// The stable snake_case name, e.g. `"human_request"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::HumanRequest => "human_request",
            Trigger::Frustration => "frustration",
            Trigger::RepeatedFailure => "repeated_failure",
            Trigger::HighRisk => "high_risk",
            Trigger::OutOfScope => "out_of_scope",
            Trigger::PostCapture => "post_capture",
        }
    }

    /// Parses a name produced by [`Trigger::as_str`].
    pub fn from_name(name: &str) -> Option<Trigger> {
        Trigger::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One piece of evidence behind a trigger: what matched and how much it weighed.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    /// The trigger this evidence supports.
    pub trigger: Trigger,
    /// A short human-readable description of the signal, e.g. `phrase "real person"`,
    /// `all caps 86%`, `"???" run`, `intent refund: "money back"`, `bot confidence 0.21`.
    pub signal: String,
    /// The signal's weight (for phrase and lexicon matches) or measured value.
    pub weight: f32,
}

/// What should happen next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The bot carries on.
    Continue,
    /// Hand the conversation to a human on `route` because of `trigger`
    /// (the highest-priority trigger that fired).
    Escalate {
        /// The deciding trigger.
        trigger: Trigger,
        /// The route (team) that should receive the conversation.
        route: String,
    },
}

impl Decision {
    /// True when the conversation should go to a human.
    pub fn is_escalate(&self) -> bool {
        matches!(self, Decision::Escalate { .. })
    }

    /// The route, when escalating.
    pub fn route(&self) -> Option<&str> {
        match self {
            Decision::Continue => None,
            Decision::Escalate { route, .. } => Some(route),
        }
    }
}

/// The engine's full answer for one message.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Triggers that fired, distinct, in [`Trigger::ALL`] order.
    pub triggers: Vec<Trigger>,
    /// The evidence, grouped by trigger in the same order.
    pub reasons: Vec<Reason>,
    /// Escalate (and where) or continue.
    pub decision: Decision,
    /// The message's frustration score (including conversation build-up).
    pub frustration: f32,
    /// High-risk intents that matched, by name (e.g. `"refund"`), in match order.
    pub intents: Vec<String>,
    /// Contact details, order numbers and amounts found in the message.
    pub extracted: Extracted,
}

impl Verdict {
    /// True when `trigger` fired.
    pub fn fired(&self, trigger: Trigger) -> bool {
        self.triggers.contains(&trigger)
    }
}
