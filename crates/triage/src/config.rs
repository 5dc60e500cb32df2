//! The engine's configuration: one typed struct, validated by [`crate::Engine::new`].

use core::fmt;

/// A built-in language pack: phrases for human requests, frustration and high-risk intents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// English.
    En,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
    /// French.
    Fr,
    /// German.
    De,
    /// Italian.
    It,
    /// Dutch.
    Nl,
    /// Romanised Hindi and Hinglish.
    Hi,
}

impl Language {
    /// Every built-in pack.
    pub const ALL: [Language; 8] = [
        Language::En,
        Language::Es,
        Language::Pt,
        Language::Fr,
        Language::De,
        Language::It,
        Language::Nl,
        Language::Hi,
    ];

    /// The ISO 639-1 code, e.g. `"en"`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Pt => "pt",
            Language::Fr => "fr",
            Language::De => "de",
            Language::It => "it",
            Language::Nl => "nl",
            Language::Hi => "hi",
        }
    }

    /// Parses an ISO 639-1 code (case-insensitive).
    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code))
    }
}

/// Numeric knobs. Defaults are tuned on the project's labelled corpus.
#[derive(Clone, Debug, PartialEq)]
pub struct Thresholds {
    /// Frustration score at or above which `frustration` fires.
    pub frustration: f32,
    /// Bot confidence below which a bot turn counts as "unsure": a strike towards
    /// `repeated_failure`. In `0.0..=1.0`.
    pub low_confidence: f32,
    /// Bot confidence below which the bot is taken to have no answer at all: `out_of_scope`
    /// fires at once (escalate, never guess). In `0.0..=low_confidence`.
    pub out_of_scope: f32,
    /// Unsure bot turns after which `repeated_failure` fires (at least 1).
    pub failure_strikes: u32,
    /// Similarity in `0.0..=1.0` to an earlier visitor message above which the new message
    /// counts as a rephrase (a `repeated_failure` signal).
    pub rephrase_similarity: f32,
    /// Amount (in any currency) at or above which a money mention is high-value.
    pub large_amount: f64,
    /// Visitor messages after the contact was captured before `post_capture` fires (at least 1).
    pub post_capture_messages: u32,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            frustration: 0.7,
            low_confidence: 0.5,
            out_of_scope: 0.25,
            failure_strikes: 2,
            rephrase_similarity: 0.8,
            large_amount: 5000.0,
            post_capture_messages: 1,
        }
    }
}

/// Where each trigger sends the conversation. High-risk intents carry their own route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Routes {
    /// The route used when a trigger has no route of its own.
    pub default: String,
    /// Route for `human_request`, if not the default.
    pub human_request: Option<String>,
    /// Route for `frustration`, if not the default.
    pub frustration: Option<String>,
    /// Route for `repeated_failure`, if not the default.
    pub repeated_failure: Option<String>,
    /// Route for `out_of_scope`, if not the default.
    pub out_of_scope: Option<String>,
    /// Route for `post_capture`, if not the default (a warm lead usually goes to sales).
    pub post_capture: Option<String>,
}

impl Default for Routes {
    fn default() -> Routes {
        Routes {
            default: "support".to_string(),
            human_request: None,
            frustration: None,
            repeated_failure: None,
            out_of_scope: None,
            post_capture: Some("sales".to_string()),
        }
    }
}

/// A high-risk intent: a named topic that always goes to a human on its route.
///
/// Built-in intent names (`refund`, `cancel`, `chargeback`, `complaint`, `legal`, `medical`,
/// `emergency`, `fraud`, `bulk_order`, `large_amount`) bring their phrases from the enabled
/// language packs; `phrases` adds the owner's own. Any other name is a custom intent made
/// only of `phrases`. Removing an intent from [`Config::intents`] disables it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Intent {
    /// The intent's name, shown in reasons (`intent refund: "money back"`).
    pub name: String,
    /// The route (team) that handles it.
    pub route: String,
    /// The owner's extra phrases, matched like built-in ones (case, accents, typos).
    pub phrases: Vec<String>,
}

impl Intent {
    /// An intent with no extra phrases.
    pub fn new(name: &str, route: &str) -> Intent {
        Intent { name: name.to_string(), route: route.to_string(), phrases: Vec::new() }
    }
}

/// An owner-added frustration term and its weight.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightedTerm {
    /// The word or phrase.
    pub phrase: String,
    /// Its contribution to the frustration score (typical built-in weights are 0.3–1.0).
    pub weight: f32,
}

