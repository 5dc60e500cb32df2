//! The conversation's rules, case by case: what the visitor sees and what goes to the hub.

use super::*;
use protocol::hub::TurnTriage;
use triage::Config;

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
fn an_escalating_message_adds_the_bridge_at_once_with_what_was_shared() {
    let mut c = chat();
    c.set_reach([("billing".to_string(), Reach::Online)].into());
    let turn = c
        .send(
            "I want a refund for order #4471, I'm maria@example.com",
            "a".into(),
        )
        .unwrap();
    let last = c.lines().last().unwrap();
    assert!(last.bridge);
    assert_eq!(
        last.text,
        "Let me connect you with a specialist from our Billing team — one moment. I've passed your order #4471 and your email to Billing, along with our conversation."
    );
    let package = turn.handoff.unwrap();
    assert_eq!(package.route, "billing");
    assert_eq!(package.trigger, "high_risk");
    assert_eq!(package.fields["order"], "4471");
    assert_eq!(package.fields["email"], "maria@example.com");
    assert_eq!(package.transcript.last().unwrap().role, Role::Visitor);
    assert!(!package.reasons.is_empty());
    assert_eq!(
        c.holder(),
        &Holder::Waiting {
            team: "Billing".into()
        }
    );
}

/// A site whose FAQ answers some hand-over topics first.
fn answering_first() -> Conversation {
    let mut c = chat();
    c.set_answers_first(true);
    c.set_reach([("billing".to_string(), Reach::Online)].into());
    intro(&mut c);
    c
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
    }
}

/// The hub's answer when an `answers_first` entry answered: the topic still fired.
fn answered_first(message: Message, seq: i64) -> MessageCreated {
    MessageCreated {
        message,
        reply: Some(bot(
            seq,
            "We refund within 5 working days. If you'd rather a person looked into it, just say so.",
            Some(0.8),
        )),
        triage: Some(TurnTriage {
            escalate: false,
            trigger: None,
            route: None,
            triggers: vec!["high_risk".into()],
            reasons: Vec::new(),
        }),
    }
}

fn bridges(c: &Conversation) -> usize {
    c.lines().iter().filter(|l| l.bridge).count()
}

#[test]
fn a_question_on_a_topic_the_faq_answers_first_waits_for_the_hubs_answer() {
    let mut c = answering_first();
    let turn = c.send("how long do refunds take?", "m1".into()).unwrap();
    assert!(turn.handoff.is_none(), "nothing posted yet");
    assert_eq!(bridges(&c), 0, "no bridge before the hub answers");
    assert!(c.bot_typing(), "the assistant is seen working on it");
    assert_eq!(c.lines().last().unwrap().triggers, ["high_risk"]);
    let package = c.delivered(answered_first(
        visitor(3, "m1", "how long do refunds take?"),
        4,
    ));
    assert!(package.is_none(), "answered: no handoff");
    assert_eq!(bridges(&c), 0);
    assert!(c
        .lines()
        .last()
        .unwrap()
        .text
        .starts_with("We refund within 5 working days."));
    assert_eq!(c.holder(), &Holder::Bot);
    assert!(c.route().is_none());
    // Asking for a person afterwards still works, at once.
    assert!(c.ask_for_human().is_some());
}

#[test]
fn a_topic_the_hub_does_not_answer_is_handed_over_when_it_says_so() {
    let mut c = answering_first();
    assert!(c
        .send("I want a refund for order 4471", "m1".into())
        .unwrap()
        .handoff
        .is_none());
    assert_eq!(bridges(&c), 0);
    let package = c
        .delivered(handed_over(visitor(
            3,
            "m1",
            "I want a refund for order 4471",
        )))
        .expect("the handoff, now");
    assert_eq!(
        (package.trigger.as_str(), package.route.as_str()),
        ("high_risk", "billing")
    );
    assert!(!package.reasons.is_empty(), "the widget's own reasons");
    assert_eq!(package.fields["order"], "4471");
    let last = c.lines().last().unwrap();
    assert!(last.bridge);
    assert!(last.text.contains("Billing"), "{}", last.text);
    assert_eq!(
        c.holder(),
        &Holder::Waiting {
            team: "Billing".into()
        }
    );
    assert!(!c.bot_typing());
}

