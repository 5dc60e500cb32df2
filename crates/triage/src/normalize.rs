//! Text normalisation and tokenisation: lower case, Latin accents folded, stretched letters
//! shortened, split into word tokens grouped in clauses.
//!
//! Everything the engine matches (built-in lexicons, the owner's phrases and visitor text)
//! goes through the same functions, so "Möchte", "mochte" and "MÖÖÖCHTE" meet.

/// One word of a message, as a byte range into [`Tokens::text`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub start: u32,
    pub end: u32,
    /// Clause number: punctuation such as `,` `.` `!` `?` `;` starts a new clause, so that
    /// the "no" of "no, I want a real person" does not negate what follows.
    pub clause: u32,
    /// Runs of three or more equal letters were cut to two ("humaaan" → "humaan").
    pub stretched: bool,
    /// Written in capitals, three letters or more ("AGAIN"): an emphatic word.
    pub caps: bool,
}

/// A normalised message: the folded text and its tokens.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    pub text: String,
    pub tokens: Vec<Token>,
    /// Letters seen, and how many of them were upper case (for the all-caps signal).
    pub letters: u32,
    pub upper: u32,
    /// Words of two or more letters written entirely in capitals.
    pub caps_words: u32,
}

impl Tokens {
    /// The text of token `i`.
    pub fn word(&self, i: usize) -> &str {
        let t = self.tokens[i];
        &self.text[t.start as usize..t.end as usize]
    }
}

/// Folds one lower-case character to ASCII where it is a Latin letter with a diacritic.
/// Returns the replacement (one or two bytes) or `None` to keep the character as is.
fn fold(c: char) -> Option<&'static str> {
    // A small table instead of a Unicode normalisation crate: the packs are Latin-script,
    // and other scripts pass through unchanged.
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'œ' => "oe",
        'æ' => "ae",
        // Arabic: the alef's hamza and madda forms, taa marbuta and alef maqsura are written
        // either way in chat ("إلغاء" / "الغاء").
        'أ' | 'إ' | 'آ' | 'ٱ' => "ا",
        'ة' => "ه",
        'ى' => "ي",
        _ => return None,
    })
}

/// Lower-cases `c` for the scripts that have case and that visitors write in: Latin (ASCII,
/// Latin-1, Latin Extended-A), Greek and Cyrillic. Other characters are returned as they are
/// (Arabic, Hebrew and Devanagari have no case). A few ranges instead of core's Unicode
/// case table, which would add about 5 KB brotli to the widget; 'İ', whose lower case is
/// two characters, is kept, as `char::to_lowercase` would have made it "i̇".
#[inline]
pub(crate) fn lower(c: char) -> char {
    let u = c as u32;
    let l = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => {
            u + 32
        }
        // Latin Extended-A: upper case on the even code point of each pair, then (from Ĺ to
        // Ň and from Ź to Ž) on the odd one; 'Ÿ' pairs with 'ÿ' in Latin-1.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if u.is_multiple_of(2) => u + 1,
        0x139..=0x148 | 0x179..=0x17E if !u.is_multiple_of(2) => u + 1,
        0x178 => 0xFF,
        // Greek with tonos.
        0x386 => 0x3AC,
        0x388..=0x38A => u + 37,
        0x38C => 0x3CC,
        0x38E | 0x38F => u + 63,
        // Cyrillic: Ѐ…Џ (Serbian, Macedonian, Ukrainian, Belarusian letters), then the
        // paired letters from Ѡ to ӿ outside the ranges that are not pairs.
        0x400..=0x40F => u + 80,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if u.is_multiple_of(2) => u + 1,
        0x4C1..=0x4CE if !u.is_multiple_of(2) => u + 1,
        0x4C0 => 0x4CF,
        _ => u,
    };
    char::from_u32(l).unwrap_or(c)
}

/// What a character is to the tokenizer.
#[derive(Clone, Copy, PartialEq)]
enum Class {
    /// Ends a word: spaces, punctuation, symbols, emoji.
    Break,
    /// A digit: part of a word, not a letter.
    Digit,
    Letter,
    /// A combining accent (a decomposed "é"): dropped, so that the word folds like the
    /// composed form.
    Mark,
}

