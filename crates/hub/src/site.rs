//! A site as the hub runs it: its validated configuration, its compiled triage rules, its
//! assistant and its rendered `widget-config` answer, all built once when the hub starts
//! (`baton serve` and `baton check` build them with the same [`load_sites`]).

use std::path::Path;
use std::sync::OnceLock;

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

/// A site's `widget-config` answers: its settings rendered once (the English answer: every
/// widget carries English), and for each other language of [`protocol::bridge::LANGUAGES`]
/// the same with that language's words appended, built when asked (the words are rendered
/// once for every site, so a site's packs are not kept ten times over). Each answer's ETag is
/// computed at start.
#[derive(Clone, Debug)]
pub struct WidgetConfigs {
    base: Bytes,
    etags: Vec<(&'static str, HeaderValue)>,
}

impl WidgetConfigs {
    /// The language whose answer `lang` (`?lang=CODE`) gets: itself when the widget speaks it,
    /// English for any other code or none.
    fn pick(&self, lang: Option<&str>) -> usize {
        lang.and_then(|l| self.etags.iter().position(|(code, _)| *code == l))
            .unwrap_or(0)
    }

    /// The ETag of the answer for `lang`.
    pub fn etag(&self, lang: Option<&str>) -> &HeaderValue {
        &self.etags[self.pick(lang)].1
    }

    /// The answer for `lang`.
    pub fn body(&self, lang: Option<&str>) -> Bytes {
        match words_json(self.etags[self.pick(lang)].0) {
            Some(words) => Bytes::from(with_words(&self.base, words)),
            None => self.base.clone(),
        }
    }
}

/// Each language's words as `widget-config` carries them, rendered once.
fn words_json(lang: &str) -> Option<&'static str> {
    static WORDS: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            protocol::bridge::LANGUAGES
                .into_iter()
                .filter_map(|l| {
                    let words = protocol::ui::LangWords::builtin(l)?;
                    Some((l, serde_json::to_string(&words).ok()?))
                })
                .collect()
        })
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, w)| w.as_str())
}

/// The settings' JSON object with a last member `words`: what serialising them with
/// `words: Some(…)` gives, since `words` is their last field and left out when `None`.
fn with_words(base: &[u8], words: &str) -> Vec<u8> {
    let open = base.strip_suffix(b"}").expect("a JSON object");
    let mut body = Vec::with_capacity(base.len() + words.len() + 10);
    body.extend_from_slice(open);
    body.extend_from_slice(b",\"words\":");
    body.extend_from_slice(words.as_bytes());
    body.push(b'}');
    body
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

/// Renders `site`'s answers (with what its `assistant` can answer first) and their ETags.
pub fn render(site: &Site, assistant: &Assistant) -> Result<WidgetConfigs, String> {
    let base = serde_json::to_vec(&widget_config(site, assistant)).map_err(|e| e.to_string())?;
    let mut etags = Vec::new();
    for lang in protocol::bridge::LANGUAGES {
        let etag = match words_json(lang) {
            Some(words) => etag(&with_words(&base, words)),
            None => etag(&base),
        }?;
        etags.push((lang, etag));
    }
    Ok(WidgetConfigs {
        base: Bytes::from(base),
        etags,
    })
}

/// A weak ETag: the same settings are sent as brotli, gzip or plain.
fn etag(body: &[u8]) -> Result<HeaderValue, String> {
    let tag = format!("W/\"{}\"", &hex::encode(Sha256::digest(body))[..32]);
    HeaderValue::from_str(&tag).map_err(|e| e.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_appended_to_the_settings_are_what_serialising_them_with_words_gives() {
        let mut config: WidgetConfig = serde_json::from_str(
            r#"{"site":"demo","name":"Northwind","assistant_name":"Ava","disclosure":"AI","greeting":"Hi"}"#,
        )
        .unwrap();
        let base = serde_json::to_vec(&config).unwrap();
        for lang in ["es", "ar", "hi"] {
            config.words = protocol::ui::LangWords::builtin(lang);
            let whole = serde_json::to_vec(&config).unwrap();
            assert_eq!(
                with_words(&base, words_json(lang).unwrap()),
                whole,
                "{lang}"
            );
        }
        assert_eq!(words_json("en"), None, "English travels with the widget");
        assert_eq!(words_json("ja"), None);
    }
}
