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
//! Matching is lexical, not an open-ended model: both sides are normalised (`words.rs`:
//! lower case, Latin accents folded, stop words dropped, plurals and common suffixes
//! stripped, a few shop synonyms merged), then the visitor's words are weighed against each entry's question
//! and alternatives. Rare words weigh more than common ones (inverse document frequency over
//! the file), and a word the file never uses counts against the match, so a question about
//! something the FAQ does not cover scores low. One-letter typos in longer words still match,
//! at a discount. Keywords are words that on their own point at an entry: a question holding
//! one scores at least 0.5 for it.

use std::collections::{HashMap, HashSet};

use super::words::{detect, is_context, normalise_in, Lang};

/// Confidence below which the assistant says it does not know.
pub const DEFAULT_THRESHOLD: f32 = 0.45;
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

/// Keys of an entry, in the order error messages list them.
const ENTRY_KEYS: &[&str] = &[
    "question",
    "alternatives",
    "keywords",
    "answer",
    "answers_first",
    "translations",
];
/// Keys of a translation.
const TRANSLATION_KEYS: &[&str] = &["question", "alternatives", "keywords", "answer"];

impl Faq {
    /// Parses an FAQ file. Errors name the entry (1-based, with its question) and the problem.
    pub fn parse(text: &str) -> Result<Faq, String> {
        let table: toml::Table = toml::from_str(text)
            .map_err(|e| format!("invalid TOML: {}", e.to_string().trim_end()))?;
        if let Some(key) = table
            .keys()
            .find(|k| !matches!(k.as_str(), "entries" | "language"))
        {
            return Err(format!(
                "unknown top-level key {key:?}: the file holds language and [[entries]]"
            ));
        }
        let language = match table.get("language") {
            None => Lang::En,
            Some(toml::Value::String(code)) => lang(code, "language")?,
            Some(_) => return Err("\"language\" must be a string, like \"en\"".into()),
        };
        let list = match table.get("entries") {
            None => return Err("no [[entries]]: the file needs at least one".into()),
            Some(toml::Value::Array(list)) => list,
            Some(_) => return Err("\"entries\" must be written as [[entries]] tables".into()),
        };
        if list.is_empty() {
            return Err("no [[entries]]: the file needs at least one".into());
        }
        let mut specs = Vec::with_capacity(list.len());
        let mut seen: Vec<Entry> = Vec::with_capacity(list.len());
        for (i, value) in list.iter().enumerate() {
            let n = i + 1;
            let spec = parse_entry(n, value, language)?;
            let entry = compile(
                i,
                language,
                &spec.question,
                &spec.answer,
                &spec.alternatives,
                &spec.keywords,
            );
            check_entry(&format!("entry {n} ({:?})", spec.question), &entry)?;
            for t in &spec.translations {
                let compiled = compile(
                    i,
                    t.lang,
                    &t.question,
                    &t.answer,
                    &t.alternatives,
                    &t.keywords,
                );
                check_entry(
                    &format!(
                        "entry {n} ({:?}), translation {:?}",
                        spec.question,
                        t.lang.code()
                    ),
                    &compiled,
                )?;
            }
            if let Some(j) = seen
                .iter()
                .position(|e| e.texts[0] == entry.texts[0] && !e.texts[0].is_empty())
            {
                return Err(format!(
                    "entry {n} ({:?}) asks the same as entry {} ({:?})",
                    entry.question,
                    j + 1,
                    seen[j].question
                ));
            }
            seen.push(entry);
            specs.push(spec);
        }
        Ok(Faq::build(language, specs))
    }

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
        if !query.is_empty() {
            for entry in &index.entries {
                let score = index.score(&query, entry);
                if score > 0.0 && best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, entry));
                }
            }
        }
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

