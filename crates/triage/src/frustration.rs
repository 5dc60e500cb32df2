//! `frustration`: a score from the lexicon, intensifiers, capitals, "!!!"/"???" runs and
//! the build-up of several negative messages in a row, where milder signs count too.

use crate::dict::flag;
use crate::phrases::{Kind, Phrases};
use crate::scan::Scan;
use crate::text::{push_u32, quoted};
use crate::{Reason, Trigger};

const INTENSIFIED: f32 = 1.5;
const CAPS_WEIGHT: f32 = 0.7;
const RUN_WEIGHT: f32 = 0.7;
/// One word in capitals that is a frustration term or says the problem persists ("logged
/// me out AGAIN", "it's STILL broken"): shouting one word rather than the whole message.
const EMPHASIS_WEIGHT: f32 = 0.35;
/// A message adds to a build-up from this score, mild signs included.
pub(crate) const NEGATIVE: f32 = 0.3;
/// An angry face (😡 🤬 😠 👿 💢) says as much as "!!!"; an eye roll or a huff (🙄 😤 😒 😑
/// 🤦) is a milder sign that needs another.
const ANGRY_EMOJI_WEIGHT: f32 = 0.7;
const ANNOYED_EMOJI_WEIGHT: f32 = 0.35;
/// Mild signs, each too weak to matter in a message alone.
const PERSIST_WEIGHT: f32 = 0.25;
const NEGATION_WEIGHT: f32 = 0.15;
const CURT_WEIGHT: f32 = 0.15;
/// How much of an earlier message's score carries into the next one.
const DECAY: f32 = 0.5;
/// Earlier messages that still count towards a build-up.
const LOOK_BACK: usize = 4;

/// Scores the message alone; returns the score (never below zero).
pub(crate) fn score(p: &Phrases, s: &Scan, text: &str, out: &mut Vec<Reason>) -> f32 {
    let mut total = 0.0f32;
    let mut covered_to = 0u32;
    let mut emphatic =
        (0..s.len()).any(|i| s.toks.tokens[i].caps && s.r.flags[i] & flag::PERSIST != 0);
    for m in &s.matches {
        let ph = &p.phrases[m.phrase as usize];
        let Kind::Frustration(weight) = ph.kind else {
            continue;
        };
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
        emphatic |= (start..end).any(|i| s.toks.tokens[i].caps);
        let intensified = start > 0 && s.r.flags[start - 1] & flag::INTENSIFIER != 0;
        let w = if intensified && weight > 0.0 {
            weight * INTENSIFIED
        } else {
            weight
        };
        total += w;
        if out.len() < 16 {
            let signal = if intensified {
                quoted("term", &s.span(start - 1, end))
            } else {
                quoted("term", &ph.text)
            };
            out.push(Reason {
                trigger: Trigger::Frustration,
                signal,
                weight: w,
            });
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
        out.push(Reason {
            trigger: Trigger::Frustration,
            signal,
            weight: CAPS_WEIGHT,
        });
    } else if emphatic {
        total += EMPHASIS_WEIGHT;
        out.push(Reason {
            trigger: Trigger::Frustration,
            signal: String::from("word in capitals"),
            weight: EMPHASIS_WEIGHT,
        });
    }
    if let Some((face, weight)) = emoji(text) {
        total += weight;
        let mut signal = String::from(face);
        signal.push_str(" emoji");
        out.push(Reason {
            trigger: Trigger::Frustration,
            signal,
            weight,
        });
    }
    if let Some(run) = longest_run(text) {
        total += RUN_WEIGHT;
        let mut signal = String::from("\"");
        signal.push_str(run);
        signal.push_str("\" run");
        out.push(Reason {
            trigger: Trigger::Frustration,
            signal,
            weight: RUN_WEIGHT,
        });
    }
    total.max(0.0)
}

/// The strongest angry or annoyed face in `text`, with its weight.
fn emoji(text: &str) -> Option<(char, f32)> {
    let mut found: Option<(char, f32)> = None;
    for c in text.chars() {
        let weight = match c {
            '😡' | '🤬' | '😠' | '👿' | '💢' => ANGRY_EMOJI_WEIGHT,
            '🙄' | '😤' | '😒' | '😑' | '🤦' => ANNOYED_EMOJI_WEIGHT,
            _ => continue,
        };
        if found.is_none_or(|(_, w)| weight > w) {
            found = Some((c, weight));
        }
    }
    found
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

/// Mild signs of annoyance in a message, which count only in a conversation: a word saying
/// the problem persists or the visitor repeats themselves ("still", "I already did", "you
/// said"), a negation outside any frustration term ("there are no sale items", "nada"), and a
/// curt reply of three words or fewer to a bot that was unsure. Words of delight cancel them.
pub(crate) fn mild(p: &Phrases, s: &Scan, after_unsure_bot: bool) -> f32 {
    let f = &s.r.flags;
    if f.iter().any(|&x| x & flag::POSITIVE != 0) {
        return 0.0;
    }
    let in_term = |i: usize| {
        s.matches.iter().any(|m| {
            matches!(p.phrases[m.phrase as usize].kind, Kind::Frustration(_))
                && (m.start..m.end).contains(&(i as u32))
        })
    };
    let mut w = 0.0;
    if f.iter().any(|&x| x & flag::PERSIST != 0) {
        w += PERSIST_WEIGHT;
    }
    if (0..s.len()).any(|i| f[i] & (flag::NEGATOR | flag::POST_NEGATOR) != 0 && !in_term(i)) {
        w += NEGATION_WEIGHT;
    }
    if after_unsure_bot && (1..=3).contains(&s.len()) && !s.toks.text.bytes().any(|b| b == b'?') {
        w += CURT_WEIGHT;
    }
    w
}

/// Extra score when this message and the ones right before it are negative: `current` is
/// this message's score with its mild signs, `own` its score alone, `previous` the same
/// for the earlier messages. Each earlier message of an unbroken run counts half as much as
/// the one after it, so a few mild messages in a row add up where one or two do not.
pub(crate) fn build_up(previous: &[f32], current: f32, own: f32, out: &mut Vec<Reason>) -> f32 {
    if current < NEGATIVE {
        return 0.0;
    }
    let (mut carry, mut factor, mut run) = (0.0, 1.0, 0u32);
    for &m in previous.iter().rev().take(LOOK_BACK) {
        if m <= 0.0 {
            break;
        }
        factor *= DECAY;
        carry += m * factor;
        run += 1;
    }
    if run == 0 {
        return 0.0;
    }
    let w = current - own + carry;
    let mut signal = String::from("build-up over ");
    push_u32(&mut signal, run + 1);
    signal.push_str(" messages");
    out.push(Reason {
        trigger: Trigger::Frustration,
        signal,
        weight: w,
    });
    w
}
