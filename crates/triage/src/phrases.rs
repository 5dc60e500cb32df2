//! Phrase tables compiled from the language packs and the owner's configuration, and the
//! matcher that finds them in a tokenised message.

use crate::dict::{flag, Dict, NONE};
use crate::lexicon::{self, *};
use crate::normalize::{self, Tokens};
use crate::text::{split_at_byte, stem, without};
use crate::Config;

/// What a phrase means.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kind {
    /// A request for a person on its own.
    Human,
    /// A verb of contact; a person noun follows.
    Cue,
    /// A verb of contact after its person noun.
    CueAfter,
    /// "want", "need": a request only with a strong noun.
    WeakCue,
    Noun,
    WeakNoun,
    /// A request when it is (nearly) the whole message.
    Solo,
    Frustration(f32),
    /// Index into `Config::intents`.
    Intent(u16),
    /// Another sense of a person noun ("real estate agent").
    NotHuman,
    /// A feature of the learned frustration scorer, with its weight (`crate::model`).
    Learned(f32),
}

#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    pub words: Vec<u32>,
    pub kind: Kind,
    /// The phrase as written (accents kept, `*` dropped), shown in reasons.
    pub text: String,
    /// The phrase holds a negator itself ("not working"): negation checks do not apply.
    pub negative: bool,
}

/// A phrase found at tokens `start..end`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Match {
    pub phrase: u32,
    pub start: u32,
    pub end: u32,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Phrases {
    pub dict: Dict,
    pub phrases: Vec<Phrase>,
    /// Phrases by first word: `by_first[first[w]..first[w + 1]]`.
    first: Vec<u32>,
    by_first: Vec<u32>,
    /// Known misspellings and the vocabulary word each stands for.
    aliases: Vec<(u32, u32)>,
    /// The learned scorer's intercept; `None` when there is no model.
    pub learned_bias: Option<f32>,
}

/// A visitor's words resolved against the vocabulary.
pub(crate) struct Resolved {
    /// Per token: the exact or typo-corrected word, and the prefix entry.
    pub ids: Vec<[u32; 2]>,
    /// Per token: the word flags (of the exact word).
    pub flags: Vec<u16>,
}

/// Longest owner phrase in words; longer phrases are cut (they are also capped in characters).
const MAX_WORDS: usize = 24;

impl Phrases {
    /// Compiles the enabled packs and the owner's lists.
    pub fn compile(config: &Config) -> Phrases {
        let mut p = Phrases::default();
        let mut removed = Vec::with_capacity(config.removed_phrases.len());
        for r in &config.removed_phrases {
            removed.push(normalize::phrase_words(&without(r, b'*')));
        }
        let packs = lexicon::enabled(config);
        // Function words first, so phrases know whether they contain a negator.
        let flagged: [(usize, u16); 12] = [
            (NEGATORS, flag::NEGATOR),
            (POST_NEGATORS, flag::POST_NEGATOR),
            (INTENSIFIERS, flag::INTENSIFIER),
            (FILLERS, flag::FILLER),
            (VOLITION, flag::VOLITION),
            (SOLO_FILLERS, flag::SOLO_FILLER),
            (UNITS, flag::UNIT),
            (INABILITY, flag::INABILITY),
            (PERSIST, flag::PERSIST),
            (POLICY, flag::POLICY),
            (POSITIVE, flag::POSITIVE),
            (POSSESSIVES, flag::POSSESSIVE),
        ];
        for pack in &packs {
            for w in lexicon::items(&pack.lists[KNOWN]) {
                p.dict.intern(w);
            }
            for (list, f) in flagged {
                for w in lexicon::items(&pack.lists[list]) {
                    for word in normalize::phrase_words(w) {
                        let id = p.dict.intern(&word);
                        p.dict.flags[id as usize] |= f;
                    }
                }
            }
        }
        for pack in &packs {
            p.add_list(config, &pack.lists[NOT_HUMAN], NOT_HUMAN, &[]);
        }
        for pack in &packs {
            for list in [
                HUMAN,
                CUES,
                CUES_AFTER,
                WEAK_CUES,
                NOUNS,
                WEAK_NOUNS,
                SOLO,
                FRUSTRATION,
                INTENTS,
            ] {
                p.add_list(config, &pack.lists[list], list, &removed);
            }
        }
        // The owner's own phrases are never removed by `removed_phrases`: they asked for them.
        for text in &config.human_phrases {
            p.add(text, Kind::Human, &[]);
        }
        for term in &config.frustration_terms {
            p.add(&term.phrase, Kind::Frustration(term.weight), &[]);
        }
        for (i, intent) in config.intents.iter().enumerate() {
            for text in &intent.phrases {
                p.add(text, Kind::Intent(i as u16), &[]);
            }
        }
        // The learned scorer's features: the site's own model replaces the packs'.
        match &config.model {
            Some(own) => p.add_list(config, own, MODEL, &[]),
            None => {
                for pack in &packs {
                    p.add_list(config, &pack.lists[MODEL], MODEL, &[]);
                }
            }
        }
        for pack in &packs {
            for entry in lexicon::items(&pack.lists[MISSPELT]) {
                if let Some((wrong, right)) = split_at_byte(entry, b'=', false) {
                    let right = p.dict.intern(right);
                    p.aliases.push((p.dict.intern(wrong), right));
                }
            }
        }
        p.index();
        p
    }

