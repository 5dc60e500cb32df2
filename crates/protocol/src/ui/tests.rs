//! Every string translated with the English placeholders, and what the hub sends for a
//! language read back as the same words.

use super::*;
use crate::bridge::{Words, LANGUAGES};

fn placeholders(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> = s
        .split('{')
        .skip(1)
        .filter_map(|p| p.split('}').next())
        .collect();
    out.sort_unstable();
    out
}

#[test]
fn every_key_in_every_language_is_translated_with_the_same_placeholders() {
    for lang in LANGUAGES {
        let table = builtin(lang).unwrap_or_else(|| panic!("no table for {lang}"));
        for &key in Key::ALL {
            let text = table[key as usize];
            assert!(!text.trim().is_empty(), "{lang} {key:?} is empty");
            assert_eq!(
                placeholders(text),
                placeholders(EN[key as usize]),
                "{lang} {key:?}: {text}"
            );
        }
    }
    assert_eq!(builtin("ja"), None);
}

#[test]
fn what_the_hub_sends_reads_back_as_the_same_words() {
    assert_eq!(
        LangWords::builtin("en"),
        None,
        "every widget speaks English"
    );
    assert_eq!(LangWords::builtin("ja"), None);
    for lang in LANGUAGES.into_iter().filter(|&l| l != "en") {
        let sent = LangWords::builtin(lang).unwrap();
        assert_eq!(sent.lang, lang);
        let ui: Vec<&str> = sent.ui.iter().map(String::as_str).collect();
        assert_eq!(ui, builtin(lang).unwrap().to_vec());
        let words = Words::from_strings(sent.bridge.clone()).unwrap();
        assert_eq!(&words, Words::of(lang), "{lang}");
    }
    let mut short = LangWords::builtin("es").unwrap().bridge;
    short.pop();
    assert_eq!(Words::from_strings(short), None, "one string missing");
}

#[test]
fn templates_are_filled() {
    assert_eq!(
        fill(EN[Key::AgentJoined as usize], &[("name", "Maria")]),
        "Maria joined"
    );
    assert_eq!(fill("{a} and {a}", &[("a", "x")]), "x and x");
}
