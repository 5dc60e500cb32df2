//! Matching a question to an entry: each language's word weights, the score, the words an
//! entry is matched on, and how alike two words are.

use std::collections::{HashMap, HashSet};

use super::{Entry, Index};
use crate::bot::words::{is_context, normalise_in, Lang};

impl Index {
    pub(super) fn new(lang: Lang, entries: Vec<Entry>) -> Index {
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
    pub(super) fn score(&self, query: &[String], entry: &Entry) -> f32 {
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

/// The words an entry (or a translation of it) is matched on, read as `lang`.
pub(super) fn compile(
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

pub(super) fn dedup(mut words: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    words.retain(|w| seen.insert(w.clone()));
    words
}

/// How alike two normalised words are: 1 when equal, 0.8 for one edit (two for words of
/// nine letters or more) in words of five letters or more, else 0.
pub(super) fn similarity(a: &str, b: &str) -> f32 {
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
