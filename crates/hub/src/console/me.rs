//! `GET /console/api/me` and `PUT /console/api/presence`: who is signed in, the teams they
//! serve, and the presence switch per team that availability counts.

use axum::extract::State;
use axum::Json;
use protocol::hub::{AgentTeam, Me, PresenceUpdate};

use super::auth::SignedIn;
use super::error::ConsoleError;
use crate::api::extract::AppJson;
use crate::db::agents::Agent;
use crate::error::AppError;
use crate::state::AppState;

/// The agent and their teams, with names from the configuration.
pub async fn me_of(state: &AppState, agent: &Agent) -> Result<Me, ConsoleError> {
    let teams = state
        .db
        .agent_teams(&agent.id)
        .await?
        .into_iter()
        .map(|(site, team, online)| {
            let config = state.site(&site).map(|s| &s.site);
            let site_open =
                config.is_none_or(|s| crate::hours::open_state(&s.hours, state.now()).open);
            AgentTeam {
                site_open,
                site_name: config.map_or(site.clone(), |s| s.name.clone()),
                team_name: config
                    .and_then(|s| s.teams.iter().find(|t| t.key == team))
                    .map_or(team.clone(), |t| t.name.clone()),
                site,
                team,
                online,
            }
        })
        .collect();
    Ok(Me {
        name: agent.name.clone(),
        email: agent.email.clone(),
        teams,
    })
}

/// `GET /console/api/me`.
pub async fn me_show(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Me>, ConsoleError> {
    Ok(Json(me_of(&state, &signed_in.agent).await?))
}

/// `PUT /console/api/presence`: online or away for one of the agent's teams. Widgets of the
/// site see the change within a second (the availability poller reads presence).
pub async fn presence_update(
    State(state): State<AppState>,
    signed_in: SignedIn,
    AppJson(body): AppJson<PresenceUpdate>,
) -> Result<Json<Me>, ConsoleError> {
    let teams = state.db.agent_teams(&signed_in.agent.id).await?;
    if !teams
        .iter()
        .any(|(s, t, _)| *s == body.site && *t == body.team)
    {
        return Err(AppError::invalid("unknown_team", "You do not serve that team.").into());
    }
    state
        .db
        .set_presence(&signed_in.agent.id, &body.site, &body.team, body.online)
        .await?;
    tracing::info!(agent = %signed_in.agent.id, site = %body.site, team = %body.team, online = body.online, "presence");
    Ok(Json(me_of(&state, &signed_in.agent).await?))
}
