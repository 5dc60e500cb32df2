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

use super::words::{is_context, normalise};

/// Confidence below which the assistant says it does not know.
pub const DEFAULT_THRESHOLD: f32 = 0.45;
/// Distinct words of a question taken into account.
const MAX_QUERY_WORDS: usize = 64;
/// Longest answer the widget shows, in characters (the message limit).
pub const MAX_ANSWER: usize = 4000;

/// A parsed FAQ, ready to answer.
#[derive(Clone, Debug)]
pub struct Faq {
    entries: Vec<Entry>,
    /// Inverse document frequency per normalised word.
    idf: HashMap<String, f32>,
    /// Weight of a word no entry uses.
    unseen: f32,
    /// Weight of a word every entry uses: that of context words ("tuesday") no entry uses.
    common: f32,
    threshold: f32,
}

#[derive(Clone, Debug)]
struct Entry {
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
}

impl Faq {
    /// Parses an FAQ file. Errors name the entry (1-based, with its question) and the problem.
    pub fn parse(text: &str) -> Result<Faq, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| format!("invalid TOML: {}", e.to_string().trim_end()))?;
        if let Some(key) = table.keys().find(|k| *k != "entries") {
            return Err(format!("unknown top-level key {key:?}: the file holds only [[entries]]"));
        }
        let list = match table.get("entries") {
            None => return Err("no [[entries]]: the file needs at least one".into()),
            Some(toml::Value::Array(list)) => list,
            Some(_) => return Err("\"entries\" must be written as [[entries]] tables".into()),
        };
        if list.is_empty() {
            return Err("no [[entries]]: the file needs at least one".into());
        }
        let mut entries: Vec<Entry> = Vec::with_capacity(list.len());
        for (i, value) in list.iter().enumerate() {
            let n = i + 1;
            let spec = parse_entry(n, value)?;
            let entry = compile(spec);
            check_entry(n, &entry)?;
            if let Some(j) = entries.iter().position(|e| e.texts[0] == entry.texts[0] && !e.texts[0].is_empty()) {
                return Err(format!("entry {n} ({:?}) asks the same as entry {} ({:?})", entry.question, j + 1, entries[j].question));
            }
            entries.push(entry);
        }
        Ok(Faq::build(entries))
    }

    /// An FAQ from entries built in code, without the file's checks: an entry with no word
    /// to match on simply never matches, and two entries may ask the same.
    pub fn from_entries(entries: Vec<FaqEntry>) -> Faq {
        Faq::build(entries.into_iter().map(compile).collect())
    }

    fn build(entries: Vec<Entry>) -> Faq {
        // Document frequency: in how many entries each word appears.
        let mut df: HashMap<String, usize> = HashMap::new();
        for entry in &entries {
            let words: HashSet<&String> = entry.texts.iter().chain(&entry.keywords).flatten().collect();
            for w in words {
                *df.entry(w.clone()).or_default() += 1;
            }
        }
        let n = entries.len() as f32;
        let weight = |df: f32| (1.0 + (n + 1.0) / (df + 0.5)).ln();
        let idf = df.into_iter().map(|(w, d)| (w, weight(d as f32))).collect();
        // A word no entry uses weighs more than the rarest word the file knows: it is a
        // sign the question is about something the FAQ does not cover.
        Faq { entries, idf, unseen: 1.5 * weight(0.0), common: weight(n), threshold: DEFAULT_THRESHOLD }
    }

    /// The same FAQ answering only at or above `threshold` (clamped to `0.0..=1.0`).
    pub fn with_threshold(mut self, threshold: f32) -> Faq {
        self.threshold = if threshold.is_finite() { threshold.clamp(0.0, 1.0) } else { DEFAULT_THRESHOLD };
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

    /// The entries' questions, in file order.
    pub fn questions(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.question.as_str())
    }

    /// The answer of entry `i` (0-based, file order), as [`FaqAnswer::entry`] names it.
    pub fn answer_of(&self, i: usize) -> &str {
        self.entries.get(i).map_or("", |e| e.answer.as_str())
    }

    /// The best entry for `question` and how sure the match is.
    pub fn answer(&self, question: &str) -> FaqAnswer {
        let mut query: Vec<String> = dedup(normalise(question));
        // A question is a sentence or two; cap the work a pasted essay can cause.
        query.truncate(MAX_QUERY_WORDS);
        let mut best: Option<(f32, usize)> = None;
        if !query.is_empty() {
            for (i, entry) in self.entries.iter().enumerate() {
                let score = self.score(&query, entry);
                if score > 0.0 && best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, i));
                }
            }
        }
        match best {
            None => FaqAnswer { text: None, confidence: 0.0, matched: None, entry: None },
            Some((confidence, i)) => FaqAnswer {
                text: (confidence >= self.threshold).then(|| self.entries[i].answer.clone()),
                confidence,
                matched: Some(self.entries[i].question.clone()),
                entry: Some(i),
            },
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
            let cover: Vec<f32> = query.iter().map(|q| text.iter().map(|c| similarity(q, c)).fold(0.0, f32::max)).collect();
            let recall = query.iter().zip(&cover).map(|(q, s)| self.weight(q) * s).sum::<f32>() / total;
            // Precision: how much of this text the visitor's question touches.
            let text_total: f32 = text.iter().map(|c| self.weight(c)).sum();
            let touched: f32 = text
                .iter()
                .map(|c| self.weight(c) * query.iter().map(|q| similarity(q, c)).fold(0.0, f32::max))
                .sum();
            let precision = if text_total > 0.0 { touched / text_total } else { 0.0 };
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
        let entry_recall = query.iter().zip(&entry_cover).map(|(q, s)| self.weight(q) * s).sum::<f32>() / total;
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
            let covered = query.iter().zip(&cover).map(|(q, s)| self.weight(q) * s).sum::<f32>() / total;
            best_text = best_text.max(0.5 + 0.5 * covered);
        }
        best_text.clamp(0.0, 1.0)
    }
}