    /// Adds the phrases of one of a pack's lists: each list's entries have their kind
    /// (frustration entries carry a weight, intent entries their intent).
    fn add_list(&mut self, config: &Config, entries: &str, list: usize, removed: &[Vec<String>]) {
        // The kinds of the lists `HUMAN..=SOLO`, in list order.
        const SIMPLE: [Kind; 7] = [
            Kind::Human,
            Kind::Cue,
            Kind::CueAfter,
            Kind::WeakCue,
            Kind::Noun,
            Kind::WeakNoun,
            Kind::Solo,
        ];
        for entry in lexicon::items(entries) {
            let (text, kind) = match list {
                NOT_HUMAN => (entry, Kind::NotHuman),
                FRUSTRATION => {
                    let (text, weight) = lexicon::weighted(entry);
                    (text, Kind::Frustration(weight))
                }
                MODEL => {
                    // Written in hundredths; `weighted` reads tenths.
                    let (text, weight) = lexicon::weighted(entry);
                    let bias = self.learned_bias.get_or_insert(0.0);
                    if text == crate::model::BIAS {
                        *bias += weight / 10.0;
                        continue;
                    }
                    (text, Kind::Learned(weight / 10.0))
                }
                INTENTS => {
                    let (intent, text) = split_at_byte(entry, b':', false).unwrap_or(("", entry));
                    match config.intents.iter().position(|x| x.name == intent) {
                        Some(i) => (text, Kind::Intent(i as u16)),
                        None => continue,
                    }
                }
                _ => (entry, SIMPLE[list]),
            };
            self.add(text, kind, removed);
        }
    }

    fn add(&mut self, text: &str, kind: Kind, removed: &[Vec<String>]) {
        let mut words = normalize::phrase_words(text);
        // A `*` ends a word and makes it a prefix; tokenising dropped it, so restore it.
        let mut stars = Vec::with_capacity(words.len());
        for w in text.split_ascii_whitespace() {
            stars.push(w.ends_with('*'));
        }
        if stars.len() == words.len() {
            for (w, star) in words.iter_mut().zip(&stars) {
                if *star {
                    w.push('*');
                }
            }
        }
        words.truncate(MAX_WORDS);
        if words.is_empty() {
            return;
        }
        if removed
            .iter()
            .any(|r| r.len() == words.len() && r.iter().zip(&words).all(|(r, w)| r == stem(w)))
        {
            return;
        }
        let mut ids = Vec::with_capacity(words.len());
        for w in &words {
            let id = self.dict.intern(w);
            // The rules' words are what a misspelt word is corrected to; the learned
            // scorer's hundreds of ordinary words are not.
            if !matches!(kind, Kind::Learned(_)) {
                self.dict.flags[id as usize] |= flag::TYPO_TARGET;
            }
            ids.push(id);
        }
        let negative = ids
            .iter()
            .any(|&id| self.dict.flags[id as usize] & (flag::NEGATOR | flag::POST_NEGATOR) != 0);
        self.phrases.push(Phrase {
            words: ids,
            kind,
            text: without(text, b'*'),
            negative,
        });
    }

