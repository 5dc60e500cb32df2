//! The widget's words in every language it speaks, and the locale it speaks them in.
//!
//! Each language is one array indexed by [`Key`], so a missing string does not compile;
//! the tests check that no string is empty and that every translation keeps the English
//! placeholders (`{team}`, `{name}`…).

mod tables;

use tables::{AR, DE, EN, ES, FR, HE, HI, IT, NL, PT};

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

    /// The string for `key`.
    pub fn t(self, key: Key) -> &'static str {
        let table = match self {
            Lang::En => &EN,
            Lang::Es => &ES,
            Lang::Pt => &PT,
            Lang::Fr => &FR,
            Lang::De => &DE,
            Lang::It => &IT,
            Lang::Nl => &NL,
            Lang::Ar => &AR,
            Lang::He => &HE,
            Lang::Hi => &HI,
        };
        table[key as usize]
    }

    /// The string for `key` with each `{name}` replaced by its value.
    pub fn fill(self, key: Key, values: &[(&str, &str)]) -> String {
        fill(self.t(key), values)
    }
}

/// Replaces each `{name}` in `template`.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

macro_rules! keys {
    ($($key:ident),* $(,)?) => {
        /// A string the widget shows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Key { $($key),* }
        impl Key {
            /// Every key.
            pub const ALL: &'static [Key] = &[$(Key::$key),*];
        }
        const N: usize = [$(Key::$key),*].len();
    };
}

keys!(
    TalkToHuman,
    Placeholder,
    Send,
    YourMessage,
    Sending,
    Failed,
    Retry,
    Typing,
    Online,
    Away,
    AgentJoined,
    AnsweringBot,
    AnsweringAgent,
    Waiting,
    NobodyOnline,
    BackAt,
    LeadIntro,
    Name,
    Email,
    Phone,
    Question,
    Consent,
    LeadSubmit,
    NameRequired,
    ContactRequired,
    EmailInvalid,
    PhoneInvalid,
    ConsentRequired,
    TooLong,
    LeadDone,
    ContinueWhatsapp,
    Unreachable,
    Close,
    Chat,
    Disclosure,
    At,
    FieldErrors,
    RateAsk,
    RateUp,
    RateDown,
    RateThanks,
    RateFailed,
    BusyWait,
    ClosedBack,
    ClosedNoTime,
    AssistantLabel,
    ContinueMessenger,
    ContinueInstagram,
    AgentTyping,
);

#[cfg(test)]
mod tests;
