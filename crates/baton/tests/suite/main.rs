//! The `baton` command's integration tests, one binary: the CLI on real files, `baton
//! serve` over HTTP, the validation floors of `baton triage eval`, and the browser tests
//! (widget, embed, console) in headless Chromium against the real hub. One binary links the
//! hub once instead of once per file.
//!
//! `cargo test -p baton --test suite widget_e2e` runs one file's tests.

#[path = "../../../hub/tests/suite/notify_support/mod.rs"]
mod notify_support;
mod support;

mod a11y_e2e;
mod check_cli;
mod cli;
mod console_e2e;
mod embed_e2e;
mod faq_eval;
mod notify_cli;
mod serve;
mod triage_eval;
mod two_hubs_e2e;
mod whatsapp_e2e;
mod widget_e2e;
mod widget_languages_e2e;
mod widget_resilience_e2e;
mod widget_slow_e2e;
