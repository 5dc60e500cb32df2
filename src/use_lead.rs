//! The lead form's submission: the conversation is created first if there is none yet, and
//! the lead left is kept under a storage key, so the site's other tabs show its reference
//! instead of asking again.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::hub::{FieldProblem, LeadCreated};

use crate::api::{self, ApiError, ApiHandle, Session};
use crate::browser;
use crate::lead::{self, LeadDraft};
use crate::settings::Settings;
use crate::use_settings::site_of;

/// The hub's answer to the lead form: the reference, or its field errors.
pub type LeadAnswer = Result<LeadCreated, Vec<FieldProblem>>;

/// What [`use_lead`] returns.
#[derive(Clone, Copy)]
pub struct UseLead {
    /// The hub's answer to the lead form: the reference, or its field errors.
    pub lead: ReadSignal<Option<LeadAnswer>>,
    /// The visitor sends the lead form (already validated).
    pub submit: Callback<LeadDraft>,
}

/// Holds the lead last left on the site (`conversation id`, reference and WhatsApp link, one
/// per line), so the site's other tabs show the reference instead of asking again.
fn lead_key(site: &str) -> String {
    format!("baton:lead:{site}")
}

fn parse_lead(text: &str) -> Option<(&str, LeadCreated)> {
    let mut lines = text.split('\n');
    let (conversation, reference) = (lines.next()?, lines.next()?);
    let link = lines.next().filter(|l| !l.is_empty()).map(str::to_string);
    Some((
        conversation,
        LeadCreated {
            reference: reference.to_string(),
            whatsapp_link: link,
            ..Default::default()
        },
    ))
}

/// The lead of the conversation `session` names, written to `answer` (which the hub's status
/// also fills after a reload). `ensure` gives the conversation, created if there is none yet;
/// `offline` is set when the hub does not take the lead (the WhatsApp fallback shows).
pub fn use_lead<E, F>(
    api: ApiHandle,
    settings: Signal<Settings>,
    session: RwSignal<Option<Session>>,
    offline: RwSignal<bool>,
    answer: RwSignal<Option<LeadAnswer>>,
    ensure: E,
) -> UseLead
where
    E: Fn() -> F + Copy + Send + Sync + 'static,
    F: Future<Output = Result<Session, ApiError>> + 'static,
{
    let api = StoredValue::new_local(api);
    // A lead left in another tab: this one shows its reference too.
    browser::on_storage(move |k, value| {
        if k == lead_key(&site_of(settings)) {
            if let (Some((conversation, lead)), Some(s)) = (
                value.as_deref().and_then(parse_lead),
                session.get_untracked(),
            ) {
                if conversation == s.id {
                    answer.set(Some(Ok(lead)));
                }
            }
        }
    });
    let submit = Callback::new(move |draft: LeadDraft| {
        spawn_local(async move {
            let result = match ensure().await {
                Ok(s) => {
                    api.get_value()
                        .send::<LeadCreated>(api::lead_create(&s, &lead::to_wire(&draft)))
                        .await
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(created) => {
                    if let Some(s) = session.get_untracked() {
                        let link = created.whatsapp_link.as_deref().unwrap_or("");
                        browser::store(
                            &lead_key(&site_of(settings)),
                            Some(&format!("{}\n{}\n{link}", s.id, created.reference)),
                        );
                    }
                    answer.set(Some(Ok(created)));
                }
                Err(ApiError::Status(_, Some(body))) if !body.error.fields.is_empty() => {
                    answer.set(Some(Err(body.error.fields)))
                }
                Err(e) => offline.set(e == ApiError::Offline || matches!(e, ApiError::Status(..))),
            }
        });
    });
    UseLead {
        lead: answer.read_only(),
        submit,
    }
}
