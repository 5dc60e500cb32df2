//! Every string translated with the English placeholders, locales from tags, templates filled.

use super::*;

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
    // The bridge's default words and `baton check` know the same languages.
    assert_eq!(Lang::ALL.map(Lang::code), protocol::bridge::LANGUAGES);
    for &lang in &Lang::ALL {
        for &key in Key::ALL {
            let text = lang.t(key);
            assert!(!text.trim().is_empty(), "{lang:?} {key:?} is empty");
            assert_eq!(
                placeholders(text),
                placeholders(Lang::En.t(key)),
                "{lang:?} {key:?}: {text}"
            );
        }
    }
}

#[test]
fn locales_come_from_tags() {
    assert_eq!(Lang::from_tag("pt-BR"), Lang::Pt);
    assert_eq!(Lang::from_tag("de_AT"), Lang::De);
    assert_eq!(Lang::from_tag("it-CH"), Lang::It);
    assert_eq!(Lang::from_tag("nl-BE"), Lang::Nl);
    assert_eq!(Lang::from_tag("iw"), Lang::He);
    assert_eq!(Lang::from_tag("AR"), Lang::Ar);
    assert_eq!(Lang::from_tag("hi-IN"), Lang::Hi);
    assert_eq!(Lang::from_tag("ja-JP"), Lang::En);
    assert_eq!(Lang::from_tag(""), Lang::En);
    assert!(Lang::Ar.rtl() && Lang::He.rtl() && !Lang::Fr.rtl() && !Lang::Hi.rtl());
}

#[test]
fn templates_are_filled() {
    assert_eq!(
        Lang::En.fill(Key::AgentJoined, &[("name", "Maria")]),
        "Maria joined"
    );
    assert_eq!(
        Lang::En.fill(Key::AgentTyping, &[("name", "Maria")]),
        "Maria is typing…"
    );
    assert_eq!(fill("{a} and {a}", &[("a", "x")]), "x and x");
}
