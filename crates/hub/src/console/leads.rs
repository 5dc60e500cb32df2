//! `GET /console/api/leads?q=TEXT` (or `?reference=BTN-XXXXXX`): leads of the agent's
//! sites by exact reference, or by part of the email or name.

use axum::extract::{Query, State};
use axum::Json;
use protocol::hub::LeadList;
use serde::Deserialize;

use super::auth::SignedIn;
use super::error::ConsoleError;
use super::view::agent_sites;
use crate::error::AppError;
use crate::state::AppState;

/// `?q=` or `?reference=`.
#[derive(Debug, Deserialize)]
pub struct LeadQuery {
    /// Reference, or part of an email or name.
    #[serde(default)]
    pub q: Option<String>,
    /// Same as `q`.
    #[serde(default)]
    pub reference: Option<String>,
}

/// Searches the leads of every site the agent serves, newest first.
pub async fn leads_search(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<LeadQuery>,
) -> Result<Json<LeadList>, ConsoleError> {
    let text = query.q.or(query.reference).unwrap_or_default();
    let text = text.trim();
    let chars = text.chars().count();
    if !(2..=254).contains(&chars) {
        return Err(AppError::invalid(
            "invalid_query",
            "Search with 2 to 254 characters: a reference, or part of an email or name.",
        )
        .into());
    }
    crate::security::check_controls("q", text, false)?;
    let sites = agent_sites(&state, &signed_in.agent.id).await?;
    // "btn 7kq3xm" and "7KQ-3XM" find BTN-7KQ3XM.
    let reference = crate::leads::parse_reference(text).unwrap_or_else(|| text.to_uppercase());
    let mut leads = state.db.leads_search(&sites, &reference, text).await?;
    for lead in &mut leads {
        lead.timezone = super::view::site_timezone(&state, &lead.site);
    }
    Ok(Json(LeadList { leads }))
}
