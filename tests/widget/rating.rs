//! The one-tap rating after a resolution: asked once, retried on failure, settled in every tab.

use super::*;

#[wasm_bindgen_test]
async fn after_a_resolution_one_tap_rates_once_a_failure_retries_and_a_reload_does_not_ask_again() {
    let fake = Rc::new(Fake {
        offline_ratings: Cell::new(1),
        ..Fake::default()
    });
    let search = "?site=t-csat&assistant=Ava&locale=en";
    let root = mount_with(fake.clone(), search);
    find(&root, "talk-to-human").click();
    settle().await;
    assert!(
        root.query_selector("[data-testid=csat]").unwrap().is_none(),
        "nothing to rate yet"
    );

    // The agent resolves: the notice comes down the stream, the widget asks.
    fake.resolved.set(true);
    fake.notice("Maria marked this conversation as resolved. Write again any time.");
    until(|| root.query_selector("[data-testid=csat]").unwrap().is_some()).await;
    assert_eq!(
        find(&root, "csat").get_attribute("aria-label").as_deref(),
        Some("Did we help?")
    );
    assert_eq!(
        find(&root, "rate-up")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Yes, that helped")
    );
    // Drawn by the stylesheet (checked where it is loaded, in the end-to-end test), not typed.
    for thumb in ["rate-up", "rate-down"] {
        let text = find(&root, thumb).text_content().unwrap_or_default();
        assert_eq!(text.trim(), "", "{thumb}");
    }
    assert_eq!(
        find(&root, "rate-down")
            .get_attribute("aria-label")
            .as_deref(),
        Some("No, that didn't help")
    );
    assert_eq!(
        find(&root, "status")
            .text_content()
            .unwrap()
            .split(" · ")
            .next(),
        Some("Ava (AI assistant) is answering"),
        "the assistant has it again"
    );

    // The first tap fails: said so, with a retry that sends the same answer.
    find(&root, "rate-up").click();
    until(|| {
        root.query_selector("[data-testid=csat-failed]")
            .unwrap()
            .is_some()
    })
    .await;
    assert_eq!(
        find(&root, "csat-failed").text_content().unwrap(),
        "Your answer wasn't sent."
    );
    assert!(fake.ratings.borrow().is_empty());
    find(&root, "csat-retry").click();
    until(|| {
        root.query_selector("[data-testid=csat-thanks]")
            .unwrap()
            .is_some()
    })
    .await;
    assert_eq!(
        find(&root, "csat-thanks").text_content().unwrap(),
        "Thanks for telling us."
    );
    assert_eq!(
        *fake.ratings.borrow(),
        vec![json!({"thumb": "up"})],
        "stored once"
    );
    assert_eq!(
        fake.calls
            .borrow()
            .iter()
            .filter(|c| c.ends_with("/rating"))
            .count(),
        2,
        "one failed, one stored"
    );

    // A reload: the hub has the rating, so the question is not asked again.
    root.remove();
    let again = mount_with(fake.clone(), search);
    until(|| {
        fake.calls
            .borrow()
            .iter()
            .filter(|c| c.contains("/messages?after=0"))
            .count()
            == 1
    })
    .await;
    settle().await;
    assert!(again
        .query_selector("[data-testid=csat]")
        .unwrap()
        .is_none());
    assert!(again
        .query_selector("[data-testid=csat-thanks]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn a_rating_given_in_another_tab_stops_this_tab_asking() {
    let fake = Rc::new(Fake::default());
    let root = mount_with(fake.clone(), "?site=t-csat-tabs&locale=en");
    find(&root, "talk-to-human").click();
    settle().await;
    fake.resolved.set(true);
    fake.notice("Maria marked this conversation as resolved. Write again any time.");
    until(|| root.query_selector("[data-testid=csat]").unwrap().is_some()).await;

    // Another tab (what the browser tells this one through a storage event) rated some other
    // conversation of the site: still asked here.
    let storage = |value: &str| storage_event("baton:rated:t-csat-tabs", value);
    storage("c-other");
    settle().await;
    assert!(root.query_selector("[data-testid=csat]").unwrap().is_some());
    // It rated this one: the question goes, and nothing is sent from here.
    storage("c1");
    until(|| root.query_selector("[data-testid=csat]").unwrap().is_none()).await;
    assert!(root
        .query_selector("[data-testid=csat-thanks]")
        .unwrap()
        .is_none());
    assert!(fake.ratings.borrow().is_empty());
}
