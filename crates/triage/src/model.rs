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

use crate::phrases::{Kind, Phrases};
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
const WORDS: u32 = 64;

/// What the model adds to the frustration score of the message: the sum of the weights of
/// its features (each phrase of [`Kind::Learned`] found, once, unless negated) and the
/// intercept, from zero up to [`CAP`], with a reason naming the heaviest features when it
/// adds anything. The features are compiled into the phrase tables with the rules' phrases
/// (`Phrases::compile`), so the widget carries no second dictionary for them.
pub(crate) fn score(p: &Phrases, s: &Scan, out: &mut Vec<Reason>) -> f32 {
    let Some(mut z) = p.learned_bias else {
        return 0.0;
    };
    // The three heaviest features for the reason, heaviest first.
    let mut top: [(f32, u32); NAMED] = [(0.0, 0); NAMED];
    for (k, m) in s.matches.iter().enumerate() {
        let Kind::Learned(w) = p.phrases[m.phrase as usize].kind else {
            continue;
        };
        if m.start >= WORDS
            || s.matches[..k].iter().any(|e| e.phrase == m.phrase)
            || s.negated_before(m.start as usize, m.end as usize)
        {
            continue;
        }
        z += w;
        let mut item = (w, m.phrase);
        for slot in top.iter_mut() {
            if item.0 > slot.0 {
                core::mem::swap(slot, &mut item);
            }
        }
    }
    let added = z.clamp(0.0, CAP);
    if added > 0.0 {
        let mut signal = String::from("learned words");
        for (n, &(w, i)) in top.iter().filter(|t| t.0 > 0.0).enumerate() {
            signal.push_str(if n == 0 { " \"" } else { ", \"" });
            signal.push_str(&p.phrases[i as usize].text);
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

/// Calls `f` once per distinct feature of the message: each word, and each pair of
/// adjacent words in one clause, written `first second` — except those the rules read as
/// negated ("not ridiculous" weighs nothing for "ridiculous").
pub(crate) fn each_feature(scan: &Scan, mut f: impl FnMut(&str)) {
    let toks = &scan.toks;
    let n = toks.tokens.len().min(WORDS as usize);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn features(text: &str) -> Vec<String> {
        crate::Engine::new(crate::Config::default())
            .unwrap()
            .learned_features(text)
    }

    /// What a model of `entries` adds to `text`, and its reasons.
    fn added(entries: &str, text: &str) -> (f32, Vec<Reason>) {
        let config = crate::Config {
            model: Some(entries.to_string()),
            ..crate::Config::default()
        };
        let p = Phrases::compile(&config);
        let mut out = Vec::new();
        let added = score(&p, &Scan::new(&p, text), &mut out);
        (added, out)
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
        let m = "(bias)=-100|service=10|thanks=-300|worst=120|worst service=30";
        let (added_, out) = added(m, "worst service");
        // -1.00 + 1.20 + 0.10 + 0.30.
        assert!((added_ - 0.6).abs() < 1e-5, "{added_}");
        assert_eq!(
            out[0].signal,
            "learned words \"worst\" +1.20, \"worst service\" +0.30, \"service\" +0.10"
        );
        let (again, _) = added(m, "worst worst worst service");
        assert!((again - 0.6).abs() < 1e-5, "each feature once: {again}");
        assert_eq!(added("worst=900", "worst").0, CAP);
        assert_eq!(added(m, "worst service, thanks"), (0.0, Vec::new()));
        assert_eq!(added(m, "not the worst service").0, 0.0, "negated");
    }

    #[test]
    fn features_in_any_order_are_one_model_and_none_is_no_model() {
        assert_eq!(added("(bias)=-50|worst=120|awful=100", "awful").0, 0.5);
        assert_eq!(added("", "awful").0, 0.0);
        // The rules' typo correction does not reach for the model's ordinary words.
        let p = Phrases::compile(&crate::Config {
            model: Some("gazebo=100".into()),
            ..crate::Config::default()
        });
        assert_eq!(p.dict.typo("gazebos"), crate::dict::NONE);
    }

    #[test]
    fn an_empty_or_malformed_model_adds_nothing_and_never_panics() {
        let _ = added("|=|==|x=abc|(bias)=99999999999999999999", "x");
        assert_eq!(added("=5", "awful"), (0.0, Vec::new()));
    }
}
