//! The thread: its opening lines, sending and delivery, seqs seen twice, and lines that
//! came by WhatsApp.

use super::*;
use protocol::hub::Channel;

#[test]
fn the_thread_opens_with_the_disclosure_and_the_hubs_intro_does_not_repeat_it() {
    let mut c = chat();
    assert!(c.lines()[0].text.contains("an AI assistant"));
    intro(&mut c);
    assert_eq!(c.lines().len(), 2);
    assert_eq!(c.lines()[0].seq, Some(1));
    assert_eq!(c.unread(), 0);
}

#[test]
fn the_sites_own_disclosure_replaces_the_default_until_the_first_message() {
    let mut c = chat();
    c.set_intro("You're chatting with Ava, Northwind's AI assistant.", "");
    assert_eq!(c.lines().len(), 1);
    assert_eq!(
        c.lines()[0].text,
        "You're chatting with Ava, Northwind's AI assistant."
    );
    c.send("hello", "m1".into());
    c.set_intro("Other", "");
    assert_eq!(
        c.lines()[0].text,
        "You're chatting with Ava, Northwind's AI assistant."
    );
}

#[test]
fn a_routine_message_is_sending_then_sent_and_the_bot_types_meanwhile() {
    let mut c = chat();
    intro(&mut c);
    let turn = c
        .send("  what are your opening hours?  ", "m1".into())
        .unwrap();
    assert!(turn.handoff.is_none());
    assert_eq!(turn.text, "what are your opening hours?");
    assert_eq!(c.lines()[2].delivery, Delivery::Sending);
    assert!(c.bot_typing());
    assert!(c.send("   ", "m2".into()).is_none());
    c.delivered(created(
        visitor(3, "m1", "what are your opening hours?"),
        Some(bot(4, "9 to 5.", Some(0.9))),
    ));
    assert_eq!(c.lines()[2].delivery, Delivery::Sent);
    assert_eq!(c.lines()[2].seq, Some(3));
    assert_eq!(c.lines()[3].text, "9 to 5.");
    assert!(!c.bot_typing());
    assert_eq!(c.last_seq(), 4);
}

#[test]
fn pasted_direction_overrides_are_dropped_before_sending() {
    let mut c = chat();
    let turn = c
        .send("  where is \u{202E}my order\u{2066}?", "m1".into())
        .unwrap();
    assert_eq!(turn.text, "where is my order?");
    assert!(
        c.send("\u{202E}\u{0}", "m2".into()).is_none(),
        "nothing left to send"
    );
}

#[test]
fn a_failed_send_is_retried_with_the_same_client_id() {
    let mut c = chat();
    c.send("hello", "m1".into());
    assert!(c.failed("m1").is_none());
    assert_eq!(c.lines()[2].delivery, Delivery::Failed);
    assert!(!c.bot_typing());
    assert_eq!(c.failed_ids(), vec!["m1".to_string()]);
    assert_eq!(c.retry("m1").as_deref(), Some("hello"));
    assert_eq!(c.lines()[2].delivery, Delivery::Sending);
    assert_eq!(c.retry("m1"), None, "only a failed message is retried");
    c.delivered(created(visitor(3, "m1", "hello"), None));
    assert_eq!(c.lines()[2].delivery, Delivery::Sent);
}

#[test]
fn the_same_seq_from_the_answer_and_the_stream_shows_once() {
    let mut c = chat();
    intro(&mut c);
    c.send("do you ship to Norway?", "m1".into());
    c.receive(visitor(3, "m1", "do you ship to Norway?"));
    c.receive(bot(4, "Yes.", Some(0.9)));
    c.delivered(created(
        visitor(3, "m1", "do you ship to Norway?"),
        Some(bot(4, "Yes.", Some(0.9))),
    ));
    c.receive(bot(4, "Yes.", Some(0.9)));
    assert_eq!(
        c.lines()
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>(),
        [
            "You're chatting with Ava, an AI assistant.",
            "Hi!",
            "do you ship to Norway?",
            "Yes."
        ]
    );
}

#[test]
fn before_the_sites_settings_the_greeting_the_hub_sends_opens_the_thread_and_teams_have_names() {
    // Only the disclosure is known; the visitor writes at once.
    let mut c = Conversation::new(
        Engine::new(Config::default()).unwrap(),
        Lang::En,
        Vec::new(),
        "You're chatting with Ava, an AI assistant.",
        "",
    );
    c.name_teams([("support".to_string(), "Customer Support".to_string())]);
    c.send("hello", "a".into()).unwrap();
    // The hub's conversation opens with the disclosure and the site's greeting.
    c.receive(msg(
        1,
        Author::Bot,
        MessageKind::Intro,
        "You're chatting with Ava, an AI assistant.",
    ));
    c.receive(msg(
        2,
        Author::Bot,
        MessageKind::Intro,
        "Hi! How can I help?",
    ));
    let texts: Vec<&str> = c.lines().iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "You're chatting with Ava, an AI assistant.",
            "Hi! How can I help?",
            "hello"
        ]
    );
    assert_eq!(c.unread(), 0, "the opening lines are not news");
    let package = c.ask_for_human().unwrap();
    assert_eq!(package.route, "support");
    assert!(
        c.lines()
            .last()
            .unwrap()
            .text
            .contains("our Customer Support team"),
        "{:?}",
        c.lines().last()
    );
}

#[test]
fn the_assistant_answering_while_the_visitor_waits_is_labelled_and_a_person_silences_it() {
    let mut c = chat();
    intro(&mut c);
    c.ask_for_human();
    c.receive(bot(3, "We take Klarna.", Some(0.9)));
    assert!(c.lines().last().unwrap().while_waiting);
    c.receive(Message {
        agent_name: Some("Maria".into()),
        ..msg(4, Author::Agent, MessageKind::Chat, "Hi, Maria here.")
    });
    assert_eq!(c.holder(), &Holder::Agent("Maria".into()));
    assert!(!c.lines()[0].while_waiting, "the intro is not");
}

#[test]
fn what_was_said_on_whatsapp_shows_as_such_and_never_hands_over_from_here() {
    let mut c = chat();
    let on_whatsapp = |seq, author, text: &str| Message {
        channel: Channel::Whatsapp,
        ..msg(seq, author, MessageKind::Chat, text)
    };
    assert!(c
        .receive(on_whatsapp(
            3,
            Author::Visitor,
            "can I talk to a real person please? this is ridiculous!!!"
        ))
        .is_none());
    let last = c.lines().last().unwrap().clone();
    assert!(last.whatsapp && last.who == Who::Visitor, "{last:?}");
    assert!(
        c.ask_for_human().is_some(),
        "no handoff was started from here"
    );
    c.receive(Message {
        agent_name: Some("Maria".into()),
        ..on_whatsapp(4, Author::Agent, "Hi, Maria here.")
    });
    assert_eq!(c.holder(), &Holder::Agent("Maria".into()));
    assert!(c.lines().last().unwrap().whatsapp);
}
