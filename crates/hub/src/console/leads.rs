//! `GET /console/api/leads?q=TEXT` (or `?reference=BTN-XXXXXX`): leads of the agent's
//! sites by exact reference, or by part of the email or name.

use axum::extract::{Query, State};
use axum::Json;
use protocol::hub::{LeadList, LeadSummary};
use serde::Deserialize;

use super::auth::SignedIn;
use super::error::ConsoleError;
use super::view::{agent_sites, site_timezone};
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
    let leads = search(&state, &signed_in.agent.id, &text).await?;
    Ok(Json(LeadList { leads }))
}

/// The leads of the sites `agent` serves whose reference is `text` or whose email or name
/// contains it, newest first, each with its site's time zone.
pub async fn search(
    state: &AppState,
    agent: &str,
    text: &str,
) -> Result<Vec<LeadSummary>, ConsoleError> {
    let (reference, text) = terms(text)?;
    let sites = agent_sites(state, agent).await?;
    let mut leads = state.db.leads_search(&sites, &reference, text).await?;
    for lead in &mut leads {
        lead.timezone = site_timezone(state, &lead.site);
    }
    Ok(leads)
}

/// The reference `text` may be and `text` itself, trimmed: 2 to 254 characters without
/// control characters, else 422.
fn terms(text: &str) -> Result<(String, &str), AppError> {
    let text = text.trim();
    let chars = text.chars().count();
    if !(2..=254).contains(&chars) {
        return Err(AppError::invalid(
            "invalid_query",
            "Search with 2 to 254 characters: a reference, or part of an email or name.",
        ));
    }
    crate::security::check_controls("q", text, false)?;
    // "btn 7kq3xm" and "7KQ-3XM" find BTN-7KQ3XM.
    let reference = crate::leads::parse_reference(text).unwrap_or_else(|| text.to_uppercase());
    Ok((reference, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<&'static str> {
        terms(text).err().map(|e| e.status_code().1)
    }

    #[test]
    fn a_reference_in_any_spelling_and_text_as_typed() {
        let (reference, text) = terms(" btn 7kq3xm ").expect("terms");
        assert_eq!((reference.as_str(), text), ("BTN-7KQ3XM", "btn 7kq3xm"));
        let (reference, text) = terms("maria@example").expect("terms");
        assert_eq!(
            (reference.as_str(), text),
            ("MARIA@EXAMPLE", "maria@example")
        );
    }

    #[test]
    fn too_short_too_long_or_with_controls() {
        assert_eq!(code(" m "), Some("invalid_query"));
        assert_eq!(code(&"m".repeat(255)), Some("invalid_query"));
        assert_eq!(code(&"m".repeat(254)), None);
        assert_eq!(code("ma\u{202e}ria"), Some("control_characters"));
    }
}
