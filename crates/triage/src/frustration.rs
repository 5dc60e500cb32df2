//! `frustration`: a score from the lexicon, intensifiers, capitals, "!!!"/"???" runs and
//! the build-up of several negative messages in a row.

use crate::dict::flag;
use crate::phrases::{Kind, Phrases};
use crate::scan::Scan;
use crate::text::{push_u32, quoted};
use crate::{Reason, Trigger};

const INTENSIFIED: f32 = 1.5;
const CAPS_WEIGHT: f32 = 0.7;
const RUN_WEIGHT: f32 = 0.7;
/// A message counts towards build-up from this score.
pub(crate) const NEGATIVE: f32 = 0.3;
const BUILD_UP_PER_MESSAGE: f32 = 0.25;

/// Scores the message alone; returns the score (never below zero).
pub(crate) fn score(p: &Phrases, s: &Scan, text: &str, out: &mut Vec<Reason>) -> f32 {
    let mut total = 0.0f32;
    let mut covered_to = 0u32;
    for m in &s.matches {
        let ph = &p.phrases[m.phrase as usize];
        let Kind::Frustration(weight) = ph.kind else { continue };
        // Overlapping terms count once: "still not working" is not "still not" plus
        // "not working".
        if m.start < covered_to {
            continue;
        }
        let (start, end) = (m.start as usize, m.end as usize);
        if !ph.negative && s.negated_before(start, end) {
            continue;
        }
        covered_to = m.end;
        let intensified = start > 0 && s.r.flags[start - 1] & flag::INTENSIFIER != 0;
        let w = if intensified && weight > 0.0 { weight * INTENSIFIED } else { weight };
        total += w;
        if out.len() < 16 {
            let signal = if intensified {
                quoted("term", &s.span(start - 1, end))
            } else {
                quoted("term", &ph.text)
            };
            out.push(Reason { trigger: Trigger::Frustration, signal, weight: w });
        }
    }
    let t = &s.toks;
    // "thanks!!!", "GREAT NEWS": capitals and exclamation marks of delight are not anger.
    if (0..s.len()).any(|i| s.r.flags[i] & flag::POSITIVE != 0) {
        return total.max(0.0);
    }
    if t.letters >= 8 && t.caps_words >= 2 && t.upper * 100 >= t.letters * 70 {
        let mut signal = String::from("all caps ");
        push_u32(&mut signal, t.upper * 100 / t.letters);
        signal.push('%');
        total += CAPS_WEIGHT;
        out.push(Reason { trigger: Trigger::Frustration, signal, weight: CAPS_WEIGHT });
    }
    if let Some(run) = longest_run(text) {
        total += RUN_WEIGHT;
        let mut signal = String::from("\"");
        signal.push_str(run);
        signal.push_str("\" run");
        out.push(Reason { trigger: Trigger::Frustration, signal, weight: RUN_WEIGHT });
    }
    total.max(0.0)
}

/// The longest run of three or more `!`/`?` (at most six shown).
fn longest_run(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let (mut best, mut best_len) = (0, 0);
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'!' || b[i] == b'?' {
            let start = i;
            while i < b.len() && (b[i] == b'!' || b[i] == b'?') {
                i += 1;
            }
            if i - start > best_len {
                best = start;
                best_len = i - start;
            }
        } else {
            i += 1;
        }
    }
    (best_len >= 3).then(|| &text[best..best + best_len.min(6)])
}

/// Extra score when this message and the ones right before it are all negative.
pub(crate) fn build_up(previous: &[f32], current: f32, out: &mut Vec<Reason>) -> f32 {
    if current < NEGATIVE {
        return 0.0;
    }
    let streak = previous.iter().rev().take_while(|&&s| s >= NEGATIVE).take(3).count() as u32;
    if streak < 2 {
        return 0.0;
    }
    let w = BUILD_UP_PER_MESSAGE * streak as f32;
    let mut signal = String::from("build-up over ");
    push_u32(&mut signal, streak + 1);
    signal.push_str(" messages");
    out.push(Reason { trigger: Trigger::Frustration, signal, weight: w });
    w
}
