//! Language packs: per language, the word lists the engine compiles into its vocabulary.
//!
//! A pack is plain text (`packs/*.txt` in this crate): a `language = xx` line, then lists
//! written `name =` followed by indented lines of `|`-separated entries. Phrases are written
//! naturally (accents, apostrophes); the engine normalises them with the same code as visitor
//! text when it compiles a [`crate::Config`]. A trailing `*` on a word matches any word
//! starting with it (`refund*` matches "refunded", "refunds"). Frustration entries carry
//! their weight in tenths (`useless=10`), intent entries their intent name
//! (`refund:money back`).
//!
//! Packs are data, not code: the hub and the CLI carry the built-in ones (feature
//! `builtin-packs`), and the widget receives the site's enabled packs from the hub with the
//! site's triage rules, so its WebAssembly carries only the engine.

use core::fmt;

use crate::Language;

/// The lists a pack may hold, in the order of [`LanguagePack::lists`].
const LIST_NAMES: &str = concat!(
    "human|cues|cues_after|weak_cues|nouns|weak_nouns|solo|solo_fillers|frustration|intents|",
    "negators|post_negators|volition|intensifiers|fillers|units|persist|inability|known|",
    "misspelt|not_human|policy|positive|possessives|model",
);
const LISTS: usize = 25;

/// Phrases that are a request for a person wherever they appear ("is anyone there").
pub(crate) const HUMAN: usize = 0;
/// Verbs of contact whose object (a person noun) follows within a few words ("talk" …
/// "agent").
pub(crate) const CUES: usize = 1;
/// Verbs of contact that come after the person noun, as in verb-final clauses ("mit einem
/// Mitarbeiter sprechen", "kisi insaan se baat karni hai").
pub(crate) const CUES_AFTER: usize = 2;
/// Weaker verbs ("want", "need") that make a request only with a clear person noun.
pub(crate) const WEAK_CUES: usize = 3;
/// Nouns that name a person who could help ("agent", "representative").
pub(crate) const NOUNS: usize = 4;
/// Pronouns that name a person only with a verb of contact ("someone").
pub(crate) const WEAK_NOUNS: usize = 5;
/// Words that on their own, in a short message, ask for a person ("agent?").
pub(crate) const SOLO: usize = 6;
/// Words that may surround a solo word without changing its meaning ("please").
pub(crate) const SOLO_FILLERS: usize = 7;
/// Frustration lexicon: insults, complaints, profanity, waiting, each `phrase=tenths`.
pub(crate) const FRUSTRATION: usize = 8;
/// High-risk phrases, each `intent:phrase`.
pub(crate) const INTENTS: usize = 9;
/// Words that negate what follows ("not", "don't" → "t").
pub(crate) const NEGATORS: usize = 10;
/// Words that negate what precedes ("I cancelled nothing", "refund nahi chahiye").
pub(crate) const POST_NEGATORS: usize = 11;
/// Verbs of wanting: a negator before one of them negates the phrase that follows ("I
/// don't want a refund"), while "I haven't received my refund" stays a refund.
pub(crate) const VOLITION: usize = 12;
/// Words that strengthen the next frustration term ("so useless").
pub(crate) const INTENSIFIERS: usize = 13;
/// Words a phrase may skip between two of its words ("talk to a real person").
pub(crate) const FILLERS: usize = 14;
/// Words that bring a bulk quantity after a number ("500 units").
pub(crate) const UNITS: usize = 15;
/// Single words saying the problem persists or the visitor repeats themselves ("still",
/// "already", "same", "you said"): mild signs that only add up over a conversation.
pub(crate) const PERSIST: usize = 16;
/// Modal verbs of ability: a negator right after one of them says the visitor cannot do
/// something ("I can't cancel"), a reason to escalate rather than a negation.
pub(crate) const INABILITY: usize = 17;
/// Ordinary words one letter away from a lexicon word ("using" / "suing", "annual plan" /
/// `annul*`): known as themselves, they are never corrected. Each sits in the pack of the
/// lexicon word it resembles.
pub(crate) const KNOWN: usize = 18;
/// Misspellings too far from the word for typo correction, each `misspelling=word`.
pub(crate) const MISSPELT: usize = 19;
/// Other senses of the person nouns ("real estate agent", "price per person"): a noun
/// inside one of these is no request for a person.
pub(crate) const NOT_HUMAN: usize = 20;
/// Words that make an intent a question about the rules rather than a request: "what's
/// your refund policy?", "is there a cancellation fee?".
pub(crate) const POLICY: usize = 21;
/// Words of delight: "thanks!!!" and "GREAT NEWS" are not anger.
pub(crate) const POSITIVE: usize = 22;
/// Possessive determiners ("my", "your"): after a negator they start the subject of a
/// question ("why isn't my refund here?"), so the negator is not on the phrase that follows.
pub(crate) const POSSESSIVES: usize = 23;
/// The learned frustration scorer's weights, each `feature=hundredths` (see `crate::model`).
pub(crate) const MODEL: usize = 24;