#[test]
fn a_held_back_topic_whose_message_fails_to_send_is_handed_over_at_once() {
    let mut c = answering_first();
    c.send("how long do refunds take?", "m1".into());
    let package = c
        .failed("m1")
        .expect("the handoff, to post when the hub is back");
    assert_eq!(
        (package.trigger.as_str(), package.route.as_str()),
        ("high_risk", "billing")
    );
    assert!(c.lines().last().unwrap().bridge);
    assert_eq!(c.lines()[2].delivery, Delivery::Failed);
    assert!(c.failed("m1").is_none(), "once");
    assert_eq!(bridges(&c), 1);
}

#[test]
fn without_an_faq_that_answers_first_the_topic_is_handed_over_in_the_same_frame() {
    let mut c = chat();
    let turn = c.send("how long do refunds take?", "m1".into()).unwrap();
    let package = turn.handoff.expect("at once");
    assert_eq!(
        (package.trigger.as_str(), package.route.as_str()),
        ("high_risk", "billing")
    );
    assert!(c.lines().last().unwrap().bridge);
}

#[test]
fn asking_for_a_person_or_sounding_upset_is_never_held_back() {
    for (text, fired) in [
        ("how long do refunds take? I want a person", "human_request"),
        (
            "HOW LONG DO REFUNDS TAKE?? this is ridiculous!!!",
            "frustration",
        ),
    ] {
        let mut c = answering_first();
        let package = c
            .send(text, "m1".into())
            .unwrap()
            .handoff
            .unwrap_or_else(|| panic!("{text:?}: at once"));
        assert!(c.lines()[2].triggers.contains(&fired), "{text:?}");
        assert!(c.lines().last().unwrap().bridge, "{text:?}");
        if fired == "human_request" {
            assert_eq!(package.trigger, "human_request");
        }
    }
}

