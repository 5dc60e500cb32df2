//! The hub's integration tests, one binary: the router driven through `oneshot` (API,
//! console, metrics), real HTTP streams, notification channels against local sinks, and the
//! demo's site file. One binary links the hub once instead of once per file.
//!
//! `cargo test -p hub --test suite console_claim` runs one file's tests.

mod api_support;
mod console_support;
mod metrics_support;
mod notify_support;

mod api_answers_first;
mod api_conversations;
mod api_db;
mod api_handoffs;
mod api_security;
mod api_widget_config;
mod bot_faq;
mod config_keys;
mod console_auth;
mod console_claim;
mod console_queue;
mod console_typing;
mod db_copy;
mod demo_config;
mod http_stream;
mod loader;
mod metrics_api;
mod metrics_compute;
mod metrics_db;
mod metrics_screenshots;
mod notify_channels;
mod notify_leads;
mod notify_outbox;
mod notify_rules;
mod rasa;
mod two_hubs;
mod whatsapp_inbound;
mod whatsapp_replies;
