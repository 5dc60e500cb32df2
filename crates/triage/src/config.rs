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
    /// Hindi, in Latin letters (Hinglish) and in Devanagari.
    Hi,
    /// Arabic (Modern Standard and the common Gulf, Levantine and Egyptian words).
    Ar,
    /// Hebrew.
    He,
}

impl Language {
    /// Every built-in pack.
    pub const ALL: [Language; 10] = [
        Language::En,
        Language::Es,
        Language::Pt,
        Language::Fr,
        Language::De,
        Language::It,
        Language::Nl,
        Language::Hi,
        Language::Ar,
        Language::He,
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
            Language::Ar => "ar",
            Language::He => "he",
        }
    }

    /// Parses an ISO 639-1 code (case-insensitive).
    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
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
        Intent {
            name: name.to_string(),
            route: route.to_string(),
            phrases: Vec::new(),
        }
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
    /// The site's own learned frustration scorer (`feature=hundredths` entries, as a pack's
    /// `model` list), trained with its transcripts; it replaces the enabled packs' models.
    pub model: Option<String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            languages: Language::ALL.to_vec(),
            packs: Vec::new(),
            thresholds: Thresholds::default(),
            routes: Routes::default(),
            intents: BUILTIN_INTENTS
                .iter()
                .zip(BUILTIN_ROUTES)
                .map(|(name, route)| Intent::new(name, route))
                .collect(),
            human_phrases: Vec::new(),
            frustration_terms: Vec::new(),
            removed_phrases: Vec::new(),
            model: None,
        }
    }
}

/// Names of the intents whose phrases ship in the language packs.
pub const BUILTIN_INTENTS: [&str; 12] = [
    "refund",
    "cancel",
    "return",
    "exchange",
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
const BUILTIN_ROUTES: [&str; 12] = [
    "billing", "billing", "support", "support", "billing", "billing", "support", "support",
    "support", "support", "sales", "sales",
];

/// Longest phrase the owner may add, in characters.
pub const MAX_PHRASE_CHARS: usize = 100;

/// Why a [`Config`] was rejected.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    problem: Problem,
    /// What the rejected value belongs to: a field, or an intent.
    owner: Label<String>,
    /// The offending text: a route, a phrase, a language code, or a threshold's range.
    text: String,
    value: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Problem {
    MissingPack,
    Threshold,
    EmptyRoute,
    InvalidRoute,
    EmptyIntentName,
    DuplicateIntent,
    IntentWithoutPhrases,
    EmptyPhrase,
    PhraseTooLong,
    Weight,
}

/// What a rejected value belongs to: a field, or an intent by name (`S` is `&str` while
/// checking, `String` in the error). Named when shown: validating runs in the widget, which
/// never shows these errors, so it carries no formatting code for them.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Label<S> {
    Field(&'static str),
    Intent(S),
}

impl Error {
    fn new(problem: Problem, owner: Label<&str>, text: &str, value: f64) -> Error {
        let owner = match owner {
            Label::Field(name) => Label::Field(name),
            Label::Intent(name) => Label::Intent(name.to_string()),
        };
        Error {
            problem,
            owner,
            text: text.to_string(),
            value,
        }
    }
}

impl fmt::Display for Label<String> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Label::Field(name) => f.write_str(name),
            Label::Intent(name) => write!(f, "intent {name:?}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (owner, text, value) = (&self.owner, &self.text, self.value);
        match self.problem {
            Problem::MissingPack => write!(f, "language {text:?} is enabled but its language pack is not loaded"),
            Problem::Threshold => write!(f, "threshold {owner} is {value}, but must be {text}"),
            Problem::EmptyRoute => write!(f, "the route of {owner} is empty"),
            Problem::InvalidRoute => write!(
                f,
                "the route {text:?} of {owner} may only hold letters, digits, '-' and '_' (at most 64)"
            ),
            Problem::EmptyIntentName => write!(f, "an intent has an empty name"),
            Problem::DuplicateIntent => write!(f, "{owner} is listed twice"),
            Problem::IntentWithoutPhrases => write!(f, "{owner} is not built in, so it needs at least one phrase"),
            Problem::EmptyPhrase => write!(f, "{owner} contains an empty phrase"),
            Problem::PhraseTooLong => write!(
                f,
                "{owner} contains a phrase longer than {MAX_PHRASE_CHARS} characters: {text:?}"
            ),
            Problem::Weight => write!(
                f,
                "frustration term {text:?} has weight {}, but weights must be finite and between -5 and 5",
                value as f32
            ),
        }
    }
}

impl std::error::Error for Error {}

