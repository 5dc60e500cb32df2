//! The owner's triage rules as a file (TOML or JSON), mapped onto [`triage::Config`].
//!
//! Every key is optional; an empty file means the defaults. Example (TOML):
//!
//! ```toml
//! languages = ["en", "es"]          # default: every built-in pack
//! human_phrases = ["speak to the owner"]
//! removed_phrases = ["complaint"]   # built-in phrases to ignore
//! disabled_intents = ["cancel"]     # built-in intents to switch off: refund, cancel, return,
//!                                   # exchange, chargeback, fraud, complaint, legal, medical,
//!                                   # emergency, bulk_order, large_amount
//!
//! [thresholds]
//! frustration = 1.2
//! large_amount = 2000
//!
//! [routes]
//! default = "support"
//! post_capture = "sales"
//!
//! [intents.refund]                  # a built-in intent: change its route, add phrases
//! route = "billing"
//! phrases = ["money back"]
//!
//! [intents.warranty]                # a custom intent: a route and at least one phrase
//! route = "support"
//! phrases = ["warranty claim", "still under warranty"]
//!
//! [[frustration_terms]]
//! phrase = "scam"
//! weight = 1.0
//! ```
//!
//! `model = "(bias)=-120|awful=85|…"` (top level) is a learned frustration scorer of the
//! site's own, as `baton triage train --out` writes it.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use triage::{Config, Intent, Language, WeightedTerm, BUILTIN_INTENTS};

/// The triage section of a configuration file, as written by the owner.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TriageFile {
    /// Language pack codes (`en`, `es`, `pt`, `fr`, `de`, `it`, `nl`, `hi`); default all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<String>>,
    /// Thresholds; each one optional.
    #[serde(default)]
    pub thresholds: ThresholdsFile,
    /// Routes per trigger; each one optional.
    #[serde(default)]
    pub routes: RoutesFile,
    /// Built-in intents to change, or custom intents to add, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub intents: BTreeMap<String, IntentFile>,
    /// Built-in intents to switch off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disabled_intents: Vec<String>,
    /// Extra phrases meaning "I want a human".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub human_phrases: Vec<String>,
    /// Built-in phrases to ignore.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_phrases: Vec<String>,
    /// Extra frustration terms with weights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frustration_terms: Vec<TermFile>,
    /// The site's own learned frustration scorer, as `baton triage train --out` writes it
    /// (`feature=hundredths` entries joined by `|`); replaces the packs' model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

/// `[thresholds]`: see [`triage::Thresholds`] for each meaning.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ThresholdsFile {
    pub frustration: Option<f32>,
    pub low_confidence: Option<f32>,
    pub out_of_scope: Option<f32>,
    pub failure_strikes: Option<u32>,
    pub rephrase_similarity: Option<f32>,
    pub large_amount: Option<f64>,
    pub post_capture_messages: Option<u32>,
}

/// `[routes]`: see [`triage::Routes`].
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct RoutesFile {
    pub default: Option<String>,
    pub human_request: Option<String>,
    pub frustration: Option<String>,
    pub repeated_failure: Option<String>,
    pub out_of_scope: Option<String>,
    pub post_capture: Option<String>,
}

/// `[intents.NAME]`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IntentFile {
    /// The team; required for a custom intent, defaults to the built-in route otherwise.
    pub route: Option<String>,
    /// Extra phrases.
    #[serde(default)]
    pub phrases: Vec<String>,
}

/// One `[[frustration_terms]]` entry.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TermFile {
    /// The word or phrase.
    pub phrase: String,
    /// Its weight, between -5 and 5.
    pub weight: f32,
}

/// Why a triage configuration file could not be used.
#[derive(Debug)]
pub struct ConfigError {
    kind: ConfigErrorKind,
}

#[derive(Debug)]
enum ConfigErrorKind {
    Toml(toml::de::Error),
    Json(serde_json::Error),
    UnknownLanguage(String),
    NoLanguage,
    Pack(triage::PackError),
    UnknownDisabledIntent(String),
    CustomIntentWithoutRoute(String),
    Invalid(triage::Error),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ConfigErrorKind::Toml(e) => write!(f, "invalid TOML: {}", e.to_string().trim_end()),
            ConfigErrorKind::Json(e) => write!(f, "invalid JSON: {e}"),
            ConfigErrorKind::UnknownLanguage(code) => {
                let known: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
                write!(f, "unknown language {code:?}; known: {}", known.join(", "))
            }
            ConfigErrorKind::NoLanguage => {
                write!(f, "languages is empty: enable at least one language")
            }
            ConfigErrorKind::Pack(e) => write!(f, "language pack: {e}"),
            ConfigErrorKind::UnknownDisabledIntent(name) => write!(
                f,
                "disabled_intents names {name:?}, which is not a built-in intent ({})",
                BUILTIN_INTENTS.join(", ")
            ),
            ConfigErrorKind::CustomIntentWithoutRoute(name) => {
                write!(f, "intent {name:?} is not built in, so it needs a route")
            }
            ConfigErrorKind::Invalid(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl TriageFile {
    /// Parses TOML.
    pub fn from_toml(text: &str) -> Result<TriageFile, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError {
            kind: ConfigErrorKind::Toml(e),
        })
    }

