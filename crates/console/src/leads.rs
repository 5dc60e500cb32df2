//! Lead search: by reference (`BTN-7KQ3XM`, any case or spacing), or by part of an email or
//! name, within the agent's sites.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::hub::{LeadList, LeadSummary};

use crate::api;
use crate::outcome::LeadOutcomeButtons;
use crate::time::in_words;

/// The search box and its results.
#[component]
pub fn LeadSearch() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let results = RwSignal::new(None::<LeadList>);
    let error = RwSignal::new(None::<String>);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        spawn_local(async move {
            let path = api::path::leads(&q);
            match api::get::<LeadList>(&path).await {
                Ok(list) => {
                    error.set(None);
                    results.set(Some(list));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <section class="leads" aria-label="Leads">
            <h2>"Leads"</h2>
            <form on:submit=search>
                <input data-testid="lead-query" placeholder="BTN-… or email or name" maxlength="254"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                <button type="submit" data-testid="lead-search">"Find"</button>
            </form>
            <Show when=move || error.with(Option::is_some)>
                <p class="error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || results.with(|r| r.as_ref().is_some_and(|l| l.leads.is_empty()))>
                <p class="empty">"No lead matches."</p>
            </Show>
            <ul>
                <For each=move || results.get().map(|r| r.leads).unwrap_or_default() key=|l| l.reference.clone() children=|l| view! {
                    <li data-testid="lead-result">
                        <LeadContact lead=l.clone() testid="lead-contact"/>
                        <p class="question">{l.question.clone()}</p>
                        <LeadOutcomeButtons reference=l.reference.clone()/>
                    </li>
                }/>
            </ul>
        </section>
    }
}

/// A lead's reference, name, email, phone and when it was left, each its own element (the
/// email and phone as links), on one line that wraps between them, never inside one.
#[component]
pub fn LeadContact(lead: LeadSummary, testid: &'static str) -> impl IntoView {
    let when = in_words(&lead.created_at, &lead.timezone);
    view! {
        <p class="lead" data-testid=testid>
            <strong class="lead-ref" data-testid="lead-reference">{lead.reference}</strong>
            <span class="lead-name" data-testid="lead-name">{lead.name}</span>
            {lead.email.map(|e| view! { <a class="lead-email" data-testid="lead-email" href=format!("mailto:{e}")>{e.clone()}</a> })}
            {lead.phone.map(|p| view! { <a class="lead-phone" data-testid="lead-phone" href=format!("tel:{p}")>{p.clone()}</a> })}
            <small class="lead-when" data-testid="lead-when">{when}</small>
        </p>
    }
}
