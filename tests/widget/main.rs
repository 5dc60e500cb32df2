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

mod availability;
mod chat;
mod handoff;
mod loader;
mod offline;
mod rating;

/// The callback the widget hands [`Api::stream`] for the stream's chunks.
type Chunk = Box<dyn FnMut(String)>;

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
    stream: RefCell<Option<Chunk>>,
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

    /// An agent's chat message down the open stream.
    fn agent_says(&self, name: &str, text: &str) {
        let seq = self.next();
        let data = json!({"seq": seq, "author": "agent", "kind": "chat", "agent_name": name, "text": text, "created_at": ""});
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

/// The `data-testid` of the element that has the focus.
fn focused() -> Option<String> {
    document()
        .active_element()
        .and_then(|e| e.get_attribute("data-testid"))
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
