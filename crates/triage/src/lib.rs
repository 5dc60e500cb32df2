//! Baton's triage engine: for each visitor message, which escalation triggers fire, why,
//! and whether the conversation should go to a human — and to which team.
//!
//! The engine is pure: no I/O, no clock, no DOM, no HTTP, no JSON, no `regex`. The same
//! code runs in the widget (compiled to WebAssembly, before any network call) and in the
//! hub (re-checking handoffs, replaying transcripts).
//!
//! ```
//! use triage::{Config, Conversation, Engine, Trigger};
//!
//! let engine = Engine::new(Config::default()).unwrap();
//!
//! // One message on its own.
//! let verdict = engine.classify("can I talk to a real person?");
//! assert!(verdict.fired(Trigger::HumanRequest));
//! assert_eq!(verdict.decision.route(), Some("support"));
//!
//! // "I don't need a human" is not a request for one.
//! assert!(!engine.classify("I don't need a human, just the opening hours").decision.is_escalate());
//!
//! // A conversation: the caller keeps the state, the engine records each turn in it.
//! let mut conversation = Conversation::new();
//! engine.visitor(&mut conversation, "do you ship to Norway?");
//! // Unsure once (confidence under `low_confidence`): the bot carries on.
//! assert!(!engine.bot(&mut conversation, Some(0.4)).decision.is_escalate());
//! engine.visitor(&mut conversation, "what about shipping to Oslo?");
//! // Unsure twice: a human takes over.
//! assert!(engine.bot(&mut conversation, Some(0.3)).fired(Trigger::RepeatedFailure));
//!
//! // No answer at all: escalate at once rather than guess.
//! let mut conversation = Conversation::new();
//! engine.visitor(&mut conversation, "can you fix my boiler's firmware?");
//! assert!(engine.bot(&mut conversation, None).fired(Trigger::OutOfScope));
//! ```
#![deny(missing_docs)]

mod config;
mod conversation;
mod dict;
mod engine;
mod extract;
mod frustration;
mod human;
mod lexicon;
pub mod model;
mod normalize;
mod phrases;
mod rephrase;
mod risk;
mod scan;
mod text;
mod verdict;

pub use config::{
    Config, Error, Intent, Language, Routes, Thresholds, WeightedTerm, BUILTIN_INTENTS,
    MAX_PHRASE_CHARS,
};
pub use conversation::Conversation;
pub use engine::Engine;
pub use extract::{extract, Extracted, Money};
#[cfg(feature = "builtin-packs")]
pub use lexicon::builtin_text;
pub use lexicon::{LanguagePack, PackError};
pub use normalize::is_word_char;
pub use verdict::{Decision, Reason, Trigger, Verdict};
