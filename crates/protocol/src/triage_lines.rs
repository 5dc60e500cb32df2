//! JSON-lines formats of `baton triage classify` and `baton triage replay`.
//!
//! **classify** reads one [`ClassifyInput`] per line and writes one [`ClassifyOutput`] per
//! line:
//!
//! ```text
//! {"id": "1", "text": "can I talk to a real person?"}
//! {"id":"1","triggers":["human_request"],"escalate":true,"route":"support","reasons":[...],...}
//! ```
//!
//! **replay** reads one [`Transcript`] per line: a past conversation, its messages in order.
//!
//! ```text
//! {"id": "c-17", "messages": [
//!   {"role": "visitor", "text": "do you ship to Norway?"},
//!   {"role": "bot", "text": "We ship across the EU.", "confidence": 0.42},
//!   {"role": "visitor", "text": "and Oslo?"},
//!   {"role": "bot", "text": "Sorry, I don't know.", "confidence": null},
//!   {"role": "agent", "text": "Hi, Sam here. Yes, we do."}
//! ]}
//! ```
//!
//! `role` is `visitor`, `bot` or `agent`. A bot message's `confidence` is in `0..=1`;
//! `null` means the bot had no answer; without the key the bot is taken to be sure (1.0).
//! Agent messages show where a human really took over, which the replay report compares
//! with where the rules would have.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use triage::Verdict;

/// One line of `classify` input.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClassifyInput {
    /// Any JSON string or number; echoed back unchanged.
    pub id: Value,
    /// The visitor's message.
    pub text: String,
}

/// One line of `classify` output.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ClassifyOutput {
    /// The input's id.
    pub id: Value,
    /// Triggers that fired, by name.
    pub triggers: Vec<&'static str>,
    /// True when a human should take over.
    pub escalate: bool,
    /// The team, when escalating.
    pub route: Option<String>,
    /// The evidence.
    pub reasons: Vec<ReasonOut>,
    /// High-risk intents that matched.
    pub intents: Vec<String>,
    /// The frustration score.
    pub frustration: f32,
    /// Contact details, order numbers and amounts found.
    pub extracted: ExtractedOut,
}

impl ClassifyOutput {
    /// Builds the output line for `id` from the engine's verdict.
    pub fn new(id: Value, verdict: &Verdict) -> ClassifyOutput {
        ClassifyOutput {
            id,
            triggers: verdict.triggers.iter().map(|t| t.as_str()).collect(),
            escalate: verdict.decision.is_escalate(),
            route: verdict.decision.route().map(str::to_string),
            reasons: verdict.reasons.iter().map(ReasonOut::from).collect(),
            intents: verdict.intents.clone(),
            frustration: round3(verdict.frustration),
            extracted: ExtractedOut::from(&verdict.extracted),
        }
    }
}

/// A reason, as JSON.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ReasonOut {
    /// The trigger's name.
    pub trigger: String,
    /// What matched.
    pub signal: String,
    /// Its weight or measured value.
    pub weight: f32,
}

impl From<&triage::Reason> for ReasonOut {
    fn from(r: &triage::Reason) -> ReasonOut {
        ReasonOut {
            trigger: r.trigger.as_str().to_string(),
            signal: r.signal.clone(),
            weight: round3(r.weight),
        }
    }
}

/// Extracted fields, as JSON.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ExtractedOut {
    /// Email addresses.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub emails: Vec<String>,
    /// Phone numbers.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub phones: Vec<String>,
    /// Order or reference numbers.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub orders: Vec<String>,
    /// Money amounts.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub amounts: Vec<MoneyOut>,
}

/// A money amount, as JSON.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct MoneyOut {
    /// The amount.
    pub amount: f64,
    /// ISO 4217 code, when known.
    pub currency: Option<String>,
    /// As written.
    pub text: String,
}

impl From<&triage::Extracted> for ExtractedOut {
    fn from(e: &triage::Extracted) -> ExtractedOut {
        ExtractedOut {
            emails: e.emails.clone(),
            phones: e.phones.clone(),
            orders: e.orders.clone(),
            amounts: e
                .amounts
                .iter()
                .map(|m| MoneyOut {
                    amount: m.amount,
                    currency: m.currency.map(str::to_string),
                    text: m.text.clone(),
                })
                .collect(),
        }
    }
}

fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

/// One past conversation for `replay`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Transcript {
    /// Any JSON string or number naming the conversation.
    pub id: Value,
    /// Its messages, oldest first.
    pub messages: Vec<TranscriptMessage>,
}

/// Who wrote a transcript message.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The site's visitor.
    Visitor,
    /// The assistant.
    Bot,
    /// A human agent.
    Agent,
}

/// One message of a [`Transcript`].
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TranscriptMessage {
    /// Who wrote it.
    pub role: Role,
    /// What they wrote.
    pub text: String,
    /// For bot messages: absent = sure (1.0), `null` = no answer, else `0..=1`.
    #[serde(default = "sure", deserialize_with = "confidence")]
    pub confidence: Option<f32>,
}

fn sure() -> Option<f32> {
    Some(1.0)
}

fn confidence<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f32>, D::Error> {
    let value = Option::<f32>::deserialize(d)?;
    match value {
        Some(c) if !(0.0..=1.0).contains(&c) => Err(serde::de::Error::custom(format!(
            "confidence {c} is outside 0..=1"
        ))),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcript_confidence_absent_null_and_value() {
        let t: Transcript = serde_json::from_str(
            r#"{"id": 7, "messages": [
                {"role": "visitor", "text": "hi"},
                {"role": "bot", "text": "hello"},
                {"role": "bot", "text": "hmm", "confidence": null},
                {"role": "bot", "text": "maybe", "confidence": 0.3},
                {"role": "agent", "text": "Sam here"}]}"#,
        )
        .unwrap();
        let c: Vec<_> = t.messages.iter().map(|m| m.confidence).collect();
        assert_eq!(c[1], Some(1.0));
        assert_eq!(c[2], None);
        assert_eq!(c[3], Some(0.3));
        assert_eq!(t.messages[4].role, Role::Agent);
    }

    #[test]
    fn transcript_rejects_bad_fields() {
        for (line, expected) in [
            (
                r#"{"id": 1, "messages": [{"role": "bot", "text": "x", "confidence": 2}]}"#,
                "outside 0..=1",
            ),
            (
                r#"{"id": 1, "messages": [{"role": "robot", "text": "x"}]}"#,
                "unknown variant `robot`",
            ),
            (r#"{"id": 1}"#, "missing field `messages`"),
        ] {
            let err = serde_json::from_str::<Transcript>(line)
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{err}");
        }
    }

    #[test]
    fn classify_input_keeps_the_id_as_given() {
        let a: ClassifyInput = serde_json::from_str(r#"{"id": 42, "text": "x"}"#).unwrap();
        assert_eq!(a.id, serde_json::json!(42));
        let err = serde_json::from_str::<ClassifyInput>(r#"{"id": "1"}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `text`"));
    }
}