impl Config {
    /// Checks every field; [`crate::Engine::new`] calls this first.
    pub fn validate(&self) -> Result<(), Error> {
        match self.first_problem() {
            Some((problem, owner, text, value)) => Err(Error::new(problem, owner, text, value)),
            None => Ok(()),
        }
    }

    /// The first problem found, with what it belongs to, the offending text and value. The
    /// checks return small values and the error is built once: validating runs in the widget
    /// too, where each check should cost a few instructions.
    fn first_problem(&self) -> Option<(Problem, Label<&str>, &str, f64)> {
        for &l in &self.languages {
            let loaded = self.packs.iter().any(|p| p.language == l);
            if !loaded && !cfg!(feature = "builtin-packs") {
                return Some((
                    Problem::MissingPack,
                    Label::Field("languages"),
                    l.code(),
                    0.0,
                ));
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
                return Some((Problem::Threshold, Label::Field(name), unit, value as f64));
            }
        }
        if t.out_of_scope > t.low_confidence {
            return Some((
                Problem::Threshold,
                Label::Field("out_of_scope"),
                "at most low_confidence",
                t.out_of_scope as f64,
            ));
        }
        let positive = "a finite number above 0";
        if !(t.frustration.is_finite() && t.frustration > 0.0) {
            return Some((
                Problem::Threshold,
                Label::Field("frustration"),
                positive,
                t.frustration as f64,
            ));
        }
        if !(t.large_amount.is_finite() && t.large_amount > 0.0) {
            return Some((
                Problem::Threshold,
                Label::Field("large_amount"),
                positive,
                t.large_amount,
            ));
        }
        for (name, value) in [
            ("failure_strikes", t.failure_strikes),
            ("post_capture_messages", t.post_capture_messages),
        ] {
            if value == 0 || value > 100 {
                return Some((
                    Problem::Threshold,
                    Label::Field(name),
                    "between 1 and 100",
                    value as f64,
                ));
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
            if let Some(problem) = route.and_then(|r| route_problem(r)) {
                return Some((problem, Label::Field(owner), route.map_or("", |r| r), 0.0));
            }
        }
        for (i, intent) in self.intents.iter().enumerate() {
            let owner = Label::Intent(intent.name.as_str());
            let problem = if blank(&intent.name) {
                Some(Problem::EmptyIntentName)
            } else if self.intents[..i]
                .iter()
                .any(|other| other.name == intent.name)
            {
                Some(Problem::DuplicateIntent)
            } else if intent.phrases.is_empty() && !BUILTIN_INTENTS.contains(&intent.name.as_str())
            {
                route_problem(&intent.route).or(Some(Problem::IntentWithoutPhrases))
            } else {
                route_problem(&intent.route)
            };
            if let Some(problem) = problem {
                let route = matches!(problem, Problem::EmptyRoute | Problem::InvalidRoute);
                return Some((problem, owner, if route { &intent.route } else { "" }, 0.0));
            }
            for phrase in &intent.phrases {
                if let Some(problem) = phrase_problem(phrase) {
                    return Some((problem, owner, phrase, 0.0));
                }
            }
        }
        let terms = self
            .frustration_terms
            .iter()
            .map(|t| ("frustration_terms", &t.phrase));
        let lists = [
            ("human_phrases", &self.human_phrases),
            ("removed_phrases", &self.removed_phrases),
        ];
        let phrases = lists
            .into_iter()
            .flat_map(|(list, phrases)| phrases.iter().map(move |p| (list, p)));
        for (list, phrase) in phrases.chain(terms) {
            if let Some(problem) = phrase_problem(phrase) {
                return Some((problem, Label::Field(list), phrase, 0.0));
            }
        }
        for term in &self.frustration_terms {
            if !(term.weight.is_finite() && (-5.0..=5.0).contains(&term.weight)) {
                return Some((
                    Problem::Weight,
                    Label::Field("frustration_terms"),
                    &term.phrase,
                    term.weight as f64,
                ));
            }
        }
        None
    }
}

fn blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

fn route_problem(route: &str) -> Option<Problem> {
    if route.is_empty() {
        return Some(Problem::EmptyRoute);
    }
    let ok = route.len() <= 64
        && route
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (!ok).then_some(Problem::InvalidRoute)
}

fn phrase_problem(phrase: &str) -> Option<Problem> {
    if blank(phrase) {
        return Some(Problem::EmptyPhrase);
    }
    // Characters are the bytes that do not continue a UTF-8 sequence.
    let chars = phrase.bytes().filter(|&b| b & 0xC0 != 0x80).count();
    (chars > MAX_PHRASE_CHARS).then_some(Problem::PhraseTooLong)
}
