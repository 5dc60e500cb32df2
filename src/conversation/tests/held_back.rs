//! A topic the site's FAQ may answer first: held back until the hub has had its say, in
//! this tab, in another tab and after a reload.

use super::*;

/// A site whose FAQ answers some hand-over topics first.
fn answering_first() -> Conversation {
    let mut c = chat();
    c.set_answers_first(true);
    c.set_reach([("billing".to_string(), Reach::Online)].into());
    intro(&mut c);
    c
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
        name: None,
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
