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
    let reference = crate::leads::parse_reference(&reference).ok_or(AppError::NotFound)?;
    let (site, _) = lead_site(&state.db, &reference)
        .await?
        .ok_or(AppError::NotFound)?;
    if !agent_sites(&state, &signed_in.agent.id)
        .await?
        .contains(&site)
    {
        return Err(AppError::NotFound.into());
    }
    let stored = match body.outcome {
        LeadOutcome::Won => Some("won"),
        LeadOutcome::Lost => Some("lost"),
        LeadOutcome::Open => None,
    };
    lead_outcome_set(&state.db, &reference, stored, &signed_in.agent.id).await?;
    tracing::info!(reference = %reference, outcome = ?body.outcome, agent = %signed_in.agent.id, "lead outcome");
    Ok(Json(LeadOutcomeSet {
        reference,
        outcome: body.outcome,
    }))
}
