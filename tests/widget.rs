//! Browser tests of the widget: mount it in headless Chromium over a fake hub, type, assert
//! on the DOM. Each test uses its own site key, so the conversations they keep in
//! `localStorage` do not meet.
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use baton_widget::api::{Api, ApiError, ApiHandle, Fut, Request};
use baton_widget::App;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A hub in memory: answers like the real one, fails message posts and ratings on demand,
/// and lets a test push events down the conversation's stream.
#[derive(Default)]
struct Fake {
    offline_posts: Cell<u32>,
    offline_creates: Cell<u32>,
    /// The stream says it is open as soon as it is asked for.
    stream_opens: bool,
    offline_ratings: Cell<u32>,
    nobody_online: bool,
    /// Closed by the hours, nobody online, back on a Monday morning.
    closed: bool,
    resolved: Cell<bool>,
    rating: Cell<Option<u8>>,
    seq: Cell<i64>,
    calls: RefCell<Vec<String>>,
    handoffs: RefCell<Vec<serde_json::Value>>,
    ratings: RefCell<Vec<serde_json::Value>>,
    stream: RefCell<Option<Box<dyn FnMut(String)>>>,
    /// The site's settings, as the hub would send them; 404 when absent.
    config: Option<serde_json::Value>,
}

impl Fake {
    fn next(&self) -> i64 {
        self.seq.set(self.seq.get() + 1);
        self.seq.get()
    }

    fn answer(&self, r: &Request) -> Result<(u16, String), ApiError> {
        let body: serde_json::Value = r
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or_default();
        let path = r.path.as_str();
        let ok = |status: u16, v: serde_json::Value| Ok((status, v.to_string()));
        if path.ends_with("/conversations") {
            if self.offline_creates.get() > 0 {
                self.offline_creates.set(self.offline_creates.get() - 1);
                return Err(ApiError::Offline);
            }
            let s = self.next();
            return ok(
                201,
                json!({"conversation_id": "c1", "token": "t", "messages": [
                    {"seq": s, "author": "bot", "kind": "intro", "text": "You're chatting with Ava, an AI assistant. Ask for a person at any time.", "created_at": ""}
                ]}),
            );
        }
        if path.ends_with("/messages") && r.method == "POST" {
            if self.offline_posts.get() > 0 {
                self.offline_posts.set(self.offline_posts.get() - 1);
                return Err(ApiError::Offline);
            }
            let (m, b) = (self.next(), self.next());
            return ok(
                201,
                json!({
                    "message": {"seq": m, "client_id": body["client_id"], "author": "visitor", "kind": "chat", "text": body["text"], "created_at": ""},
                    "reply": {"seq": b, "author": "bot", "kind": "chat", "text": "Happy to help.", "confidence": 0.9, "created_at": ""},
                    "triage": null
                }),
            );
        }
        if path.ends_with("/handoff") {
            self.handoffs.borrow_mut().push(body.clone());
            return ok(
                201,
                json!({"handoff_id": "h1", "team": body["route"], "team_name": "Support", "available": !self.nobody_online,
                "agents_online": 0, "next_open": if self.nobody_online { json!("2030-01-07T09:00:00Z") } else { json!(null) },
                "hub": {"escalate": true, "trigger": null, "route": null, "triggers": [], "reasons": []}}),
            );
        }
        if path.ends_with("/availability") {
            let team = json!({"key": "support", "name": "Support", "online": !self.closed, "agents_online": u32::from(!self.closed),
                "next_open": if self.closed { json!("2030-01-07T09:00:00Z") } else { json!(null) }});
            return ok(
                200,
                json!({"site": "x", "open": !self.closed, "next_open": if self.closed { json!("2030-01-07T09:00:00Z") } else { json!(null) },
                "closes_at": null, "teams": [team]}),
            );
        }
        if path.contains("/messages?after=") {
            let state = if self.resolved.get() { "bot" } else { "queued" };
            return ok(
                200,
                json!({"messages": [], "status": {"state": state, "resolved": self.resolved.get(), "rating": self.rating.get()}}),
            );
        }
        if path.ends_with("/rating") {
            if self.offline_ratings.get() > 0 {
                self.offline_ratings.set(self.offline_ratings.get() - 1);
                return Err(ApiError::Offline);
            }
            self.ratings.borrow_mut().push(body.clone());
            self.rating
                .set(Some(if body["thumb"] == "up" { 5 } else { 1 }));
            return ok(201, json!({"score": self.rating.get()}));
        }
        if let (true, Some(config)) = (path.contains("/widget-config"), &self.config) {
            return ok(200, config.clone());
        }
        if path.ends_with("/leads") {
            return ok(
                201,
                json!({"reference": "BTN-7KQ3XM", "whatsapp_link": "https://wa.me/447700900123?text=Hi%20(ref%20BTN-7KQ3XM)"}),
            );
        }
        ok(
            404,
            json!({"error": {"code": "not_found", "message": "No such thing."}}),
        )
    }
}

impl Api for Fake {
    fn call(&self, r: Request) -> Fut<Result<(u16, String), ApiError>> {
        self.calls
            .borrow_mut()
            .push(format!("{} {}", r.method, r.path));
        let answer = self.answer(&r);
        Box::pin(async move { answer })
    }

    fn stream(&self, _: Request, mut chunk: Box<dyn FnMut(String)>) -> Fut<Result<(), ApiError>> {
        if self.stream_opens {
            // The hub's first bytes: the stream is open.
            chunk(":\n\n".into());
        }
        *self.stream.borrow_mut() = Some(chunk);
        Box::pin(std::future::pending())
    }
}

