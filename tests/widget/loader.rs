//! The host page's loader: what the widget hears from it (identify, open) and what it tells it.

use super::*;

/// Dispatches a `message` event on the window as the loader's would arrive: from `origin`,
/// with `source` the parent window (in a test page, the page itself) or nobody.
fn from_loader(origin: &str, data: &str, from_parent: bool) {
    let f = js_sys::Function::new_with_args(
        "origin, data, fromParent",
        "window.dispatchEvent(new MessageEvent('message', { origin, data: JSON.parse(data), source: fromParent ? window.parent : null }))",
    );
    f.call3(
        &wasm_bindgen::JsValue::NULL,
        &origin.into(),
        &data.into(),
        &from_parent.into(),
    )
    .unwrap();
}

#[wasm_bindgen_test]
async fn identify_is_heard_only_from_the_parent_at_the_host_origin_and_only_when_well_typed() {
    let fake = Rc::new(Fake {
        nobody_online: true,
        ..Fake::default()
    });
    let host = "https://shop-identify.example";
    let root = mount_with(
        fake.clone(),
        &format!(
            "?site=t-identify&assistant=Ava&locale=en&host={}",
            host.replace(':', "%3A").replace('/', "%2F")
        ),
    );
    settle().await;
    // A wrong origin, a look-alike origin, the right origin from another window, wrong types,
    // an unknown type: all ignored.
    from_loader(
        "https://evil.example",
        r#"{"type":"baton:identify","name":"Eve","email":"eve@evil.example"}"#,
        true,
    );
    from_loader(
        "https://shop-identify.example.evil",
        r#"{"type":"baton:identify","name":"Eve"}"#,
        true,
    );
    from_loader(host, r#"{"type":"baton:identify","name":"Eve"}"#, false);
    from_loader(
        host,
        r#"{"type":"baton:identify","name":["Eve"],"email":5,"phone":{"x":1}}"#,
        true,
    );
    from_loader(host, r#"{"type":"baton:whoami","name":"Eve"}"#, true);
    from_loader(host, r#""baton:identify""#, true);
    // Markup and a malformed email from the right place: the name is text, the email dropped.
    from_loader(
        host,
        r#"{"type":"baton:identify","name":"<b>Maria</b>","email":"maria@","phone":"+44 7700 900123","admin":true}"#,
        true,
    );
    from_loader(
        host,
        r#"{"type":"baton:identify","email":"maria@example.com","signature":"df5b254af228d9c4430cdc92ddaacf1ff82f1fddf82349937376b99f71efe26d"}"#,
        true,
    );
    settle().await;
    type_and_send(&root, "can I talk to a real person?").await;
    settle().await;
    let value = |id: &str| find(&root, id).unchecked_into::<HtmlInputElement>().value();
    assert_eq!(
        value("lead-name"),
        "<b>Maria</b>",
        "prefilled from identify, as text"
    );
    assert_eq!(value("lead-email"), "maria@example.com");
    assert_eq!(value("lead-phone"), "+44 7700 900123");
    let handoffs = fake.handoffs.borrow();
    assert_eq!(handoffs.len(), 1);
    assert_eq!(
        handoffs[0]["fields"],
        json!({"name": "<b>Maria</b>", "email": "maria@example.com", "phone": "+44 7700 900123"}),
        "the package carries them"
    );
    assert_eq!(
        handoffs[0]["identity"],
        json!({"email": "maria@example.com", "signature": "df5b254af228d9c4430cdc92ddaacf1ff82f1fddf82349937376b99f71efe26d"}),
        "and the site's signature over the email, for the hub to check"
    );
    assert!(
        root.query_selector("[data-testid=panel] b:not(.baton-author)")
            .unwrap()
            .is_none(),
        "no element made from the name"
    );
}

#[wasm_bindgen_test]
async fn the_loader_hears_ready_the_handoff_new_messages_and_unread() {
    // The page's own origin as host: what the widget posts to its parent (here, itself) can
    // be recorded.
    let origin = window().location().origin().unwrap();
    js_sys::Function::new_no_args(
        "window.__posted = []; window.addEventListener('message', (e) => { if (e.data && String(e.data.type).startsWith('baton:')) window.__posted.push(e.data); });",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
    let posted = || -> Vec<serde_json::Value> {
        let v = js_sys::Function::new_no_args("return JSON.stringify(window.__posted)")
            .call0(&wasm_bindgen::JsValue::NULL)
            .unwrap();
        serde_json::from_str(&v.as_string().unwrap()).unwrap()
    };
    let root = mount_with(
        Rc::new(Fake::default()),
        &format!(
            "?site=t-loader&assistant=Ava&locale=en&host={}",
            origin.replace(':', "%3A").replace('/', "%2F")
        ),
    );
    until(|| posted().iter().any(|m| m["type"] == "baton:ready")).await;
    let ready = posted()
        .into_iter()
        .filter(|m| m["type"] == "baton:ready")
        .collect::<Vec<_>>();
    assert_eq!(ready.len(), 1, "ready once: {:?}", posted());

    // Closed (framed, the loader has not opened it): the bridge and the answer are announced.
    type_and_send(&root, "can I talk to a real person?").await;
    until(|| {
        posted()
            .iter()
            .any(|m| m["type"] == "baton:message" && m["text"] == "Happy to help.")
    })
    .await;
    let all = posted();
    assert!(
        all.contains(&json!({"type": "baton:handoff", "team": "support"})),
        "{all:?}"
    );
    let messages: Vec<_> = all
        .iter()
        .filter(|m| m["type"] == "baton:message")
        .collect();
    assert!(
        messages.iter().any(|m| m["author"] == "bot"
            && m["text"]
                .as_str()
                .unwrap()
                .starts_with("Let me connect you")),
        "{all:?}"
    );
    assert!(
        messages.iter().all(|m| m["author"] != "visitor"),
        "the visitor's own words are not shared: {all:?}"
    );
    let last_unread = |all: &[serde_json::Value]| {
        all.iter()
            .rfind(|m| m["type"] == "baton:unread")
            .map(|m| m["count"].as_u64().unwrap())
    };
    assert!(last_unread(&all).unwrap() >= 1, "{all:?}");

    // The loader opens the panel: read, focus in the composer.
    from_loader(&origin, r#"{"type":"baton:open"}"#, true);
    until(|| last_unread(&posted()) == Some(0)).await;
    let all = posted();
    assert_eq!(last_unread(&all), Some(0), "{all:?}");
    assert_eq!(focused().as_deref(), Some("composer"));
}
