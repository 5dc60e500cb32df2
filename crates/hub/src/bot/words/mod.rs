//! Text to the words the FAQ matcher compares: lower case, Latin accents folded, links and
//! e-mail addresses dropped, stop words and one-letter words dropped, words reduced to their
//! stem by the Snowball stemmer of their language, a few English shop synonyms merged.
//! Scripts written without spaces give one word per character. [`detect`] tells the
//! language of a question from its stop words.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

mod stop_words;

use stop_words::{STOP_DE, STOP_EN, STOP_ES, STOP_FR, STOP_IT, STOP_NL, STOP_PT};

/// A language the assistant can tell apart (by its stop words) and stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English.
    En,
    /// Spanish.
    Es,
    /// French.
    Fr,
    /// German.
    De,
    /// Italian.
    It,
    /// Portuguese.
    Pt,
    /// Dutch.
    Nl,
}

impl Lang {
    /// Every language, in the order ties are broken after the FAQ's own language.
    pub const ALL: [Lang; 7] = [
        Lang::En,
        Lang::Es,
        Lang::Fr,
        Lang::De,
        Lang::It,
        Lang::Pt,
        Lang::Nl,
    ];

    /// The ISO 639-1 code, as the FAQ file writes it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::It => "it",
            Lang::Pt => "pt",
            Lang::Nl => "nl",
        }
    }

    /// The language with ISO 639-1 `code`.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    fn algorithm(self) -> Algorithm {
        match self {
            Lang::En => Algorithm::English,
            Lang::Es => Algorithm::Spanish,
            Lang::Fr => Algorithm::French,
            Lang::De => Algorithm::German,
            Lang::It => Algorithm::Italian,
            Lang::Pt => Algorithm::Portuguese,
            Lang::Nl => Algorithm::Dutch,
        }
    }

    /// Words that carry no topic, accents folded.
    fn stop_words(self) -> &'static [&'static str] {
        match self {
            Lang::En => STOP_EN,
            Lang::Es => STOP_ES,
            Lang::Fr => STOP_FR,
            Lang::De => STOP_DE,
            Lang::It => STOP_IT,
            Lang::Pt => STOP_PT,
            Lang::Nl => STOP_NL,
        }
    }
}

/// Each language's stop words as a set, built once.
fn stop_set(lang: Lang) -> &'static HashSet<&'static str> {
    static SETS: OnceLock<HashMap<Lang, HashSet<&'static str>>> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        Lang::ALL
            .into_iter()
            .map(|l| (l, l.stop_words().iter().copied().collect()))
            .collect()
    });
    &sets[&lang]
}

/// The language of `text`, told by which language's stop words it uses most; `None` when
/// it uses none (a bare "returns?", or a script the assistant cannot tell apart). A tie
/// goes to `prefer` (the FAQ's own language), then to the order of [`Lang::ALL`].
pub fn detect(text: &str, prefer: Lang) -> Option<Lang> {
    let tokens = tokens(text);
    let count = |l: Lang| {
        tokens
            .iter()
            .filter(|t| stop_set(l).contains(t.as_str()))
            .count()
    };
    let mut best = (prefer, count(prefer));
    for l in Lang::ALL {
        let c = count(l);
        if c > best.1 {
            best = (l, c);
        }
    }
    (best.1 > 0).then_some(best.0)
}

/// Shop words that mean the same thing, merged to the second (compared after stemming).
const SYNONYMS: &[(&str, &str)] = &[
    ("deliver", "ship"),
    ("delivery", "ship"),
    ("postage", "ship"),
    ("post", "ship"),
    ("dispatch", "ship"),
    ("shipment", "ship"),
    ("price", "cost"),
    ("fee", "cost"),
    ("charge", "cost"),
    ("purchase", "buy"),
    ("bought", "buy"),
    ("store", "shop"),
    ("fit", "size"),
    ("parcel", "package"),
    ("guarantee", "warranty"),
    ("guaranty", "warranty"),
    ("phone", "call"),
    ("telephone", "call"),
    ("location", "address"),
    ("located", "address"),
];

/// English words that place a question in time ("last Tuesday", "this morning"): context
/// rather than topic. Unless the FAQ itself uses them, they weigh as little as a word every
/// entry uses (see `faq/matching.rs`).
const CONTEXT: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "weekend",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "day",
    "week",
    "month",
    "year",
    "hour",
    "minute",
    "last",
    "next",
    "morning",
    "afternoon",
    "evening",
    "night",
    "tonight",
    "tomorrow",
];