impl Index {
    fn new(lang: Lang, entries: Vec<Entry>) -> Index {
        // Document frequency: in how many entries each word appears.
        let mut df: HashMap<String, usize> = HashMap::new();
        for entry in &entries {
            let words: HashSet<&String> = entry
                .texts
                .iter()
                .chain(&entry.keywords)
                .flatten()
                .collect();
            for w in words {
                *df.entry(w.clone()).or_default() += 1;
            }
        }
        let n = entries.len() as f32;
        let weight = |df: f32| (1.0 + (n + 1.0) / (df + 0.5)).ln();
        let idf = df.into_iter().map(|(w, d)| (w, weight(d as f32))).collect();
        // A word no entry uses weighs more than the rarest word the file knows: it is a
        // sign the question is about something the FAQ does not cover.
        Index {
            lang,
            entries,
            idf,
            unseen: 1.5 * weight(0.0),
            common: weight(n),
        }
    }

    /// How much `word` says: rare words more than common ones; a word no entry uses counts
    /// against a match, except an identifier (a word with a digit: "4471", "a12b") the file
    /// does not mention, which names a thing rather than a topic and is left out, and a word
    /// of time ("tuesday", "last") the file does not mention, which weighs as little as a
    /// word every entry uses.
    fn weight(&self, word: &str) -> f32 {
        match self.idf.get(word) {
            Some(w) => *w,
            None if word.bytes().any(|b| b.is_ascii_digit()) => 0.0,
            None if is_context(word) => self.common,
            None => self.unseen,
        }
    }

    /// How well `query` (normalised, deduplicated) matches `entry`, in `0.0..=1.0`.
    fn score(&self, query: &[String], entry: &Entry) -> f32 {
        let total: f32 = query.iter().map(|q| self.weight(q)).sum();
        if total <= 0.0 {
            return 0.0;
        }
        // Per query word, its best match anywhere in the entry's question and alternatives.
        let mut entry_cover: Vec<f32> = vec![0.0; query.len()];
        let mut best_text = 0.0f32;
        let mut best_precision = 0.0f32;
        for text in &entry.texts {
            if text.is_empty() {
                continue;
            }
            // Recall: how much of the visitor's question this text explains.
            let cover: Vec<f32> = query
                .iter()
                .map(|q| text.iter().map(|c| similarity(q, c)).fold(0.0, f32::max))
                .collect();
            let recall = query
                .iter()
                .zip(&cover)
                .map(|(q, s)| self.weight(q) * s)
                .sum::<f32>()
                / total;
            // Precision: how much of this text the visitor's question touches.
            let text_total: f32 = text.iter().map(|c| self.weight(c)).sum();
            let touched: f32 = text
                .iter()
                .map(|c| {
                    self.weight(c) * query.iter().map(|q| similarity(q, c)).fold(0.0, f32::max)
                })
                .sum();
            let precision = if text_total > 0.0 {
                touched / text_total
            } else {
                0.0
            };
            // The visitor's words matter more than the FAQ's extra words: short questions
            // ("returns?") should still find "What is your returns policy?".
            best_text = best_text.max(recall.powf(0.6) * precision.powf(0.4));
            best_precision = best_precision.max(precision);
            for (e, c) in entry_cover.iter_mut().zip(&cover) {
                *e = e.max(*c);
            }
        }
        // The question and its alternatives describe one topic: words explained by different
        // alternatives ("returning" by the question, "item" by an alternative) add up.
        let entry_recall = query
            .iter()
            .zip(&entry_cover)
            .map(|(q, s)| self.weight(q) * s)
            .sum::<f32>()
            / total;
        best_text = best_text.max(entry_recall.powf(0.6) * best_precision.powf(0.4));
        let best_cover = entry_cover;

        // Keywords: a keyword present in the question points at this entry on its own.
        let mut keyword_hit = false;
        let mut cover = best_cover;
        for keyword in &entry.keywords {
            let sims: Vec<(usize, f32)> = keyword
                .iter()
                .filter_map(|k| {
                    query
                        .iter()
                        .enumerate()
                        .map(|(i, q)| (i, similarity(q, k)))
                        .max_by(|a, b| a.1.total_cmp(&b.1))
                        .filter(|(_, s)| *s > 0.0)
                })
                .collect();
            if !keyword.is_empty() && sims.len() == keyword.len() {
                keyword_hit = true;
                for (i, s) in sims {
                    cover[i] = cover[i].max(s);
                }
            }
        }
        if keyword_hit {
            let covered = query
                .iter()
                .zip(&cover)
                .map(|(q, s)| self.weight(q) * s)
                .sum::<f32>()
                / total;
            best_text = best_text.max(0.5 + 0.5 * covered);
        }
        best_text.clamp(0.0, 1.0)
    }
}

