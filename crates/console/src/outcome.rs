//! Won / Lost on a lead: what lead-to-customer conversion on the dashboard counts. The
//! buttons show the outcome the hub stored, or its error.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::hub::{LeadOutcome, LeadOutcomeSet, LeadOutcomeUpdate};

use crate::api;

/// The label for a stored outcome.
pub fn outcome_label(outcome: LeadOutcome) -> &'static str {
    match outcome {
        LeadOutcome::Won => "Marked won",
        LeadOutcome::Lost => "Marked lost",
        LeadOutcome::Open => "Open",
    }
}

/// The two buttons for the lead `reference`.
#[component]
pub fn LeadOutcomeButtons(reference: String) -> impl IntoView {
    let state = RwSignal::new(None::<Result<LeadOutcome, String>>);
    let mark = move |outcome: LeadOutcome| {
        let reference = reference.clone();
        move |_| {
            let path = api::path::lead_outcome(&reference);
            spawn_local(async move {
                let answer =
                    api::call::<_, LeadOutcomeSet>("POST", &path, &LeadOutcomeUpdate { outcome })
                        .await;
                state.set(Some(answer.map(|a| a.outcome).map_err(|e| e.message)));
            });
        }
    };
    view! {
        <span class="outcome">
            <button data-testid="lead-won" on:click=mark(LeadOutcome::Won)>"Won"</button>
            <button data-testid="lead-lost" on:click=mark(LeadOutcome::Lost)>"Lost"</button>
            {move || state.get().map(|s| match s {
                Ok(o) => view! { <small data-testid="lead-outcome">{outcome_label(o)}</small> }.into_any(),
                Err(e) => view! { <small class="error" role="alert">{e}</small> }.into_any(),
            })}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(outcome_label(LeadOutcome::Won), "Marked won");
        assert_eq!(outcome_label(LeadOutcome::Open), "Open");
    }
}
