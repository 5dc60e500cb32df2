//! Rephrase detection for `repeated_failure`: is this message the same question as an
//! earlier one, asked again in other words?

use crate::normalize::{self, Tokens};
use crate::text::sort_u64;

/// Earlier messages compared against; older ones no longer count as "again".
const LOOK_BACK: usize = 10;
/// Only the start of a long message is compared, keeping the cost bounded.
const MAX_BYTES: usize = 600;
/// Shorter messages ("ok", "yes thanks") are never rephrases.
const MIN_WORDS: usize = 3;
const MIN_CHARS: usize = 12;

/// The highest similarity in `0.0..=1.0` between `current` and one of the last earlier
/// messages, or `None` when the message is too short to be a rephrase.
pub(crate) fn best_similarity(current: &Tokens, earlier: &[String]) -> Option<(f32, usize)> {
    if earlier.is_empty() {
        return None;
    }
    let a = Profile::new(current)?;
    let mut best: Option<(f32, usize)> = None;
    let from = earlier.len().saturating_sub(LOOK_BACK);
    for (i, text) in earlier.iter().enumerate().skip(from) {
        let Some(b) = Profile::new(&normalize::tokenize(head(text))) else {
            continue;
        };
        let sim = dice(&a.words, &b.words).max(dice(&a.grams, &b.grams));
        if best.is_none_or(|(s, _)| sim > s) {
            best = Some((sim, i));
        }
    }
    best
}

fn head(text: &str) -> &str {
    let mut end = text.len().min(MAX_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Distinct word hashes and character-trigram hashes, sorted.
struct Profile {
    words: Vec<u64>,
    grams: Vec<u64>,
}

impl Profile {
    fn new(t: &Tokens) -> Option<Profile> {
        let n = t.tokens.len();
        if n < MIN_WORDS {
            return None;
        }
        let text = &t.text[..t
            .tokens
            .iter()
            .take_while(|tk| (tk.end as usize) <= MAX_BYTES)
            .last()?
            .end as usize];
        if text.len() < MIN_CHARS {
            return None;
        }
        let mut words = Vec::with_capacity(n);
        for i in 0..n {
            if t.tokens[i].end as usize <= text.len() {
                words.push(crate::dict::hash(t.word(i).bytes()));
            }
        }
        sort_u64(&mut words);
        words.dedup();
        let b = text.as_bytes();
        let mut grams = Vec::with_capacity(b.len());
        for w in b.windows(3) {
            grams.push(crate::dict::hash(w.iter().copied()));
        }
        sort_u64(&mut grams);
        grams.dedup();
        Some(Profile { words, grams })
    }
}

/// Sørensen–Dice coefficient of two sorted, distinct lists.
fn dice(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            core::cmp::Ordering::Less => i += 1,
            core::cmp::Ordering::Greater => j += 1,
            core::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * common) as f32 / (a.len() + b.len()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: &str, b: &str) -> Option<f32> {
        best_similarity(&normalize::tokenize(a), &[b.to_string()]).map(|(s, _)| s)
    }

    #[test]
    fn rephrases() {
        assert!(sim("how can I reset my password?", "how do I reset my password").unwrap() >= 0.8);
        assert!(sim("do you deliver on sundays", "what are your prices").unwrap() < 0.5);
        assert_eq!(sim("ok", "ok"), None);
        assert_eq!(sim("yes thanks", "yes thanks"), None);
    }
}