/// One language's word lists, parsed from a pack's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguagePack {
    pub(crate) language: Language,
    /// Each list as `|`-separated entries, indexed by the constants above.
    pub(crate) lists: [String; LISTS],
}

/// Why a language pack's text was rejected: the line and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackError {
    /// 1-based line number (0 when the whole text is at fault).
    pub line: usize,
    kind: PackErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum PackErrorKind {
    NoLanguage,
    UnknownLanguage(String),
    UnknownList(String),
    NotAList,
    Continuation,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: ", self.line)?;
        }
        match &self.kind {
            PackErrorKind::NoLanguage => {
                f.write_str("a language pack needs a `language = xx` line")
            }
            PackErrorKind::UnknownLanguage(code) => write!(f, "unknown language {code:?}"),
            PackErrorKind::UnknownList(name) => write!(f, "unknown list {name:?}"),
            PackErrorKind::NotAList => {
                f.write_str("expected `name =` or an indented line of entries")
            }
            PackErrorKind::Continuation => f.write_str("entries before any `name =` line"),
        }
    }
}

impl std::error::Error for PackError {}

impl LanguagePack {
    /// Parses a pack's text (the format of `packs/*.txt`). Lists a pack leaves out are empty.
    pub fn parse(text: &str) -> Result<LanguagePack, PackError> {
        let mut lists: [String; LISTS] = Default::default();
        let mut language = None;
        let mut current = None;
        // Lines split by hand: `str::lines` brings a searcher the widget has no other use for.
        let mut rest = text;
        let mut number = 0;
        while !rest.is_empty() {
            let (line, tail) = crate::text::split_at_byte(rest, b'\n', false).unwrap_or((rest, ""));
            rest = tail;
            number += 1;
            let err = |kind| Err(PackError { line: number, kind });
            let entries = line.trim_ascii();
            if entries.is_empty() || entries.as_bytes()[0] == b'#' {
                continue;
            }
            if matches!(line.as_bytes()[0], b' ' | b'\t') {
                let Some(list) = current else {
                    return err(PackErrorKind::Continuation);
                };
                let list: &mut String = &mut lists[list];
                list.push_str(entries);
                list.push('|');
                continue;
            }
            let Some((name, rest)) = crate::text::split_at_byte(line, b'=', false) else {
                return err(PackErrorKind::NotAList);
            };
            let (name, rest) = (name.trim_ascii(), rest.trim_ascii());
            if name == "language" {
                let Some(l) = Language::from_code(rest) else {
                    return err(PackErrorKind::UnknownLanguage(rest.into()));
                };
                language = Some(l);
                current = None;
                continue;
            }
            let Some(list) = items(LIST_NAMES).position(|n| n == name) else {
                return err(PackErrorKind::UnknownList(name.into()));
            };
            lists[list].push_str(rest);
            lists[list].push('|');
            current = Some(list);
        }
        match language {
            Some(language) => Ok(LanguagePack { language, lists }),
            None => Err(PackError {
                line: 0,
                kind: PackErrorKind::NoLanguage,
            }),
        }
    }

