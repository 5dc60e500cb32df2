//! The built-in assistant's knowledge: the site's FAQ file, and matching a visitor's question
//! to an entry with a confidence.
//!
//! The format (TOML) is documented in `docs/faq-format.md`:
//!
//! ```toml
//! [[entries]]
//! question = "How long does delivery take?"
//! alternatives = ["When will my order arrive?", "delivery times"]
//! keywords = ["delivery time", "arrive"]
//! answer = "UK orders arrive in 2–3 working days."
//! ```
//!
//! Matching is lexical, not an open-ended model: both sides are normalised (`words/`:
//! lower case, Latin accents folded, stop words dropped, plurals and common suffixes
//! stripped, a few shop synonyms merged), then the visitor's words are weighed against each entry's question
//! and alternatives. Rare words weigh more than common ones (inverse document frequency over
//! the file), and a word the file never uses counts against the match, so a question about
//! something the FAQ does not cover scores low. One-letter typos in longer words still match,
//! at a discount. Keywords are words that on their own point at an entry: a question holding
//! one scores at least 0.5 for it.

use std::collections::HashMap;

use super::words::{detect, normalise_in, Lang};

mod matching;
mod parse;

use matching::{compile, dedup};

/// Confidence below which the assistant says it does not know.
pub const DEFAULT_THRESHOLD: f32 = 0.45;
/// How much of the runner-up entry's score is taken off the best one's: the clearer the
/// best entry is ahead, the surer the answer. Chosen on the TUNE questions of `baton faq
/// eval` (docs/faq-format.md): at the default threshold it halves the wrong answers for
/// about a fifth of the right ones.
const RUNNER_UP: f32 = 0.3;
/// Distinct words of a question taken into account.
const MAX_QUERY_WORDS: usize = 64;
/// Longest answer the widget shows, in characters (the message limit).
pub const MAX_ANSWER: usize = 4000;

/// A parsed FAQ, ready to answer.
#[derive(Clone, Debug)]
pub struct Faq {
    /// The language the entries are written in (`language`, English by default).
    language: Lang,
    /// One index per language the file answers in, its own language first.
    indexes: Vec<Index>,
    /// Per entry, in file order: its question and answer in the file's language, and
    /// whether an informational question may be answered before a person takes over.
    entries: Vec<(String, String, bool)>,
    threshold: f32,
}

/// The entries written in one language, with that language's word weights.
#[derive(Clone, Debug)]
struct Index {
    lang: Lang,
    entries: Vec<Entry>,
    /// Inverse document frequency per normalised word.
    idf: HashMap<String, f32>,
    /// Weight of a word no entry uses.
    unseen: f32,
    /// Weight of a word every entry uses: that of context words ("tuesday") no entry uses.
    common: f32,
}

#[derive(Clone, Debug)]
struct Entry {
    /// Position in the file (0-based).
    id: usize,
    question: String,
    answer: String,
    /// The question's words, then each alternative's.
    texts: Vec<Vec<String>>,
    /// Each keyword's words.
    keywords: Vec<Vec<String>>,
    /// The keywords as written, for error messages.
    raw_keywords: Vec<String>,
}

/// One entry as written: what [`Faq::parse`] reads from the file, or what a caller builds
/// directly with [`Faq::from_entries`] (the `baton faq eval` command does).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FaqEntry {
    /// The question as a visitor would ask it.
    pub question: String,
    /// What the assistant replies.
    pub answer: String,
    /// Other ways people ask the same thing.
    pub alternatives: Vec<String>,
    /// Words or short phrases that on their own point to this entry.
    pub keywords: Vec<String>,
    /// The same entry in other languages.
    pub translations: Vec<Translation>,
    /// An informational question about a topic that otherwise goes to a person ("how long do
    /// refunds take?") gets this answer first, with a person offered beside it.
    pub answers_first: bool,
}

/// An entry in another language (`[entries.translations.es]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Translation {
    /// The language it is written in.
    pub lang: Lang,
    /// The question in that language.
    pub question: String,
    /// The answer in that language.
    pub answer: String,
    /// Other ways people ask it in that language.
    pub alternatives: Vec<String>,
    /// Keywords in that language.
    pub keywords: Vec<String>,
}

/// The best entry for a question.
#[derive(Clone, Debug, PartialEq)]
pub struct FaqAnswer {
    /// The answer, when the confidence reaches the threshold.
    pub text: Option<String>,
    /// How well the question matches the best entry, in `0.0..=1.0`.
    pub confidence: f32,
    /// The best entry's question, even below the threshold (for logs and tuning); `None`
    /// when no entry shares a word with the question.
    pub matched: Option<String>,
    /// The best entry's position in the file (0-based), when there is one.
    pub entry: Option<usize>,
    /// The language the question was read in (its stop words tell; the file's own otherwise).
    pub lang: Lang,
    /// False when the FAQ has no entry in that language at all: the question was not
    /// matched, and the visitor should be told so and offered a person.
    pub speaks: bool,
    /// The best entry is marked `answers_first` and its answer is given.
    pub answers_first: bool,
}

impl Faq {
    /// An English FAQ from entries built in code, without the file's checks: an entry with
    /// no word to match on simply never matches, and two entries may ask the same.
    pub fn from_entries(entries: Vec<FaqEntry>) -> Faq {
        Faq::build(Lang::En, entries)
    }

