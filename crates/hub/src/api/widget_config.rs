//! `GET /api/sites/{site}/widget-config`: the site's public settings — what the widget shows
//! before the first message (names, disclosure, greeting, theme, teams, WhatsApp number) and
//! the triage rules it runs in the browser.

use axum::extract::{Path, State};
use axum::Json;
use protocol::hub::{WidgetConfig, WidgetTeam, WidgetTheme};

use crate::error::AppError;
use crate::state::AppState;

/// The site's public settings.
pub async fn widget_config_show(State(state): State<AppState>, Path(site): Path<String>) -> Result<Json<WidgetConfig>, AppError> {
    let site = &state.site(&site).ok_or(AppError::UnknownSite)?.site;
    let theme = &site.theme;
    Ok(Json(WidgetConfig {
        site: site.key.clone(),
        name: site.name.clone(),
        assistant_name: site.assistant_name.clone(),
        disclosure: site.disclosure.clone(),
        greeting: site.greeting.clone(),
        whatsapp: site.whatsapp.clone(),
        theme: WidgetTheme {
            accent: theme.accent.clone(),
            position: theme.position.clone(),
            offset_x: theme.offset_x,
            offset_y: theme.offset_y,
            launcher_label: theme.launcher_label.clone(),
            font: theme.font.clone(),
            radius: theme.radius,
            mode: theme.mode.clone(),
        },
        teams: site.teams.iter().map(|t| WidgetTeam { key: t.key.clone(), name: t.name.clone() }).collect(),
        triage: site.triage_file.clone(),
        language_packs: site.triage.languages.iter().map(|&l| triage::builtin_text(l).to_string()).collect(),
    }))
}
