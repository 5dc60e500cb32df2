//! A learned frustration scorer beside the rules: a linear model over a message's words and
//! adjacent word pairs, as the tokeniser normalises them ("WORST!!" and "worst" meet).
//!
//! It is data, not code: `baton triage train` fits it to labelled lines and writes it as a
//! pack's `model` list of `feature=hundredths` entries (`worst=112|never again=48`), with the
//! intercept as the entry `(bias)`; the hub sends it to the widget with the packs. A site may
//! bring its own, trained with its transcripts added ([`crate::Config::model`]). Each feature
//! counts once per message. The trainer scales the weights so that the sum's positive part is
//! what the model adds to the rules' frustration score (calibrated against the rules, up to
//! [`CAP`]), and a decision it helps names the words that weighed most.

use crate::lexicon;
use crate::scan::Scan;
use crate::text::push_fixed2;
use crate::{Reason, Trigger};

/// The intercept's entry name: no token can be written with parentheses.
pub const BIAS: &str = "(bias)";

/// The most the model adds alone: never more than one strong lexicon term.
pub const CAP: f32 = 1.0;
/// Features named in a reason.
const NAMED: usize = 3;
/// The words of a message the model reads: its start (a pasted page says nothing more).
const WORDS: usize = 64;

/// Compiled `model` entries: features sorted for binary search, with their weights.
#[derive(Clone, Debug, Default)]
pub(crate) struct Model {
    /// The features' text, one after another; feature `i` ends at `ends[i]`. (Kept apart
    /// from the weights in types the engine already uses: each new vector type costs the
    /// widget code.)
    keys: String,
    ends: Vec<u32>,
    weights: Vec<f32>,
    bias: f32,
}

impl Model {
    /// Compiles `feature=hundredths` entries from `lists` (`|`-separated), the intercept
    /// being the `(bias)` entry. The features must come in byte order, each once, as the
    /// trainer writes them; a list out of order is no model at all (sorting here would cost
    /// the widget more than the lists), and [`check`] tells its owner why.
    pub fn compile<'a>(lists: impl Iterator<Item = &'a str>) -> Model {
        let mut m = Model::default();
        for list in lists {
            for entry in lexicon::items(list) {
                let (key, tenths) = lexicon::weighted(entry);
                // Written in hundredths; `weighted` reads tenths.
                let w = tenths / 10.0;
                if key == BIAS {
                    m.bias += w;
                } else if !key.is_empty() {
                    if m.ends
                        .last()
                        .is_some_and(|_| m.key(m.ends.len() - 1) >= key)
                    {
                        return Model::default();
                    }
                    m.keys.push_str(key);
                    m.ends.push(m.keys.len() as u32);
                    m.weights.push(w);
                }
            }
        }
        m
    }

    fn key(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.keys.get(start..self.ends[i] as usize).unwrap_or("")
    }

    /// The index of feature `key`.
    fn find(&self, key: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.key(mid).cmp(key) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// What the model adds to the frustration score of the message `toks`, with a reason
    /// naming the heaviest features when it adds anything.
    pub fn score(&self, scan: &Scan, out: &mut Vec<Reason>) -> f32 {
        if self.ends.is_empty() {
            return 0.0;
        }
        let mut z = self.bias;
        // The three heaviest features for the reason, heaviest first.
        let mut top: [(f32, usize); NAMED] = [(0.0, 0); NAMED];
        each_feature(scan, |key| {
            let Some(i) = self.find(key) else {
                return;
            };
            let w = self.weights[i];
            z += w;
            let mut item = (w, i);
            for slot in top.iter_mut() {
                if item.0 > slot.0 {
                    core::mem::swap(slot, &mut item);
                }
            }
        });
        let added = if z > 0.0 { z.min(CAP) } else { 0.0 };
        if added > 0.0 {
            let mut signal = String::from("learned words");
            for (n, &(w, i)) in top.iter().filter(|t| t.0 > 0.0).enumerate() {
                signal.push_str(if n == 0 { " \"" } else { ", \"" });
                signal.push_str(self.key(i));
                signal.push_str("\" +");
                push_fixed2(&mut signal, w);
            }
            out.push(Reason {
                trigger: Trigger::Frustration,
                signal,
                weight: added,
            });
        }
        added
    }
}

