//! The widget's own words (buttons, labels, status lines, form errors), by [`Key`]: English
//! built in everywhere, the other languages of [`LANGUAGES`](crate::bridge::LANGUAGES) with
//! the feature `languages` (on by default). The hub sends a visitor's language with the
//! site's settings ([`LangWords`]), so the widget's WebAssembly carries English only.

use serde::{Deserialize, Serialize};

#[cfg(feature = "languages")]
mod languages;

/// One language's strings, in [`Key`] order.
pub type Table = [&'static str; N];

/// The widget's words and the bridge's default words in one language other than English, as
/// the hub sends them with a site's settings (`widget-config?lang=CODE`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LangWords {
    /// The language's code (`es`, `ar`…).
    pub lang: String,
    /// The widget's strings, in [`Key`] order.
    pub ui: Vec<String>,
    /// The bridge's default words, in [`Words::strings`](crate::bridge::Words::strings) order.
    pub bridge: Vec<String>,
}

impl LangWords {
    /// The built-in words of `lang`, for the hub to send; `None` for English (which every
    /// widget carries), for a code the widget does not speak, and without the feature
    /// `languages`.
    pub fn builtin(lang: &str) -> Option<LangWords> {
        if lang == "en" {
            return None;
        }
        let ui = builtin(lang)?;
        Some(LangWords {
            lang: lang.to_string(),
            ui: ui.iter().map(|s| s.to_string()).collect(),
            bridge: crate::bridge::Words::of(lang)
                .strings()
                .into_iter()
                .map(String::from)
                .collect(),
        })
    }
}

/// Each language the widget speaks besides English: its strings and the bridge's default
/// words. The one list both are looked up in.
#[cfg(feature = "languages")]
pub(crate) static OTHERS: [(&str, &Table, &crate::bridge::Words); 9] = [
    ("es", &languages::ES, &crate::bridge::languages::ES),
    ("pt", &languages::PT, &crate::bridge::languages::PT),
    ("fr", &languages::FR, &crate::bridge::languages::FR),
    ("de", &languages::DE, &crate::bridge::languages::DE),
    ("it", &languages::IT, &crate::bridge::languages::IT),
    ("nl", &languages::NL, &crate::bridge::languages::NL),
    ("ar", &languages::AR, &crate::bridge::languages::AR),
    ("he", &languages::HE, &crate::bridge::languages::HE),
    ("hi", &languages::HI, &crate::bridge::languages::HI),
];

/// The built-in table of `lang`: English always; the others with the feature `languages`.
pub fn builtin(lang: &str) -> Option<&'static Table> {
    if lang == "en" {
        return Some(&EN);
    }
    #[cfg(feature = "languages")]
    if let Some((_, table, _)) = OTHERS.iter().find(|(code, _, _)| *code == lang) {
        return Some(table);
    }
    None
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
        /// How many strings the widget shows.
        pub const N: usize = [$(Key::$key),*].len();
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
    // A weekday or a date as the object of "back …" (Spanish: "el lunes"); "today" and
    // "tomorrow" take none.
    OnDay,
);

/// English, which every build carries.
pub const EN: Table = [
    "Talk to a human",
    "Type your message…",
    "Send",
    "Your message",
    "Sending…",
    "Not sent",
    "Retry",
    "typing…",
    "team online",
    "team offline",
    "{name} joined",
    "{name} (AI assistant) is answering",
    "{name} is answering",
    "Waiting for {team}…",
    "Nobody from {team} is online right now.",
    "We're back {when} your time.",
    "Leave your details and we'll get back to you.",
    "Name",
    "Email",
    "Phone (with country code)",
    "Your question",
    "I agree to be contacted about my question",
    "Send my details",
    "Please tell us your name.",
    "Please leave an email address or a phone number so we can reply.",
    "That email address doesn't look right.",
    "Please give the number with its country code, e.g. +44 7700 900123.",
    "Please agree to be contacted about your question.",
    "That's too long.",
    "Thanks! Your reference is {reference}.",
    "Continue on WhatsApp",
    "We can't reach our server right now. You can still reach us on WhatsApp.",
    "Close",
    "Chat",
    "You're chatting with {name}, an AI assistant. Ask for a person at any time.",
    "{day} at {time}",
    "Please check the highlighted fields.",
    "Did we help?",
    "Yes, that helped",
    "No, that didn't help",
    "Thanks for telling us.",
    "Your answer wasn't sent.",
    "Nobody from {team} is free yet · they usually reply within {n} minutes",
    "{team} is offline · back {when}",
    "{team} is offline right now",
    "{name} · AI assistant",
    "Continue on Messenger",
    "Continue on Instagram",
    "{name} is typing…",
    "{day}",
];

#[cfg(test)]
mod tests;
