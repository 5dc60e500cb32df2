//! When nobody can answer now: availability up front, when we are back, the lead form.

use super::*;

#[wasm_bindgen_test]
async fn nobody_online_shows_when_we_are_back_and_a_validated_lead_form() {
    let fake = Rc::new(Fake {
        nobody_online: true,
        ..Fake::default()
    });
    let root = mount_with(fake, "?site=t-lead&assistant=Ava&locale=en");
    type_and_send(&root, "can I talk to a real person? I'm maria@example.com").await;
    settle().await;
    let back = find(&root, "back-at").text_content().unwrap();
    assert!(
        back.starts_with("We're back ") && back.ends_with(" your time."),
        "{back}"
    );
    let email: HtmlInputElement = find(&root, "lead-email").unchecked_into();
    assert_eq!(
        email.value(),
        "maria@example.com",
        "prefilled from the chat"
    );
    // Asking for a person again goes to the form, the way to reach one now.
    find(&root, "talk-to-human").click();
    tick().await;
    assert_eq!(focused().as_deref(), Some("lead-name"));
    type_into(&root, "lead-email", "maria@");
    tick().await;
    find(&root, "lead-submit").click();
    settle().await;
    assert_eq!(
        find(&root, "error-name").text_content().unwrap(),
        "Please tell us your name."
    );
    assert_eq!(
        find(&root, "error-email").text_content().unwrap(),
        "That email address doesn't look right."
    );
    assert_eq!(
        find(&root, "error-consent").text_content().unwrap(),
        "Please agree to be contacted about your question."
    );
    type_into(&root, "lead-name", "Maria");
    type_into(&root, "lead-email", "maria@example.com");
    find(&root, "lead-consent").click();
    tick().await;
    find(&root, "lead-submit").click();
    settle().await;
    assert_eq!(
        find(&root, "reference").text_content().unwrap(),
        "Thanks! Your reference is BTN-7KQ3XM."
    );
    assert!(find(&root, "whatsapp")
        .get_attribute("href")
        .unwrap()
        .starts_with("https://wa.me/447700900123"));
}

#[wasm_bindgen_test]
async fn availability_shows_as_soon_as_the_panel_is_there_without_a_message() {
    let fake = Rc::new(Fake {
        closed: true,
        ..Fake::default()
    });
    let root = mount_with(fake.clone(), "?site=t-away&assistant=Ava&locale=en");
    until(|| {
        root.query_selector("[data-testid=expect]")
            .unwrap()
            .is_some()
    })
    .await;
    assert_eq!(
        find(&root, "status").text_content().unwrap(),
        "Ava (AI assistant) is answering · team offline"
    );
    let expect = find(&root, "expect").text_content().unwrap();
    assert!(
        expect.starts_with("We're back Monday") && expect.ends_with(" your time."),
        "{expect}"
    );
    assert!(
        fake.calls.borrow().iter().all(|c| !c.starts_with("POST")),
        "nothing sent: {:?}",
        fake.calls.borrow()
    );

    let root = mount_with(
        Rc::new(Fake::default()),
        "?site=t-online&assistant=Ava&locale=es",
    );
    until(|| {
        find(&root, "status")
            .text_content()
            .unwrap()
            .contains("en línea")
    })
    .await;
    assert_eq!(
        find(&root, "status").text_content().unwrap(),
        "Ava (asistente de IA) está respondiendo · equipo en línea"
    );
    assert!(root
        .query_selector("[data-testid=expect]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn the_time_we_are_back_is_written_the_way_the_visitors_full_locale_writes_it() {
    let back = |search: &'static str| async move {
        let root = mount_with(
            Rc::new(Fake {
                closed: true,
                ..Fake::default()
            }),
            search,
        );
        until(|| {
            root.query_selector("[data-testid=expect]")
                .unwrap()
                .is_some()
        })
        .await;
        find(&root, "expect").text_content().unwrap()
    };
    let gb = back("?site=t-en-gb&assistant=Ava&locale=en-GB").await;
    assert!(
        gb.starts_with("We're back Monday") && !gb.contains("AM") && !gb.contains("PM"),
        "24-hour in en-GB: {gb}"
    );
    let us = back("?site=t-en-us&assistant=Ava&locale=en-US").await;
    assert!(
        us.starts_with("We're back Monday") && (us.contains("AM") || us.contains("PM")),
        "12-hour in en-US: {us}"
    );
    // A weekday takes its article in Spanish ("el lunes"); "mañana" would take none.
    let es = back("?site=t-es&assistant=Ava&locale=es-ES").await;
    assert!(es.starts_with("Volvemos el lunes"), "{es}");
    // A tag the browser cannot parse falls back to the language.
    let bad = back("?site=t-en-bad&assistant=Ava&locale=en-x").await;
    assert!(
        bad.starts_with("We're back Monday") && bad.ends_with(" your time."),
        "{bad}"
    );
}

#[wasm_bindgen_test]
async fn a_lead_left_in_another_tab_shows_its_reference_here() {
    let fake = Rc::new(Fake {
        nobody_online: true,
        ..Fake::default()
    });
    let root = mount_with(fake.clone(), "?site=t-lead-tabs&locale=en");
    find(&root, "talk-to-human").click();
    settle().await;
    until(|| {
        root.query_selector("[data-testid=lead-form]")
            .unwrap()
            .is_some()
    })
    .await;
    let storage = |value: &str| storage_event("baton:lead:t-lead-tabs", value);
    // Another conversation's lead: the form stays.
    storage("c-other\nBTN-OTHER1\n");
    settle().await;
    assert!(root
        .query_selector("[data-testid=reference]")
        .unwrap()
        .is_none());
    // This conversation's: the reference and the WhatsApp link, and nothing sent from here.
    storage("c1\nBTN-7KQ3XM\nhttps://wa.me/447700900123?text=Hi");
    until(|| {
        root.query_selector("[data-testid=reference]")
            .unwrap()
            .is_some()
    })
    .await;
    assert_eq!(
        find(&root, "reference").text_content().unwrap(),
        "Thanks! Your reference is BTN-7KQ3XM."
    );
    assert!(root
        .query_selector("[data-testid=whatsapp]")
        .unwrap()
        .is_some());
}
