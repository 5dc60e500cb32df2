//! The console's display rules, case by case.

use super::*;

#[test]
fn waits() {
    assert_eq!(format_wait(-3), "0 s");
    assert_eq!(format_wait(42), "42 s");
    assert_eq!(format_wait(180), "3 min");
    assert_eq!(format_wait(7500), "2 h 05 min");
    assert_eq!(seconds_between(1000.0, 62_500.0, 7), 61);
    assert_eq!(seconds_between(f64::NAN, 62_500.0, 7), 7);
}

#[test]
fn labels() {
    assert_eq!(urgency(2).0, "Urgent");
    assert_eq!(urgency(0).0, "Normal");
    assert_eq!(trigger_label("human_request"), "Asked for a person");
    assert_eq!(trigger_label("custom"), "custom");
}

#[test]
fn links_name_a_conversation() {
    assert_eq!(
        linked_conversation("?conversation=c-42"),
        Some("c-42".into())
    );
    assert_eq!(
        linked_conversation("?x=1&conversation=a%20b&y=2"),
        Some("a%20b".into())
    );
    assert_eq!(linked_conversation("?conversation="), None);
    assert_eq!(linked_conversation("?conversations=c-42"), None);
    assert_eq!(linked_conversation(""), None);
    assert!(
        link_failure("c-42", 404, "Not found").contains("does not exist, it is not in your teams")
    );
    assert_eq!(
        link_failure("c-42", 0, "The hub cannot be reached."),
        "Conversation c-42 cannot be opened: The hub cannot be reached."
    );
}

#[test]
fn the_tab_title_counts_who_is_waiting() {
    assert_eq!(tab_title(0), "Baton console");
    assert_eq!(tab_title(3), "(3) Baton console");
}

#[test]
fn drafts_keep_what_the_agent_typed() {
    assert_eq!(draft_for("", "Hi Maria."), "Hi Maria. ");
    assert_eq!(draft_for("  ", "Hi Maria. "), "Hi Maria. ");
    assert_eq!(draft_for("Hello", "Hi Maria."), "Hello");
    assert_eq!(draft_for("", ""), "");
    // Typed on after the greeting, it reads as two sentences; sent without the edges.
    let typed = draft_for("", "Hi Maria.") + "Let me check.";
    assert_eq!(reply_text(&typed), "Hi Maria. Let me check.");
    assert_eq!(reply_text("  Hello \n"), "Hello");
}

fn reason(trigger: &str, signal: &str, weight: f32) -> ReasonOut {
    ReasonOut {
        trigger: trigger.into(),
        signal: signal.into(),
        weight,
    }
}

#[test]
fn each_reason_is_listed_once_with_who_saw_it() {
    let widget = [
        reason("human_request", "talk to a person", 1.0),
        reason("frustration", "all caps", 0.4),
    ];
    let hub = [
        reason("human_request", "talk to a person", 1.0),
        reason("frustration", "all caps", 0.6),
        reason("high_risk", "intent refund", 1.0),
    ];
    let lines = merged_reasons(&widget, &hub);
    let seen: Vec<(&str, &str, f32, Source)> = lines
        .iter()
        .map(|l| (l.trigger.as_str(), l.signal.as_str(), l.weight, l.source))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("human_request", "talk to a person", 1.0, Source::Both),
            ("frustration", "all caps", 0.6, Source::Both),
            ("high_risk", "intent refund", 1.0, Source::Hub),
        ]
    );
    assert_eq!(
        reason_text(&lines[0]),
        "Asked for a person: talk to a person (1)"
    );
    assert_eq!(lines[2].source.label(), "hub");
    assert_eq!(lines[0].source.label(), "widget and hub");
}

#[test]
fn reasons_only_one_side_saw_keep_their_side() {
    let only_widget = merged_reasons(&[reason("human_request", "a person", 1.0)], &[]);
    assert_eq!(only_widget[0].source, Source::Widget);
    // Same signal, different trigger: two lines. A repeat within one side: one line.
    let lines = merged_reasons(
        &[
            reason("frustration", "!!!", 0.3),
            reason("frustration", "!!!", 0.3),
        ],
        &[reason("human_request", "!!!", 0.3)],
    );
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.trigger.as_str(), l.source))
            .collect::<Vec<_>>(),
        vec![
            ("frustration", Source::Widget),
            ("human_request", Source::Hub)
        ]
    );
    assert!(merged_reasons(&[], &[]).is_empty());
}

#[test]
fn deciding_triggers_agreeing_are_one_badge() {
    assert_eq!(
        merged_triggers("human_request", Some("human_request")),
        vec![("human_request".to_string(), Source::Both)]
    );
    assert_eq!(
        merged_triggers("human_request", Some("high_risk")),
        vec![
            ("human_request".to_string(), Source::Widget),
            ("high_risk".to_string(), Source::Hub)
        ]
    );
    assert_eq!(
        merged_triggers("frustration", None),
        vec![("frustration".to_string(), Source::Widget)]
    );
}