/// Calls `f` once per distinct feature of the message: each word, and each pair of
/// adjacent words in one clause, written `first second` — except those the rules read as
/// negated ("not ridiculous" weighs nothing for "ridiculous").
pub(crate) fn each_feature(scan: &Scan, mut f: impl FnMut(&str)) {
    let toks = &scan.toks;
    let n = toks.tokens.len().min(WORDS);
    let same_clause = |i: usize| toks.tokens[i + 1].clause == toks.tokens[i].clause;
    let mut pair = String::new();
    for i in 0..n {
        let word = toks.word(i);
        // Seen before in the message: counted once. (A scan back, not a set: [`WORDS`] keeps
        // it short, and the widget carries no hashing for it.)
        if !(0..i).any(|j| toks.word(j) == word) && !scan.negated_before(i, i + 1) {
            f(word);
        }
        if i + 1 < n && same_clause(i) && !scan.negated_before(i, i + 2) {
            let next = toks.word(i + 1);
            if !(0..i).any(|j| same_clause(j) && toks.word(j) == word && toks.word(j + 1) == next) {
                pair.clear();
                pair.push_str(word);
                pair.push(' ');
                pair.push_str(next);
                f(&pair);
            }
        }
    }
}

/// Why a model's entries would compile to no model: the first feature out of byte order (or
/// given twice). `None` when they are fine.
pub fn check(entries: &str) -> Option<String> {
    let mut last: Option<&str> = None;
    for entry in lexicon::items(entries) {
        let (key, _) = lexicon::weighted(entry);
        if key == BIAS || key.is_empty() {
            continue;
        }
        if last.is_some_and(|l| l >= key) {
            // Built by hand: `{:?}` would bring Unicode escape tables into the widget.
            let mut e = String::from("model entry \"");
            e.push_str(key);
            e.push_str("\" is out of order: features are in byte order, each once, as `baton triage train` writes them");
            return Some(e);
        }
        last = Some(key);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(text: &str) -> Vec<String> {
        crate::Engine::new(crate::Config::default())
            .unwrap()
            .learned_features(text)
    }

    fn scan(text: &str) -> Scan {
        Scan::new(&crate::phrases::Phrases::default(), text)
    }

    #[test]
    fn features_are_words_and_pairs_within_a_clause_each_once_unless_negated() {
        assert_eq!(
            features("WORST service, worst!"),
            ["worst", "worst service", "service"]
        );
        assert!(!features("this is not ridiculous").contains(&"ridiculous".to_string()));
    }

    #[test]
    fn a_message_scores_the_sum_of_its_features_and_names_the_heaviest() {
        let m = Model::compile(
            ["(bias)=-100|service=10|thanks=-300|worst=120|worst service=30"].into_iter(),
        );
        let mut out = Vec::new();
        let added = m.score(&scan("worst service"), &mut out);
        // -1.00 + 1.20 + 0.10 + 0.30.
        assert!((added - 0.6).abs() < 1e-5, "{added}");
        assert_eq!(
            out[0].signal,
            "learned words \"worst\" +1.20, \"worst service\" +0.30, \"service\" +0.10"
        );
        let again = m.score(&scan("worst worst worst service"), &mut Vec::new());
        assert!((again - 0.6).abs() < 1e-5, "each feature once: {again}");
        let strong = Model::compile(["worst=900"].into_iter());
        assert_eq!(strong.score(&scan("worst"), &mut Vec::new()), CAP);
        let mut out = Vec::new();
        assert_eq!(m.score(&scan("worst service, thanks"), &mut out), 0.0);
        assert!(out.is_empty());
    }

    #[test]
    fn features_out_of_order_are_no_model_and_check_says_why() {
        let m = Model::compile(["(bias)=100|worst=120|awful=100"].into_iter());
        assert_eq!(m.score(&scan("awful"), &mut Vec::new()), 0.0);
        assert!(check("(bias)=100|worst=120|awful=100").is_some_and(|e| e.contains("\"awful\"")));
        assert!(check("worst=1|worst=2").is_some());
        assert_eq!(check("(bias)=100|awful=100|worst=120"), None);
    }

    #[test]
    fn an_empty_or_malformed_model_adds_nothing_and_never_panics() {
        let m = Model::compile(["|=|==|x=abc|(bias)=99999999999999999999"].into_iter());
        let mut out = Vec::new();
        let _ = m.score(&scan("x"), &mut out);
        assert_eq!(Model::default().score(&scan("awful"), &mut out), 0.0);
    }
}