/// The language with ISO 639-1 `code`, or an error naming where it was written.
fn lang(code: &str, at: &str) -> Result<Lang, String> {
    Lang::from_code(code).ok_or_else(|| {
        let known: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        format!(
            "{at}: language {code:?} is not one the assistant can tell apart (expected one of {})",
            known.join(", ")
        )
    })
}

/// A required, non-empty string.
fn required(table: &toml::Table, key: &str, at: &str) -> Result<String, String> {
    match table.get(key) {
        None => Err(format!("{at}: {key:?} is missing")),
        Some(toml::Value::String(s)) if s.trim().is_empty() => {
            Err(format!("{at}: {key:?} is empty"))
        }
        Some(toml::Value::String(s)) => Ok(s.trim().to_string()),
        Some(_) => Err(format!("{at}: {key:?} must be a string")),
    }
}

fn check_answer(answer: &str, at: &str) -> Result<(), String> {
    let chars = answer.chars().count();
    if chars > MAX_ANSWER {
        return Err(format!(
            "{at}: \"answer\" has {chars} characters; the widget shows at most {MAX_ANSWER}"
        ));
    }
    Ok(())
}

fn parse_entry(n: usize, value: &toml::Value, language: Lang) -> Result<FaqEntry, String> {
    let toml::Value::Table(table) = value else {
        return Err(format!("entry {n} must be a [[entries]] table"));
    };
    let question = required(table, "question", &format!("entry {n}"))?;
    let at = format!("entry {n} ({question:?})");
    if let Some(key) = table.keys().find(|k| !ENTRY_KEYS.contains(&k.as_str())) {
        return Err(format!(
            "{at}: unknown key {key:?} (expected {})",
            ENTRY_KEYS.join(", ")
        ));
    }
    let answer = required(table, "answer", &at)?;
    check_answer(&answer, &at)?;
    let alternatives = string_list(table, "alternatives", &at)?;
    let keywords = string_list(table, "keywords", &at)?;
    let answers_first = match table.get("answers_first") {
        None => false,
        Some(toml::Value::Boolean(b)) => *b,
        Some(_) => return Err(format!("{at}: \"answers_first\" must be true or false")),
    };
    let mut translations = Vec::new();
    match table.get("translations") {
        None => {}
        Some(toml::Value::Table(langs)) => {
            for (code, value) in langs {
                let t_at = format!("{at}, translation {code:?}");
                let lang = lang(code, &t_at)?;
                if lang == language {
                    return Err(format!("{t_at}: the file is already written in {code:?}"));
                }
                let toml::Value::Table(t) = value else {
                    return Err(format!(
                        "{t_at} must be a table, like [entries.translations.{code}]"
                    ));
                };
                if let Some(key) = t.keys().find(|k| !TRANSLATION_KEYS.contains(&k.as_str())) {
                    return Err(format!(
                        "{t_at}: unknown key {key:?} (expected {})",
                        TRANSLATION_KEYS.join(", ")
                    ));
                }
                let answer = required(t, "answer", &t_at)?;
                check_answer(&answer, &t_at)?;
                translations.push(Translation {
                    lang,
                    question: required(t, "question", &t_at)?,
                    answer,
                    alternatives: string_list(t, "alternatives", &t_at)?,
                    keywords: string_list(t, "keywords", &t_at)?,
                });
            }
        }
        Some(_) => {
            return Err(format!(
                "{at}: \"translations\" must be tables, like [entries.translations.es]"
            ))
        }
    }
    Ok(FaqEntry {
        question,
        answer,
        alternatives,
        keywords,
        translations,
        answers_first,
    })
}

