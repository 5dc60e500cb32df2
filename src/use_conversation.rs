//! The conversation hook: the thread as a signal and the visitor's actions as callbacks,
//! composed with the site's availability ([`use_availability`]), the rating
//! ([`use_rating`]) and the lead form ([`use_lead`]).
//!
//! A conversation is created on the first message, never on load. Its id and token are kept
//! in the widget's own `localStorage`, so a reload keeps it and the site's other tabs share
//! it (they hear of it through `storage` events). Each action updates the thread first
//! (triage and the bridge message in the same update), then talks to the hub; a handoff held
//! back for the hub's answer (a question on a topic the site's FAQ answers first) starts when
//! that answer, or the failure to get one, arrives.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::hub::{
    Author, ConversationCreated, ConversationState, ConversationStatus, HandoffCreate,
    HandoffCreated, MessageCreate, MessageCreated, MessageList,
};
use triage::{Config, Engine};

use crate::api::{self, ApiError, ApiHandle, Session};
use crate::browser;
use crate::conversation::{reach_of, Conversation};
use crate::host::{self, HostMessage, Identity};
use crate::settings::Settings;
use crate::use_availability::{use_availability, UseAvailability};
use crate::use_lead::{use_lead, UseLead};
use crate::use_rating::{use_rating, UseRating};
use crate::use_settings::{site_of, when_for};
use crate::use_stream::{use_stream, StreamHandlers};

/// What [`use_conversation`] returns.
#[derive(Clone, Copy)]
pub struct UseConversation {
    /// The thread.
    pub chat: ReadSignal<Conversation>,
    /// The visitor sends a message.
    pub send: Callback<String>,
    /// The visitor retries a failed message, by client id.
    pub retry: Callback<String>,
    /// "Talk to a human".
    pub ask_for_human: Callback<()>,
    /// The hub could not be reached on the last call.
    pub offline: ReadSignal<bool>,
    /// The visitor has seen everything (the panel is open).
    pub mark_read: Callback<()>,
    /// The host page said who the visitor is.
    pub identify: Callback<Identity>,
    /// The site's availability.
    pub availability: UseAvailability,
    /// The rating after a resolution.
    pub rating: UseRating,
    /// The lead form.
    pub lead: UseLead,
    /// Whether the visitor has a conversation with the site (this tab's or another's).
    pub has_conversation: Signal<bool>,
}

fn session_key(site: &str) -> String {
    format!("baton:conversation:{site}")
}

fn parse_session(text: &str) -> Option<Session> {
    let (id, token) = text.split_once(' ')?;
    Some(Session {
        id: id.into(),
        token: token.into(),
    })
}

fn engine_for(config: Option<&protocol::hub::WidgetConfig>) -> Engine {
    // The site's rules with the language packs the hub sent; before the hub has ever
    // answered, the default rules without word lists: the owner's phrases are not known
    // yet either, and capitals, `!!!`, amounts and the bot's confidence still count.
    config
        .and_then(|c| c.triage.to_config_with_packs(&c.language_packs).ok())
        .and_then(|c| Engine::new(c).ok())
        .or_else(|| Engine::new(Config::default()).ok())
        .or_else(|| {
            Engine::new(Config {
                languages: Vec::new(),
                ..Config::default()
            })
            .ok()
        })
        .unwrap_or_else(|| {
            // Not `expect`: that would keep the error's Debug formatting in the bundle.
            panic!("the default triage configuration is valid")
        })
}

