//! `POST /console/api/leads/{reference}/outcome`: an agent marks a lead won (it became a
//! customer), lost, or open again — what lead-to-customer conversion counts.

use axum::extract::{Path, State};
use axum::Json;
use protocol::hub::{LeadOutcome, LeadOutcomeSet, LeadOutcomeUpdate};

use super::auth::SignedIn;
use super::error::ConsoleError;
use super::view::agent_sites;
use crate::api::extract::AppJson;
use crate::db::metrics::{lead_outcome_set, lead_site};
use crate::error::AppError;
use crate::state::AppState;

/// Sets the outcome of a lead of one of the agent's sites; 404 for any other lead.
pub async fn leads_outcome(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(reference): Path<String>,
    AppJson(body): AppJson<LeadOutcomeUpdate>,
) -> Result<Json<LeadOutcomeSet>, ConsoleError> {
    let reference = set_outcome(&state, &signed_in.agent.id, &reference, body.outcome).await?;
    Ok(Json(LeadOutcomeSet {
        reference,
        outcome: body.outcome,
    }))
}

/// Records `agent`'s `outcome` for the lead `reference` (in any spelling) of one of their
/// sites, and returns its reference as stored; 404 for a lead of another site or none.
pub async fn set_outcome(
    state: &AppState,
    agent: &str,
    reference: &str,
    outcome: LeadOutcome,
) -> Result<String, ConsoleError> {
    let reference = crate::leads::parse_reference(reference).ok_or(AppError::NotFound)?;
    let (site, _) = lead_site(&state.db, &reference)
        .await?
        .ok_or(AppError::NotFound)?;
    if !agent_sites(state, agent).await?.contains(&site) {
        return Err(AppError::NotFound.into());
    }
    lead_outcome_set(&state.db, &reference, stored(outcome), agent).await?;
    tracing::info!(reference = %reference, outcome = ?outcome, agent = %agent, "lead outcome");
    Ok(reference)
}

/// The outcome as the lead's row keeps it: open is no outcome.
fn stored(outcome: LeadOutcome) -> Option<&'static str> {
    match outcome {
        LeadOutcome::Won => Some("won"),
        LeadOutcome::Lost => Some("lost"),
        LeadOutcome::Open => None,
    }
}
