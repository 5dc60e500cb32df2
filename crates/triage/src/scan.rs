//! One message, tokenised, resolved and matched: the shared input of every signal.

use crate::dict::flag;
use crate::normalize::{self, Tokens};
use crate::phrases::{Match, Phrases, Resolved};

pub(crate) struct Scan {
    pub toks: Tokens,
    pub r: Resolved,
    pub matches: Vec<Match>,
}

/// How many content words back a negator may stand ("I don't really want a refund").
const NEGATION_WINDOW: usize = 4;

impl Scan {
    pub fn new(phrases: &Phrases, text: &str) -> Scan {
        let toks = normalize::tokenize(text);
        let r = phrases.resolve(&toks);
        let matches = phrases.find(&toks, &r);
        Scan { toks, r, matches }
    }

    pub fn len(&self) -> usize {
        self.toks.tokens.len()
    }

    fn clause(&self, i: usize) -> u32 {
        self.toks.tokens[i].clause
    }

    fn has(&self, i: usize, f: u16) -> bool {
        self.r.flags[i] & f != 0
    }

    /// Whether tokens `start..end` are negated: a negator right before them (fillers
    /// aside), a negator before a verb of wanting that leads to them ("I don't want a
    /// refund"), a negator inside them, or a post-negator right after ("I cancelled
    /// nothing"). A negator after "can" is inability, not negation ("I can't cancel").
    pub fn negated(&self, start: usize, end: usize) -> bool {
        self.negated_with(start, end, true)
    }

    /// [`Scan::negated`] without post-negators: "still nothing" is no negation of "still".
    pub fn negated_before(&self, start: usize, end: usize) -> bool {
        self.negated_with(start, end, false)
    }

    fn negated_with(&self, start: usize, end: usize, post: bool) -> bool {
        let n = self.len();
        if start >= end || end > n {
            return false;
        }
        let clause = self.clause(start);
        for j in end..if post { (end + 2).min(n) } else { end } {
            if self.clause(j) != clause {
                break;
            }
            if self.has(j, flag::POST_NEGATOR) {
                return true;
            }
        }
        if (start + 1..end).any(|j| self.has(j, flag::NEGATOR)) {
            return true;
        }
        let mut content = 0;
        // Content words between the phrase and the nearest verb of wanting before it: a
        // negator counts only right before that verb ("I don't want a refund", "don't really
        // want"), not further back ("I haven't received it and want a refund").
        let mut wanting: Option<usize> = None;
        let mut j = start;
        while j > 0 && content <= NEGATION_WINDOW {
            j -= 1;
            if self.clause(j) != clause {
                break;
            }
            if self.has(j, flag::NEGATOR) {
                // "can't" written as one word is inability too.
                let unable = self.has(j, flag::INABILITY)
                    || (j > 0 && self.clause(j - 1) == clause && self.has(j - 1, flag::INABILITY));
                // "why isn't my refund here": the negator is on the verb, the possessive starts
                // the subject that follows it.
                let subject = j + 1 < start && self.has(j + 1, flag::POSSESSIVE);
                if !unable
                    && ((content == 0 && !subject) || wanting.is_some_and(|w| content <= w + 2))
                {
                    return true;
                }
            }
            if self.has(j, flag::VOLITION) && wanting.is_none() {
                wanting = Some(content);
            }
            if !self.has(j, flag::FILLER) {
                content += 1;
            }
        }
        false
    }

    /// The visitor's words `start..end`, normalised, for reasons.
    pub fn span(&self, start: usize, end: usize) -> String {
        let mut s = String::new();
        for i in start..end.min(self.len()) {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(self.toks.word(i));
        }
        s
    }
}