/// Whether the normalised `word` is one of [`CONTEXT`].
pub(crate) fn is_context(word: &str) -> bool {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    let english = Stemmer::create(Algorithm::English);
    SET.get_or_init(|| {
        CONTEXT
            .iter()
            .map(|w| stem(w, Lang::En, &english))
            .collect()
    })
    .contains(word)
}

/// [`SYNONYMS`], both sides stemmed, built once.
fn synonyms() -> &'static HashMap<String, String> {
    static MAP: OnceLock<HashMap<String, String>> = OnceLock::new();
    let english = Stemmer::create(Algorithm::English);
    MAP.get_or_init(|| {
        SYNONYMS
            .iter()
            .map(|(from, to)| (stem(from, Lang::En, &english), stem(to, Lang::En, &english)))
            .collect()
    })
}

/// Normalised English content words of `text`, in order (with repeats).
#[cfg(test)]
fn normalise(text: &str) -> Vec<String> {
    normalise_in(text, Lang::En)
}

/// Normalised content words of `text` read as `lang`, in order (with repeats).
pub(crate) fn normalise_in(text: &str, lang: Lang) -> Vec<String> {
    let stemmer = Stemmer::create(lang.algorithm());
    tokens(text)
        .into_iter()
        .filter_map(|t| finish(&t, lang, &stemmer))
        .collect()
}

/// Lower-cased, accent-folded words of `text`, links and e-mail addresses left out.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for chunk in text.split_whitespace() {
        // A link or an address names a thing, not a topic.
        let lower = chunk.to_lowercase();
        if lower.contains("://")
            || lower.starts_with("www.")
            || (chunk.contains('@') && chunk.contains('.'))
        {
            continue;
        }
        // An identifier ("#4471", "NW-4471-B", "24/7") is one word, whatever its punctuation.
        let code = lower.trim_matches(|c: char| !c.is_alphanumeric());
        if code.bytes().any(|b| b.is_ascii_digit())
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_/#.:".contains(&b))
        {
            words.push(code.chars().filter(char::is_ascii_alphanumeric).collect());
            continue;
        }
        let mut word = String::new();
        for c in chunk.chars() {
            if is_ideograph(c) {
                // Scripts written without spaces: each character is a word of its own.
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                words.push(c.to_string());
            } else if c.is_alphanumeric() {
                for lower in c.to_lowercase() {
                    match fold(lower) {
                        Some(ascii) => word.push_str(ascii),
                        None => word.push(lower),
                    }
                }
            } else if matches!(
                c,
                '\'' | '’' | '\u{301}' | '\u{300}' | '\u{308}' | '\u{303}' | '\u{327}'
            ) {
                // Apostrophes join ("don't" → "dont"); combining accents vanish.
            } else if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

/// Drops stop words and one-letter words, stems, and merges synonyms (English).
fn finish(word: &str, lang: Lang, stemmer: &Stemmer) -> Option<String> {
    let single =
        word.chars().count() < 2 && !word.chars().all(|c| c.is_ascii_digit() || is_ideograph(c));
    if single || stop_set(lang).contains(word) {
        return None;
    }
    let stemmed = stem(word, lang, stemmer);
    if lang == Lang::En {
        if let Some(to) = synonyms().get(&stemmed) {
            return Some(to.clone());
        }
    }
    Some(stemmed)
}

/// The Snowball stem of a (folded) word, so "returns", "returned" and "returning" meet.
/// Words holding digits (order numbers, "24h") and non-Latin words are left alone.
fn stem(word: &str, lang: Lang, stemmer: &Stemmer) -> String {
    if !word.is_ascii() || word.bytes().any(|b| b.is_ascii_digit()) {
        return word.to_string();
    }
    let mut stem = stemmer.stem(word).into_owned();
    // English Snowball restores an "e" to short stems ("hoping" → "hope"), so the misspelt
    // "shiping" gives "shipe": without a final "e", it meets "ship", and "sizing" "size".
    if lang == Lang::En && stem.len() > 3 && stem.ends_with('e') && !stem.ends_with("ee") {
        stem.pop();
    }
    stem
}

/// Han, kana and Hangul syllables: scripts written without spaces between words.
fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{AC00}'..='\u{D7AF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Latin letters with diacritics → ASCII (lower case input).
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
