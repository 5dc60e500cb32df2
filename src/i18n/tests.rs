//! Locales from tags, templates filled, and the hub's words for the visitor's language kept.

use super::*;

#[test]
fn locales_come_from_tags() {
    // The bridge's default words, the widget's strings and `baton check` know the same languages.
    assert_eq!(Lang::ALL.map(Lang::code), protocol::bridge::LANGUAGES);
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

#[test]
fn the_hubs_words_for_the_visitors_language_are_kept_once_and_only_when_whole() {
    // Tests run on one thread each: what one installs, another does not see.
    let mut words = LangWords::builtin("de").expect("the hub's German");
    words.ui[Key::Send as usize] = "Abschicken".into();
    words.bridge[0] = "Ich verbinde Sie mit {team}".into();
    let mut short = words.clone();
    short.ui.pop();
    assert!(!install(Lang::De, short), "a string missing: not kept");
    assert!(
        !install(Lang::Fr, words.clone()),
        "another language's words are not kept"
    );
    assert!(!install(Lang::En, words.clone()));
    assert!(install(Lang::De, words));
    assert_eq!(Lang::De.t(Key::Send), "Abschicken");
    assert_eq!(
        bridge_words(Lang::De).specialist,
        "Ich verbinde Sie mit {team}"
    );
    assert_eq!(Lang::En.t(Key::Send), "Send", "English is untouched");
    assert!(
        !install(Lang::De, LangWords::builtin("de").unwrap()),
        "once per page"
    );
    assert_eq!(Lang::De.t(Key::Send), "Abschicken");
}
