//! `human_request`: an explicit ask for a person.

use std::borrow::Cow;

use crate::dict::flag;
use crate::phrases::{Kind, Phrases};
use crate::scan::Scan;
use crate::text::quoted;
use crate::{Reason, Trigger};

/// How many words may separate a verb of contact from its person noun
/// ("talk to a real live person").
const WINDOW: u32 = 4;

/// Longest message (in words) that can be a one-word request such as "agent please".
const SOLO_MAX_WORDS: usize = 6;

/// A verb of contact at a token: `strength` 0 none, 1 weak, 2 strong, for a cue ending
/// there that starts at `from`; `start..to` for a verb-after cue starting there.
#[derive(Clone, Copy)]
struct Cue {
    strength: u8,
    from: u32,
    start: u32,
    to: u32,
}

pub(crate) fn detect(p: &Phrases, s: &Scan, out: &mut Vec<Reason>) {
    let n = s.len();
    let reason = |text: &str| Reason {
        trigger: Trigger::HumanRequest,
        signal: quoted("phrase", text),
        weight: 1.0,
    };
    // Cues indexed by the token where they end (verb before noun) or start (verb after),
    // one entry per token rather than one vector per field: a single allocation.
    let has_cues = s.matches.iter().any(|m| {
        matches!(
            p.phrases[m.phrase as usize].kind,
            Kind::Cue | Kind::WeakCue | Kind::CueAfter
        )
    });
    let mut cues: Vec<Cue> = Vec::new();
    if has_cues {
        cues = vec![
            Cue {
                strength: 0,
                from: 0,
                start: u32::MAX,
                to: 0
            };
            n + 1
        ];
        for m in &s.matches {
            match p.phrases[m.phrase as usize].kind {
                Kind::Cue | Kind::WeakCue => {
                    let strength = if p.phrases[m.phrase as usize].kind == Kind::Cue {
                        2
                    } else {
                        1
                    };
                    let c = &mut cues[m.end as usize];
                    if strength > c.strength {
                        c.strength = strength;
                        c.from = m.start;
                    }
                }
                Kind::CueAfter => {
                    let c = &mut cues[m.start as usize];
                    if c.start == u32::MAX || m.end > c.to {
                        c.start = m.start;
                        c.to = m.end;
                    }
                }
                _ => {}
            }
        }
    }
    let mut blocked = vec![
        false;
        if s.matches
            .iter()
            .any(|m| p.phrases[m.phrase as usize].kind == Kind::NotHuman)
        {
            n
        } else {
            0
        }
    ];
    for m in &s.matches {
        if p.phrases[m.phrase as usize].kind == Kind::NotHuman {
            blocked[m.start as usize..m.end as usize]
                .iter_mut()
                .for_each(|b| *b = true);
        }
    }
    let is_blocked = |a: usize, b: usize| !blocked.is_empty() && blocked[a..b].iter().any(|&x| x);
    // Spans found, as (start, end, text): overlapping phrases ("talk to a real person" and
    // "real person") are reduced to the longest below.
    let mut spans: Vec<(usize, usize, Cow<str>)> = Vec::new();
    let mut solo_covered = [false; SOLO_MAX_WORDS];
    let mut solo_clause = 0;
    let mut solo_text: Option<&str> = None;
    for m in &s.matches {
        let ph = &p.phrases[m.phrase as usize];
        let (start, end) = (m.start as usize, m.end as usize);
        let negated = |a: usize, b: usize| !ph.negative && s.negated(a, b);
        if ph.kind != Kind::NotHuman && is_blocked(start, end) {
            continue;
        }
        match ph.kind {
            Kind::Human if !negated(start, end) => {
                spans.push((start, end, Cow::Borrowed(&ph.text)))
            }
            Kind::Noun | Kind::WeakNoun if has_cues => {
                let strong = ph.kind == Kind::Noun;
                let clause = s.toks.tokens[start].clause;
                let same = |i: usize| i < n && s.toks.tokens[i].clause == clause;
                // Verb before noun: the cue ends at most WINDOW words before the noun.
                let lo = m.start.saturating_sub(WINDOW) as usize;
                let mut found = None;
                for e in (lo..=start).rev() {
                    let need = if strong { 1 } else { 2 };
                    if cues[e].strength >= need && same(cues[e].from as usize) {
                        found = Some((cues[e].from as usize, end));
                        break;
                    }
                }
                if found.is_none() {
                    let hi = (end + WINDOW as usize).min(n);
                    // By index, like the search before the noun above.
                    #[allow(clippy::needless_range_loop)]
                    for st in end..=hi {
                        if cues[st].start != u32::MAX && same(st) {
                            found = Some((start, cues[st].to as usize));
                            break;
                        }
                    }
                }
                if let Some((a, b)) = found {
                    if !negated(a, b) {
                        spans.push((a, b, Cow::Owned(s.span(a, b))));
                    }
                }
            }
            Kind::Solo if n <= SOLO_MAX_WORDS => {
                solo_covered[start..end].iter_mut().for_each(|c| *c = true);
                solo_text = Some(&ph.text);
                solo_clause = s.toks.tokens[start].clause;
            }
            _ => {}
        }
    }
    // "agent", "human please", "Contact?": a message that is nothing but a request word.
    // One reason per span: a match inside a longer one ("real person" in "talk to a real
    // person", "anyone there" in "is anyone there") adds nothing for the agent.
    let any = !spans.is_empty();
    // The same words found twice (by two packs) count once too.
    for (i, (a, b, text)) in spans.iter().enumerate() {
        let redundant = |j: usize| {
            let (c, d, other) = &spans[j];
            let covers = c <= a && b <= d && (d - c > b - a || j < i);
            j != i && (covers || (j < i && other == text))
        };
        if !(0..spans.len()).any(redundant) {
            out.push(reason(text));
        }
    }
    if let Some(text) = solo_text {
        // "no bot. person." asks for a person: only a negator in the word's own clause counts.
        let negator = |i: usize| s.r.flags[i] & (flag::NEGATOR | flag::POST_NEGATOR) != 0;
        let own_clause = |i: usize| s.toks.tokens[i].clause == solo_clause;
        let negated = (0..n).any(|i| negator(i) && own_clause(i));
        let all = (0..n).all(|i| {
            solo_covered[i]
                || s.r.flags[i] & flag::SOLO_FILLER != 0
                || (negator(i) && !own_clause(i))
        });
        if !any && !negated && all {
            out.push(reason(text));
        }
    }
}