    /// Parses JSON.
    pub fn from_json(text: &str) -> Result<TriageFile, ConfigError> {
        serde_json::from_str(text).map_err(|e| ConfigError {
            kind: ConfigErrorKind::Json(e),
        })
    }

    /// Parses by file name: `.json` is JSON, anything else TOML.
    pub fn from_file_text(name: &str, text: &str) -> Result<TriageFile, ConfigError> {
        if name.to_ascii_lowercase().ends_with(".json") {
            TriageFile::from_json(text)
        } else {
            TriageFile::from_toml(text)
        }
    }

    /// Applies the file over [`Config::default`] and validates the result, with the
    /// built-in language packs (the hub and the CLI build the engine with them).
    pub fn to_config(&self) -> Result<Config, ConfigError> {
        self.to_config_with_packs(&[])
    }

    /// Like [`TriageFile::to_config`], with the enabled languages' packs given as text (as
    /// the widget receives them in [`crate::hub::WidgetConfig::language_packs`]).
    pub fn to_config_with_packs(&self, packs: &[String]) -> Result<Config, ConfigError> {
        let err = |kind| Err(ConfigError { kind });
        let mut config = Config::default();
        for text in packs {
            match triage::LanguagePack::parse(text) {
                Ok(pack) => config.packs.push(pack),
                Err(e) => return err(ConfigErrorKind::Pack(e)),
            }
        }
        if let Some(codes) = &self.languages {
            let mut languages = Vec::new();
            for code in codes {
                match Language::from_code(code) {
                    Some(l) if !languages.contains(&l) => languages.push(l),
                    Some(_) => {}
                    None => return err(ConfigErrorKind::UnknownLanguage(code.clone())),
                }
            }
            if languages.is_empty() {
                return err(ConfigErrorKind::NoLanguage);
            }
            config.languages = languages;
        }
        let t = &self.thresholds;
        let c = &mut config.thresholds;
        set(&mut c.frustration, t.frustration);
        set(&mut c.low_confidence, t.low_confidence);
        set(&mut c.out_of_scope, t.out_of_scope);
        set(&mut c.failure_strikes, t.failure_strikes);
        set(&mut c.rephrase_similarity, t.rephrase_similarity);
        set(&mut c.large_amount, t.large_amount);
        set(&mut c.post_capture_messages, t.post_capture_messages);

        let r = &self.routes;
        let routes = &mut config.routes;
        set(&mut routes.default, r.default.clone());
        for (slot, value) in [
            (&mut routes.human_request, &r.human_request),
            (&mut routes.frustration, &r.frustration),
            (&mut routes.repeated_failure, &r.repeated_failure),
            (&mut routes.out_of_scope, &r.out_of_scope),
            (&mut routes.post_capture, &r.post_capture),
        ] {
            if value.is_some() {
                *slot = value.clone();
            }
        }

        for name in &self.disabled_intents {
            if !BUILTIN_INTENTS.contains(&name.as_str()) {
                return err(ConfigErrorKind::UnknownDisabledIntent(name.clone()));
            }
            config.intents.retain(|i| &i.name != name);
        }
        for (name, file) in &self.intents {
            match config.intents.iter_mut().find(|i| &i.name == name) {
                Some(intent) => {
                    set(&mut intent.route, file.route.clone());
                    intent.phrases.extend(file.phrases.iter().cloned());
                }
                None => {
                    let Some(route) = &file.route else {
                        return err(ConfigErrorKind::CustomIntentWithoutRoute(name.clone()));
                    };
                    config.intents.push(Intent {
                        name: name.clone(),
                        route: route.clone(),
                        phrases: file.phrases.clone(),
                    });
                }
            }
        }
        config.human_phrases = self.human_phrases.clone();
        config.removed_phrases = self.removed_phrases.clone();
        config.frustration_terms = self
            .frustration_terms
            .iter()
            .map(|t| WeightedTerm {
                phrase: t.phrase.clone(),
                weight: t.weight,
            })
            .collect();
        config.model = self.model.clone();
        config.validate().map_err(|e| ConfigError {
            kind: ConfigErrorKind::Invalid(e),
        })?;
        Ok(config)
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_the_default_config() {
        assert_eq!(
            TriageFile::from_toml("").unwrap().to_config().unwrap(),
            Config::default()
        );
        assert_eq!(
            TriageFile::from_json("{}").unwrap().to_config().unwrap(),
            Config::default()
        );
    }

    #[test]
    fn the_documented_example_maps_onto_the_config() {
        let text = include_str!("triage_config.rs")
            .split("//! ```toml\n")
            .nth(1)
            .unwrap()
            .split("//! ```\n")
            .next()
            .unwrap()
            .lines()
            .map(|l| l.trim_start_matches("//!").trim_start_matches(' '))
            .collect::<Vec<_>>()
            .join("\n");
        let config = TriageFile::from_toml(&text).unwrap().to_config().unwrap();
        assert_eq!(config.languages, vec![Language::En, Language::Es]);
        assert_eq!(config.thresholds.frustration, 1.2);
        assert_eq!(config.thresholds.large_amount, 2000.0);
        assert!(config.intents.iter().all(|i| i.name != "cancel"));
        let refund = config.intents.iter().find(|i| i.name == "refund").unwrap();
        assert_eq!(refund.phrases, vec!["money back".to_string()]);
        let warranty = config
            .intents
            .iter()
            .find(|i| i.name == "warranty")
            .unwrap();
        assert_eq!(warranty.route, "support");
        assert_eq!(config.frustration_terms[0].phrase, "scam");
    }

    #[test]
    fn packs_sent_as_text_are_the_ones_used() {
        let file = TriageFile::from_toml("languages = [\"es\"]").unwrap();
        let packs = vec!["language = es\nhuman =\n    llamen al capitán|\n".to_string()];
        let engine = triage::Engine::new(file.to_config_with_packs(&packs).unwrap()).unwrap();
        assert!(engine
            .classify("que llamen al capitán")
            .fired(triage::Trigger::HumanRequest));
        assert!(!engine
            .classify("quiero hablar con una persona")
            .fired(triage::Trigger::HumanRequest));
        let broken = vec!["language = es\nhumano =\n    x|\n".to_string()];
        let message = file.to_config_with_packs(&broken).unwrap_err().to_string();
        assert_eq!(message, "language pack: line 2: unknown list \"humano\"");
    }

    #[test]
    fn errors_name_what_is_wrong() {
        let cases: &[(&str, &str)] = &[
            ("languages = [\"en\", \"xx\"]", "unknown language \"xx\""),
            ("languages = []", "languages is empty"),
            (
                "[thresholds]\nfrustration = -1",
                "threshold frustration is -1",
            ),
            (
                "[thresholds]\nlow_confidence = 1.5",
                "threshold low_confidence is 1.5",
            ),
            (
                "[routes]\ndefault = \"\"",
                "the route of routes.default is empty",
            ),
            (
                "[routes]\nfrustration = \"a b\"",
                "the route \"a b\" of routes.frustration",
            ),
            (
                "disabled_intents = [\"nope\"]",
                "disabled_intents names \"nope\"",
            ),
            (
                "[intents.warranty]\nphrases = [\"x\"]",
                "intent \"warranty\" is not built in, so it needs a route",
            ),
            (
                "[intents.warranty]\nroute = \"support\"",
                "needs at least one phrase",
            ),
            (
                "human_phrases = [\" \"]",
                "human_phrases contains an empty phrase",
            ),
            (
                "[[frustration_terms]]\nphrase = \"scam\"\nweight = 9",
                "weight 9",
            ),
            ("colour = \"red\"", "unknown field `colour`"),
            ("[thresholds]\nfrustation = 1", "unknown field `frustation`"),
        ];
        for (text, expected) in cases {
            let message = match TriageFile::from_toml(text) {
                Ok(file) => file.to_config().unwrap_err().to_string(),
                Err(e) => e.to_string(),
            };
            assert!(
                message.contains(expected),
                "{text:?}: {message:?} lacks {expected:?}"
            );
        }
    }

    #[test]
    fn json_is_accepted_by_file_name() {
        let file =
            TriageFile::from_file_text("rules.JSON", r#"{"thresholds": {"frustration": 2}}"#)
                .unwrap();
        assert_eq!(file.to_config().unwrap().thresholds.frustration, 2.0);
        let err = TriageFile::from_file_text("rules.json", "{")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("invalid JSON"), "{err}");
    }
}
