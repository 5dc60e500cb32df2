//! Who is shown typing: an agent the hub names, until time runs out or their message
//! arrives.

use super::*;
use protocol::hub::AgentTyping;

fn maria_typing(seconds: u32) -> AgentTyping {
    AgentTyping {
        agent_name: "Maria".into(),
        seconds,
    }
}

#[test]
fn an_agent_typing_shows_in_place_of_the_assistant_until_time_runs_out_unless_renewed() {
    let mut c = chat();
    intro(&mut c);
    c.send("where is my order?", "m1".into());
    assert_eq!(c.typing(), Some(Who::Bot), "the assistant works on it");
    assert!(c.ask_for_human().is_some());
    c.receive(msg(5, Author::System, MessageKind::Notice, "Maria joined"));
    assert_eq!(c.agent_typing(maria_typing(6), 1_000.0), 6_000);
    assert_eq!(c.typing(), Some(Who::Agent("Maria".into())));
    assert_eq!(
        c.holder(),
        &Holder::Agent("Maria".into()),
        "she answers now"
    );
    assert!(!c.expire_typing(6_999.0), "not yet");
    // Renewed at 4 s: still shown at 7 s, gone at 10 s.
    c.agent_typing(maria_typing(6), 4_000.0);
    assert!(!c.expire_typing(7_000.0));
    assert_eq!(c.typing(), Some(Who::Agent("Maria".into())));
    assert!(c.expire_typing(10_000.0));
    assert_eq!(c.typing(), None);
    assert!(!c.expire_typing(20_000.0), "nothing left to expire");
}

#[test]
fn an_agent_stops_typing_when_their_message_arrives_or_the_bot_has_it_again() {
    let mut c = chat();
    assert!(c.ask_for_human().is_some());
    c.agent_typing(maria_typing(6), 0.0);
    // Another agent's line (a colleague's earlier reply) leaves Maria typing.
    c.receive(Message {
        agent_name: Some("Sam".into()),
        ..msg(4, Author::Agent, MessageKind::Chat, "Sam here.")
    });
    assert_eq!(c.typing(), Some(Who::Agent("Maria".into())));
    c.receive(Message {
        agent_name: Some("Maria".into()),
        ..msg(5, Author::Agent, MessageKind::Chat, "Hi, Maria here.")
    });
    assert_eq!(c.typing(), None, "her message replaces it at once");

    c.agent_typing(maria_typing(6), 1_000.0);
    c.released();
    assert_eq!(c.typing(), None, "back with the bot");
    assert_eq!(c.holder(), &Holder::Bot);
}

#[test]
fn an_agent_typing_never_lasts_past_the_cap_whatever_the_hub_says() {
    let mut c = chat();
    assert_eq!(c.agent_typing(maria_typing(u32::MAX), 0.0), 30_000);
    assert!(c.expire_typing(TYPING_AT_MOST_MS));
    assert_eq!(c.agent_typing(maria_typing(0), 0.0), 0);
    assert!(c.expire_typing(0.0));
}
