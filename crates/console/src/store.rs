//! What the console's components share, as narrow handles: each page takes from the context
//! only the handle it needs ([`Agent`], [`Desk`], [`Clock`]), so what a page can read or
//! change is visible in its first lines. [`provide`] puts all three in the context.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::hub::{ConsoleConversation, Me, Queue};
use wasm_bindgen::JsValue;

use crate::api;
use crate::model::{draft_for, find, link_failure, linked_conversation};

/// Who is signed in, with their teams, sites and presence.
#[derive(Clone, Copy)]
pub struct Agent {
    /// The signed-in agent; `None` shows the sign-in form.
    pub me: RwSignal<Option<Me>>,
}

/// The queue and the conversation open in the pane.
#[derive(Clone, Copy)]
pub struct Desk {
    /// The live queue.
    pub queue: RwSignal<Queue>,
    /// The open conversation.
    pub selected: RwSignal<Option<String>>,
    /// The reply box.
    pub draft: RwSignal<String>,
    /// A conversation opened by link that the queue does not hold (yet).
    pub fetched: RwSignal<Option<ConsoleConversation>>,
    /// Why a linked conversation could not be opened.
    pub notice: RwSignal<Option<String>>,
    /// A linked conversation is being fetched.
    pub opening: RwSignal<bool>,
}

/// Now, ticking every second (waiting times).
#[derive(Clone, Copy)]
pub struct Clock {
    /// Milliseconds since the epoch.
    pub now_ms: ReadSignal<f64>,
}

/// Creates the handles, provides them to every component below, and starts the clock.
pub fn provide() -> (Agent, Desk) {
    let agent = Agent {
        me: RwSignal::new(None),
    };
    let desk = Desk {
        queue: RwSignal::new(Queue::default()),
        selected: RwSignal::new(None),
        draft: RwSignal::new(String::new()),
        fetched: RwSignal::new(None),
        notice: RwSignal::new(None),
        opening: RwSignal::new(false),
    };
    let (now_ms, set_now) = signal(js_sys::Date::now());
    if let Err(e) = set_interval_with_handle(
        move || set_now.set(js_sys::Date::now()),
        std::time::Duration::from_secs(1),
    ) {
        web_sys::console::warn_1(&format!("no clock: {e:?}").into());
    }
    provide_context(agent);
    provide_context(desk);
    provide_context(Clock { now_ms });
    (agent, desk)
}

impl Agent {
    /// Signed in: remember the agent, follow the queue live, and open the conversation the
    /// address links to (`/console/?conversation=ID`, kept in the address through sign-in).
    pub fn signed_in(self, me: Me, desk: Desk) {
        let linked = take_linked_conversation();
        self.me.set(Some(me));
        let queue = desk.queue;
        let me_signal = self.me;
        if let Err(e) = api::open_queue_stream(move |q| queue.set(q), move || me_signal.set(None)) {
            web_sys::console::error_1(
                &format!("cannot open the queue stream: {}", e.message).into(),
            );
        }
        if let Some(id) = linked {
            desk.open(id);
        }
    }

    /// Signed out: the queue stream closes and the pane empties.
    pub fn signed_out(self, desk: Desk) {
        api::close_queue_stream();
        desk.selected.set(None);
        self.me.set(None);
    }
}

impl Desk {
    /// Shows conversation `id` from the queue in the pane, its greeting in the reply box;
    /// choosing the one already open keeps what the agent typed.
    pub fn select(self, id: &str, greeting: &str) {
        self.notice.set(None);
        if self.selected.with_untracked(|s| s.as_deref() != Some(id)) {
            self.selected.set(Some(id.to_string()));
            self.draft.set(draft_for("", greeting));
        }
    }

    /// Opens conversation `id` in the pane: from the queue if it is there, otherwise asked
    /// of the hub, which answers 404 for one that does not exist or the agent may not see.
    pub fn open(self, id: String) {
        if let Some(c) = self.queue.with_untracked(|q| find(q, &id).cloned()) {
            self.select(&id, &c.suggested_greeting);
            return;
        }
        self.notice.set(None);
        self.selected.set(Some(id.clone()));
        self.opening.set(true);
        spawn_local(async move {
            let path = api::path::conversation(&id);
            match api::get::<ConsoleConversation>(&path).await {
                Ok(c) => {
                    self.draft.set(draft_for("", &c.suggested_greeting));
                    self.fetched.set(Some(c));
                }
                Err(e) => {
                    self.selected.set(None);
                    self.notice
                        .set(Some(link_failure(&id, e.status, &e.message)));
                }
            }
            self.opening.set(false);
        });
    }

    /// Reloads the queue now (after an action), without waiting for the stream.
    pub fn refresh(self) {
        let queue = self.queue;
        spawn_local(async move {
            if let Ok(q) = api::get::<Queue>(api::path::QUEUE).await {
                queue.set(q);
            }
        });
    }
}

/// The conversation id in the address's `?conversation=`, removed from the address so a
/// later reload or page change does not open it again.
fn take_linked_conversation() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let id = linked_conversation(&location.search().ok()?)?;
    let id = js_sys::decode_uri_component(&id)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or(id);
    let clean = location.pathname().unwrap_or_else(|_| "/console/".into());
    if let Err(e) = window
        .history()
        .and_then(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(&clean)))
    {
        web_sys::console::warn_1(&e);
    }
    Some(id)
}