/// Classifies `c` without Unicode property tables (which would add kilobytes to the
/// widget): ASCII exactly; beyond it, the punctuation, symbol, emoji and private-use blocks
/// break words, and every other character (Latin, Greek, Cyrillic, Devanagari, CJK…) is a
/// letter. Upper case is read from lower-casing (see `tokenize`).
#[inline(always)]
fn class(c: char) -> Class {
    let u = c as u32;
    if u < 0x80 {
        return match c {
            '0'..='9' => Class::Digit,
            'a'..='z' | 'A'..='Z' => Class::Letter,
            _ => Class::Break,
        };
    }
    match u {
        0xAA | 0xB5 | 0xBA => Class::Letter,
        0x80..=0xBF | 0xD7 | 0xF7 => Class::Break,
        // Combining accents; Hebrew points; Arabic vowel marks, shadda and tatweel (the
        // stretching line), which chat writes or leaves out at will.
        0x300..=0x36F | 0x591..=0x5BD | 0x5BF | 0x5C1 | 0x5C2 | 0x5C4 | 0x5C5 | 0x5C7 => {
            Class::Mark
        }
        0x610..=0x61A | 0x640 | 0x64B..=0x65F | 0x670 | 0x6D6..=0x6ED => Class::Mark,
        0x37E
        | 0x387
        | 0x55A..=0x55F
        | 0x589
        | 0x5BE
        | 0x5C0
        | 0x5C3
        | 0x5C6
        | 0x60C
        | 0x61B
        | 0x61F
        | 0x6D4
        | 0x964
        | 0x965 => Class::Break,
        0x2000..=0x2BFF | 0x3000..=0x3003 | 0x3008..=0x303F | 0xE000..=0xF8FF | 0xFE00..=0xFE6F => {
            Class::Break
        }
        0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0xFFF0..=0xFFFF => {
            Class::Break
        }
        0x1F000..=0x1FBFF | 0xE0000.. => Class::Break,
        _ => Class::Letter,
    }
}

/// Whether `c` is part of a word (a letter or a digit in any script) rather than a space,
/// punctuation, a symbol or an emoji: the tokenizer's rule, without Unicode property
/// tables, for other checks that need it (a font's name, an email's domain).
pub fn is_word_char(c: char) -> bool {
    matches!(class(c), Class::Letter | Class::Digit)
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | '!'
            | '?'
            | ';'
            | ':'
            | '\n'
            | '('
            | ')'
            | '¿'
            | '¡'
            | '…'
            | '"'
            | '،'
            | '؛'
            | '؟'
    )
}

/// Normalises and tokenises `input` in one linear pass.
pub(crate) fn tokenize(input: &str) -> Tokens {
    let mut out = Tokens {
        text: String::with_capacity(input.len() + 8),
        tokens: Vec::with_capacity(input.len() / 4 + 1),
        ..Tokens::default()
    };
    let mut clause = 0u32;
    let mut start: Option<usize> = None;
    let mut stretched = false;
    let mut word_upper = 0u32;
    let mut word_letters = 0u32;
    // The last letter pushed and how many times in a row, to collapse "aaa" → "a".
    let mut last = '\0';
    let mut run = 0u32;
    let mut pending_break = false;

    for (pos, c) in input.char_indices() {
        let kind = class(c);
        if kind == Class::Mark {
            continue;
        }
        if kind != Class::Break {
            if start.is_none() {
                if pending_break && !out.tokens.is_empty() {
                    clause += 1;
                }
                pending_break = false;
                start = Some(out.text.len());
                stretched = false;
                word_upper = 0;
                word_letters = 0;
                last = '\0';
                run = 0;
            }
            let l = lower(c);
            if kind == Class::Letter {
                out.letters += 1;
                word_letters += 1;
                // A letter that lower-casing changes was upper (or title) case.
                if l != c {
                    out.upper += 1;
                    word_upper += 1;
                }
            }
            if l == last && kind == Class::Letter {
                run += 1;
                // Runs of three or more are cut to two ("goood" → "good", "humaaan" →
                // "humaan"); the matcher also tries the single-letter form for stretched words.
                if run >= 3 {
                    stretched = true;
                }
                if run >= 3 {
                    continue;
                }
            } else {
                last = l;
                run = 1;
            }
            match if l.is_ascii() { None } else { fold(l) } {
                Some(s) => out.text.push_str(s),
                None => out.text.push(l),
            }
        } else {
            if let Some(s) = start.take() {
                push_token(&mut out, s, clause, stretched, word_upper, word_letters);
            }
            if c == '.' && number_abbreviation(&mut out, clause, &input[pos + 1..]) {
                continue;
            }
            if is_clause_break(c) {
                pending_break = true;
            }
            // Apostrophes and hyphens split words ("don't" → "don" "t", "l'agent" →
            // "l" "agent") without starting a clause.
        }
    }
    if let Some(s) = start.take() {
        push_token(&mut out, s, clause, stretched, word_upper, word_letters);
    }
    out
}

