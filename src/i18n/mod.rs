//! The widget's words in the visitor's language, and the locale it speaks them in.
//!
//! English is built in (`protocol::ui::EN`, the bridge's English words); the hub sends any
//! other language with the site's settings ([`LangWords`]) and [`install`] keeps it for the
//! page's life. Until then, and if it never comes, the widget speaks English.

use std::cell::OnceCell;

use protocol::bridge::Words;
pub use protocol::ui::{fill, Key, LangWords, Table};

/// A language the widget speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
    /// French.
    Fr,
    /// German.
    De,
    /// Italian.
    It,
    /// Dutch.
    Nl,
    /// Arabic (right to left).
    Ar,
    /// Hebrew (right to left).
    He,
    /// Hindi (Devanagari; the triage pack reads it romanised too).
    Hi,
}

impl Lang {
    /// Every language.
    pub const ALL: [Lang; 10] = [
        Lang::En,
        Lang::Es,
        Lang::Pt,
        Lang::Fr,
        Lang::De,
        Lang::It,
        Lang::Nl,
        Lang::Ar,
        Lang::He,
        Lang::Hi,
    ];

    /// The language of a BCP 47 tag (`pt-BR` → Portuguese, `iw` → Hebrew); English when
    /// the widget does not speak it.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "es" => Lang::Es,
            "pt" => Lang::Pt,
            "fr" => Lang::Fr,
            "de" => Lang::De,
            "it" => Lang::It,
            "nl" => Lang::Nl,
            "ar" => Lang::Ar,
            "he" | "iw" => Lang::He,
            "hi" => Lang::Hi,
            _ => Lang::En,
        }
    }

    /// The primary tag (`en`, `ar`…).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::It => "it",
            Lang::Nl => "nl",
            Lang::Ar => "ar",
            Lang::He => "he",
            Lang::Hi => "hi",
        }
    }

    /// Written right to left.
    pub fn rtl(self) -> bool {
        matches!(self, Lang::Ar | Lang::He)
    }

    /// The string for `key`: from the words installed for this language, else built in,
    /// else English.
    pub fn t(self, key: Key) -> &'static str {
        table(self)[key as usize]
    }

    /// The string for `key` with each `{name}` replaced by its value.
    pub fn fill(self, key: Key, values: &[(&str, &str)]) -> String {
        fill(self.t(key), values)
    }

    /// The widget has this language's words: English, built in, or installed.
    pub fn spoken(self) -> bool {
        installed(self).is_some() || protocol::ui::builtin(self.code()).is_some()
    }
}

/// A language's words as installed from the hub's.
struct Installed {
    lang: Lang,
    ui: &'static Table,
    bridge: &'static Words,
}

thread_local! {
    static INSTALLED: OnceCell<Installed> = const { OnceCell::new() };
}

fn installed(lang: Lang) -> Option<(&'static Table, &'static Words)> {
    INSTALLED.with(|i| i.get().filter(|i| i.lang == lang).map(|i| (i.ui, i.bridge)))
}

fn table(lang: Lang) -> &'static Table {
    installed(lang)
        .map(|(ui, _)| ui)
        .or_else(|| protocol::ui::builtin(lang.code()))
        .unwrap_or(&protocol::ui::EN)
}

/// The bridge's default words in `lang`: installed, else built in, else English.
pub fn bridge_words(lang: Lang) -> &'static Words {
    installed(lang)
        .map(|(_, bridge)| bridge)
        .unwrap_or_else(|| Words::of(lang.code()))
}

/// Keeps the hub's `words` for the page's life when they are `want`'s, complete, and no
/// language is installed yet; true when they were installed.
pub fn install(want: Lang, words: LangWords) -> bool {
    let taken = INSTALLED.with(|i| i.get().is_some());
    if taken || want == Lang::En || Lang::from_tag(&words.lang) != want {
        return false;
    }
    let Ok(ui) = <[String; protocol::ui::N]>::try_from(words.ui) else {
        return false;
    };
    let Some(bridge) = Words::from_strings(words.bridge) else {
        return false;
    };
    let ui: &'static Table = Box::leak(Box::new(ui.map(|s| &*Box::leak(s.into_boxed_str()))));
    INSTALLED.with(|i| {
        i.set(Installed {
            lang: want,
            ui,
            bridge: Box::leak(Box::new(bridge)),
        })
        .is_ok()
    })
}

#[cfg(test)]
mod tests;