/// Everything the engine can be told. Start from [`Config::default`] and change fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Enabled languages (all by default). May be empty: the engine then works from the
    /// owner's phrases and the signals that need no words (capitals, `!!!`, amounts, the
    /// bot's confidence, rephrasing).
    pub languages: Vec<Language>,
    /// Language packs loaded at run time (the widget receives the site's from the hub). A
    /// language in `languages` without a pack here uses the built-in one, when the crate is
    /// built with the `builtin-packs` feature (the default); otherwise it is an error.
    pub packs: Vec<crate::LanguagePack>,
    /// Numeric thresholds.
    pub thresholds: Thresholds,
    /// Routes per trigger.
    pub routes: Routes,
    /// High-risk intents and their routes.
    pub intents: Vec<Intent>,
    /// The owner's extra phrases that mean "I want a human".
    pub human_phrases: Vec<String>,
    /// The owner's extra frustration terms.
    pub frustration_terms: Vec<WeightedTerm>,
    /// Built-in phrases (of any list) the owner wants ignored, e.g. `"cancel"` for a site
    /// where cancelling is routine.
    pub removed_phrases: Vec<String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            languages: Language::ALL.to_vec(),
            packs: Vec::new(),
            thresholds: Thresholds::default(),
            routes: Routes::default(),
            intents: BUILTIN_INTENTS.iter().zip(BUILTIN_ROUTES).map(|(name, route)| Intent::new(name, route)).collect(),
            human_phrases: Vec::new(),
            frustration_terms: Vec::new(),
            removed_phrases: Vec::new(),
        }
    }
}

/// Names of the intents whose phrases ship in the language packs.
pub const BUILTIN_INTENTS: [&str; 10] = [
    "refund",
    "cancel",
    "chargeback",
    "fraud",
    "complaint",
    "legal",
    "medical",
    "emergency",
    "bulk_order",
    "large_amount",
];

/// The default route of each of [`BUILTIN_INTENTS`], in the same order.
const BUILTIN_ROUTES: [&str; 10] =
    ["billing", "billing", "billing", "billing", "support", "support", "support", "support", "sales", "sales"];

/// Longest phrase the owner may add, in characters.
pub const MAX_PHRASE_CHARS: usize = 100;

/// Why a [`Config`] was rejected.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    kind: ErrorKind,
}

#[derive(Clone, Debug, PartialEq)]
enum ErrorKind {
    MissingPack { language: &'static str },
    Threshold { name: &'static str, value: f64, range: &'static str },
    EmptyRoute { owner: Label },
    InvalidRoute { owner: Label, route: String },
    EmptyIntentName,
    DuplicateIntent { name: String },
    IntentWithoutPhrases { name: String },
    EmptyPhrase { list: Label },
    PhraseTooLong { list: Label, phrase: String },
    Weight { phrase: String, weight: f32 },
}

/// What a rejected route or phrase belongs to: a field, or an intent (named when shown, so
/// that validating, which runs in the widget, needs no formatting code).
#[derive(Clone, Debug, PartialEq)]
enum Label {
    Field(&'static str),
    Intent(String),
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Label::Field(name) => f.write_str(name),
            Label::Intent(name) => write!(f, "intent {name:?}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::MissingPack { language } => {
                write!(f, "language {language:?} is enabled but its language pack is not loaded")
            }
            ErrorKind::Threshold { name, value, range } => {
                write!(f, "threshold {name} is {value}, but must be {range}")
            }
            ErrorKind::EmptyRoute { owner } => write!(f, "the route of {owner} is empty"),
            ErrorKind::InvalidRoute { owner, route } => write!(
                f,
                "the route {route:?} of {owner} may only hold letters, digits, '-' and '_' (at most 64)"
            ),
            ErrorKind::EmptyIntentName => write!(f, "an intent has an empty name"),
            ErrorKind::DuplicateIntent { name } => write!(f, "intent {name:?} is listed twice"),
            ErrorKind::IntentWithoutPhrases { name } => write!(
                f,
                "intent {name:?} is not built in, so it needs at least one phrase"
            ),
            ErrorKind::EmptyPhrase { list } => write!(f, "{list} contains an empty phrase"),
            ErrorKind::PhraseTooLong { list, phrase } => write!(
                f,
                "{list} contains a phrase longer than {MAX_PHRASE_CHARS} characters: {phrase:?}"
            ),
            ErrorKind::Weight { phrase, weight } => write!(
                f,
                "frustration term {phrase:?} has weight {weight}, but weights must be finite and between -5 and 5"
            ),
        }
    }
}

impl std::error::Error for Error {}

