//! The console's metrics and review endpoints. An agent sees the sites they serve (any team
//! of the site): the console has no owner role, and whoever answers a site's visitors may
//! see how its handoffs go.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use protocol::hub::{
    MetricsReport, Review, ReviewHandoff, ReviewItem, ReviewReason, ReviewTranscript,
};
use serde::Deserialize;

use super::compute::{report, Period};
use super::review::{self, Pick};
use crate::clock::rfc3339;
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
async fn picks(
    state: &AppState,
    site: &str,
    period: Period,
) -> Result<(Vec<Vec<Pick>>, HashMap<String, Vec<StoredMessage>>), ConsoleError> {
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
    Ok((lists, messages))
}

/// `GET /console/api/review?site=KEY&days=7`.
pub async fn review_show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<Review>, ConsoleError> {
    let (site, period) = scope(&state, &signed_in, &q, 7).await?;
    let (lists, messages) = picks(&state, &site, period).await?;
    let started: HashMap<String, String> = {
        let mut m = HashMap::new();
        for id in messages.keys() {
            if let Some((_, at)) = queries::conversation_started(&state.db, id).await? {
                m.insert(id.clone(), at);
            }
        }
        m
    };
    let item = |p: &Pick| ReviewItem {
        conversation_id: p.conversation_id.clone(),
        reason: p.reason,
        created_at: started.get(&p.conversation_id).cloned().unwrap_or_default(),
        trigger: p.trigger.clone(),
        seconds: p.seconds,
        score: p.score,
        first_message: messages
            .get(&p.conversation_id)
            .map(|m| review::first_message(m))
            .unwrap_or_default(),
    };
    let mut lists = lists.iter().map(|l| l.iter().map(item).collect::<Vec<_>>());
    let days = period.days();
    Ok(Json(Review {
        site: site.clone(),
        from: period.local_rfc3339(period.from),
        to: period.local_rfc3339(period.to),
        long_waits: lists.next().unwrap_or_default(),
        low_ratings: lists.next().unwrap_or_default(),
        unanswered: lists.next().unwrap_or_default(),
        missed: lists.next().unwrap_or_default(),
        replay_path: format!("/console/api/review/replay.jsonl?site={site}&days={days}"),
        timezone: crate::console::view::site_timezone(&state, &site),
    }))
}

/// `GET /console/api/review/replay.jsonl?site=KEY&days=7`: every listed conversation as a
/// `baton triage replay` line, downloaded as a file.
pub async fn review_replay(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, ConsoleError> {
    let (site, period) = scope(&state, &signed_in, &q, 7).await?;
    let (lists, messages) = picks(&state, &site, period).await?;
    let mut seen = std::collections::HashSet::new();
    let mut body = String::new();
    for pick in lists.iter().flatten() {
        if seen.insert(pick.conversation_id.clone()) {
            let line = review::replay_line(
                &pick.conversation_id,
                messages.get(&pick.conversation_id).map_or(&[][..], |m| m),
            );
            body.push_str(&serde_json::to_string(&line)?);
            body.push('\n');
        }
    }
    let file = format!(
        "attachment; filename=\"baton-review-{site}-{}.jsonl\"",
        period.day_of(period.from).format("%Y-%m-%d")
    );
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&file) {
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
    if id.len() > 64 {
        return Err(AppError::NotFound.into());
    }
    let (site, _) = queries::conversation_started(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !agent_sites(&state, &signed_in.agent.id)
        .await?
        .contains(&site)
    {
        return Err(AppError::NotFound.into());
    }
    let runtime = state.site(&site).ok_or(AppError::NotFound)?;
    let stored = queries::messages(&state.db, &id).await?;
    let handoffs = queries::handoffs_of(&state.db, &id)
        .await?
        .into_iter()
        .map(|h| ReviewHandoff {
            trigger: h.trigger,
            created_at: rfc3339(h.created_at),
            first_reply_at: h.first_reply_at.map(rfc3339),
            resolved_at: h.resolved_at.map(rfc3339),
        })
        .collect();
    Ok(Json(ReviewTranscript {
        lines: review::mark_turns(&runtime.engine, &stored),
        handoffs,
        rating: queries::rating_of(&state.db, &id).await?,
        timezone: crate::console::view::site_timezone(&state, &site),
        id,
        site,
    }))
}
