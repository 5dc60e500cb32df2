//! Table-driven tests: one line per case, grouped by concern and by language.
//!
//! `t!(name, text, &[triggers])` classifies `text` on its own with the default
//! configuration and expects exactly those triggers, in priority order.

use triage::{
    Config, Conversation, Engine, Intent, Language, Thresholds, Trigger, Trigger::*, WeightedTerm,
};

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Config::default()).unwrap())
}

fn check(text: &str, expected: &[Trigger]) {
    let v = engine().classify(text);
    assert_eq!(v.triggers, expected, "{text:?}: reasons {:#?}", v.reasons);
}

/// The signals of the reasons `text` gives, in order.
fn signals(text: &str) -> Vec<String> {
    engine()
        .classify(text)
        .reasons
        .into_iter()
        .map(|r| r.signal)
        .collect()
}

macro_rules! t {
    ($name:ident, $text:expr, $expected:expr) => {
        #[test]
        fn $name() {
            check($text, $expected);
        }
    };
}

mod api;
mod categories;
mod languages;
mod regressions;
mod triggers;
mod tuning;
