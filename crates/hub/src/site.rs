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
    /// Its `widget-config` answers, one per language the widget speaks.
    pub widget_config: WidgetConfigs,
}

/// A site's `widget-config` answers: English first (no words: every widget carries English),
/// then each other language of [`protocol::bridge::LANGUAGES`] with its words.
#[derive(Clone, Debug)]
pub struct WidgetConfigs(Vec<(&'static str, Rendered)>);

impl WidgetConfigs {
    /// The answer for `lang` (`?lang=CODE`): its words when the widget speaks it, the English
    /// answer for any other code or none.
    pub fn for_lang(&self, lang: Option<&str>) -> &Rendered {
        let found = lang.and_then(|l| self.0.iter().find(|(code, _)| *code == l));
        &found.unwrap_or(&self.0[0]).1
    }
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

/// Renders `site`'s answers (with what its `assistant` can answer first), in every language.
pub fn render(site: &Site, assistant: &Assistant) -> Result<WidgetConfigs, String> {
    let mut config = widget_config(site, assistant);
    let mut answers = Vec::new();
    for lang in protocol::bridge::LANGUAGES {
        config.words = protocol::ui::LangWords::builtin(lang);
        answers.push((lang, render_one(&config)?));
    }
    Ok(WidgetConfigs(answers))
}

/// One answer and its ETag.
fn render_one(config: &WidgetConfig) -> Result<Rendered, String> {
    let body = serde_json::to_string(config).map_err(|e| e.to_string())?;
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
        words: None,
    }
}