    fn index(&mut self) {
        // Function words (negators, fillers…) are never typo targets: they are short and
        // common, and correcting to them would only add noise.
        for f in self.dict.flags.iter_mut() {
            if *f & (flag::NEGATOR | flag::FILLER | flag::POST_NEGATOR | flag::INABILITY) != 0 {
                *f &= !flag::TYPO_TARGET;
            }
        }
        self.dict.finish();
        let n = self.dict.flags.len();
        let mut counts = vec![0u32; n + 1];
        for ph in &self.phrases {
            counts[ph.words[0] as usize + 1] += 1;
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let mut fill = counts.clone();
        self.by_first = vec![0; self.phrases.len()];
        for (i, ph) in self.phrases.iter().enumerate() {
            let slot = &mut fill[ph.words[0] as usize];
            self.by_first[*slot as usize] = i as u32;
            *slot += 1;
        }
        self.first = counts;
    }

    /// Looks every token up: exact word, else the single-letter form of a stretched word,
    /// else a typo correction; and separately the longest prefix entry.
    pub fn resolve(&self, toks: &Tokens) -> Resolved {
        let n = toks.tokens.len();
        let mut ids = Vec::with_capacity(n);
        let mut flags = Vec::with_capacity(n);
        let mut scratch = String::new();
        for (i, t) in toks.tokens.iter().enumerate() {
            let word = toks.word(i);
            let mut exact = self.dict.exact(word);
            let mut prefix = self.dict.prefix(word);
            if exact == NONE && t.stretched {
                normalize::single_letters(word, &mut scratch);
                exact = self.dict.exact(&scratch);
                if prefix == NONE {
                    prefix = self.dict.prefix(&scratch);
                }
            }
            if exact == NONE && prefix == NONE {
                exact = self.dict.typo(if t.stretched { &scratch } else { word });
                if exact != NONE && self.dict.flags[exact as usize] & flag::TYPO_TARGET == 0 {
                    exact = NONE;
                }
            }
            if exact == NONE && prefix == NONE && word.len() >= 4 {
                // Spellings by ear, which edit the first letter typo correction keeps: a
                // silent "h" dropped ("ablar" = hablar, "orrible") and "k" for "qu" ("kiero"
                // = quiero, "kien"). Only to an exact vocabulary word.
                scratch.clear();
                match word.strip_prefix('k') {
                    Some(rest) if rest.starts_with(['e', 'i']) => scratch.push_str("qu"),
                    Some(_) => {}
                    None => scratch.push('h'),
                }
                if !scratch.is_empty() {
                    scratch.push_str(word.strip_prefix('k').unwrap_or(word));
                    let id = self.dict.exact(&scratch);
                    if id != NONE && self.dict.flags[id as usize] & flag::TYPO_TARGET != 0 {
                        exact = id;
                    }
                }
            }
            if let Some(&(_, right)) = self.aliases.iter().find(|a| a.0 == exact) {
                exact = right;
            }
            let mut f = if exact == NONE {
                0
            } else {
                self.dict.flags[exact as usize]
            };
            // "t" negates only after "don", "can", "isn"…; in French "a-t-il" it is no negation.
            if word == "t" && (i == 0 || !toks.word(i - 1).ends_with('n')) {
                f &= !flag::NEGATOR;
            }
            flags.push(f);
            ids.push([exact, prefix]);
        }
        Resolved { ids, flags }
    }

    /// Every phrase occurrence, ordered by start then longest first. A phrase may skip up to
    /// two filler words between its words ("talk to a real person") but never a clause break.
    pub fn find(&self, toks: &Tokens, r: &Resolved) -> Vec<Match> {
        let n = toks.tokens.len();
        // About one match per word at most in ordinary text: one allocation, no regrowth.
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let first = out.len();
            for &id in &r.ids[i] {
                if id == NONE {
                    continue;
                }
                let range = self.first[id as usize] as usize..self.first[id as usize + 1] as usize;
                for &p in &self.by_first[range] {
                    if let Some(end) = self.match_at(toks, r, i, &self.phrases[p as usize].words) {
                        out.push(Match {
                            phrase: p,
                            start: i as u32,
                            end: end as u32,
                        });
                    }
                }
            }
            // Matches come out by start already; longest first within a start, by a stable
            // insertion sort on the few that share it (no generic sort routine in the bundle).
            for k in first + 1..out.len() {
                let mut j = k;
                while j > first && out[j - 1].end < out[j].end {
                    out.swap(j - 1, j);
                    j -= 1;
                }
            }
        }
        out
    }

    fn match_at(&self, toks: &Tokens, r: &Resolved, start: usize, words: &[u32]) -> Option<usize> {
        let clause = toks.tokens[start].clause;
        let mut j = start + 1;
        let mut skipped = 0;
        for &w in &words[1..] {
            loop {
                let t = toks.tokens.get(j)?;
                if t.clause != clause {
                    return None;
                }
                if r.ids[j].contains(&w) {
                    j += 1;
                    break;
                }
                if r.flags[j] & flag::FILLER != 0 && skipped < 2 {
                    skipped += 1;
                    j += 1;
                    continue;
                }
                return None;
            }
        }
        Some(j)
    }
}
