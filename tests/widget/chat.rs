//! The chat itself: the AI disclosure first, the bot's answer, markup as text, right to left.

use super::*;

#[wasm_bindgen_test]
async fn opens_with_the_ai_disclosure() {
    let root = mount("t-disclosure");
    settle().await;
    assert!(texts(&root, "message")[0].contains("Ava, an AI assistant"));
    assert_eq!(
        focused().as_deref(),
        Some("composer"),
        "focus is in the composer"
    );
}

#[wasm_bindgen_test]
async fn a_routine_question_does_not_escalate_and_gets_the_bots_answer() {
    let root = mount("t-routine");
    type_and_send(&root, "what time do you open on saturday?").await;
    settle().await;
    assert!(texts(&root, "bridge").is_empty());
    let messages = texts(&root, "message");
    assert_eq!(
        &messages[messages.len() - 2..],
        ["what time do you open on saturday?", "Happy to help."]
    );
}

#[wasm_bindgen_test]
async fn markup_typed_by_the_visitor_is_shown_as_text() {
    let root = mount("t-markup");
    let payload = "<img src=x onerror=alert(1)><b>hi</b>";
    type_and_send(&root, payload).await;
    settle().await;
    assert!(texts(&root, "message").iter().any(|t| t == payload));
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(root
        .query_selector("[data-testid=thread] b")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn arabic_is_laid_out_right_to_left() {
    let root = mount_with(
        Rc::new(Fake::default()),
        "?site=t-rtl&assistant=Ava&locale=ar",
    );
    settle().await;
    let panel = find(&root, "panel");
    assert_eq!(panel.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(panel.get_attribute("lang").as_deref(), Some("ar"));
    assert_eq!(
        find(&root, "talk-to-human").text_content().unwrap(),
        "التحدث إلى شخص"
    );
    let direction = window()
        .get_computed_style(&panel)
        .unwrap()
        .unwrap()
        .get_property_value("direction")
        .unwrap();
    assert_eq!(direction, "rtl");
}
