//! Browser tests of the widget: mount it in headless Chromium, type, assert on the DOM.
#![cfg(target_arch = "wasm32")]

use baton_widget::App;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> HtmlElement {
    let document = document();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    mount_to(root.clone(), || view! { <App assistant="Ava"/> }).forget();
    root
}

fn find(root: &HtmlElement, testid: &str) -> HtmlElement {
    root.query_selector(&format!("[data-testid={testid}]")).unwrap().unwrap().unchecked_into()
}

fn texts(root: &HtmlElement, testid: &str) -> Vec<String> {
    let list = root.query_selector_all(&format!("[data-testid={testid}] p")).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().text_content().unwrap_or_default()).collect()
}

async fn type_and_send(root: &HtmlElement, text: &str) {
    let input: HtmlInputElement = find(root, "composer").unchecked_into();
    input.set_value(text);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    tick().await;
    find(root, "send").click();
    tick().await;
}

#[wasm_bindgen_test]
async fn opens_with_the_ai_disclosure() {
    let root = mount();
    tick().await;
    assert!(texts(&root, "message")[0].contains("Ava, an AI assistant"));
}

#[wasm_bindgen_test]
async fn asking_for_a_person_shows_the_bridge_message() {
    let root = mount();
    type_and_send(&root, "can I talk to a real person?").await;
    let bridge = texts(&root, "bridge");
    assert_eq!(bridge.len(), 1, "{bridge:?}");
    assert!(bridge[0].starts_with("Let me connect you with a specialist from our Support team"));
    assert_eq!(find(&root, "why").text_content().unwrap(), "human_request");
}

#[wasm_bindgen_test]
async fn a_routine_question_does_not_escalate() {
    let root = mount();
    type_and_send(&root, "what time do you open on saturday?").await;
    assert!(texts(&root, "bridge").is_empty());
    assert_eq!(texts(&root, "message").last().unwrap(), "what time do you open on saturday?");
}

#[wasm_bindgen_test]
async fn markup_typed_by_the_visitor_is_shown_as_text() {
    let root = mount();
    let payload = "<img src=x onerror=alert(1)><b>hi</b>";
    type_and_send(&root, payload).await;
    assert_eq!(texts(&root, "message").last().unwrap(), payload);
    assert!(root.query_selector("img").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn the_talk_to_a_human_button_always_works() {
    let root = mount();
    tick().await;
    find(&root, "talk-to-human").click();
    tick().await;
    assert_eq!(texts(&root, "bridge").len(), 1);
}
