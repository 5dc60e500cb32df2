//! `high_risk`: the owner's intents (refund, legal, medical…), large amounts and bulk
//! quantities.

use crate::dict::flag;
use crate::phrases::{Kind, Phrases};
use crate::scan::Scan;
use crate::{Config, Extracted, Reason, Trigger};

/// Smallest quantity that makes "N units" a bulk order.
const BULK_QUANTITY: u64 = 50;

/// Pushes one reason per matched intent phrase and returns the matched intents' indices
/// into `Config::intents`, distinct, phrase intents in message order, then amounts.
pub(crate) fn detect(
    p: &Phrases,
    config: &Config,
    s: &Scan,
    extracted: &Extracted,
    out: &mut Vec<Reason>,
) -> Vec<u16> {
    let mut intents: Vec<u16> = Vec::new();
    let mut push = |intent: u16, text: &str, out: &mut Vec<Reason>| {
        if !intents.contains(&intent) {
            intents.push(intent);
        }
        if out.len() < 16 {
            let name = &config.intents[intent as usize].name;
            let mut signal = String::with_capacity(name.len() + text.len() + 12);
            signal.push_str("intent ");
            signal.push_str(name);
            signal.push_str(": \"");
            signal.push_str(text);
            signal.push('"');
            // The same phrase from two packs ("brand", fire in German and Dutch) counts once.
            if !out.iter().any(|r| r.signal == signal) {
                out.push(Reason {
                    trigger: Trigger::HighRisk,
                    signal,
                    weight: 1.0,
                });
            }
        }
    };
    let n = s.len();
    // Worked out only for a message with an intent phrase: most have none.
    let mut policy: Option<Vec<bool>> = None;
    for m in &s.matches {
        let ph = &p.phrases[m.phrase as usize];
        let Kind::Intent(intent) = ph.kind else {
            continue;
        };
        if !ph.negative && s.negated(m.start as usize, m.end as usize) {
            continue;
        }
        if policy.get_or_insert_with(|| policy_clauses(s))
            [s.toks.tokens[m.start as usize].clause as usize]
        {
            continue;
        }
        push(intent, &ph.text, out);
    }
    // "500 units", "1,000 pieces".
    for i in 1..n {
        if s.r.flags[i] & flag::UNIT == 0 {
            continue;
        }
        let Some(bulk) = config.intents.iter().position(|i| i.name == "bulk_order") else {
            break;
        };
        let mut q = digits(s.toks.word(i - 1));
        if i >= 2 && s.toks.word(i - 1).len() == 3 {
            if let (Some(hi), Some(lo)) = (digits(s.toks.word(i - 2)), q) {
                q = Some(hi.saturating_mul(1000).saturating_add(lo));
            }
        }
        if q.is_some_and(|q| q >= BULK_QUANTITY) {
            push(bulk as u16, &s.span(i - 1, i + 1), out);
            break;
        }
    }
    for money in &extracted.amounts {
        let Some(large) = config.intents.iter().position(|i| i.name == "large_amount") else {
            break;
        };
        if money.amount >= config.thresholds.large_amount {
            push(large as u16, &money.text, out);
        }
    }
    intents
}

/// Per clause: does it ask about the rules ("refund policy", "is there a cancellation fee",
/// "Stornogebühr")? An intent there is a question for the bot, not a request.
fn policy_clauses(s: &Scan) -> Vec<bool> {
    let clauses = s.toks.tokens.last().map_or(0, |t| t.clause as usize + 1);
    let mut out = vec![false; clauses];
    for i in 0..s.len() {
        if s.r.flags[i] & flag::POLICY != 0 {
            out[s.toks.tokens[i].clause as usize] = true;
        }
    }
    // Suffixes outside, words inside: the list is read once per message.
    for x in crate::lexicon::items(crate::lexicon::POLICY_SUFFIXES) {
        for i in 0..s.len() {
            let w = s.toks.word(i);
            if w.len() > x.len() && w.ends_with(x) {
                out[s.toks.tokens[i].clause as usize] = true;
            }
        }
    }
    out
}

fn digits(word: &str) -> Option<u64> {
    if word.is_empty() || word.len() > 12 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}
