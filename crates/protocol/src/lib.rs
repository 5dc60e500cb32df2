//! Baton's wire and file formats.
//!
//! This crate owns JSON and TOML: the triage engine knows nothing of either, so every
//! format that reaches it is parsed here into its typed values.
//!
//! - [`triage_config`]: the owner's triage rules as TOML or JSON, mapped onto
//!   [`triage::Config`].
//! - [`hub`]: the hub's HTTP API bodies: the widget's (stream events and the error body
//!   too), the console's, and the metrics and review it reads.
//! - [`bridge`]: the words a visitor reads the instant a handoff starts, honest about
//!   when somebody can answer, with the owner's own wording where the site file has it.
//! - [`ui`]: the widget's own words in every language it speaks, and what the hub sends
//!   the widget of its visitor's language.
//! - [`lead`]: the rules of a lead form and of the WhatsApp link that continues a
//!   conversation, the same in the widget and the hub.
//! - [`triage_lines`]: the JSON-lines formats of `baton triage classify` and
//!   `baton triage replay`.
#![deny(missing_docs)]

pub mod bridge;
pub mod hub;
pub mod lead;
pub mod triage_config;
pub mod triage_lines;
pub mod ui;
