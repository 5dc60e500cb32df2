//! The engine: compiled configuration and the per-message assessment.

use crate::phrases::Phrases;
use crate::scan::Scan;
use crate::text::{push_fixed2, push_u32};
use crate::{
    extract, frustration, human, rephrase, risk, Config, Conversation, Decision, Error, Reason,
    Trigger, Verdict,
};

/// A compiled [`Config`], ready to assess messages. Cheap to share; holds no state about
/// any conversation.
#[derive(Clone, Debug)]
pub struct Engine {
    config: Config,
    phrases: Phrases,
}

/// Only the start of a very long message is kept in the conversation: enough to compare
/// rephrases, without letting one paste grow the caller's state without bound.
const KEEP_BYTES: usize = 2000;

impl Engine {
    /// Validates and compiles `config`.
    pub fn new(config: Config) -> Result<Engine, Error> {
        config.validate()?;
        let phrases = Phrases::compile(&config);
        Ok(Engine { config, phrases })
    }

    /// The configuration this engine was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The features of `text` the learned scorer weighs (`triage::model`), each once: what
    /// `baton triage train` fits, read the way the engine reads them.
    pub fn learned_features(&self, text: &str) -> Vec<String> {
        let scan = Scan::new(&self.phrases, text);
        let mut out = Vec::new();
        crate::model::each_feature(&scan, |f| out.push(f.to_string()));
        out
    }

    /// Assesses one visitor message on its own, with no conversation history.
    pub fn classify(&self, text: &str) -> Verdict {
        self.assess(&Conversation::new(), text).0
    }

    /// Assesses a visitor message in the context of `conversation`, then records it there.
    pub fn visitor(&self, conversation: &mut Conversation, text: &str) -> Verdict {
        let (verdict, current) = self.assess(conversation, text);
        // Post-capture counts messages after the one that carried the contact.
        if conversation.contact_captured {
            conversation.messages_since_capture =
                conversation.messages_since_capture.saturating_add(1);
        } else if verdict.extracted.has_contact() {
            conversation.capture_contact();
        }
        conversation.visitor_messages.push(keep(text).to_string());
        conversation.frustration_scores.push(current);
        verdict
    }

    /// The verdict on a visitor message after `conversation`, and the message's frustration
    /// score with its mild signs (what the conversation records for a build-up).
    /// `classify` uses it alone: recording into a conversation that is thrown away would
    /// copy the message for nothing.
    fn assess(&self, conversation: &Conversation, text: &str) -> (Verdict, f32) {
        let t = &self.config.thresholds;
        let scan = Scan::new(&self.phrases, text);
        let extracted = extract(text);
        let mut reasons = Vec::new();

        human::detect(&self.phrases, &scan, &mut reasons);

        let intents = risk::detect(&self.phrases, &self.config, &scan, &extracted, &mut reasons);

        let mut felt = Vec::new();
        let own = frustration::score(&self.phrases, &scan, text, &mut felt)
            + crate::model::score(&self.phrases, &scan, &mut felt);
        let unsure = conversation
            .bot_confidences
            .last()
            .is_some_and(|c| c.is_none_or(|c| c < t.low_confidence));
        let current = own + frustration::mild(&self.phrases, &scan, unsure);
        let score =
            own + frustration::build_up(&conversation.frustration_scores, current, own, &mut felt);
        if score >= t.frustration {
            reasons.append(&mut felt);
        }

        if let Some((similarity, _)) =
            rephrase::best_similarity(&scan.toks, &conversation.visitor_messages)
        {
            if similarity >= t.rephrase_similarity {
                let mut signal = String::from("rephrase similarity ");
                push_fixed2(&mut signal, similarity);
                reasons.push(Reason {
                    trigger: Trigger::RepeatedFailure,
                    signal,
                    weight: similarity,
                });
            }
        }

        if conversation.contact_captured {
            let since = conversation.messages_since_capture.saturating_add(1);
            if since == t.post_capture_messages {
                let mut signal = String::from("message ");
                push_u32(&mut signal, since);
                signal.push_str(" after contact captured");
                reasons.push(Reason {
                    trigger: Trigger::PostCapture,
                    signal,
                    weight: 1.0,
                });
            }
        }

        let route_of_intent = intents
            .first()
            .map(|&i| self.config.intents[i as usize].route.as_str());
        let mut names = Vec::with_capacity(intents.len());
        for &i in &intents {
            names.push(self.config.intents[i as usize].name.clone());
        }
        let mut verdict = self.verdict(reasons, route_of_intent);
        verdict.frustration = score;
        verdict.intents = names;
        verdict.extracted = extracted;
        (verdict, current)
    }