    /// The language the pack is for.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The built-in pack for `language`.
    #[cfg(feature = "builtin-packs")]
    pub fn builtin(language: Language) -> LanguagePack {
        match LanguagePack::parse(builtin_text(language)) {
            Ok(pack) => pack,
            Err(e) => panic!("the built-in {} pack is invalid: {e}", language.code()),
        }
    }
}

/// The packs of the enabled languages, in the configuration's order: the configuration's
/// own, else the built-in one. [`crate::Config::validate`] has checked that each exists.
pub(crate) fn enabled(config: &crate::Config) -> Vec<std::borrow::Cow<'_, LanguagePack>> {
    let mut packs = Vec::with_capacity(config.languages.len());
    for &l in &config.languages {
        if let Some(p) = config.packs.iter().find(|p| p.language == l) {
            packs.push(std::borrow::Cow::Borrowed(p));
        } else {
            #[cfg(feature = "builtin-packs")]
            packs.push(std::borrow::Cow::Owned(LanguagePack::builtin(l)));
        }
    }
    packs
}

/// The text of the built-in pack for `language`, as the hub sends it to the widget.
#[cfg(feature = "builtin-packs")]
pub fn builtin_text(language: Language) -> &'static str {
    match language {
        Language::En => include_str!("../../packs/en.txt"),
        Language::Es => include_str!("../../packs/es.txt"),
        Language::Pt => include_str!("../../packs/pt.txt"),
        Language::Fr => include_str!("../../packs/fr.txt"),
        Language::De => include_str!("../../packs/de.txt"),
        Language::It => include_str!("../../packs/it.txt"),
        Language::Nl => include_str!("../../packs/nl.txt"),
        Language::Hi => include_str!("../../packs/hi.txt"),
        Language::Ar => include_str!("../../packs/ar.txt"),
        Language::He => include_str!("../../packs/he.txt"),
    }
}

/// Compound nouns ending in a fee word ("Stornogebühr", "annuleringskosten") ask about the
/// rules like a [`POLICY`] word.
pub(crate) const POLICY_SUFFIXES: &str = "gebuhr|gebuhren|kosten";

/// The entries of a `|`-separated list.
pub(crate) fn items(list: &str) -> impl Iterator<Item = &str> {
    // By bytes rather than `str::split`, whose searcher costs more WebAssembly than the lists.
    let mut rest = list;
    core::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let (item, tail) = crate::text::split_at_byte(rest, b'|', false).unwrap_or((rest, ""));
        rest = tail;
        if !item.is_empty() {
            return Some(item);
        }
    })
}

/// A frustration entry: `phrase=tenths`.
pub(crate) fn weighted(entry: &str) -> (&str, f32) {
    match crate::text::split_at_byte(entry, b'=', true) {
        Some((phrase, w)) => {
            let (neg, digits) = match w.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, w),
            };
            // Saturating: a pack may hold any digits, and the engine never panics.
            let tenths = digits.bytes().fold(0u32, |n, b| {
                n.saturating_mul(10)
                    .saturating_add(b.wrapping_sub(b'0') as u32 % 10)
            }) as f32;
            (phrase, if neg { -tenths / 10.0 } else { tenths / 10.0 })
        }
        None => (entry, 1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A weight of many digits overflowed the fold and panicked (found by the property tests).
    #[test]
    fn a_weight_of_any_length_is_read_without_panicking() {
        assert_eq!(weighted("fuming=7"), ("fuming", 0.7));
        assert_eq!(weighted("meh=-3"), ("meh", -0.3));
        assert!(weighted("x=99999999999999999999").1 > 0.0);
    }
}
