//! Baton's hub: the server behind the widget and the agent console.
//!
//! Start it with `baton serve [--config FILE] [--data DIR] [--addr 127.0.0.1:PORT]`.
#![deny(missing_docs)]

pub mod availability;
pub mod bot;
pub mod bus;
pub mod clock;
pub mod config;
pub mod handoff;
pub mod hours;
pub mod icons;
pub mod identity;
pub mod leads;

pub mod api;
mod app;
pub mod console;
pub mod db;
pub mod error;
pub mod metrics;
pub mod notify;
pub mod overview;
pub mod security;
pub mod server;
pub mod site;
pub mod state;
mod static_paths;
pub mod stream;
pub mod stream_slots;
pub mod thread;
pub mod typing;
pub mod verdict;
pub mod visitor_name;
pub mod whatsapp;

pub use app::app;
pub use state::{AppState, Options};