    fn build(language: Lang, specs: Vec<FaqEntry>) -> Faq {
        let mut by_lang: Vec<(Lang, Vec<Entry>)> = vec![(language, Vec::new())];
        for (i, spec) in specs.iter().enumerate() {
            by_lang[0].1.push(compile(
                i,
                language,
                &spec.question,
                &spec.answer,
                &spec.alternatives,
                &spec.keywords,
            ));
            for t in spec.translations.iter().filter(|t| t.lang != language) {
                let entry = compile(
                    i,
                    t.lang,
                    &t.question,
                    &t.answer,
                    &t.alternatives,
                    &t.keywords,
                );
                match by_lang.iter_mut().find(|(l, _)| *l == t.lang) {
                    Some((_, list)) => list.push(entry),
                    None => by_lang.push((t.lang, vec![entry])),
                }
            }
        }
        let entries = specs
            .into_iter()
            .map(|s| (s.question, s.answer, s.answers_first))
            .collect();
        let indexes = by_lang
            .into_iter()
            .map(|(lang, entries)| Index::new(lang, entries))
            .collect();
        Faq {
            language,
            indexes,
            entries,
            threshold: DEFAULT_THRESHOLD,
        }
    }

    /// The same FAQ answering only at or above `threshold` (clamped to `0.0..=1.0`).
    pub fn with_threshold(mut self, threshold: f32) -> Faq {
        self.threshold = if threshold.is_finite() {
            threshold.clamp(0.0, 1.0)
        } else {
            DEFAULT_THRESHOLD
        };
        self
    }

    /// The confidence at or above which [`Faq::answer`] gives an answer.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries (never true for a parsed file).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether any entry is marked `answers_first`.
    pub fn has_answers_first(&self) -> bool {
        self.entries.iter().any(|e| e.2)
    }

    /// The entries' questions, in file order.
    pub fn questions(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.0.as_str())
    }

    /// The answer of entry `i` (0-based, file order), as [`FaqAnswer::entry`] names it.
    pub fn answer_of(&self, i: usize) -> &str {
        self.entries.get(i).map_or("", |e| e.1.as_str())
    }

    /// The language the entries are written in.
    pub fn language(&self) -> Lang {
        self.language
    }

    /// The languages the FAQ answers in: its own first, then its translations' in file order.
    pub fn languages(&self) -> impl Iterator<Item = Lang> + '_ {
        self.indexes.iter().map(|i| i.lang)
    }

    /// The best entry for `question` and how sure the match is. The question is read in the
    /// language its stop words tell (the file's own when they tell nothing) and matched
    /// against the entries written in that language only.
    pub fn answer(&self, question: &str) -> FaqAnswer {
        self.answer_in(question, None)
    }

    /// [`Faq::answer`] for a visitor whose chat is in `ui` (the widget's language): a
    /// question whose words tell no language ("envío gratis?") is read in it when the file
    /// has entries in it, rather than in the file's own.
    pub fn answer_in(&self, question: &str, ui: Option<Lang>) -> FaqAnswer {
        let fallback = ui
            .filter(|l| self.indexes.iter().any(|i| i.lang == *l))
            .unwrap_or(self.language);
        let lang = detect(question, fallback).unwrap_or(fallback);
        // No entry in that language: the file's own entries may still answer it confidently
        // (a file mixing languages without translations, or a misread language); if they
        // do not, the visitor is told the assistant does not speak it.
        let (index, speaks) = match self.indexes.iter().find(|i| i.lang == lang) {
            Some(index) => (index, true),
            None => (&self.indexes[0], false),
        };
        let none = FaqAnswer {
            text: None,
            confidence: 0.0,
            matched: None,
            entry: None,
            lang,
            speaks,
            answers_first: false,
        };
        let mut query: Vec<String> = dedup(normalise_in(question, index.lang));
        // A question is a sentence or two; cap the work a pasted essay can cause.
        query.truncate(MAX_QUERY_WORDS);
        let mut best: Option<(f32, &Entry)> = None;
        let mut runner_up = 0.0f32;
        if !query.is_empty() {
            for entry in &index.entries {
                let score = index.score(&query, entry);
                match best {
                    Some((b, _)) if score <= b => runner_up = runner_up.max(score),
                    _ if score > 0.0 => {
                        runner_up = runner_up.max(best.map_or(0.0, |(b, _)| b));
                        best = Some((score, entry));
                    }
                    _ => {}
                }
            }
        }
        // How sure: how well the best entry matches, less a share of how well the next one
        // does — a question that two entries explain about equally well ("do you sell
        // tents?" against "do you sell gift cards?" and "can I hire a tent?") is answered by
        // neither.
        let best = best.map(|(b, e)| ((b - RUNNER_UP * runner_up).max(0.0), e));
        match best {
            None => none,
            Some((confidence, entry)) => {
                let answered = confidence >= self.threshold;
                if !speaks && !answered {
                    return none;
                }
                FaqAnswer {
                    text: answered.then(|| entry.answer.clone()),
                    confidence,
                    matched: Some(entry.question.clone()),
                    entry: Some(entry.id),
                    lang: if speaks { lang } else { index.lang },
                    speaks: true,
                    answers_first: answered && self.entries[entry.id].2,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
