//! The site's settings: from the hub, cached in the widget's storage so a later visit that
//! cannot reach the hub still knows the assistant, the teams and the WhatsApp number.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::hub::WidgetConfig;

use crate::api::{self, ApiError, ApiHandle};
use crate::browser;
use crate::i18n;
use crate::settings::{Query, Settings};

/// What [`use_settings`] returns.
#[derive(Clone, Copy)]
pub struct UseSettings {
    /// The merged settings.
    pub settings: Signal<Settings>,
    /// The site's settings as the hub sent them (or as cached).
    pub config: Signal<Option<WidgetConfig>>,
    /// True when the hub could not be reached at all.
    pub unreachable: Signal<bool>,
    /// True once the hub has answered (or could not be reached): time to tell the loader.
    pub loaded: Signal<bool>,
    /// True once the panel can be drawn in the visitor's language: at once in English or when
    /// the cached settings carried the words, else when the hub has answered, or could not be
    /// reached or has not answered in [`WORDS_WAIT_MS`] (then in English).
    pub ready: Signal<bool>,
}

/// How long a panel waits for its visitor's words on a first visit before it is drawn in
/// English: a slow network shows an English panel, not an empty one.
pub const WORDS_WAIT_MS: u32 = 3000;

/// Loads the settings: the cached copy at once, the hub's when it answers.
pub fn use_settings(api: ApiHandle, query: Query) -> UseSettings {
    let key = format!("baton:config:{}", query.site);
    let lang = browser::language();
    let want = query.lang(&lang);
    // The visitor's words come with the settings: the cached copy's at once, before anything
    // is drawn (a copy in another language is not used).
    // Taken out of the settings: nothing else reads them.
    let words = move |c: &mut WidgetConfig| {
        if let Some(w) = c.words.take() {
            i18n::install(want, w);
        }
    };
    let mut cached: Option<WidgetConfig> = browser::load(&key).and_then(|t| crate::json::parse(&t));
    cached.iter_mut().for_each(words);
    let config = RwSignal::new(cached);
    let unreachable = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let site = query.site.clone();
    spawn_local(async move {
        // Unreachable, the hub is asked again (with growing pauses) for as long as the page
        // is open: a visitor whose first attempt met a dead network gets the site's words,
        // theme and rules once it is back, not the defaults for the whole visit.
        let mut attempt = 0u32;
        loop {
            // The hub's own text is what is cached: re-serialising the decoded config would
            // keep WidgetConfig's Serialize (and the triage rules') in the bundle for nothing.
            let answer = api.0.call(api::widget_config(&site, want)).await;
            match answer.and_then(|(status, text)| {
                api::decode::<WidgetConfig>(status, &text).map(|c| (c, text))
            }) {
                Ok((mut c, text)) => {
                    words(&mut c);
                    browser::store(&key, Some(&text));
                    unreachable.set(false);
                    config.set(Some(c));
                }
                Err(ApiError::Offline) => unreachable.set(true),
                Err(_) => {}
            }
            loaded.set(true);
            if !unreachable.get_untracked() {
                break;
            }
            browser::back_off(&mut attempt).await;
        }
    });
    // A memo: merging runs once per config, not on every read, and what reads the settings
    // reruns only when they change.
    let settings = Memo::new(move |_| config.with(|c| Settings::new(&query, c.as_ref(), &lang)));
    let waited = RwSignal::new(false);
    if !want.spoken() {
        spawn_local(async move {
            browser::sleep(WORDS_WAIT_MS).await;
            waited.set(true);
        });
    }
    let ready = Memo::new(move |_| want.spoken() || loaded.get() || waited.get());
    UseSettings {
        settings: settings.into(),
        config: config.into(),
        unreachable: unreachable.into(),
        loaded: loaded.into(),
        ready: ready.into(),
    }
}

/// The site the settings are for (it never changes).
pub(crate) fn site_of(settings: Signal<Settings>) -> String {
    settings.with_untracked(|s| s.site.clone())
}

/// "Tomorrow at 09:00" in the visitor's zone and words.
pub(crate) fn when_for(settings: Signal<Settings>) -> impl Fn(f64) -> String + Copy {
    move |at| settings.with_untracked(|s| crate::time::when(&s.locale, s.lang, at))
}
