//! Baton's chat widget: Leptos, client-side rendered, compiled to WebAssembly with Trunk.
//!
//! Every visitor message goes through the triage engine in the browser; when it escalates,
//! the bridge message is added in the same update, before any network call.
//!
//! `main.rs` only mounts [`App`]; the components are exported here so browser tests can
//! mount them.

pub mod api;
pub mod app;
pub mod backoff;
pub mod browser;
pub mod conversation;
pub mod host;
pub mod i18n;
pub mod json;
pub mod lead;
pub mod lead_form;
pub mod settings;
pub mod sse;
pub mod theme;
pub mod time;
pub mod use_availability;
pub mod use_conversation;
pub mod use_lead;
pub mod use_rating;
pub mod use_settings;
pub mod use_stream;

pub use app::App;
