//! When the hub cannot answer: a failed send's retry, a hub down from the start, cached settings.

use super::*;

#[wasm_bindgen_test]
async fn a_failed_send_shows_retry_and_the_retry_is_stored() {
    let fake = Rc::new(Fake {
        offline_posts: Cell::new(1),
        ..Fake::default()
    });
    let root = mount_with(fake.clone(), "?site=t-retry&assistant=Ava&locale=en");
    type_and_send(&root, "do you ship to Norway?").await;
    settle().await;
    assert_eq!(find(&root, "failed").text_content().unwrap(), "Not sent");
    find(&root, "retry").click();
    settle().await;
    assert!(root
        .query_selector("[data-testid=retry]")
        .unwrap()
        .is_none());
    assert!(texts(&root, "message").contains(&"Happy to help.".to_string()));
    let posts = fake
        .calls
        .borrow()
        .iter()
        .filter(|c| c.ends_with("/messages"))
        .count();
    assert_eq!(posts, 2);
}

#[wasm_bindgen_test]
async fn with_the_hub_unreachable_from_the_start_the_handoff_and_the_message_go_once_it_answers() {
    let fake = Rc::new(Fake {
        offline_creates: Cell::new(2),
        stream_opens: true,
        ..Fake::default()
    });
    let root = mount_with(fake.clone(), "?site=t-unreachable&assistant=Ava&locale=en");
    settle().await;
    find(&root, "talk-to-human").click();
    settle().await;
    type_and_send(&root, "are you there?").await;
    settle().await;
    assert_eq!(
        texts(&root, "bridge").len(),
        1,
        "the bridge is said at once"
    );
    assert_eq!(find(&root, "failed").text_content().unwrap(), "Not sent");
    assert!(fake.handoffs.borrow().is_empty());
    // The hub answers again: the conversation is made, the message sent, the team told.
    eventually(|| {
        fake.handoffs.borrow().len() == 1
            && root
                .query_selector("[data-testid=failed]")
                .unwrap()
                .is_none()
    })
    .await;
    assert_eq!(
        fake.handoffs.borrow().len(),
        1,
        "the handoff reached the hub once"
    );
    assert!(
        root.query_selector("[data-testid=failed]")
            .unwrap()
            .is_none(),
        "the message went by itself"
    );
    let posts = fake
        .calls
        .borrow()
        .iter()
        .filter(|c| c.starts_with("POST") && c.ends_with("/messages"))
        .count();
    assert_eq!(posts, 1, "{:?}", fake.calls.borrow());
}

#[wasm_bindgen_test]
async fn the_hubs_settings_are_cached_as_sent_and_used_when_it_cannot_answer() {
    let config = json!({"site": "t-cache", "name": "Northwind", "assistant_name": "Kit", "disclosure": "", "greeting": "Hi!",
        "teams": [{"key": "billing", "name": "Accounts"}]});
    let root = mount_with(
        Rc::new(Fake {
            config: Some(config.clone()),
            ..Fake::default()
        }),
        "?site=t-cache&locale=en",
    );
    until(|| {
        find(&root, "status")
            .text_content()
            .unwrap()
            .starts_with("Kit ")
    })
    .await;
    let storage = window().local_storage().unwrap().unwrap();
    let cached = storage
        .get_item("baton:config:t-cache")
        .unwrap()
        .expect("cached");
    assert_eq!(cached, config.to_string(), "the hub's text as it came");

    // The next visit: the hub answers nothing useful, the cached settings still apply.
    let root = mount_with(Rc::new(Fake::default()), "?site=t-cache&locale=en");
    settle().await;
    assert!(
        find(&root, "status")
            .text_content()
            .unwrap()
            .starts_with("Kit "),
        "{:?}",
        find(&root, "status").text_content()
    );
}
