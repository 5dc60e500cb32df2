//! The widget's root component: the thread, who is answering, the composer, the "Talk to a
//! human" action, and — when nobody is online — the expectation and the lead form.

use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::ApiHandle;
use crate::conversation::{Delivery, Holder, Who};
use crate::host::{self, HostMessage, Incoming};
use crate::i18n::Key;
use crate::lead;
use crate::lead_form::LeadForm;
use crate::settings::Query;
use crate::use_conversation::use_conversation;
use crate::use_rating::Csat;
use crate::use_settings::use_settings;
use protocol::bridge::Reach;
use protocol::hub::Thumb;

/// The chat panel.
#[component]
pub fn App(
    /// The hub's API; `fetch` unless a test passes a fake.
    #[prop(optional)]
    api: Option<ApiHandle>,
    /// The frame's query string; `location.search` by default.
    #[prop(optional, into)]
    search: Option<String>,
) -> impl IntoView {
    let api = api.unwrap_or_else(default_api);
    let query = Query::parse(&search.unwrap_or_else(crate::browser::search));
    let s = use_settings(api.clone(), query);
    let conv = use_conversation(api, s.settings, s.config);
    let lang = s.settings.with_untracked(|s| s.lang);
    let t = move |k: Key| lang.t(k);
    let chat = conv.chat;
    let availability = conv.availability.availability;
    let draft = RwSignal::new(String::new());
    let composer: NodeRef<html::Input> = NodeRef::new();
    let scroller: NodeRef<html::Div> = NodeRef::new();
    let host = move || s.settings.with_untracked(|s| s.host.clone());

    // Standalone (no host page) the panel is always open; framed, the loader says.
    let open = RwSignal::new(host().is_none());
    let focus_composer = move || {
        if let Some(input) = composer.get_untracked() {
            let _ = input.focus();
        }
    };
    // Focus goes to the composer only when the visitor opens the panel (or when there is no
    // host page): the frame loads while the visitor may be typing in the host page's own
    // fields, and must not take their caret.
    Effect::new(move |_| {
        if let Some(input) = composer.get() {
            if open.get_untracked() && host().is_none() {
                let _ = input.focus();
            }
        }
    });
    // Asked again while a team has the conversation: where the request stands, rather than
    // nothing — the lead form's first field when nobody can answer soon, else the thread's
    // end (the bridge and what followed).
    let show_handoff = move || {
        let Some(area) = scroller.get_untracked() else {
            return;
        };
        let field = area
            .query_selector("[data-testid=lead-form] input")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        match field {
            Some(field) => {
                let _ = field.focus();
            }
            None => area.set_scroll_top(area.scroll_height()),
        }
    };
    // Open or closed comes back after a reload, in this tab: reopened by the loader without
    // taking the focus, which belongs to whatever the visitor is doing on the page.
    let open_key = format!(
        "baton:open:{}",
        s.settings.with_untracked(|s| s.site.clone())
    );
    let was_open = host().is_some() && crate::browser::session_load(&open_key).is_some();
    let reopening = StoredValue::new(was_open);
    let remember =
        move |is_open: bool| crate::browser::session_store(&open_key, is_open.then_some("1"));
    // Messages from the loader, validated in `host::listen`.
    host::listen(host(), move |m| match m {
        Incoming::Open => {
            open.set(true);
            remember(true);
            conv.mark_read.run(());
            conv.availability.refresh.run(());
            conv.availability.watch.run(());
            if !reopening.get_value() {
                focus_composer();
            }
            reopening.set_value(false);
        }
        Incoming::Close => {
            open.set(false);
            remember(false);
            reopening.set_value(false);
        }
        Incoming::Identify(id) => {
            if !id.is_empty() {
                conv.identify.run(id);
            }
        }
    });
    if open.get_untracked() {
        conv.availability.watch.run(());
    }
    // Ready once the site's settings are in (or the hub is unreachable): the loader sends
    // what it queued.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !s.loaded.get() {
            return done.unwrap_or(false);
        }
        host::post(host().as_deref(), &HostMessage::Ready(was_open));
        true
    });
    // Whether there is a conversation, once the settings are in: the loader keeps it in the
    // host page's storage to load the widget early on the site's next page.
    Effect::new(move |_| {
        let on = conv.has_conversation.get();
        if s.loaded.get() {
            host::post(host().as_deref(), &HostMessage::Conversation(on));
        }
    });
    // While the panel is open everything is read; while closed, each new message from the
    // assistant or a person goes to the host page (for its `message` handlers).
    let announced = StoredValue::new(None::<u32>);
    let sound = move || {
        s.config
            .with_untracked(|c| c.as_ref().is_some_and(|c| c.theme.sound))
    };
    // The newest reply chimed for, in this tab: the next page does not chime for it again.
    let chimed_key = format!(
        "baton:chimed:{}",
        s.settings.with_untracked(|s| s.site.clone())
    );
    let chimed = StoredValue::new(
        crate::browser::session_load(&chimed_key).and_then(|v| v.parse::<i64>().ok()),
    );
    Effect::new(move |_| {
        let unseen = chat.with(|c| c.unread_lines());
        if open.get() {
            if unseen > 0 {
                conv.mark_read.run(());
            }
            return;
        }
        chat.with(|c| {
            let fresh = &c.lines()[c.lines().len() - c.unread_lines()..];
            for l in fresh {
                if announced.get_value().is_some_and(|k| l.key <= k) {
                    continue;
                }
                announced.set_value(Some(l.key));
                let author = match l.who {
                    Who::Visitor => continue,
                    Who::Bot => "bot",
                    Who::Agent(_) => "agent",
                    Who::System => "system",
                };
                host::post(
                    host().as_deref(),
                    &HostMessage::Message {
                        author,
                        text: l.text.clone(),
                    },
                );
                let seq = l.seq.unwrap_or(0);
                if sound() && author != "system" && chimed.get_value().is_none_or(|c| seq > c) {
                    crate::browser::chime();
                    chimed.set_value(Some(seq));
                    crate::browser::session_store(&chimed_key, Some(&seq.to_string()));
                }
            }
        });
    });
    // The newest line stays in view: the thread follows each new message.
    Effect::new(move |_| {
        chat.with(|c| (c.lines().len(), matches!(c.holder(), Holder::Nobody { .. })));
        request_animation_frame(move || {
            if let Some(area) = scroller.get_untracked() {
                area.set_scroll_top(area.scroll_height());
            }
        });
    });
    // The launcher's badge.
    let unread = Memo::new(move |_| chat.with(|c| c.unread()));
    // Who is shown typing: redrawn only when that changes, not with every line.
    let typing = Memo::new(move |_| chat.with(|c| c.typing()));
    Effect::new(move |_| {
        host::post(host().as_deref(), &HostMessage::Unread(unread.get()));
    });

    let send = move || {
        let text = draft.get_untracked();
        draft.set(String::new());
        conv.send.run(text);
    };

    let status = move || {
        let team_online =
            availability.with(|a| a.as_ref().map(|a| a.teams.iter().any(|t| t.online)));
        match chat.with(|c| c.holder().clone()) {
            Holder::Agent(name) => lang.fill(Key::AnsweringAgent, &[("name", &name)]),
            Holder::Waiting { team } => lang.fill(Key::Waiting, &[("team", &team)]),
            Holder::Nobody { team, reach } => match reach {
                Reach::Busy {
                    wait_minutes: Some(n),
                } => lang.fill(Key::BusyWait, &[("team", &team), ("n", &n.to_string())]),
                Reach::Closed { when: Some(when) } => {
                    lang.fill(Key::ClosedBack, &[("team", &team), ("when", &when)])
                }
                Reach::Closed { when: None } => lang.fill(Key::ClosedNoTime, &[("team", &team)]),
                _ => lang.fill(Key::NobodyOnline, &[("team", &team)]),
            },
            Holder::Bot => {
                let who = s.settings.with(|s| s.assistant.clone());
                let mut text = lang.fill(Key::AnsweringBot, &[("name", &who)]);
                if let Some(online) = team_online {
                    text = format!(
                        "{text} · {}",
                        if online { t(Key::Online) } else { t(Key::Away) }
                    );
                }
                text
            }
        }
    };

    // Nobody online while the assistant answers: when the team is back, if the hours say.
    let expectation = move || {
        if chat.with(|c| *c.holder() != Holder::Bot) {
            return None;
        }
        availability.with(|a| {
            a.as_ref()
                .filter(|a| !a.open && !a.teams.iter().any(|t| t.online))
                .and_then(|a| a.next_open.clone())
        })
    };
    // Memos, so that the lead form is drawn once and keeps what the visitor typed while
    // messages and availability come and go.
    let lead_after = Memo::new(move |_| {
        chat.with(|c| {
            // Once the hub has the message that handed over (the name it states is known);
            // what the visitor sends afterwards leaves the form as it is.
            matches!(c.holder(), Holder::Nobody { .. })
                .then(|| c.lines().iter().rev().find(|l| l.bridge).map(|l| l.key))
                .flatten()
                .filter(|&key| !c.unanswered_before(key))
        })
    });
    let away_until = Memo::new(move |_| {
        chat.with(|c| match c.holder() {
            Holder::Nobody {
                reach: Reach::Closed { when: Some(w) },
                ..
            } => Some(w.clone()),
            _ => None,
        })
    });
    let back_at = move |next_open: Option<String>| {
        next_open
            .as_deref()
            .and_then(crate::time::parse_rfc3339)
            .map(|at| crate::time::when(&s.settings.with_untracked(|s| s.locale.clone()), lang, at))
    };
    let whatsapp_fallback = move || {
        let digits = s.settings.with(|s| s.whatsapp.clone())?;
        (conv.offline.get() || s.unreachable.get())
            .then(|| lead::whatsapp_link(&digits, &chat.with_untracked(|c| c.whatsapp_summary())))
    };

    let panel_dir = if lang.rtl() { "rtl" } else { "ltr" };
    // Drawn once, when its words are here: the strings below are read as it is drawn.
    move || {
        s.ready.get().then(|| view! {
        <section
            class="baton-panel"
            role="dialog"
            aria-label=t(Key::Chat)
            data-testid="panel"
            lang=lang.code()
            dir=panel_dir
            data-mode=move || s.settings.with(|s| s.mode.clone())
            style=move || s.settings.with(|s| s.style.clone())
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    host::post(host().as_deref(), &HostMessage::Close);
                }
            }
        >
            <header class="baton-header">
                <div class="baton-heading">
                    <span class="baton-title">{move || s.settings.with(|s| s.assistant.clone())}</span>
                    <small class="baton-status" data-testid="status">{status}</small>
                </div>
                // Not while a person answers: the visitor is talking to one.
                <button
                    class="baton-human"
                    data-testid="talk-to-human"
                    hidden=move || chat.with(|c| matches!(c.holder(), Holder::Agent(_)))
                    on:click=move |_| {
                        if chat.with_untracked(|c| *c.holder() == Holder::Bot) {
                            conv.ask_for_human.run(());
                        } else {
                            show_handoff();
                        }
                    }
                >
                    {t(Key::TalkToHuman)}
                </button>
            </header>
            // One scrolling area for the thread and, when nobody can answer soon, the lead form
            // under it: the visitor reads what they were told while they fill it in. Focusable,
            // so a keyboard can scroll it.
            <div class="baton-scroll" node_ref=scroller tabindex="0" data-testid="scroll">
            <ol class="baton-thread" data-testid="thread" aria-live="polite" aria-relevant="additions">
                <For
                    each=move || chat.with(|c| c.lines().to_vec())
                    key=|l| (l.key, l.delivery as u8, l.seq)
                    children=move |l| {
                        let (class, testid) = match (&l.who, l.bridge) {
                            (_, true) => ("baton-msg baton-bridge", "bridge"),
                            (Who::Visitor, _) => ("baton-msg baton-visitor", "message"),
                            (Who::Bot, _) => ("baton-msg baton-assistant", "message"),
                            (Who::Agent(_), _) => ("baton-msg baton-agent", "message"),
                            (Who::System, _) => ("baton-notice", "notice"),
                        };
                        // While the visitor waits for a person, the assistant's answers say whose they are.
                        let author = match &l.who {
                            Who::Agent(name) => Some(name.clone()),
                            Who::Bot if l.while_waiting || l.whatsapp => Some(lang.fill(Key::AssistantLabel, &[("name", &s.settings.with_untracked(|s| s.assistant.clone()))])),
                            _ => None,
                        };
                        // What went on in WhatsApp says so (the brand needs no translation).
                        let author = match (author, l.whatsapp) {
                            (Some(a), true) => Some(format!("{a} · WhatsApp")),
                            (None, true) => Some("WhatsApp".to_string()),
                            (a, false) => a,
                        };
                        // What fired stays out of sight: the bridge message says it in words.
                        let triggers = l.triggers.join(" ");
                        let client_id = l.client_id.clone().unwrap_or_default();
                        let key = l.key;
                        // When nobody can answer soon, the lead form follows the bridge that said
                        // so, and the conversation goes on below it.
                        let lead_form = move || (lead_after.get() == Some(key)).then(|| view! {
                            <li class="baton-away-item">
                                <div class="baton-away" data-testid="away">
                                    {move || away_until.get().map(|w| view! { <p data-testid="back-at">{lang.fill(Key::BackAt, &[("when", &w)])}</p> })}
                                    <LeadForm lang=lang prefill=chat.with_untracked(|c| c.lead_prefill()) submit=conv.lead.submit answer=conv.lead.lead/>
                                </div>
                            </li>
                        });
                        view! {
                            <li class=class data-testid=testid data-delivery=l.delivery.as_str()
                                data-triggers=(!triggers.is_empty()).then_some(triggers)>
                                {author.map(|a| view! { <b class="baton-author">{a}</b> })}
                                // Each message in its own direction: English in an Arabic panel, or Arabic in
                                // an English one, keeps its punctuation at its own end.
                                <p dir="auto">{l.text}</p>
                                {match l.delivery {
                                    Delivery::Sending => Some(view! { <small class="baton-state">{t(Key::Sending)}</small> }.into_any()),
                                    Delivery::Failed => Some(view! {
                                        <small class="baton-state baton-failed" data-testid="failed">{t(Key::Failed)}</small>
                                        <button class="baton-retry" data-testid="retry" on:click=move |_| conv.retry.run(client_id.clone())>{t(Key::Retry)}</button>
                                    }.into_any()),
                                    Delivery::Sent => None,
                                }}
                            </li>
                            {lead_form}
                        }
                    }
                />
            </ol>
            </div>
            {move || expectation().and_then(|next| back_at(Some(next))).map(|w| view! {
                <p class="baton-expect" data-testid="expect">{lang.fill(Key::BackAt, &[("when", &w)])}</p>
            })}
            {move || typing.get().map(|who| view! {
                <p class="baton-typing" data-testid="typing" aria-live="polite">{match who {
                    Who::Agent(name) => lang.fill(Key::AgentTyping, &[("name", &name)]),
                    _ => t(Key::Typing).to_string(),
                }}</p>
            })}
            {move || csat_view(lang, conv.rating.csat.get(), conv.rating.rate)}
            {move || whatsapp_fallback().map(|href| view! {
                <p class="baton-offline" role="status">
                    {t(Key::Unreachable)} " "
                    <a class="baton-whatsapp" data-testid="whatsapp-fallback" href=href target="_blank" rel="noopener noreferrer">{t(Key::ContinueWhatsapp)}</a>
                </p>
            })}
            <form class="baton-composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
                <input
                    node_ref=composer
                    data-testid="composer"
                    // Empty, the panel's direction (the placeholder reads right); typed, the
                    // text's own.
                    dir=move || if draft.with(String::is_empty) { panel_dir } else { "auto" }
                    aria-label=t(Key::YourMessage)
                    placeholder=t(Key::Placeholder)
                    maxlength="4000"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                />
                <button type="submit" data-testid="send">{t(Key::Send)}</button>
            </form>
            // Drawn in the header's corner, but last in the page's order: the keyboard goes
            // from the composer through what the visitor can do to closing, not the reverse.
            <button class="baton-close" data-testid="close" aria-label=t(Key::Close)
                on:click=move |_| host::post(host().as_deref(), &HostMessage::Close)>"×"</button>
        </section>
    })
    }
}