#[test]
fn another_tab_and_a_reload_reach_the_same_outcome_as_the_tab_that_sent_it() {
    // Another tab's question, answered by the hub: no handoff here either.
    let mut c = answering_first();
    assert!(c
        .receive(visitor(3, "other", "how long do refunds take?"))
        .is_none());
    assert!(c
        .receive(bot(4, "We refund within 5 working days.", Some(0.8)))
        .is_none());
    assert_eq!(bridges(&c), 0);
    // Another tab's request, not answered: what the hub stores next starts the handoff,
    // and the bridge goes right after the message it answers.
    let mut c = answering_first();
    c.receive(visitor(3, "other", "I want a refund for order 4471"));
    assert_eq!(bridges(&c), 0);
    let package = c
        .receive(visitor(4, "other-2", "hello?"))
        .expect("handed over");
    assert_eq!(package.route, "billing");
    let texts: Vec<_> = c
        .lines()
        .iter()
        .map(|l| (l.bridge, l.text.as_str()))
        .collect();
    assert_eq!(texts[2], (false, "I want a refund for order 4471"));
    assert!(texts[3].0);
    assert_eq!(texts[4], (false, "hello?"));

    // A reload: answered, not a handoff; not answered, a restored bridge as before.
    let mut c = answering_first();
    c.restore(vec![
        msg(1, Author::Bot, MessageKind::Intro, "Disclosure"),
        visitor(2, "m1", "how long do refunds take?"),
        bot(3, "We refund within 5 working days.", Some(0.8)),
    ]);
    assert_eq!(bridges(&c), 0);
    assert_eq!(c.holder(), &Holder::Bot);
    for tail in [
        vec![visitor(3, "m2", "ok thanks")],
        vec![msg(3, Author::System, MessageKind::Notice, "Maria joined")],
        vec![],
    ] {
        let mut c = answering_first();
        let mut messages = vec![
            msg(1, Author::Bot, MessageKind::Intro, "Disclosure"),
            visitor(2, "m1", "I want a refund for order 4471"),
        ];
        messages.extend(tail);
        c.restore(messages);
        assert!(c.lines()[2].bridge, "{:?}", c.lines());
        assert_eq!(bridges(&c), 1);
        assert!(matches!(c.holder(), Holder::Waiting { .. }));
    }
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
fn the_bot_unsure_twice_hands_off() {
    let mut c = chat();
    c.send("do you ship to Norway?", "m1".into());
    assert!(c
        .delivered(created(
            visitor(3, "m1", "do you ship to Norway?"),
            Some(bot(4, "Maybe?", Some(0.3)))
        ))
        .is_none());
    c.send("what about shipping to Oslo?", "m2".into());
    let package = c
        .delivered(created(
            visitor(5, "m2", "what about shipping to Oslo?"),
            Some(bot(6, "Not sure.", Some(0.2))),
        ))
        .unwrap();
    assert_eq!(package.trigger, "repeated_failure");
    assert!(c
        .lines()
        .last()
        .unwrap()
        .text
        .starts_with("I don't want to guess on this one."));
    assert_eq!(
        package
            .transcript
            .iter()
            .rfind(|l| l.role == Role::Bot)
            .unwrap()
            .confidence,
        Some(0.2)
    );
}

#[test]
fn the_bridge_is_said_once_and_an_agent_takes_over() {
    let mut c = chat();
    assert!(c
        .send("real person please", "m1".into())
        .unwrap()
        .handoff
        .is_some());
    assert!(c.ask_for_human().is_none());
    assert_eq!(c.lines().iter().filter(|l| l.bridge).count(), 1);
    c.receive(msg(5, Author::System, MessageKind::Notice, "Maria joined"));
    c.receive(Message {
        agent_name: Some("Maria".into()),
        ..msg(6, Author::Agent, MessageKind::Chat, "Hi, Maria here.")
    });
    assert_eq!(c.holder(), &Holder::Agent("Maria".into()));
    assert_eq!(c.unread(), 3);
    c.mark_read();
    assert_eq!(c.unread(), 0);
}

#[test]
fn once_released_the_bot_answers_and_a_person_can_be_asked_for_again() {
    let mut c = chat();
    assert!(c.ask_for_human().is_some());
    c.receive(Message {
        agent_name: Some("Maria".into()),
        ..msg(5, Author::Agent, MessageKind::Chat, "Sorted.")
    });
    c.receive(msg(
        6,
        Author::System,
        MessageKind::Notice,
        "Maria marked this conversation as resolved. Write again any time.",
    ));
    c.released();
    assert_eq!(c.holder(), &Holder::Bot);
    assert!(c.ask_for_human().is_some(), "a new handoff");
    assert_eq!(c.lines().iter().filter(|l| l.bridge).count(), 2);
}

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

#[test]
fn the_button_hands_to_the_human_request_route() {
    let mut c = chat();
    let package = c.ask_for_human().unwrap();
    assert_eq!(
        (package.trigger.as_str(), package.route.as_str()),
        ("human_request", "support")
    );
    assert!(c.lines().last().unwrap().bridge);
}

#[test]
fn nobody_online_turns_to_a_prefilled_lead() {
    let mut c = chat();
    c.send(
        "my phone is +44 7700 900123, where is my order?",
        "m1".into(),
    );
    c.ask_for_human();
    let closed = Reach::Closed {
        when: Some("Monday at 09:00".into()),
    };
    c.handed_off("Support", closed.clone());
    assert_eq!(
        c.holder(),
        &Holder::Nobody {
            team: "Support".into(),
            reach: closed
        }
    );
    let lead = c.lead_prefill();
    assert_eq!(
        lead.phone
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>(),
        "447700900123"
    );
    assert_eq!(
        lead.question,
        "my phone is +44 7700 900123, where is my order?"
    );
    assert!(c
        .whatsapp_summary()
        .starts_with("Hi. My question: my phone"));
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
fn a_message_sent_before_the_sites_words_arrived_is_handed_over_when_the_hub_says_so() {
    // Before the hub's settings arrive the widget's rules have no word lists, so a
    // request for a person typed at once looks like any question here.
    let mut c = Conversation::new(
        Engine::new(Config {
            languages: Vec::new(),
            ..Config::default()
        })
        .unwrap(),
        Lang::En,
        teams(),
        "You're chatting with Ava, an AI assistant.",
        "Hi!",
    );
    c.set_reach([("support".to_string(), Reach::Online)].into());
    intro(&mut c);
    let turn = c.send("can I talk to a real person?", "a".into()).unwrap();
    assert!(
        turn.handoff.is_none(),
        "no bridge from the rules without words"
    );
    // The hub, with the site's words, kept the bot silent: a person should take it.
    let package = c
        .delivered(MessageCreated {
            message: visitor(3, "a", "can I talk to a real person?"),
            reply: None,
            triage: Some(TurnTriage {
                escalate: true,
                trigger: Some("human_request".into()),
                route: Some("support".into()),
                triggers: vec!["human_request".into()],
                reasons: Vec::new(),
            }),
        })
        .expect("the handoff starts");
    assert_eq!(package.trigger, "human_request");
    assert_eq!(package.route, "support");
    let asked = c
        .lines()
        .iter()
        .find(|l| l.client_id.as_deref() == Some("a"));
    assert_eq!(
        asked.unwrap().triggers,
        ["human_request"],
        "the line says what fired"
    );
    let last = c.lines().last().unwrap();
    assert!(last.bridge, "the bridge is shown: {:?}", last.text);
    assert!(last
        .text
        .starts_with("Let me connect you with a specialist from our Support team"));
    // A second word from the hub about the same handoff starts nothing more.
    assert!(c
        .delivered(handed_over(visitor(4, "b", "hello?")))
        .is_none());
}

#[test]
fn a_reload_rebuilds_the_thread_the_triage_state_and_the_bridge() {
    let mut c = chat();
    c.restore(vec![
        msg(1, Author::Bot, MessageKind::Intro, "Disclosure"),
        visitor(2, "m1", "do you ship to Norway?"),
        bot(3, "Maybe?", Some(0.3)),
        visitor(4, "m2", "what about shipping to Oslo?"),
        bot(5, "Not sure.", Some(0.2)),
    ]);
    assert_eq!(c.lines().len(), 6);
    assert!(c.lines()[5].bridge);
    assert_eq!(c.last_seq(), 5);
    assert_eq!(c.unread(), 0);
    assert!(matches!(c.holder(), Holder::Waiting { .. }));
    // Sent from another tab later: shown, not duplicated.
    c.receive(visitor(6, "other-tab", "hello?"));
    c.receive(visitor(6, "other-tab", "hello?"));
    assert_eq!(c.lines().len(), 7);
}

#[test]
fn what_the_host_page_says_prefills_the_lead_and_travels_with_the_handoff() {
    let mut c = chat();
    c.identify(
        Some("Maria".into()),
        Some("maria@shop.example".into()),
        None,
        Some("ab12".into()),
    );
    c.restore(vec![msg(1, Author::Bot, MessageKind::Intro, "Disclosure")]);
    let first = c
        .send(
            "my email is m@example.com, where is order 4471? real person please",
            "m1".into(),
        )
        .unwrap()
        .handoff
        .unwrap();
    // The claim is the host page's email with the site's signature, not what was typed.
    assert_eq!(
        first.identity,
        Some(IdentityClaim {
            email: "maria@shop.example".into(),
            signature: "ab12".into()
        })
    );
    let package = c.send("hello?", "m2".into());
    assert!(package.unwrap().handoff.is_none(), "one handoff");
    let lead = c.lead_prefill();
    assert_eq!(
        (lead.name.as_str(), lead.email.as_str()),
        ("Maria", "m@example.com"),
        "what the visitor typed wins"
    );
    let mut c = chat();
    c.identify(
        Some("Maria".into()),
        None,
        Some("+44 7700 900123".into()),
        None,
    );
    let package = c.ask_for_human().unwrap();
    assert_eq!(package.fields["name"], "Maria");
    assert!(
        c.lines().last().unwrap().text.contains("your phone number"),
        "{}",
        c.lines().last().unwrap().text
    );
}

#[test]
fn the_bridge_tells_the_truth_the_hub_last_told_and_never_one_moment_when_closed() {
    let mut c = chat();
    let mut reach = BTreeMap::new();
    reach.insert(
        "billing".to_string(),
        Reach::Closed {
            when: Some("tomorrow at 09:00".into()),
        },
    );
    reach.insert(
        "support".to_string(),
        Reach::Busy {
            wait_minutes: Some(10),
        },
    );
    c.set_reach(reach);
    c.send("I want a refund for order #4471", "a".into());
    let bridge = c.lines().last().unwrap();
    assert!(bridge.bridge);
    assert_eq!(bridge.text, "Our Billing team is offline now — they're back tomorrow at 09:00 your time. I've passed your order #4471 to Billing, along with our conversation.");
    assert!(
        matches!(
            c.holder(),
            Holder::Nobody {
                reach: Reach::Closed { .. },
                ..
            }
        ),
        "the lead form, not 'waiting'"
    );

    let mut c = chat();
    c.set_reach(
        [(
            "support".to_string(),
            Reach::Busy {
                wait_minutes: Some(10),
            },
        )]
        .into(),
    );
    c.ask_for_human();
    assert!(
        c.lines()
            .last()
            .unwrap()
            .text
            .contains("they usually reply within 10 minutes"),
        "{}",
        c.lines().last().unwrap().text
    );

    let mut c = chat();
    c.set_engine(
        Engine::new(Config::default()).unwrap(),
        teams(),
        vec![HandoffMessage {
            when: Some("online".into()),
            text: "{team} is on it!".into(),
            ..Default::default()
        }],
    );
    c.set_reach([("support".to_string(), Reach::Online)].into());
    c.ask_for_human();
    assert_eq!(c.lines().last().unwrap().text, "Support is on it!");
}

#[test]
fn a_bridge_rebuilt_after_a_reload_is_said_again_once_the_hub_says_who_can_answer() {
    let mut c = chat();
    c.restore(vec![
        msg(1, Author::Bot, MessageKind::Intro, "Disclosure"),
        visitor(2, "m1", "real person please"),
    ]);
    assert!(
        !c.lines()[2].text.contains("moment"),
        "nothing known yet: no promise"
    );
    c.set_reach(
        [(
            "support".to_string(),
            Reach::Closed {
                when: Some("tomorrow at 09:00".into()),
            },
        )]
        .into(),
    );
    assert!(
        c.lines()[2].text.starts_with(
            "Our Support team is offline now — they're back tomorrow at 09:00 your time."
        ),
        "{}",
        c.lines()[2].text
    );
    assert!(matches!(c.holder(), Holder::Nobody { .. }));
    assert_eq!(c.lines().iter().filter(|l| l.bridge).count(), 1);
    // A bridge said live stays as said.
    c.receive(msg(3, Author::System, MessageKind::Notice, "resolved"));
    c.released();
    c.ask_for_human();
    let live = c.lines().last().unwrap().text.clone();
    c.set_reach([("support".to_string(), Reach::Online)].into());
    assert!(
        c.lines()[2].text.contains("back tomorrow"),
        "the restored one keeps what was true when the hub last said"
    );
    assert_eq!(c.lines().last().unwrap().text, live);
}

#[test]
fn what_the_hub_says_becomes_how_soon_someone_can_answer() {
    let words = |_: f64| "tomorrow at 09:00".to_string();
    assert_eq!(
        reach_of(true, false, Some("2026-03-09T09:00:00Z"), None, words),
        Reach::Online,
        "presence wins"
    );
    assert_eq!(
        reach_of(false, true, None, Some(15), words),
        Reach::Busy {
            wait_minutes: Some(15)
        }
    );
    assert_eq!(
        reach_of(false, false, Some("2026-03-09T09:00:00Z"), None, words),
        Reach::Closed {
            when: Some("tomorrow at 09:00".into())
        }
    );
    assert_eq!(
        reach_of(false, false, None, None, words),
        Reach::Closed { when: None }
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