impl Config {
    /// Checks every field; [`crate::Engine::new`] calls this first.
    pub fn validate(&self) -> Result<(), Error> {
        let err = |kind| Err(Error { kind });
        for &l in &self.languages {
            let loaded = self.packs.iter().any(|p| p.language == l);
            if !loaded && !cfg!(feature = "builtin-packs") {
                return err(ErrorKind::MissingPack { language: l.code() });
            }
        }
        let t = &self.thresholds;
        let unit = "between 0 and 1";
        for (name, value) in [
            ("low_confidence", t.low_confidence),
            ("rephrase_similarity", t.rephrase_similarity),
            ("out_of_scope", t.out_of_scope),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return err(ErrorKind::Threshold { name, value: value as f64, range: unit });
            }
        }
        if t.out_of_scope > t.low_confidence {
            return err(ErrorKind::Threshold {
                name: "out_of_scope",
                value: t.out_of_scope as f64,
                range: "at most low_confidence",
            });
        }
        if !(t.frustration.is_finite() && t.frustration > 0.0) {
            return err(ErrorKind::Threshold {
                name: "frustration",
                value: t.frustration as f64,
                range: "a finite number above 0",
            });
        }
        if !(t.large_amount.is_finite() && t.large_amount > 0.0) {
            return err(ErrorKind::Threshold {
                name: "large_amount",
                value: t.large_amount,
                range: "a finite number above 0",
            });
        }
        for (name, value) in [
            ("failure_strikes", t.failure_strikes),
            ("post_capture_messages", t.post_capture_messages),
        ] {
            if value == 0 || value > 100 {
                return err(ErrorKind::Threshold { name, value: value as f64, range: "between 1 and 100" });
            }
        }
        let r = &self.routes;
        let named = [
            ("routes.default", Some(&r.default)),
            ("routes.human_request", r.human_request.as_ref()),
            ("routes.frustration", r.frustration.as_ref()),
            ("routes.repeated_failure", r.repeated_failure.as_ref()),
            ("routes.out_of_scope", r.out_of_scope.as_ref()),
            ("routes.post_capture", r.post_capture.as_ref()),
        ];
        for (owner, route) in named {
            if let Some(route) = route {
                check_route(&|| Label::Field(owner), route)?;
            }
        }
        for (i, intent) in self.intents.iter().enumerate() {
            if intent.name.chars().all(char::is_whitespace) {
                return err(ErrorKind::EmptyIntentName);
            }
            if self.intents[..i].iter().any(|other| other.name == intent.name) {
                return err(ErrorKind::DuplicateIntent { name: intent.name.clone() });
            }
            let label = || Label::Intent(intent.name.clone());
            check_route(&label, &intent.route)?;
            if !BUILTIN_INTENTS.contains(&intent.name.as_str()) && intent.phrases.is_empty() {
                return err(ErrorKind::IntentWithoutPhrases { name: intent.name.clone() });
            }
            for phrase in &intent.phrases {
                check_phrase(&label, phrase)?;
            }
        }
        for (list, phrases) in [("human_phrases", &self.human_phrases), ("removed_phrases", &self.removed_phrases)] {
            for phrase in phrases {
                check_phrase(&|| Label::Field(list), phrase)?;
            }
        }
        for term in &self.frustration_terms {
            check_phrase(&|| Label::Field("frustration_terms"), &term.phrase)?;
        }
        for term in &self.frustration_terms {
            if !(term.weight.is_finite() && (-5.0..=5.0).contains(&term.weight)) {
                return err(ErrorKind::Weight { phrase: term.phrase.clone(), weight: term.weight });
            }
        }
        Ok(())
    }
}

// The labels are made only for an error; `dyn` keeps one copy of each check in the bundle.
fn check_route(owner: &dyn Fn() -> Label, route: &str) -> Result<(), Error> {
    if route.is_empty() {
        return Err(Error { kind: ErrorKind::EmptyRoute { owner: owner() } });
    }
    let ok = route.len() <= 64
        && route.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        return Err(Error { kind: ErrorKind::InvalidRoute { owner: owner(), route: route.to_string() } });
    }
    Ok(())
}

fn check_phrase(list: &dyn Fn() -> Label, phrase: &str) -> Result<(), Error> {
    if phrase.chars().all(char::is_whitespace) {
        return Err(Error { kind: ErrorKind::EmptyPhrase { list: list() } });
    }
    // Characters are the bytes that do not continue a UTF-8 sequence.
    if phrase.bytes().filter(|&b| b & 0xC0 != 0x80).count() > MAX_PHRASE_CHARS {
        return Err(Error { kind: ErrorKind::PhraseTooLong { list: list(), phrase: phrase.to_string() } });
    }
    Ok(())
}
