//! Handoffs: the bridge and what it promises, an agent taking over and letting go, the
//! lead when nobody can answer, and a reload.

use super::*;
use protocol::hub::IdentityClaim;
use protocol::triage_lines::Role;

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
    // Feelings are not the question.
    c.send("😡😡😡", "m2".into());
    c.send("??", "m3".into());
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
fn the_name_the_hub_read_in_a_message_fills_the_lead_form() {
    let mut c = chat();
    c.send("Hi, I'm Jo. Where is my order?", "m1".into());
    let bridge = {
        c.ask_for_human();
        c.lines().last().unwrap().key
    };
    // The lead form waits for the hub's answer to the message before the bridge.
    assert!(c.unanswered_before(bridge));
    let mut answer = created(visitor(3, "m1", "Hi, I'm Jo. Where is my order?"), None);
    answer.name = Some("Jo".into());
    c.delivered(answer);
    assert!(!c.unanswered_before(bridge));
    assert_eq!(c.lead_prefill().name, "Jo");
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
            name: None,
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