impl Fake {
    /// The hub pushes a system notice down the open stream.
    fn notice(&self, text: &str) {
        let seq = self.next();
        let data = json!({"seq": seq, "author": "system", "kind": "notice", "text": text, "created_at": ""});
        self.push("message", Some(seq), data);
    }

    /// Pushes `event` with `data` (JSON) down the open stream.
    fn push(&self, event: &str, id: Option<i64>, data: serde_json::Value) {
        let mut stream = self.stream.borrow_mut();
        let push = stream.as_mut().expect("the widget has opened the stream");
        let id = id.map(|seq| format!("id: {seq}\n")).unwrap_or_default();
        push(format!("event: {event}\n{id}data: {data}\n\n"));
    }
}

fn mount_with(fake: Rc<Fake>, search: &str) -> HtmlElement {
    let document = document();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let search = search.to_string();
    mount_to(
        root.clone(),
        move || view! { <App api=ApiHandle(fake.clone()) search=search.clone()/> },
    )
    .forget();
    root
}

fn mount(site: &str) -> HtmlElement {
    mount_with(
        Rc::new(Fake::default()),
        &format!("?site={site}&assistant=Ava&locale=en"),
    )
}

fn find(root: &HtmlElement, testid: &str) -> HtmlElement {
    root.query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no {testid}"))
        .unchecked_into()
}

fn texts(root: &HtmlElement, testid: &str) -> Vec<String> {
    let list = root
        .query_selector_all(&format!("[data-testid={testid}] p"))
        .unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

async fn settle() {
    for _ in 0..6 {
        tick().await;
    }
}

fn type_into(root: &HtmlElement, testid: &str, text: &str) {
    let input: HtmlInputElement = find(root, testid).unchecked_into();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

async fn type_and_send(root: &HtmlElement, text: &str) {
    type_into(root, "composer", text);
    tick().await;
    find(root, "send").click();
}

#[wasm_bindgen_test]
async fn opens_with_the_ai_disclosure() {
    let root = mount("t-disclosure");
    settle().await;
    assert!(texts(&root, "message")[0].contains("Ava, an AI assistant"));
    assert_eq!(
        document()
            .active_element()
            .unwrap()
            .get_attribute("data-testid")
            .as_deref(),
        Some("composer"),
        "focus is in the composer"
    );
}

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
async fn the_talk_to_a_human_button_always_works() {
    let root = mount("t-button");
    settle().await;
    find(&root, "talk-to-human").click();
    tick().await;
    assert_eq!(texts(&root, "bridge").len(), 1);
}

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

/// Lets the browser run its queued tasks (posted messages arrive as tasks) until `ok` holds;
/// gives up after 200 rounds.
async fn until(ok: impl Fn() -> bool) {
    for _ in 0..200 {
        if ok() {
            return;
        }
        let next_task = js_sys::Promise::new(&mut |resolve, _| {
            window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(next_task)
            .await
            .unwrap();
        settle().await;
    }
}

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
            .filter(|m| m["type"] == "baton:unread")
            .last()
            .map(|m| m["count"].as_u64().unwrap())
    };
    assert!(last_unread(&all).unwrap() >= 1, "{all:?}");

    // The loader opens the panel: read, focus in the composer.
    from_loader(&origin, r#"{"type":"baton:open"}"#, true);
    until(|| last_unread(&posted()) == Some(0)).await;
    let all = posted();
    assert_eq!(last_unread(&all), Some(0), "{all:?}");
    assert_eq!(
        document()
            .active_element()
            .unwrap()
            .get_attribute("data-testid")
            .as_deref(),
        Some("composer")
    );
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
        "Ava (AI assistant) is answering · away"
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
        "Ava (asistente de IA) está respondiendo · en línea"
    );
    assert!(root
        .query_selector("[data-testid=expect]")
        .unwrap()
        .is_none());
}

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

/// What the browser tells this tab when another tab of the widget's origin stores `value`
/// under `key`.
fn storage_event(key: &str, value: &str) {
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(key));
    init.set_new_value(Some(value));
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
}

/// Waits for `ok` in real time (timers run), up to five seconds.
async fn eventually(ok: impl Fn() -> bool) {
    for _ in 0..100 {
        if ok() {
            return;
        }
        baton_widget::browser::sleep(50).await;
        settle().await;
    }
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
    // A tag the browser cannot parse falls back to the language.
    let bad = back("?site=t-en-bad&assistant=Ava&locale=en-x").await;
    assert!(
        bad.starts_with("We're back Monday") && bad.ends_with(" your time."),
        "{bad}"
    );
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

#[wasm_bindgen_test]
async fn a_question_on_a_topic_the_faq_answers_first_waits_for_the_hub_and_a_failed_send_hands_over(
) {
    // The site's FAQ answers some hand-over topics first; its English words arrive as a pack.
    let config = json!({"site": "t-first", "name": "Northwind", "assistant_name": "Ava", "disclosure": "", "greeting": "",
        "teams": [{"key": "support", "name": "Support"}, {"key": "billing", "name": "Billing"}],
        "language_packs": [include_str!("../crates/triage/packs/en.txt")],
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
    let seq = fake.next();
    fake.push(
        "message",
        Some(seq),
        json!({"seq": seq, "author": "agent", "kind": "chat", "agent_name": "Maria",
               "text": "Hi, I'm Maria.", "created_at": ""}),
    );
    settle().await;
    assert_eq!(typing_line(&root), None);
    assert!(texts(&root, "message")
        .iter()
        .any(|t| t == "Hi, I'm Maria."));
}
