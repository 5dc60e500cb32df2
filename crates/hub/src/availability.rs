//! A site's availability: per team, whether someone is online (presence wins over the
//! hours), whether the site is open by its hours and when it next opens, and a team's usual
//! wait. The widget's bridge, the conversation's status after a reload, handoffs and the
//! availability stream all read it from here.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use protocol::hub::{Availability, TeamAvailability};

use crate::clock::rfc3339;
use crate::error::AppError;
use crate::hours::{open_state, team_available};
use crate::metrics::compute::typical_wait_minutes;
use crate::state::AppState;

/// The site's availability now.
pub async fn compute(state: &AppState, site: &str) -> Result<Availability, AppError> {
    let runtime = state.site(site).ok_or(AppError::UnknownSite)?;
    let now = state.now();
    let hours = open_state(&runtime.site.hours, now);
    let online = state.db.agents_online(site).await?;
    let waits = match (hours.open, state.availability.cached_waits(site)) {
        (false, _) => Default::default(),
        (true, Some(waits)) => waits,
        (true, None) => {
            let waits =
                std::sync::Arc::new(typical_waits(state, &runtime.site.hours, site, now).await?);
            state.availability.cache_waits(site, waits.clone());
            waits
        }
    };
    let teams = runtime
        .site
        .teams
        .iter()
        .map(|team| {
            let agents = online.get(&team.key).copied().unwrap_or(0).max(0) as usize;
            let available = team_available(agents);
            TeamAvailability {
                key: team.key.clone(),
                name: team.name.clone(),
                online: available,
                agents_online: agents as u32,
                // When open but nobody is online, nobody can promise a time.
                next_open: if available || hours.open {
                    None
                } else {
                    hours.next_open.map(rfc3339)
                },
                wait_minutes: if available || !hours.open {
                    None
                } else {
                    waits.get(&team.key).copied().flatten()
                },
            }
        })
        .collect();
    Ok(Availability {
        site: site.to_string(),
        open: hours.open,
        next_open: hours.next_open.map(rfc3339),
        closes_at: hours.closes_at.map(rfc3339),
        teams,
    })
}

/// How far back a team's typical wait looks.
const WAIT_WINDOW_DAYS: i64 = 30;

/// Each team's typical wait over the last 30 days, from the handoffs made while the site was
/// open (a night's wait says nothing about an afternoon's).
async fn typical_waits(
    state: &AppState,
    hours: &crate::config::Hours,
    site: &str,
    now: DateTime<Utc>,
) -> Result<HashMap<String, Option<u32>>, AppError> {
    let since = crate::db::timestamp(now - chrono::Duration::days(WAIT_WINDOW_DAYS));
    let mut per_team: HashMap<String, Vec<Option<i64>>> = HashMap::new();
    for (team, made, answered) in state.db.handoff_waits(site, &since).await? {
        let made = crate::db::metrics::parse_time(&made)?;
        if !open_state(hours, made).open {
            continue;
        }
        let answered = answered
            .as_deref()
            .map(crate::db::metrics::parse_time)
            .transpose()?;
        per_team
            .entry(team)
            .or_default()
            .push(answered.map(|a| (a - made).num_seconds().max(0)));
    }
    Ok(per_team
        .into_iter()
        .map(|(team, waits)| (team, typical_wait_minutes(&waits)))
        .collect())
}

/// One team's availability now, as a handoff tells the visitor.
pub struct TeamNow {
    /// The team's name, when the site has the team.
    pub name: Option<String>,
    /// Somebody can answer now.
    pub available: bool,
    /// Agents online for it.
    pub agents_online: u32,
    /// The site is open by its hours.
    pub open: bool,
    /// The next opening, only when closed and nobody is online: open with nobody online,
    /// there is no opening to wait for, only the team's usual wait.
    pub next_open: Option<String>,
    /// The team's usual wait, when open with nobody online.
    pub wait_minutes: Option<u32>,
}

/// Team `team` of `site` now.
pub async fn team_now(state: &AppState, site: &str, team: &str) -> Result<TeamNow, AppError> {
    let availability = compute(state, site).await?;
    let now = availability.teams.into_iter().find(|t| t.key == team);
    let available = now.as_ref().is_some_and(|t| t.online);
    Ok(TeamNow {
        available,
        agents_online: now.as_ref().map_or(0, |t| t.agents_online),
        open: availability.open,
        next_open: if available || availability.open {
            None
        } else {
            availability.next_open
        },
        wait_minutes: now.as_ref().and_then(|t| t.wait_minutes),
        name: now.map(|t| t.name),
    })
}
