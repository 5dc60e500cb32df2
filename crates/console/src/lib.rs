//! Baton's agent console: sign in, go online per team, watch the live queue, open a
//! conversation with its whole context, claim it, reply in the visitor's thread, hand it
//! back or resolve it, and find leads by reference.
//!
//! `main.rs` only mounts [`App`]. The logic that decides what to show lives in [`model`]
//! as plain functions with ordinary tests; [`api`] is the only module that touches the
//! network; the components stay thin. Visitor text is always rendered as text.

pub mod api;
pub mod app;
pub mod chart;
pub mod dashboard;
pub mod leads;
pub mod model;
pub mod notifications;
pub mod outcome;
pub mod pane;
pub mod queue;
pub mod review;
pub mod store;
pub mod time;

pub use app::App;