/// "customer care no. pe connect karo", "order nr. 4471": "no."/"nr." after a word of the
/// same clause and before more lower-case text is the abbreviation of "number", neither a
/// negator nor the end of a sentence. The token is spelt out as "number" (which the
/// lexicons know) and the clause goes on.
fn number_abbreviation(out: &mut Tokens, clause: u32, rest: &str) -> bool {
    let n = out.tokens.len();
    if n < 2
        || out.tokens[n - 2].clause != clause
        || !matches!(out.word(n - 1), "no" | "nr" | "num")
    {
        return false;
    }
    let next = rest.bytes().find(|&b| b != b' ');
    if !next.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        return false;
    }
    let start = out.tokens[n - 1].start as usize;
    out.text.truncate(start);
    out.text.push_str("number");
    out.tokens[n - 1].end = out.text.len() as u32;
    out.text.push(' ');
    true
}

fn push_token(
    out: &mut Tokens,
    start: usize,
    clause: u32,
    stretched: bool,
    upper: u32,
    letters: u32,
) {
    if letters >= 2 && upper == letters {
        out.caps_words += 1;
    }
    let caps = letters >= 3 && upper == letters;
    out.tokens.push(Token {
        start: start as u32,
        end: out.text.len() as u32,
        clause,
        stretched,
        caps,
    });
    out.text.push(' ');
}

/// Normalises a phrase into its words, for compiling lexicons and owner phrases.
pub(crate) fn phrase_words(phrase: &str) -> Vec<String> {
    let t = tokenize(phrase);
    let mut words = Vec::with_capacity(t.tokens.len());
    for i in 0..t.tokens.len() {
        words.push(t.word(i).to_string());
    }
    words
}

/// `word` with every double letter made single ("humaan" → "human", "pleease" → "please"):
/// the second guess for a stretched word, whose runs were cut to two.
pub(crate) fn single_letters(word: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    for c in word.chars() {
        if c != last || class(c) != Class::Letter {
            out.push(c);
        }
        last = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        phrase_words(s)
    }

    #[test]
    fn folds_and_collapses() {
        assert_eq!(
            words("Möchte MIT dem Señor"),
            ["mochte", "mit", "dem", "senor"]
        );
        assert_eq!(words("humaaan gooood"), ["humaan", "good"]);
        assert_eq!(words("don't l'agent"), ["don", "t", "l", "agent"]);
        assert_eq!(words("Straße"), ["strasse"]);
        assert_eq!(words("1000 euros"), ["1000", "euros"]);
    }

    #[test]
    fn lower_agrees_with_unicode_where_it_covers() {
        let covered = (0..0x180).chain(0x380..0x3B0).chain(0x400..0x530);
        for c in covered.filter_map(char::from_u32) {
            let mut unicode = c.to_lowercase();
            let expected = match (unicode.next(), unicode.next()) {
                (Some(l), None) => l,
                _ => c,
            };
            assert_eq!(lower(c), expected, "U+{:04X}", c as u32);
        }
        assert_eq!(
            words("ΑΚΥΡΩΣΗ Ελλάδα ПОМОГИТЕ Їжак ŁÓDŹ"),
            ["ακυρωση", "ελλάδα", "помогите", "їжак", "lodz"]
        );
    }

    #[test]
    fn clauses() {
        let t = tokenize("no, I want a person");
        assert_eq!(t.tokens[0].clause, 0);
        assert_eq!(t.tokens[1].clause, 1);
    }
}
