//! The conversation's rules, case by case: what the visitor sees and what goes to the hub.
//! This file holds the helpers the cases share.

use super::*;
use protocol::hub::{Author, Message, MessageCreated, MessageKind, TurnTriage};
use triage::Config;

mod handoff;
mod held_back;
mod thread;
mod typing;

fn teams() -> Vec<(String, String)> {
    ["support", "billing", "sales"]
        .iter()
        .map(|k| {
            (
                k.to_string(),
                format!("{}{}", k[..1].to_uppercase(), &k[1..]),
            )
        })
        .collect()
}

fn chat() -> Conversation {
    Conversation::new(
        Engine::new(Config::default()).unwrap(),
        Lang::En,
        teams(),
        "You're chatting with Ava, an AI assistant.",
        "Hi!",
    )
}

fn msg(seq: i64, author: Author, kind: MessageKind, text: &str) -> Message {
    Message {
        seq,
        client_id: None,
        author,
        kind,
        agent_name: None,
        text: text.into(),
        channel: Default::default(),
        delivery: None,
        confidence: None,
        created_at: String::new(),
    }
}

fn visitor(seq: i64, client_id: &str, text: &str) -> Message {
    Message {
        client_id: Some(client_id.into()),
        ..msg(seq, Author::Visitor, MessageKind::Chat, text)
    }
}

fn bot(seq: i64, text: &str, confidence: Option<f32>) -> Message {
    Message {
        confidence,
        ..msg(seq, Author::Bot, MessageKind::Chat, text)
    }
}

fn created(message: Message, reply: Option<Message>) -> MessageCreated {
    MessageCreated {
        message,
        reply,
        triage: None,
        name: None,
    }
}

/// The hub's first two messages, as `POST …/conversations` returns them.
fn intro(c: &mut Conversation) {
    c.receive(msg(
        1,
        Author::Bot,
        MessageKind::Intro,
        "You're chatting with Ava, an AI assistant.",
    ));
    c.receive(msg(2, Author::Bot, MessageKind::Intro, "Hi!"));
}

/// The hub's answer when it agrees the message goes to a person: no reply.
fn handed_over(message: Message) -> MessageCreated {
    MessageCreated {
        message,
        reply: None,
        triage: Some(TurnTriage {
            escalate: true,
            trigger: Some("high_risk".into()),
            route: Some("billing".into()),
            triggers: vec!["high_risk".into()],
            reasons: Vec::new(),
        }),
        name: None,
    }
}