    /// Assesses a bot turn (its confidence in `0.0..=1.0`, or `None` when it had no answer),
    /// then records it in `conversation`. Fires `out_of_scope` and `repeated_failure`.
    pub fn bot(&self, conversation: &mut Conversation, confidence: Option<f32>) -> Verdict {
        let t = &self.config.thresholds;
        // NaN or out-of-range confidences are treated as "no answer": never guess.
        let confidence = confidence
            .filter(|c| c.is_finite())
            .map(|c| c.clamp(0.0, 1.0));
        conversation.bot_confidences.push(confidence);
        let mut reasons = Vec::new();
        let unsure = confidence.is_none_or(|c| c < t.low_confidence);
        if confidence.is_none_or(|c| c < t.out_of_scope) {
            let signal = match confidence {
                None => String::from("bot had no answer"),
                Some(c) => {
                    let mut s = String::from("bot confidence ");
                    push_fixed2(&mut s, c);
                    s
                }
            };
            reasons.push(Reason {
                trigger: Trigger::OutOfScope,
                signal,
                weight: confidence.unwrap_or(0.0),
            });
        }
        if unsure {
            let strikes = conversation
                .bot_confidences
                .iter()
                .filter(|c| c.is_none_or(|c| c < t.low_confidence))
                .count() as u32;
            if strikes >= t.failure_strikes {
                let mut signal = String::new();
                push_u32(&mut signal, strikes);
                signal.push_str(" unsure bot turns");
                reasons.push(Reason {
                    trigger: Trigger::RepeatedFailure,
                    signal,
                    weight: strikes as f32,
                });
            }
        }
        self.verdict(reasons, None)
    }

    /// Orders the reasons by trigger priority and decides.
    fn verdict(&self, mut reasons: Vec<Reason>, intent_route: Option<&str>) -> Verdict {
        // A stable insertion sort by priority, in place: reasons are few, and this needs no
        // sort routine and no copy of their texts.
        let rank = |t: Trigger| Trigger::ALL.iter().position(|&x| x == t);
        for k in 1..reasons.len() {
            let mut j = k;
            while j > 0 && rank(reasons[j - 1].trigger) > rank(reasons[j].trigger) {
                reasons.swap(j - 1, j);
                j -= 1;
            }
        }
        let mut triggers: Vec<Trigger> = Vec::new();
        for r in &reasons {
            if triggers.last() != Some(&r.trigger) {
                triggers.push(r.trigger);
            }
        }
        let decision = match triggers.first() {
            None => Decision::Continue,
            Some(&trigger) => Decision::Escalate {
                trigger,
                route: self.route(trigger, intent_route).to_string(),
            },
        };
        Verdict {
            triggers,
            reasons,
            decision,
            frustration: 0.0,
            intents: Vec::new(),
            extracted: Default::default(),
        }
    }

    fn route<'a>(&'a self, trigger: Trigger, intent_route: Option<&'a str>) -> &'a str {
        let r = &self.config.routes;
        let own = match trigger {
            Trigger::HumanRequest => r.human_request.as_deref(),
            Trigger::Frustration => r.frustration.as_deref(),
            Trigger::RepeatedFailure => r.repeated_failure.as_deref(),
            Trigger::HighRisk => intent_route,
            Trigger::OutOfScope => r.out_of_scope.as_deref(),
            Trigger::PostCapture => r.post_capture.as_deref(),
        };
        own.unwrap_or(&r.default)
    }
}

fn keep(text: &str) -> &str {
    let mut end = text.len().min(KEEP_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
