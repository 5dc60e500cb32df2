//! The site's availability: who of each team is online, and whether the hours say open.
//!
//! Fetched at load; live from the site's availability stream once the panel opens, until the
//! conversation's own stream (which carries it too) takes over. Each change is turned into
//! the teams' `Reach`, what a bridge starting now may promise.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::hub::Availability;

use crate::api::{self, ApiHandle};
use crate::browser;
use crate::conversation::{reach_of, Conversation};
use crate::settings::Settings;
use crate::use_settings::{site_of, when_for};

/// What [`use_availability`] returns.
#[derive(Clone, Copy)]
pub struct UseAvailability {
    /// The site's availability, live.
    pub availability: ReadSignal<Option<Availability>>,
    /// The panel opened: availability is fetched again unless a stream keeps it live.
    pub refresh: Callback<()>,
    /// The panel is open: availability stays live from now on, before the first message too.
    pub watch: Callback<()>,
    set: WriteSignal<Option<Availability>>,
}

impl UseAvailability {
    /// What the conversation's stream says: it keeps availability live once it runs.
    pub(crate) fn heard(self, a: Availability) {
        self.set.set(Some(a));
    }
}

/// Availability for `settings.site`, pushed into `chat` as each team's reach. `streaming` is
/// true once the conversation's stream runs: the fetch and the site's stream then stand down.
pub fn use_availability(
    api: ApiHandle,
    settings: Signal<Settings>,
    chat: RwSignal<Conversation>,
    streaming: StoredValue<bool>,
) -> UseAvailability {
    let (availability, set) = signal(None);
    let api = StoredValue::new_local(api);
    let watching = StoredValue::new(false);
    let refresh = Callback::new(move |()| {
        if streaming.get_value() {
            return;
        }
        let site = site_of(settings);
        spawn_local(async move {
            if let Ok(a) = api
                .get_value()
                .send::<Availability>(api::availability(&site))
                .await
            {
                if !streaming.get_value() {
                    set.set(Some(a));
                }
            }
        });
    });
    refresh.run(());
    let watch = Callback::new(move |()| {
        if streaming.get_value() || watching.get_value() {
            return;
        }
        watching.set_value(true);
        let site = site_of(settings);
        spawn_local(async move {
            let mut attempt = 0u32;
            while !streaming.get_value() {
                let mut parser = crate::sse::SseParser::new();
                let chunk = Box::new(move |text: String| {
                    for event in parser.push(&text) {
                        if event.event == "availability" && !streaming.get_value() {
                            if let Some(a) = crate::json::parse::<Availability>(&event.data) {
                                set.set(Some(a));
                            }
                        }
                    }
                });
                let _ = api
                    .get_value()
                    .0
                    .stream(api::availability_stream(&site), chunk)
                    .await;
                browser::back_off(&mut attempt).await;
            }
            watching.set_value(false);
        });
    });
    // Whatever the hub last said of each team is what a bridge starting now may promise.
    let when = when_for(settings);
    let last_reach = StoredValue::new(BTreeMap::new());
    Effect::new(move |_| {
        let reach = availability.with(|a| {
            a.as_ref().map(|a| {
                a.teams
                    .iter()
                    .map(|t| {
                        (
                            t.key.clone(),
                            reach_of(
                                t.online,
                                a.open,
                                a.next_open.as_deref(),
                                t.wait_minutes,
                                when,
                            ),
                        )
                    })
                    .collect()
            })
        });
        if let Some(reach) = reach {
            if last_reach.with_value(|last| *last != reach) {
                last_reach.set_value(reach.clone());
                // The teams' names too: a bridge before the site's settings arrive names
                // the team, not its key.
                let names = availability.with_untracked(|a| {
                    a.iter()
                        .flat_map(|a| &a.teams)
                        .map(|t| (t.key.clone(), t.name.clone()))
                        .collect::<Vec<_>>()
                });
                chat.update(|c| {
                    c.name_teams(names);
                    c.set_reach(reach);
                });
            }
        }
    });
    UseAvailability {
        availability,
        refresh,
        watch,
        set,
    }
}
