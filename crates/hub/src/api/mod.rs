//! The widget-facing API: one file per resource, handlers named resource-then-verb, each
//! request body beside the handler that reads it (the wire types are in
//! `protocol::hub`).

pub mod availability;
pub mod conversations;
pub mod extract;
pub mod handoffs;
pub mod health;
pub mod leads;
pub mod loader;
pub mod messages;
pub mod pages;
pub mod ratings;
pub mod stream;
pub mod whatsapp;
pub mod widget_config;
