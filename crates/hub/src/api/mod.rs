//! The widget-facing API: one file per resource, handlers named resource-then-verb, each
//! request body beside the handler that reads it (the wire types are in
//! `protocol::hub`).

use protocol::hub::{Author, Message, MessageKind};

use crate::db::StoredMessage;

pub mod availability;
pub mod conversations;
pub mod extract;
pub mod handoffs;
pub mod leads;
pub mod loader;
pub mod messages;
pub mod pages;
pub mod ratings;
pub mod stream;
pub mod widget_config;

/// A stored message as the wire shows it.
pub fn wire(m: &StoredMessage) -> Message {
    let author = match m.author.as_str() {
        "visitor" => Author::Visitor,
        "bot" => Author::Bot,
        "agent" => Author::Agent,
        _ => Author::System,
    };
    let kind = match m.kind.as_str() {
        "intro" => MessageKind::Intro,
        "notice" => MessageKind::Notice,
        _ => MessageKind::Chat,
    };
    Message {
        seq: m.seq,
        client_id: m.client_id.clone(),
        author,
        kind,
        agent_name: m.agent_name.clone(),
        text: m.body.clone(),
        confidence: m.confidence.map(|c| c as f32),
        created_at: m.created_at.clone(),
    }
}

/// A UTC instant as RFC 3339 with a `Z`.
pub fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