fn parse_entry(n: usize, value: &toml::Value) -> Result<FaqEntry, String> {
    let toml::Value::Table(table) = value else {
        return Err(format!("entry {n} must be a [[entries]] table"));
    };
    let question = match table.get("question") {
        None => return Err(format!("entry {n}: \"question\" is missing")),
        Some(toml::Value::String(q)) if q.trim().is_empty() => return Err(format!("entry {n}: \"question\" is empty")),
        Some(toml::Value::String(q)) => q.trim().to_string(),
        Some(_) => return Err(format!("entry {n}: \"question\" must be a string")),
    };
    let at = format!("entry {n} ({question:?})");
    if let Some(key) = table.keys().find(|k| !matches!(k.as_str(), "question" | "alternatives" | "keywords" | "answer")) {
        return Err(format!("{at}: unknown key {key:?} (expected question, alternatives, keywords, answer)"));
    }
    let answer = match table.get("answer") {
        None => return Err(format!("{at}: \"answer\" is missing")),
        Some(toml::Value::String(a)) if a.trim().is_empty() => return Err(format!("{at}: \"answer\" is empty")),
        Some(toml::Value::String(a)) => a.trim().to_string(),
        Some(_) => return Err(format!("{at}: \"answer\" must be a string")),
    };
    let chars = answer.chars().count();
    if chars > MAX_ANSWER {
        return Err(format!("{at}: \"answer\" has {chars} characters; the widget shows at most {MAX_ANSWER}"));
    }
    let alternatives = string_list(table, "alternatives", &at)?;
    let keywords = string_list(table, "keywords", &at)?;
    Ok(FaqEntry { question, answer, alternatives, keywords })
}

/// The words an entry is matched on.
fn compile(spec: FaqEntry) -> Entry {
    let mut texts = vec![normalise(&spec.question)];
    texts.extend(spec.alternatives.iter().map(|a| normalise(a)));
    let texts: Vec<Vec<String>> = texts.into_iter().map(dedup).collect();
    let keywords = spec.keywords.iter().map(|k| dedup(normalise(k))).collect();
    Entry { question: spec.question, answer: spec.answer, texts, keywords, raw_keywords: spec.keywords }
}

/// The file's rules for entry `n`: every keyword and the entry as a whole have a word to match on.
fn check_entry(n: usize, entry: &Entry) -> Result<(), String> {
    let at = format!("entry {n} ({:?})", entry.question);
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
    let Some(value) = table.get(key) else { return Ok(Vec::new()) };
    let toml::Value::Array(items) = value else {
        return Err(format!("{at}: {key:?} must be a list of strings, like [\"…\", \"…\"]"));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            toml::Value::String(s) if s.trim().is_empty() => return Err(format!("{at}: {key} item {} is empty", i + 1)),
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
        let entry = |body: &str| format!("[[entries]]\nquestion = \"Where is my order?\"\nanswer = \"Check the email.\"\n\n[[entries]]\n{body}\n");
        let cases: Vec<(String, &str)> = vec![
            ("".into(), "no [[entries]]: the file needs at least one"),
            ("entries = []".into(), "no [[entries]]: the file needs at least one"),
            ("entries = 3".into(), "\"entries\" must be written as [[entries]] tables"),
            ("title = \"FAQ\"".into(), "unknown top-level key \"title\": the file holds only [[entries]]"),
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
            assert!(err.starts_with(expected), "{text}\n→ {err}\nexpected: {expected}");
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
            ("do you offer free shipping to my town", Some("£4.95."), 0.5, 1.0),
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
    fn threshold_is_clamped() {
        let faq = Faq::parse("[[entries]]\nquestion = \"Returns?\"\nanswer = \"x\"").unwrap();
        assert_eq!(faq.clone().with_threshold(2.0).threshold(), 1.0);
        assert_eq!(faq.clone().with_threshold(-1.0).threshold(), 0.0);
        assert_eq!(faq.with_threshold(f32::NAN).threshold(), DEFAULT_THRESHOLD);
    }

    #[test]
    fn typos() {
        let cases = [("warrenty", "warranty", 0.8), ("retrun", "return", 0.8), ("night", "right", 0.0), ("boot", "boat", 0.0), ("returns", "return", 0.8), ("shop", "ship", 0.0), ("oredr", "order", 0.8), ("appl", "appli", 0.0)];
        for (a, b, expected) in cases {
            assert_eq!(similarity(a, b), expected, "{a} {b}");
        }
    }
}