#[test]
fn the_context_line_says_who_and_what() {
    let c = |name: Option<&str>, from, order: Option<&str>, intent: Option<&str>| VisitorContext {
        name: name.map(Into::into),
        name_from: from,
        order: order.map(Into::into),
        intent: intent.map(Into::into),
    };
    assert_eq!(
        context_line(&c(
            Some("Maria"),
            Some(NameSource::Handoff),
            Some("4471"),
            None
        ))
        .as_deref(),
        Some("Maria · order #4471")
    );
    assert_eq!(
        context_line(&c(
            Some("Jane Smith"),
            Some(NameSource::Chat),
            Some("#4471"),
            Some("bulk_order")
        ))
        .as_deref(),
        Some("Jane Smith (said in the chat) · order #4471 · bulk order")
    );
    assert_eq!(
        context_line(&c(None, None, None, Some("refund"))).as_deref(),
        Some("refund")
    );
    assert_eq!(context_line(&c(Some("  "), None, Some(" # "), None)), None);
    assert_eq!(context_line(&VisitorContext::default()), None);
}

fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Civil {
    Civil {
        year,
        month,
        day,
        hour,
        minute,
    }
}

#[test]
fn times_are_in_words_with_the_zone_named() {
    let now = at(2026, 12, 3, 10, 21);
    let z = "Europe/London";
    assert_eq!(
        when_words(at(2026, 12, 3, 14, 5), now, z),
        "today at 14:05 (Europe/London)"
    );
    assert_eq!(
        when_words(at(2026, 12, 3, 0, 0), now, z),
        "today at 00:00 (Europe/London)"
    );
    assert_eq!(
        when_words(at(2026, 12, 4, 9, 0), now, z),
        "tomorrow at 09:00 (Europe/London)"
    );
    assert_eq!(
        when_words(at(2026, 12, 2, 17, 10), now, z),
        "yesterday at 17:10 (Europe/London)"
    );
    assert_eq!(
        when_words(at(2026, 12, 5, 9, 0), now, "America/New_York"),
        "Sat 5 Dec at 09:00 (America/New_York)"
    );
    assert_eq!(
        when_words(at(2026, 11, 20, 8, 30), now, z),
        "Fri 20 Nov at 08:30 (Europe/London)"
    );
    assert_eq!(
        when_words(at(2027, 1, 4, 9, 0), now, z),
        "Mon 4 Jan 2027 at 09:00 (Europe/London)"
    );
    // Across a month and a year boundary, "tomorrow" and "yesterday" still hold.
    assert_eq!(
        when_words(at(2027, 1, 1, 9, 0), at(2026, 12, 31, 23, 0), z),
        "tomorrow at 09:00 (Europe/London)"
    );
    assert_eq!(
        when_words(at(2024, 2, 29, 9, 0), at(2024, 3, 1, 9, 0), z),
        "yesterday at 09:00 (Europe/London)"
    );
    assert_eq!(
        when_words(at(2024, 2, 29, 9, 0), now, z),
        "Thu 29 Feb 2024 at 09:00 (Europe/London)"
    );
}

#[test]
fn whatsapp_messages_say_so_and_replies_say_how_far_they_got() {
    use super::channel_note;
    use protocol::hub::{Author, Channel, Message, MessageKind};
    let m = |author, channel, delivery: Option<&str>| Message {
        seq: 1,
        client_id: None,
        author,
        kind: MessageKind::Chat,
        agent_name: None,
        text: "hi".into(),
        channel,
        delivery: delivery.map(str::to_string),
        confidence: None,
        created_at: String::new(),
    };
    assert_eq!(channel_note(&m(Author::Visitor, Channel::Web, None)), "");
    assert_eq!(
        channel_note(&m(Author::Visitor, Channel::Whatsapp, None)),
        " · WhatsApp"
    );
    assert_eq!(
        channel_note(&m(Author::Agent, Channel::Whatsapp, None)),
        " · WhatsApp · sending"
    );
    assert_eq!(
        channel_note(&m(Author::Agent, Channel::Whatsapp, Some("read"))),
        " · WhatsApp · read"
    );
    assert_eq!(
        channel_note(&m(Author::Agent, Channel::Whatsapp, Some("failed"))),
        " · WhatsApp · not delivered"
    );
}

#[test]
fn typing_is_told_at_most_every_three_seconds_and_never_for_an_empty_draft() {
    let mut t = TypingThrottle::default();
    assert!(!t.key("", 0.0), "nothing typed");
    assert!(!t.key("  \n", 10.0), "blank");
    assert!(t.key("H", 20.0), "the first key");
    assert!(!t.key("Hi", 500.0));
    assert!(!t.key("Hi the", 3019.0));
    assert!(
        t.key("Hi there", 3020.0),
        "three seconds on, keys still coming"
    );
    assert!(!t.key("", 4000.0), "emptied");
    assert!(!t.key("Hi there!", 5000.0));
    t.sent();
    assert!(t.key("And", 5100.0), "a new reply is told at once");
    // A clock that went back (the system's time changed) does not silence it for good.
    assert!(t.key("And more", 100.0));
}
