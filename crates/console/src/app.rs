//! The root component: the sign-in form, or the console (presence switches, queue,
//! conversation pane, lead search) once signed in. What they share is in [`crate::store`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::hub::{Login, Me, PresenceUpdate};

use crate::api;
use crate::dashboard::Dashboard;
use crate::leads::LeadSearch;
use crate::notifications::NotificationsPage;
use crate::pane::Pane;
use crate::queue::QueueList;
use crate::review::ReviewPage;
use crate::store::{self, Agent, Desk};

/// The console.
#[component]
pub fn App() -> impl IntoView {
    let (agent, desk) = store::provide();
    // Already signed in (a reload)? The cookie is HttpOnly, so ask the hub.
    spawn_local(async move {
        if let Ok(me) = api::get::<Me>(api::path::ME).await {
            agent.signed_in(me, desk);
        }
    });
    view! {
        <Show when=move || agent.me.with(Option::is_some) fallback=|| view! { <SignIn/> }>
            <Console/>
        </Show>
    }
}

/// Email and password.
#[component]
fn SignIn() -> impl IntoView {
    let (agent, desk) = (expect_context::<Agent>(), expect_context::<Desk>());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = Login {
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            match api::call::<_, Me>("POST", api::path::LOGIN, &body).await {
                Ok(me) => {
                    error.set(None);
                    password.set(String::new());
                    agent.signed_in(me, desk);
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <main class="signin">
            <h1>"Baton console"</h1>
            <form on:submit=submit>
                <label>"Email"
                    <input type="email" data-testid="login-email" autocomplete="username" required
                        prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                </label>
                <label>"Password"
                    <input type="password" data-testid="login-password" autocomplete="current-password" required
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
                <button type="submit" data-testid="login-submit" disabled=move || busy.get()>"Sign in"</button>
                <Show when=move || error.with(Option::is_some)>
                    <p class="error" role="alert" data-testid="login-error">{move || error.get().unwrap_or_default()}</p>
                </Show>
            </form>
        </main>
    }
}

/// The console's pages; `#dashboard`, `#review` and `#notifications` in the address open
/// the other three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// Queue, conversation pane and lead search.
    Queue,
    /// Metrics with charts.
    Dashboard,
    /// Conversations worth reading.
    Review,
    /// Notifications that did not go out, with Retry.
    Notifications,
}

impl Page {
    /// The page a location hash names.
    pub fn from_hash(hash: &str) -> Page {
        match hash.trim_start_matches('#') {
            "dashboard" => Page::Dashboard,
            "review" => Page::Review,
            "notifications" => Page::Notifications,
            _ => Page::Queue,
        }
    }
}

/// The signed-in console.
#[component]
fn Console() -> impl IntoView {
    let (agent, desk) = (expect_context::<Agent>(), expect_context::<Desk>());
    let hash = || {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    };
    let page = RwSignal::new(Page::from_hash(&hash()));
    // The browser's Back and Forward move between the pages the address names.
    let back = window_event_listener(leptos::ev::hashchange, move |_| {
        page.set(Page::from_hash(&hash()));
    });
    on_cleanup(move || back.remove());
    let go = move |to: Page, hash: &'static str| {
        move |_| {
            page.set(to);
            if let Some(w) = web_sys::window() {
                if let Err(e) = w.location().set_hash(hash) {
                    web_sys::console::warn_1(&e);
                }
            }
        }
    };
    // The tab's title counts the visitors waiting (signed out, the page's own title).
    let title = |waiting: usize| {
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            d.set_title(&crate::model::tab_title(waiting));
        }
    };
    Effect::new(move |_| title(desk.queue.with(|q| q.waiting.len())));
    on_cleanup(move || title(0));
    let sign_out = move |_| {
        spawn_local(async move {
            // Signed out locally whatever the hub says: the cookie is cleared or expires.
            if let Err(e) = api::post_empty(api::path::LOGOUT).await {
                web_sys::console::warn_1(&e.message.into());
            }
            agent.signed_out(desk);
        });
    };
    view! {
        <header class="top">
            <strong>"Baton console"</strong>
            <nav class="pages" aria-label="Pages">
                <button data-testid="nav-queue" class:on=move || page.get() == Page::Queue on:click=go(Page::Queue, "")>"Queue"</button>
                <button data-testid="nav-dashboard" class:on=move || page.get() == Page::Dashboard on:click=go(Page::Dashboard, "dashboard")>"Dashboard"</button>
                <button data-testid="nav-review" class:on=move || page.get() == Page::Review on:click=go(Page::Review, "review")>"Review"</button>
                <button data-testid="nav-notifications" class:on=move || page.get() == Page::Notifications on:click=go(Page::Notifications, "notifications")>"Notifications"</button>
            </nav>
            <span class="who" data-testid="me">{move || agent.me.with(|m| m.as_ref().map(|m| m.name.clone()).unwrap_or_default())}</span>
            <Presence/>
            <button data-testid="logout" on:click=sign_out>"Sign out"</button>
        </header>
        {move || match page.get() {
            Page::Queue => view! {
                <div class="layout">
                    <aside class="side">
                        <QueueList/>
                        <LeadSearch/>
                    </aside>
                    <Pane/>
                </div>
            }.into_any(),
            Page::Dashboard => view! { <Dashboard/> }.into_any(),
            Page::Review => view! { <ReviewPage/> }.into_any(),
            Page::Notifications => view! { <NotificationsPage/> }.into_any(),
        }}
    }
}

/// One switch per team: online takes handoffs, away does not.
#[component]
fn Presence() -> impl IntoView {
    let agent = expect_context::<Agent>();
    let teams = move || {
        agent
            .me
            .with(|m| m.as_ref().map(|m| m.teams.clone()).unwrap_or_default())
    };
    view! {
        <ul class="presence" aria-label="Presence">
            <For each=teams key=|t| (t.site.clone(), t.team.clone(), t.online, t.site_open) children=move |t| {
                let testid = format!("presence-{}-{}", t.site, t.team);
                let online = t.online;
                let (site, team) = (t.site.clone(), t.team.clone());
                let toggle = move |_| {
                    let body = PresenceUpdate { site: site.clone(), team: team.clone(), online: !online };
                    spawn_local(async move {
                        match api::call::<_, Me>("PUT", api::path::PRESENCE, &body).await {
                            Ok(me) => agent.me.set(Some(me)),
                            Err(e) => web_sys::console::error_1(&e.message.into()),
                        }
                    });
                };
                // Presence wins over the hours: say so, so nobody is surprised by a chat at 22:00.
                let after_hours = (online && !t.site_open).then(|| view! {
                    <small class="after-hours" data-testid=format!("after-hours-{}-{}", t.site, t.team)>
                        "Outside opening hours — visitors are told someone is here while you're online."
                    </small>
                });
                view! {
                    <li>
                        <button class=if online { "switch on" } else { "switch" } data-testid=testid
                            aria-pressed=if online { "true" } else { "false" } on:click=toggle>
                            {format!("{} · {}: {}", t.site_name, t.team_name, if online { "Online" } else { "Away" })}
                        </button>
                        {after_hours}
                    </li>
                }
            }/>
        </ul>
    }
}
