//! Handing over to a person: the bridge at once, the button, FAQ topics first, the agent typing.

use super::*;

#[wasm_bindgen_test]
async fn asking_for_a_person_shows_the_bridge_message_before_any_network_call() {
    let fake = Rc::new(Fake::default());
    let root = mount_with(fake.clone(), "?site=t-bridge&assistant=Ava&locale=en");
    settle().await;
    let before = fake.calls.borrow().len();
    type_and_send(&root, "can I talk to a real person?").await;
    // One tick, no await on the network: the bridge is already there.
    tick().await;
    let bridge = texts(&root, "bridge");
    assert_eq!(bridge.len(), 1, "{bridge:?}");
    assert!(
        bridge[0].starts_with("Let me connect you with a specialist from our Support team"),
        "{bridge:?}"
    );
    // The visitor reads why in the bridge's words; trigger names stay out of sight.
    assert!(root.query_selector("[data-testid=why]").unwrap().is_none());
    assert!(
        !find(&root, "thread").inner_text().contains("human_request"),
        "{}",
        find(&root, "thread").inner_text()
    );
    let asked = root
        .query_selector("[data-triggers]")
        .unwrap()
        .expect("the visitor's line keeps what fired");
    assert_eq!(
        asked.get_attribute("data-triggers").as_deref(),
        Some("human_request")
    );
    settle().await;
    let calls = fake.calls.borrow()[before..].to_vec();
    assert_eq!(
        calls,
        [
            "POST /api/sites/t-bridge/conversations",
            "POST /api/conversations/c1/messages",
            "POST /api/conversations/c1/handoff"
        ]
    );
}

#[wasm_bindgen_test]
async fn the_talk_to_a_human_button_hands_over_once_and_steps_aside_while_a_person_answers() {
    let fake = Rc::new(Fake::default());
    let root = mount_with(fake.clone(), "?site=t-button&assistant=Ava&locale=en");
    settle().await;
    find(&root, "talk-to-human").click();
    tick().await;
    assert_eq!(texts(&root, "bridge").len(), 1);
    settle().await;
    // Pressed again while the team has it: still there, and no second handoff.
    find(&root, "talk-to-human").click();
    settle().await;
    assert!(!find(&root, "talk-to-human").hidden());
    assert_eq!(texts(&root, "bridge").len(), 1);
    // Maria answers: the visitor is talking to a person, the button steps aside.
    fake.agent_says("Maria", "Hi, I'm Maria.");
    until(|| find(&root, "talk-to-human").hidden()).await;
    // She resolves: the assistant answers again, and the button is back.
    fake.resolved.set(true);
    fake.notice("Maria marked this conversation as resolved. Write again any time.");
    until(|| !find(&root, "talk-to-human").hidden()).await;
}

#[wasm_bindgen_test]
async fn a_question_on_a_topic_the_faq_answers_first_waits_for_the_hub_and_a_failed_send_hands_over(
) {
    // The site's FAQ answers some hand-over topics first; its English words arrive as a pack.
    let config = json!({"site": "t-first", "name": "Northwind", "assistant_name": "Ava", "disclosure": "", "greeting": "",
        "teams": [{"key": "support", "name": "Support"}, {"key": "billing", "name": "Billing"}],
        "language_packs": [include_str!("../../crates/triage/packs/en.txt")],
        "answers_first": true});
    let fake = Rc::new(Fake {
        config: Some(config),
        stream_opens: true,
        ..Fake::default()
    });
    let root = mount_with(fake.clone(), "?site=t-first&locale=en");
    until(|| {
        fake.calls
            .borrow()
            .iter()
            .any(|c| c.contains("/widget-config"))
    })
    .await;
    settle().await;
    // The hub answers it: the answer, no bridge, nothing handed over.
    type_and_send(&root, "how long do refunds take?").await;
    eventually(|| texts(&root, "message").contains(&"Happy to help.".to_string())).await;
    assert!(texts(&root, "bridge").is_empty());
    assert!(fake.handoffs.borrow().is_empty());

    // The next one cannot be sent: the bridge at once, and Billing hears of it.
    fake.offline_posts.set(1);
    type_and_send(&root, "how long does a refund take for order 4471?").await;
    eventually(|| fake.handoffs.borrow().len() == 1).await;
    assert_eq!(texts(&root, "bridge").len(), 1);
    assert_eq!(find(&root, "failed").text_content().unwrap(), "Not sent");
    let handoff = fake.handoffs.borrow()[0].clone();
    assert_eq!(
        (&handoff["trigger"], &handoff["route"]),
        (&json!("high_risk"), &json!("billing")),
        "{handoff}"
    );
}

/// Waits `ms` milliseconds of the browser's clock.
async fn wait_ms(ms: i32) {
    let later = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(later).await.unwrap();
    settle().await;
}

fn typing_line(root: &HtmlElement) -> Option<String> {
    root.query_selector("[data-testid=typing]")
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
}

#[wasm_bindgen_test]
async fn the_agent_typing_shows_until_time_runs_out_or_their_message_arrives() {
    let fake = Rc::new(Fake::default());
    let root = mount_with(fake.clone(), "?site=t-typing&assistant=Ava&locale=en");
    find(&root, "talk-to-human").click();
    settle().await;
    assert_eq!(typing_line(&root), None);

    // The hub says Maria is typing, for a second: shown, politely, then gone.
    fake.push("typing", None, json!({"agent_name": "Maria", "seconds": 1}));
    settle().await;
    assert_eq!(typing_line(&root).as_deref(), Some("Maria is typing…"));
    assert_eq!(
        find(&root, "typing").get_attribute("aria-live").as_deref(),
        Some("polite")
    );
    wait_ms(1300).await;
    assert_eq!(typing_line(&root), None, "time ran out without a renewal");

    // Typing again; her message takes its place at once.
    fake.push("typing", None, json!({"agent_name": "Maria", "seconds": 6}));
    settle().await;
    assert_eq!(typing_line(&root).as_deref(), Some("Maria is typing…"));
    fake.agent_says("Maria", "Hi, I'm Maria.");
    settle().await;
    assert_eq!(typing_line(&root), None);
    assert!(texts(&root, "message")
        .iter()
        .any(|t| t == "Hi, I'm Maria."));
}