/// The words an entry (or a translation of it) is matched on, read as `lang`.
fn compile(
    id: usize,
    lang: Lang,
    question: &str,
    answer: &str,
    alternatives: &[String],
    keywords: &[String],
) -> Entry {
    let mut texts = vec![normalise_in(question, lang)];
    texts.extend(alternatives.iter().map(|a| normalise_in(a, lang)));
    let texts: Vec<Vec<String>> = texts.into_iter().map(dedup).collect();
    let words = keywords
        .iter()
        .map(|k| dedup(normalise_in(k, lang)))
        .collect();
    Entry {
        id,
        question: question.to_string(),
        answer: answer.to_string(),
        texts,
        keywords: words,
        raw_keywords: keywords.to_vec(),
    }
}

/// The file's rules for an entry: every keyword and the entry as a whole have a word to match on.
fn check_entry(at: &str, entry: &Entry) -> Result<(), String> {
    for (i, (words, k)) in entry.keywords.iter().zip(&entry.raw_keywords).enumerate() {
        if words.is_empty() {
            return Err(format!("{at}: keyword {} ({k:?}) has no word to match on (only common words like \"the\", \"how\")", i + 1));
        }
    }
    if entry.texts.iter().all(Vec::is_empty) && entry.keywords.is_empty() {
        return Err(format!(
            "{at}: the question has no word to match on (only common words like \"the\", \"how\"); add alternatives or keywords"
        ));
    }
    Ok(())
}

fn string_list(table: &toml::Table, key: &str, at: &str) -> Result<Vec<String>, String> {
    let Some(value) = table.get(key) else {
        return Ok(Vec::new());
    };
    let toml::Value::Array(items) = value else {
        return Err(format!(
            "{at}: {key:?} must be a list of strings, like [\"…\", \"…\"]"
        ));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            toml::Value::String(s) if s.trim().is_empty() => {
                return Err(format!("{at}: {key} item {} is empty", i + 1))
            }
            toml::Value::String(s) => out.push(s.trim().to_string()),
            _ => return Err(format!("{at}: {key} item {} must be a string", i + 1)),
        }
    }
    Ok(out)
}

fn dedup(mut words: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    words.retain(|w| seen.insert(w.clone()));
    words
}