/// The one-tap rating: the question with two thumbs, then thanks; a failed tap says so and
/// offers to send it again.
fn csat_view(lang: crate::i18n::Lang, csat: Csat, rate: Callback<Thumb>) -> Option<AnyView> {
    let t = move |k: Key| lang.t(k);
    let thumbs = move |busy: bool| {
        view! {
            <button type="button" class="baton-thumb" data-testid="rate-up" aria-label=t(Key::RateUp) title=t(Key::RateUp) disabled=busy
                on:click=move |_| rate.run(Thumb::Up)></button>
            <button type="button" class="baton-thumb" data-testid="rate-down" aria-label=t(Key::RateDown) title=t(Key::RateDown) disabled=busy
                on:click=move |_| rate.run(Thumb::Down)></button>
        }
    };
    let view = match csat {
        Csat::Hidden => return None,
        Csat::Ask | Csat::Sending(_) => view! {
            <div class="baton-csat" data-testid="csat" role="group" aria-label=t(Key::RateAsk)>
                <p>{t(Key::RateAsk)}</p>
                {thumbs(matches!(csat, Csat::Sending(_)))}
            </div>
        }
        .into_any(),
        Csat::Failed(thumb) => view! {
            <div class="baton-csat" data-testid="csat" role="group" aria-label=t(Key::RateAsk)>
                <p class="baton-failed" data-testid="csat-failed" role="alert">{t(Key::RateFailed)}</p>
                <button type="button" class="baton-retry" data-testid="csat-retry" on:click=move |_| rate.run(thumb)>{t(Key::Retry)}</button>
            </div>
        }
        .into_any(),
        Csat::Thanks => view! { <p class="baton-csat" data-testid="csat-thanks" role="status">{t(Key::RateThanks)}</p> }.into_any(),
    };
    Some(view)
}

#[cfg(target_arch = "wasm32")]
fn default_api() -> ApiHandle {
    ApiHandle(Rc::new(crate::api::Http))
}

#[cfg(not(target_arch = "wasm32"))]
fn default_api() -> ApiHandle {
    struct Nowhere;
    impl crate::api::Api for Nowhere {
        fn call(
            &self,
            _: crate::api::Request,
        ) -> crate::api::Fut<Result<(u16, String), crate::api::ApiError>> {
            Box::pin(async { Err(crate::api::ApiError::Offline) })
        }
        fn stream(
            &self,
            _: crate::api::Request,
            _: Box<dyn FnMut(String)>,
        ) -> crate::api::Fut<Result<(), crate::api::ApiError>> {
            Box::pin(async { Err(crate::api::ApiError::Offline) })
        }
    }
    ApiHandle(Rc::new(Nowhere))
}
