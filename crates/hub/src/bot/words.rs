//! Text to the words the FAQ matcher compares: lower case, Latin accents folded, stop words
//! and one-letter words dropped, English plurals and common suffixes stripped, a few shop
//! synonyms merged. Scripts written without spaces give one word per character.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Words that carry no topic: dropped before matching.
const STOP_WORDS: &[&str] = &[
    "a", "able", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "anyone", "are", "as",
    "at", "be", "because", "been", "before", "being", "between", "both", "but", "by", "can", "cant", "could",
    "couldnt", "did", "didnt", "do", "does", "doesnt", "doing", "dont", "each", "either", "else", "etc", "ever",
    "for", "from", "get", "got", "had", "has", "have", "having", "he", "hello", "her", "here", "hey", "hi", "him",
    "his", "how", "i", "id", "if", "im", "in", "into", "is", "isnt", "it", "its", "ive", "just", "know", "let",
    "lets", "like", "may", "me", "might", "mine", "more", "most", "must", "my", "myself", "need", "no", "nor", "not",
    "now", "of", "off", "ok", "okay", "on", "once", "one", "only", "or", "other", "our", "ours", "out", "own",
    "please", "pls", "plz", "possible", "really", "same", "shall", "she", "should", "so", "some", "such", "tell",
    "than", "thank", "thanks", "that", "thats", "the", "their", "them", "then", "there", "these", "they", "thing",
    "this", "those", "through", "to", "too", "u", "under", "until", "up", "ur", "us", "very", "want", "wanted", "was",
    "we", "were", "what", "whats", "when", "where", "wheres", "which", "while", "who", "whom", "why", "will", "with",
    "wonder", "wondering", "would", "wouldnt", "yes", "you", "your", "youre", "yours", "yourself",
];

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

/// [`SYNONYMS`], both sides stemmed, built once.
fn synonyms() -> &'static HashMap<String, String> {
    static MAP: OnceLock<HashMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| SYNONYMS.iter().map(|(from, to)| (stem(from), stem(to))).collect())
}

/// Normalised content words of `text`, in order (with repeats).
pub(crate) fn normalise(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            if let Some(w) = finish(word) {
                words.push(w);
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if is_ideograph(c) {
            // Scripts written without spaces: each character is a word of its own.
            flush(&mut word, &mut words);
            words.push(c.to_string());
        } else if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                match fold(lower) {
                    Some(ascii) => word.push_str(ascii),
                    None => word.push(lower),
                }
            }
        } else if matches!(c, '\'' | '’' | '\u{301}' | '\u{300}' | '\u{308}' | '\u{303}' | '\u{327}') {
            // Apostrophes join ("don't" → "dont"); combining accents vanish.
        } else {
            flush(&mut word, &mut words);
        }
    }
    flush(&mut word, &mut words);
    words
}

/// Drops stop words and one-letter words, stems, and merges synonyms.
fn finish(word: &str) -> Option<String> {
    if STOP_WORDS.binary_search(&word).is_ok() || word.chars().count() < 2 && !word.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let stemmed = stem(word);
    Some(synonyms().get(&stemmed).cloned().unwrap_or(stemmed))
}

/// Strips English plurals and a few suffixes so "returns", "returned" and "returning" meet.
/// Words with non-ASCII letters are left alone.
fn stem(word: &str) -> String {
    if !word.is_ascii() || word.len() <= 3 || word.bytes().any(|b| b.is_ascii_digit()) {
        return word.to_string();
    }
    let mut w = word.to_string();
    if w.len() > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("sses") || w.ends_with("xes") || w.ends_with("ches") || w.ends_with("shes") {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(w.len() - 1);
    }
    let mut stripped = false;
    for suffix in ["ing", "ed", "ly"] {
        if w.len() >= suffix.len() + 3 && w.ends_with(suffix) {
            w.truncate(w.len() - suffix.len());
            stripped = true;
            break;
        }
    }
    let bytes = w.as_bytes();
    if stripped && bytes.len() >= 4 {
        let (a, b) = (bytes[bytes.len() - 2], bytes[bytes.len() - 1]);
        // "shipp" → "ship", "cancell" → "cancel".
        if a == b && !b"aeiousz".contains(&b) {
            w.truncate(w.len() - 1);
        }
    }
    // A final silent "e": "size"/"sizing", "store"/"storing".
    if w.len() > 3 && w.ends_with('e') && !w.ends_with("ee") {
        w.truncate(w.len() - 1);
    }
    w
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
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn normalisation() {
        let cases: &[(&str, &[&str])] = &[
            ("What is your Returns Policy?", &["return", "policy"]),
            ("returning, returned", &["return", "return"]),
            ("Shipping costs & deliveries", &["ship", "cost", "ship"]),
            ("Café crème, NAÏVE façade", &["caf", "crem", "naiv", "facad"]),
            ("don't I can't", &[]),
            ("sizes sizing size", &["siz", "siz", "siz"]),
            ("boxes watches glasses", &["box", "watch", "glass"]),
            ("Größe", &["gross"]),
            ("送料はいくら", &["送", "料", "は", "い", "く", "ら"]),
            ("Доставка в Москву", &["доставка", "москву"]),
            ("order #4471", &["order", "4471"]),
            ("", &[]),
            ("?!… 👍", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(normalise(text), *expected, "{text}");
        }
    }
}