/// How alike two normalised words are: 1 when equal, 0.8 for one edit (two for words of
/// nine letters or more) in words of five letters or more, else 0.
fn similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let shorter = la.min(lb);
    if shorter < 5 || la.abs_diff(lb) > 2 {
        return 0.0;
    }
    // Typos rarely hit the first letter, and short words one letter apart are often simply
    // different words ("night"/"right"): short words must share their first letter.
    if shorter < 7 && a.chars().next() != b.chars().next() {
        return 0.0;
    }
    let allowed = if shorter >= 9 { 2 } else { 1 };
    // Optimal string alignment: a swap of neighbours ("retrun") is one edit.
    if strsim::osa_distance(a, b) <= allowed {
        0.8
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_name_the_entry_and_the_problem() {
        let entry = |body: &str| {
            format!("[[entries]]\nquestion = \"Where is my order?\"\nanswer = \"Check the email.\"\n\n[[entries]]\n{body}\n")
        };
        let cases: Vec<(String, &str)> = vec![
            ("".into(), "no [[entries]]: the file needs at least one"),
            ("entries = []".into(), "no [[entries]]: the file needs at least one"),
            ("entries = 3".into(), "\"entries\" must be written as [[entries]] tables"),
            ("title = \"FAQ\"".into(), "unknown top-level key \"title\": the file holds language and [[entries]]"),
            ("language = \"xx\"\n[[entries]]\nquestion = \"Returns?\"\nanswer = \"x\"".into(), "language: language \"xx\" is not one the assistant can tell apart"),
            (entry("question = \"Returns?\"\nanswer = \"x\"\nanswers_first = \"yes\""), "entry 2 (\"Returns?\"): \"answers_first\" must be true or false"),
            (entry("question = \"Returns?\"\nanswer = \"x\"\n[entries.translations.xx]\nquestion = \"a\"\nanswer = \"b\""), "entry 2 (\"Returns?\"), translation \"xx\": language \"xx\" is not one"),
            (entry("question = \"Returns?\"\nanswer = \"x\"\n[entries.translations.en]\nquestion = \"Returns?\"\nanswer = \"b\""), "entry 2 (\"Returns?\"), translation \"en\": the file is already written in \"en\""),
            (entry("question = \"Returns?\"\nanswer = \"x\"\n[entries.translations.es]\nquestion = \"¿Devoluciones?\""), "entry 2 (\"Returns?\"), translation \"es\": \"answer\" is missing"),
            (entry("question = \"Returns?\"\nanswer = \"x\"\n[entries.translations.es]\nquestion = \"¿Devoluciones?\"\nanswer = \"y\"\nrespuesta = \"z\""), "entry 2 (\"Returns?\"), translation \"es\": unknown key \"respuesta\""),
            (entry("question = \"Returns?\"\nanswer = \"x\"\n[entries.translations.es]\nquestion = \"¿Qué es?\"\nanswer = \"y\""), "entry 2 (\"Returns?\"), translation \"es\": the question has no word to match on"),
            (entry("question = \"Returns?\"\nanswer = \"x\"\ntranslations = 3"), "entry 2 (\"Returns?\"): \"translations\" must be tables"),
            ("[[entries]\n".into(), "invalid TOML"),
            (entry("answer = \"x\""), "entry 2: \"question\" is missing"),
            (entry("question = \"  \"\nanswer = \"x\""), "entry 2: \"question\" is empty"),
            (entry("question = 5\nanswer = \"x\""), "entry 2: \"question\" must be a string"),
            (entry("question = \"Returns?\""), "entry 2 (\"Returns?\"): \"answer\" is missing"),
            (entry("question = \"Returns?\"\nanswer = \"\""), "entry 2 (\"Returns?\"): \"answer\" is empty"),
            (entry("question = \"Returns?\"\nanswer = \"x\"\nanwser = \"y\""), "entry 2 (\"Returns?\"): unknown key \"anwser\""),
            (entry("question = \"Returns?\"\nanswer = \"x\"\nkeywords = \"refund\""), "entry 2 (\"Returns?\"): \"keywords\" must be a list of strings"),
            (entry("question = \"Returns?\"\nanswer = \"x\"\nalternatives = [\"a b\", \"\"]"), "entry 2 (\"Returns?\"): alternatives item 2 is empty"),
            (entry("question = \"Returns?\"\nanswer = \"x\"\nalternatives = [1]"), "entry 2 (\"Returns?\"): alternatives item 1 must be a string"),
            (entry("question = \"Returns?\"\nanswer = \"x\"\nkeywords = [\"the\"]"), "entry 2 (\"Returns?\"): keyword 1 (\"the\") has no word to match on"),
            (entry("question = \"What is it?\"\nanswer = \"x\""), "entry 2 (\"What is it?\"): the question has no word to match on"),
            (entry("question = \"where's my ORDER\"\nanswer = \"x\""), "entry 2 (\"where's my ORDER\") asks the same as entry 1 (\"Where is my order?\")"),
            (entry(&format!("question = \"Returns?\"\nanswer = \"{}\"", "x".repeat(4001))), "entry 2 (\"Returns?\"): \"answer\" has 4001 characters"),
            ("[[entries]]\nquestion = \"Returns?\"\nanswer = \"b\"\n[[entries]]\nquestion = \"Delivery?\"\nanswer = \"d\"\n[[entries]]\nanswer = \"e\"".into(), "entry 3: \"question\" is missing"),
            ("entries = [\"x\"]".into(), "entry 1 must be a [[entries]] table"),
        ];
        for (text, expected) in cases {
            let err = Faq::parse(&text).unwrap_err();
            assert!(
                err.starts_with(expected),
                "{text}\n→ {err}\nexpected: {expected}"
            );
        }
    }

    #[test]
    fn a_question_with_only_keywords_or_alternatives_is_fine() {
        let faq = Faq::parse("[[entries]]\nquestion = \"What about it?\"\nkeywords = [\"klarna\"]\nanswer = \"Yes.\"").unwrap();
        assert_eq!(faq.len(), 1);
        assert_eq!(faq.answer("klarna?").text.as_deref(), Some("Yes."));
    }

    #[test]
    fn table_of_answers() {
        let faq = Faq::parse(
            r#"
            [[entries]]
            question = "What is your returns policy?"
            alternatives = ["Can I send an item back?"]
            answer = "30 days."

            [[entries]]
            question = "How much does delivery cost?"
            keywords = ["free shipping"]
            answer = "£4.95."

            [[entries]]
            question = "¿Hacéis envíos a España?"
            answer = "Sí."

            [[entries]]
            question = "送料はいくらですか"
            answer = "500円です。"
            "#,
        )
        .unwrap();
        // (question, expected answer or None, minimum confidence, maximum confidence)
        let cases: &[(&str, Option<&str>, f32, f32)] = &[
            ("What is your returns policy?", Some("30 days."), 1.0, 1.0),
            ("returns", Some("30 days."), 0.6, 1.0),
            ("can I send it back", Some("30 days."), 0.6, 1.0),
            ("Returning an item", Some("30 days."), 0.6, 1.0),
            ("shipping price", Some("£4.95."), 0.6, 1.0),
            (
                "do you offer free shipping to my town",
                Some("£4.95."),
                0.5,
                1.0,
            ),
            ("hacéis envíos a espana", Some("Sí."), 0.6, 1.0),
            ("HACEIS ENVIOS", Some("Sí."), 0.5, 1.0),
            ("送料はいくら", Some("500円です。"), 0.6, 1.0),
            ("do you sell kayaks", None, 0.0, 0.3),
            ("", None, 0.0, 0.0),
            ("what is", None, 0.0, 0.0),
        ];
        for &(question, expected, lo, hi) in cases {
            let a = faq.answer(question);
            assert_eq!(a.text.as_deref(), expected, "{question:?}: {a:?}");
            assert!((lo..=hi).contains(&a.confidence), "{question:?}: {a:?}");
        }
    }

    #[test]
    fn translations_answer_in_the_question_s_language() {
        let faq = Faq::parse(
            r#"
            [[entries]]
            question = "Where is my order?"
            answer = "Use the tracking link."
            [entries.translations.es]
            question = "¿Dónde está mi pedido?"
            answer = "Use el enlace de seguimiento."
            [entries.translations.fr]
            question = "Où est ma commande ?"
            alternatives = ["Comment suivre ma commande ?"]
            answer = "Utilisez le lien de suivi."

            [[entries]]
            question = "How much does delivery cost?"
            answers_first = true
            answer = "£4.95."
            [entries.translations.de]
            question = "Was kostet der Versand?"
            answer = "4,95 £."
            "#,
        )
        .unwrap();
        assert_eq!(
            faq.languages().collect::<Vec<_>>(),
            [Lang::En, Lang::Es, Lang::Fr, Lang::De]
        );
        // (question, answer, language read in, whether the file speaks it)
        let cases: &[(&str, Option<&str>, Lang, bool)] = &[
            (
                "where is my order #4471?",
                Some("Use the tracking link."),
                Lang::En,
                true,
            ),
            (
                "¿dónde está mi pedido 4471?",
                Some("Use el enlace de seguimiento."),
                Lang::Es,
                true,
            ),
            (
                "donde esta mi pedido",
                Some("Use el enlace de seguimiento."),
                Lang::Es,
                true,
            ),
            (
                "où est ma commande ?",
                Some("Utilisez le lien de suivi."),
                Lang::Fr,
                true,
            ),
            (
                "comment je peux suivre ma commande",
                Some("Utilisez le lien de suivi."),
                Lang::Fr,
                true,
            ),
            (
                "Was kostet der Versand nach Berlin?",
                Some("4,95 £."),
                Lang::De,
                true,
            ),
            // German is spoken, but this entry has no German: not sure, in German.
            ("Wo ist meine Bestellung?", None, Lang::De, true),
            // Spanish is spoken, delivery costs are not in Spanish.
            ("¿Cuánto cuesta el envío?", None, Lang::Es, true),
            // Dutch is not spoken at all.
            ("Waar is mijn bestelling?", None, Lang::Nl, false),
        ];
        for &(question, answer, lang, speaks) in cases {
            let a = faq.answer(question);
            assert_eq!(
                (a.text.as_deref(), a.lang, a.speaks),
                (answer, lang, speaks),
                "{question:?}: {a:?}"
            );
        }
        // Words that tell no language are read in the chat's language when the file has it:
        // a Spanish visitor's "pedido?" finds the Spanish entry; with no chat language, or
        // one the file lacks, the file's own is assumed.
        let es = faq.answer_in("pedido?", Some(Lang::Es));
        assert_eq!(
            (es.text.as_deref(), es.lang),
            (Some("Use el enlace de seguimiento."), Lang::Es)
        );
        assert_eq!(faq.answer("pedido?").text, None);
        assert_eq!(faq.answer_in("pedido?", Some(Lang::Nl)).text, None);
        // The question's own words still win over the chat's language.
        assert_eq!(
            faq.answer_in("where is my order", Some(Lang::Es))
                .text
                .as_deref(),
            Some("Use the tracking link.")
        );
        // The entry's flag travels with its answer, in any language.
        assert!(faq.answer("how much does delivery cost").answers_first);
        assert!(faq.answer("Was kostet der Versand?").answers_first);
        assert!(!faq.answer("where is my order").answers_first);
        assert!(
            !faq.answer("Versand nach Mars, Pluto und Saturn?")
                .answers_first
        );
    }

    #[test]
    fn a_file_in_another_language() {
        let faq = Faq::parse("language = \"es\"\n[[entries]]\nquestion = \"¿Cuánto tardan los reembolsos?\"\nanswer = \"5 días.\"").unwrap();
        assert_eq!(faq.language(), Lang::Es);
        assert_eq!(
            faq.answer("cuanto tardan los reembolsos").text.as_deref(),
            Some("5 días.")
        );
        // A bare word tells no language: the file's own is assumed.
        assert_eq!(faq.answer("reembolsos").text.as_deref(), Some("5 días."));
        let a = faq.answer("how long do refunds take?");
        assert_eq!((a.text, a.lang, a.speaks), (None, Lang::En, false));
    }

    #[test]
    fn threshold_is_clamped() {
        let faq = Faq::parse("[[entries]]\nquestion = \"Returns?\"\nanswer = \"x\"").unwrap();
        assert_eq!(faq.clone().with_threshold(2.0).threshold(), 1.0);
        assert_eq!(faq.clone().with_threshold(-1.0).threshold(), 0.0);
        assert_eq!(faq.with_threshold(f32::NAN).threshold(), DEFAULT_THRESHOLD);
    }

    #[test]
    fn typos() {
        let cases = [
            ("warrenty", "warranty", 0.8),
            ("retrun", "return", 0.8),
            ("night", "right", 0.0),
            ("boot", "boat", 0.0),
            ("returns", "return", 0.8),
            ("shop", "ship", 0.0),
            ("oredr", "order", 0.8),
            ("appl", "appli", 0.0),
        ];
        for (a, b, expected) in cases {
            assert_eq!(similarity(a, b), expected, "{a} {b}");
        }
    }
}
