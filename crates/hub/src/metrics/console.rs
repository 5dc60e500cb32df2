//! The console's metrics and review endpoints. An agent sees the sites they serve (any team
//! of the site): the console has no owner role, and whoever answers a site's visitors may
//! see how its handoffs go.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use protocol::hub::{MetricsReport, Review, ReviewReason, ReviewTranscript};
use serde::Deserialize;

use super::compute::{report, Period};
use super::review::{self, Pick, Picked};
use crate::console::auth::SignedIn;
use crate::console::error::ConsoleError;
use crate::console::view::agent_sites;
use crate::db::metrics as queries;
use crate::db::StoredMessage;
use crate::error::AppError;
use crate::state::AppState;

/// `?site=KEY&days=N`.
#[derive(Debug, Deserialize)]
pub struct PeriodQuery {
    /// Site key; the agent's first site when absent.
    #[serde(default)]
    pub site: Option<String>,
    /// Whole days in the site's time zone up to today, 1..=366 (the console offers 7, 30 and 90).
    #[serde(default)]
    pub days: Option<i64>,
}

/// The site and period asked for, if the agent serves the site.
async fn scope(
    state: &AppState,
    signed_in: &SignedIn,
    q: &PeriodQuery,
    default_days: i64,
) -> Result<(String, Period), ConsoleError> {
    let days = q.days.unwrap_or(default_days);
    if !(1..=366).contains(&days) {
        return Err(
            AppError::invalid("invalid_period", "Choose a period of 1 to 366 days.").into(),
        );
    }
    let sites = agent_sites(state, &signed_in.agent.id).await?;
    let site = match &q.site {
        Some(s) if sites.contains(s) => s.clone(),
        Some(_) => return Err(AppError::NotFound.into()),
        None => sites.first().cloned().ok_or(AppError::NotFound)?,
    };
    let tz = state
        .site(&site)
        .map_or(chrono_tz::Tz::UTC, |s| s.site.hours.timezone);
    Ok((site, Period::last_days(state.now(), days, tz)))
}

/// `GET /console/api/metrics?site=KEY&days=7|30|90`.
pub async fn metrics_report(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<MetricsReport>, ConsoleError> {
    let (site, period) = scope(&state, &signed_in, &q, 30).await?;
    let rows = queries::rows(&state.db, &site, period).await?;
    Ok(Json(report(&site, period, &rows)))
}

/// The review's picks with each listed conversation's messages.
async fn picks(state: &AppState, site: &str, period: Period) -> Result<Picked, ConsoleError> {
    let rows = queries::rows(&state.db, site, period).await?;
    let mut messages: HashMap<String, Vec<StoredMessage>> = HashMap::new();
    let mut missed = Vec::new();
    if let Some(runtime) = state.site(site) {
        for id in queries::never_handed_off(&state.db, site, period).await? {
            let stored = queries::messages(&state.db, &id).await?;
            let verdict = crate::verdict::over_transcript(&runtime.engine, &stored);
            if verdict.escalate && missed.len() < review::LIST {
                missed.push(Pick {
                    conversation_id: id.clone(),
                    reason: ReviewReason::Missed,
                    trigger: verdict.trigger,
                    seconds: None,
                    score: None,
                });
                messages.insert(id, stored);
            }
        }
    }
    let lists = vec![
        review::long_waits(&rows),
        review::low_ratings(&rows),
        review::unanswered(&rows),
        missed,
    ];
    for pick in lists.iter().flatten() {
        if !messages.contains_key(&pick.conversation_id) {
            let stored = queries::messages(&state.db, &pick.conversation_id).await?;
            messages.insert(pick.conversation_id.clone(), stored);
        }
    }
    Ok(Picked { lists, messages })
}

/// `GET /console/api/review?site=KEY&days=7`.
pub async fn review_show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<Review>, ConsoleError> {
    let (site, period) = scope(&state, &signed_in, &q, 7).await?;
    Ok(Json(review_of(&state, &site, period).await?))
}

/// The review of `site` over `period`: its picks, and when each listed conversation started.
pub async fn review_of(
    state: &AppState,
    site: &str,
    period: Period,
) -> Result<Review, ConsoleError> {
    let picked = picks(state, site, period).await?;
    let mut started = HashMap::new();
    for id in picked.messages.keys() {
        if let Some((_, at)) = queries::conversation_started(&state.db, id).await? {
            started.insert(id.clone(), at);
        }
    }
    let timezone = crate::console::view::site_timezone(state, site);
    Ok(picked.review(site, period, &started, timezone))
}

/// `GET /console/api/review/replay.jsonl?site=KEY&days=7`: every listed conversation as a
/// `baton triage replay` line, downloaded as a file.
pub async fn review_replay(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, ConsoleError> {
    let (site, period) = scope(&state, &signed_in, &q, 7).await?;
    let body = picks(&state, &site, period).await?.replay_lines()?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&review::replay_attachment(&site, period)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// `GET /console/api/review/conversations/{id}`: the whole transcript with each turn's
/// triggers by the site's current rules, its handoffs and rating.
pub async fn review_conversation(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ReviewTranscript>, ConsoleError> {
    Ok(Json(transcript(&state, &signed_in.agent.id, id).await?))
}

/// The conversation `id` of one of `agent`'s sites with each turn's triggers by the site's
/// current rules, its handoffs and rating; 404 for any other.
pub async fn transcript(
    state: &AppState,
    agent: &str,
    id: String,
) -> Result<ReviewTranscript, ConsoleError> {
    if id.len() > 64 {
        return Err(AppError::NotFound.into());
    }
    let (site, _) = queries::conversation_started(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !agent_sites(state, agent).await?.contains(&site) {
        return Err(AppError::NotFound.into());
    }
    let runtime = state.site(&site).ok_or(AppError::NotFound)?;
    let stored = queries::messages(&state.db, &id).await?;
    let handoffs = queries::handoffs_of(&state.db, &id).await?;
    Ok(ReviewTranscript {
        lines: review::mark_turns(&runtime.engine, &stored),
        handoffs: handoffs.into_iter().map(review::handoff).collect(),
        rating: queries::rating_of(&state.db, &id).await?,
        timezone: crate::console::view::site_timezone(state, &site),
        id,
        site,
    })
}
