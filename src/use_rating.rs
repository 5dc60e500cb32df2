//! The one-tap rating after an agent resolved the conversation: asked once, never again once
//! rated, in this tab or another (the site's other tabs hear of it through a storage key).

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::hub::{RatingCreate, RatingCreated, Thumb};

use crate::api::{self, ApiHandle, Session};
use crate::browser;
use crate::settings::Settings;
use crate::use_settings::site_of;

/// What [`use_rating`] returns.
#[derive(Clone, Copy)]
pub struct UseRating {
    /// The rating question after a resolution.
    pub csat: ReadSignal<Csat>,
    /// The visitor taps a thumb (or retries the tap that failed).
    pub rate: Callback<Thumb>,
    set: WriteSignal<Csat>,
}

impl UseRating {
    /// What the hub says of the conversation: resolved or not, rated or not.
    pub(crate) fn heard(self, resolved: bool, rating: Option<u8>) {
        let next = after_status(self.csat.get_untracked(), resolved, rating.is_some());
        if next != self.csat.get_untracked() {
            self.set.set(next);
        }
    }
}

/// The one-tap rating after an agent resolved the conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Csat {
    /// Nothing to ask (not resolved, or already rated before this page load).
    Hidden,
    /// Resolved and not rated: ask.
    Ask,
    /// On its way to the hub.
    Sending(Thumb),
    /// The hub did not take it: shown with a retry.
    Failed(Thumb),
    /// Stored.
    Thanks,
}

/// Whether to ask, once the hub said whether the conversation is resolved and rated: never
/// again once rated; a tap in flight or failed stays as it is.
fn after_status(now: Csat, resolved: bool, rated: bool) -> Csat {
    match (now, resolved, rated) {
        (now @ (Csat::Sending(_) | Csat::Failed(_) | Csat::Thanks), ..) => now,
        (_, true, false) => Csat::Ask,
        _ => Csat::Hidden,
    }
}

/// Holds the id of the site's conversation last rated, so the site's other tabs stop asking.
fn rated_key(site: &str) -> String {
    format!("baton:rated:{site}")
}

/// The rating of the conversation `session` names, for `settings.site`.
pub fn use_rating(
    api: ApiHandle,
    settings: Signal<Settings>,
    session: RwSignal<Option<Session>>,
) -> UseRating {
    let (csat, set) = signal(Csat::Hidden);
    let api = StoredValue::new_local(api);
    let rated = rated_key(&site_of(settings));
    // Rated in another tab: this one stops asking (a tap of its own in flight stays).
    browser::on_storage(move |k, value| {
        let ours = session.with_untracked(|s| {
            s.as_ref()
                .is_some_and(|s| value.as_deref() == Some(s.id.as_str()))
        });
        if k == rated && ours && matches!(csat.get_untracked(), Csat::Ask | Csat::Failed(_)) {
            set.set(Csat::Hidden);
        }
    });
    let rate = Callback::new(move |thumb: Thumb| {
        let Some(s) = session.get_untracked() else {
            return;
        };
        if matches!(csat.get_untracked(), Csat::Sending(_) | Csat::Thanks) {
            return;
        }
        set.set(Csat::Sending(thumb));
        spawn_local(async move {
            let body = RatingCreate {
                score: None,
                thumb: Some(thumb),
            };
            match api
                .get_value()
                .send::<RatingCreated>(api::rating_create(&s, &body))
                .await
            {
                Ok(_) => {
                    set.set(Csat::Thanks);
                    browser::store(&rated_key(&site_of(settings)), Some(&s.id));
                }
                Err(_) => set.set(Csat::Failed(thumb)),
            }
        });
    });
    UseRating { csat, rate, set }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_once_resolved_and_not_rated() {
        assert_eq!(after_status(Csat::Hidden, true, false), Csat::Ask);
        assert_eq!(after_status(Csat::Ask, true, true), Csat::Hidden);
        assert_eq!(after_status(Csat::Ask, false, false), Csat::Hidden);
    }

    #[test]
    fn a_tap_in_flight_failed_or_stored_stays() {
        for now in [
            Csat::Sending(Thumb::Up),
            Csat::Failed(Thumb::Down),
            Csat::Thanks,
        ] {
            assert_eq!(after_status(now, true, true), now);
            assert_eq!(after_status(now, false, false), now);
        }
    }
}
