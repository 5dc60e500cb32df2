//! A site as the hub runs it: its validated configuration, its compiled triage rules, its
//! assistant and its rendered `widget-config` answer, all built once when the hub starts
//! (`baton serve` and `baton check` build them with the same [`load_sites`]).

use std::path::Path;

use axum::body::Bytes;
use axum::http::HeaderValue;
use protocol::hub::{WidgetConfig, WidgetTeam, WidgetTheme};
use sha2::{Digest, Sha256};

use crate::bot::Assistant;
use crate::config::{HubConfig, Site};

/// A site with what the hub built from its configuration.
pub struct SiteRuntime {
    /// The validated configuration.
    pub site: Site,
    /// Its triage rules, compiled.
    pub engine: triage::Engine,
    /// Its assistant.
    pub assistant: Assistant,
    /// Its `widget-config` answer.
    pub widget_config: Rendered,
}

/// A site's answer, rendered once when the hub starts (the site file is read only then).
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The JSON body.
    pub body: Bytes,
    /// Its weak ETag.
    pub etag: HeaderValue,
}

/// Reads the site file at `path`, validates it and builds every site: all that `baton serve`
/// checks before it opens the database, and all that `baton check` checks, so the two never
/// disagree about a file.
pub fn load_sites(path: &Path) -> Result<Vec<SiteRuntime>, String> {
    build_sites(HubConfig::load(path).map_err(|e| e.to_string())?)
}

/// Compiles each site's triage rules and assistant and renders its `widget-config`, in file
/// order.
pub fn build_sites(config: HubConfig) -> Result<Vec<SiteRuntime>, String> {
    let mut sites = Vec::new();
    for site in config.sites {
        let engine = triage::Engine::new(site.triage.clone())
            .map_err(|e| format!("site {:?}: triage: {e}", site.key))?;
        let assistant = Assistant::from_config(&site.bot)
            .map_err(|e| format!("site {:?}: bot: {e}", site.key))?;
        let widget_config = render(&site, &assistant)
            .map_err(|e| format!("site {:?}: widget-config: {e}", site.key))?;
        sites.push(SiteRuntime {
            site,
            engine,
            assistant,
            widget_config,
        });
    }
    Ok(sites)
}

/// Renders `site`'s answer (with what its `assistant` can answer first) and its ETag.
pub fn render(site: &Site, assistant: &Assistant) -> Result<Rendered, String> {
    let body = serde_json::to_string(&widget_config(site, assistant)).map_err(|e| e.to_string())?;
    // Weak: the same settings are sent as brotli, gzip or plain.
    let tag = format!(
        "W/\"{}\"",
        &hex::encode(Sha256::digest(body.as_bytes()))[..32]
    );
    let etag = HeaderValue::from_str(&tag).map_err(|e| e.to_string())?;
    Ok(Rendered {
        body: Bytes::from(body),
        etag,
    })
}

fn widget_config(site: &Site, assistant: &Assistant) -> WidgetConfig {
    let theme = &site.theme;
    WidgetConfig {
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
            sound: theme.sound.unwrap_or(false),
        },
        teams: site
            .teams
            .iter()
            .map(|t| WidgetTeam {
                key: t.key.clone(),
                name: t.name.clone(),
            })
            .collect(),
        triage: site.triage_file.clone(),
        language_packs: site
            .triage
            .languages
            .iter()
            .map(|&l| triage::builtin_text(l).to_string())
            .collect(),
        handoff_messages: site.handoff_messages.clone(),
        answers_first: assistant.has_answers_first(),
    }
}