/// The conversation for `settings.site`.
pub fn use_conversation(
    api: ApiHandle,
    settings: Signal<Settings>,
    config: Signal<Option<protocol::hub::WidgetConfig>>,
) -> UseConversation {
    let s = settings.get_untracked();
    let site = s.site.clone();
    // The site's engine is built once, by the effect below, as soon as its settings are known
    // (from the cache at once on a repeat visit); until then the rules without word lists.
    let mut first = Conversation::new(
        engine_for(None),
        s.lang,
        s.teams.clone(),
        &s.disclosure,
        &s.greeting,
    );
    first.set_answers_first(s.answers_first);
    let chat = RwSignal::new(first);
    let session: RwSignal<Option<Session>> =
        RwSignal::new(browser::load(&session_key(&site)).and_then(|t| parse_session(&t)));
    // The lead form's answer: the form's own, or the lead the hub's status says was left.
    let lead_answer = RwSignal::new(None);
    let offline = RwSignal::new(false);
    let streaming = StoredValue::new(false);
    let availability = use_availability(api.clone(), settings, chat, streaming);
    let rating = use_rating(api.clone(), settings, session);
    let api = StoredValue::new_local(api);
    let when = when_for(settings);

    // What the hub says of the conversation: the assistant has it again, and whether to ask
    // for a rating.
    let apply_status = move |status: ConversationStatus| {
        if status.state == ConversationState::Bot
            && chat.with_untracked(|c| {
                c.route().is_some() || *c.holder() != crate::conversation::Holder::Bot
            })
        {
            chat.update(|c| c.released());
        }
        rating.heard(status.resolved, status.rating);
        // After a reload: who can answer now, and the lead already left, as they stand.
        if let Some(h) = &status.handoff {
            let reach = reach_of(
                h.available,
                h.open,
                h.next_open.as_deref(),
                h.wait_minutes,
                when,
            );
            chat.update(|c| c.handed_off(&h.team_name, reach));
        }
        if let Some(lead) = status.lead {
            if lead_answer.with_untracked(|a| !matches!(a, Some(Ok(_)))) {
                lead_answer.set(Some(Ok(lead)));
            }
        }
    };
    let refresh_status = move |s: Session| {
        spawn_local(async move {
            let after = chat.with_untracked(|c| c.last_seq());
            if let Ok(MessageList {
                status: Some(status),
                ..
            }) = api
                .get_value()
                .send::<MessageList>(api::messages_list(&s, after))
                .await
            {
                apply_status(status);
            }
        });
    };

    // The site's own rules, once they arrive.
    Effect::new(move |_| {
        if let Some(c) = config.get() {
            let teams = c
                .teams
                .iter()
                .map(|t| (t.key.clone(), t.name.clone()))
                .collect();
            let s = settings.get_untracked();
            chat.update(|chat| {
                chat.set_engine(engine_for(Some(&c)), teams, c.handoff_messages.clone());
                chat.set_answers_first(s.answers_first);
                chat.set_intro(&s.disclosure, &s.greeting);
            });
        }
    });

    // The host page hears of a handoff the moment it starts, with the bridge message.
    let announce = move |package: &HandoffCreate| {
        let host = settings.with_untracked(|s| s.host.clone());
        host::post(
            host.as_deref(),
            &HostMessage::Handoff {
                team: package.route.clone(),
            },
        );
    };

    // A handoff the hub could not take (unreachable, or failing) waits here and goes when the
    // stream opens again: the visitor saw the bridge, so the team must hear of it.
    let pending_handoff: StoredValue<Option<HandoffCreate>> = StoredValue::new(None);
    // From the bridge until the hub has the handoff, the visitor's next messages wait: sent
    // first, one would reach a conversation the hub does not yet know is waiting for a person,
    // and the assistant would hold back the answer it may give while the visitor waits.
    let handoff_busy = StoredValue::new(false);
    let handoff_settled = move || async move {
        for _ in 0..200 {
            if !handoff_busy.get_value() {
                return;
            }
            browser::sleep(25).await;
        }
    };
    let handoff = move |package: HandoffCreate| {
        handoff_busy.set_value(true);
        spawn_local(async move {
            let Some(s) = session.get_untracked() else {
                pending_handoff.set_value(Some(package));
                handoff_busy.set_value(false);
                return;
            };
            match api
                .get_value()
                .send::<HandoffCreated>(api::handoff_create(&s, &package))
                .await
            {
                Ok(answer) => {
                    let reach = reach_of(
                        answer.available,
                        answer.open,
                        answer.next_open.as_deref(),
                        answer.wait_minutes,
                        when,
                    );
                    chat.update(|c| c.handed_off(&answer.team_name, reach));
                }
                Err(e) => {
                    offline.set(e == ApiError::Offline);
                    if matches!(e, ApiError::Offline | ApiError::Status(500.., _)) {
                        pending_handoff.set_value(Some(package));
                    }
                }
            }
            handoff_busy.set_value(false);
        });
    };

    // A message the hub did not take. A handoff held back for the hub's answer to it starts
    // now: the visitor sees the bridge, and the package goes as any other does (kept until
    // the hub is back when it cannot be had now).
    let fail = move |client_id: &str| {
        let mut package = None;
        chat.update(|c| package = c.failed(client_id));
        if let Some(p) = package {
            announce(&p);
            handoff(p);
        }
    };

    let post = move |s: Session, client_id: String, text: String| async move {
        let body = MessageCreate {
            client_id: client_id.clone(),
            text,
            locale: Some(settings.with_untracked(|s| s.lang.code().to_string())),
        };
        match api
            .get_value()
            .send::<MessageCreated>(api::message_create(&s, &body))
            .await
        {
            Ok(created) => {
                offline.set(false);
                let mut package = None;
                chat.update(|c| package = c.delivered(created));
                if let Some(p) = package {
                    announce(&p);
                    handoff(p);
                }
            }
            Err(e) => {
                offline.set(e == ApiError::Offline);
                fail(&client_id);
            }
        }
    };

    let start_stream = move |s: Session| {
        if streaming.get_value() {
            return;
        }
        streaming.set_value(true);
        let handlers = StreamHandlers {
            last_seq: Box::new(move || chat.with_untracked(|c| c.last_seq())),
            on_message: Box::new(move |m| {
                // A notice is a change of hands (joined, handed back, resolved).
                if m.author == Author::System {
                    if let Some(s) = session.get_untracked() {
                        refresh_status(s);
                    }
                }
                let mut package = None;
                chat.update(|c| package = c.receive(m));
                if let Some(p) = package {
                    announce(&p);
                    handoff(p);
                }
            }),
            on_availability: Box::new(move |a| availability.heard(a)),
            on_typing: Box::new(move |t| {
                let mut lasts = 0;
                chat.update(|c| lasts = c.agent_typing(t, js_sys::Date::now()));
                // Gone when time runs out, unless renewed meanwhile (then this finds it alive).
                spawn_local(async move {
                    browser::sleep(lasts + 50).await;
                    chat.maybe_update(|c| c.expire_typing(js_sys::Date::now()));
                });
            }),
            on_open: Box::new(move || {
                // What was typed while the hub was unreachable goes now, once each.
                let failed = chat.with_untracked(|c| c.failed_ids());
                for id in failed {
                    let mut text = None;
                    chat.update(|c| text = c.retry(&id));
                    if let (Some(text), Some(s)) = (text, session.get_untracked()) {
                        spawn_local(post(s, id, text));
                    }
                }
                if let Some(p) = pending_handoff.try_update_value(Option::take).flatten() {
                    handoff(p);
                }
            }),
            on_connected: Box::new(move |up| {
                if up {
                    offline.set(false);
                }
            }),
        };
        spawn_local(use_stream(api.get_value(), s, handlers));
    };

    // A conversation from an earlier visit (or another tab): the thread is rebuilt from the
    // stored messages, then the stream resumes after them.
    let resume = move |s: Session| {
        spawn_local(async move {
            match api
                .get_value()
                .send::<MessageList>(api::messages_list(&s, 0))
                .await
            {
                Ok(list) => {
                    chat.update(|c| c.restore(list.messages));
                    if let Some(status) = list.status {
                        apply_status(status);
                    }
                    start_stream(s);
                }
                Err(ApiError::Status(404, _)) => {
                    browser::store(&session_key(&site_of(settings)), None);
                    session.set(None);
                }
                Err(_) => {
                    offline.set(true);
                    start_stream(s);
                }
            }
        });
    };
    if let Some(s) = session.get_untracked() {
        resume(s);
    }
    {
        let key = session_key(&site);
        browser::on_storage(move |k, value| {
            if k == key && session.get_untracked().is_none() {
                if let Some(s) = value.as_deref().and_then(parse_session) {
                    session.set(Some(s.clone()));
                    resume(s);
                }
            }
        });
    }

    let ensure = move || async move {
        if let Some(s) = session.get_untracked() {
            return Ok(s);
        }
        let site = site_of(settings);
        let created: ConversationCreated = api
            .get_value()
            .send(api::conversation_create(&site))
            .await?;
        let s = Session {
            id: created.conversation_id,
            token: created.token,
        };
        browser::store(&session_key(&site), Some(&format!("{} {}", s.id, s.token)));
        session.set(Some(s.clone()));
        chat.update(|c| {
            for m in created.messages {
                c.receive(m);
            }
        });
        start_stream(s.clone());
        Ok::<Session, ApiError>(s)
    };

    // Nothing reached the hub yet (no conversation, so no stream to come back with): try
    // again with backoff until it answers; the new stream then sends what waits.
    let trying = StoredValue::new(false);
    let resend_when_back = move || {
        if streaming.get_value() || trying.get_value() {
            return;
        }
        trying.set_value(true);
        spawn_local(async move {
            let mut attempt = 0;
            while chat.with_untracked(|c| !c.failed_ids().is_empty())
                || pending_handoff.with_value(Option::is_some)
            {
                browser::back_off(&mut attempt).await;
                if ensure().await.is_ok() {
                    break;
                }
            }
            trying.set_value(false);
        });
    };

    let send = Callback::new(move |text: String| {
        let mut turn = None;
        chat.update(|c| turn = c.send(&text, browser::random_id()));
        let Some(turn) = turn else { return };
        let after_handoff = handoff_busy.get_value();
        if let Some(p) = &turn.handoff {
            announce(p);
            handoff_busy.set_value(true);
        }
        spawn_local(async move {
            if after_handoff {
                handoff_settled().await;
            }
            match ensure().await {
                Ok(s) => {
                    post(s, turn.client_id, turn.text).await;
                    if let Some(p) = turn.handoff {
                        handoff(p);
                    }
                }
                Err(e) => {
                    offline.set(e == ApiError::Offline);
                    fail(&turn.client_id);
                    if let Some(p) = turn.handoff {
                        pending_handoff.set_value(Some(p));
                        handoff_busy.set_value(false);
                    }
                    resend_when_back();
                }
            }
        });
    });

    let retry = Callback::new(move |client_id: String| {
        let mut text = None;
        chat.update(|c| text = c.retry(&client_id));
        let Some(text) = text else { return };
        spawn_local(async move {
            match ensure().await {
                Ok(s) => post(s, client_id, text).await,
                Err(e) => {
                    offline.set(e == ApiError::Offline);
                    fail(&client_id);
                    resend_when_back();
                }
            }
        });
    });

    let ask_for_human = Callback::new(move |()| {
        let mut package = None;
        chat.update(|c| package = c.ask_for_human());
        if let Some(p) = package {
            announce(&p);
            handoff_busy.set_value(true);
            spawn_local(async move {
                match ensure().await {
                    Ok(_) => handoff(p),
                    Err(e) => {
                        offline.set(e == ApiError::Offline);
                        pending_handoff.set_value(Some(p));
                        handoff_busy.set_value(false);
                        resend_when_back();
                    }
                }
            });
        }
    });

    let lead = use_lead(
        api.get_value(),
        settings,
        session,
        offline,
        lead_answer,
        ensure,
    );

    let mark_read = Callback::new(move |()| {
        if chat.with_untracked(|c| c.unread() > 0) {
            chat.update(|c| c.mark_read());
        }
    });

    let identify = Callback::new(move |id: Identity| {
        chat.update(|c| c.identify(id.name, id.email, id.phone, id.signature));
    });

    UseConversation {
        chat: chat.read_only(),
        send,
        retry,
        ask_for_human,
        offline: offline.read_only(),
        mark_read,
        identify,
        availability,
        rating,
        lead,
        // A memo: the loader hears of a change, not of every new session.
        has_conversation: Memo::new(move |_| session.with(Option::is_some)).into(),
    }
}
