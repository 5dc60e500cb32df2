//! The hub's configuration file (TOML): one or more sites, each with its origins, look,
//! assistant, business hours, teams, WhatsApp number, triage rules and bot.
//!
//! Paths inside (the FAQ file) are relative to the configuration file. `HubConfig::load`
//! validates everything and reports the first problem with the site and key at fault. A key
//! the hub does not know (a typo, or a setting it does not have) is refused, never ignored:
//! every struct here, in the notification settings and in the triage rules denies unknown
//! fields, and the message names the site, the table, the line and the key.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use protocol::triage_config::TriageFile;

mod file;
mod toml_error;
mod validate;

pub use file::{BotFile, HoursFile, HubFile, SiteFile, TeamFile, ThemeFile, WeeklyFile};
pub use validate::normalise_origin;

use toml_error::describe_toml_error;
use validate::validate_site;

/// A validated site.
#[derive(Clone, Debug)]
pub struct Site {
    /// Public key.
    pub key: String,
    /// Business name.
    pub name: String,
    /// Exact origins (scheme://host[:port]) allowed to embed the widget.
    pub allowed_origins: Vec<String>,
    /// Assistant name.
    pub assistant_name: String,
    /// AI disclosure text.
    pub disclosure: String,
    /// Greeting.
    pub greeting: String,
    /// WhatsApp number, digits only with country code (`447700900123`), if any.
    pub whatsapp: Option<String>,
    /// The Facebook page's name, if the site continues on Messenger.
    pub messenger: Option<String>,
    /// The Instagram username, if the site continues on Instagram.
    pub instagram: Option<String>,
    /// Theme defaults.
    pub theme: ThemeFile,
    /// Business hours.
    pub hours: Hours,
    /// Teams.
    pub teams: Vec<TeamFile>,
    /// Triage rules.
    pub triage: triage::Config,
    /// The same rules as the owner wrote them, for the widget (`widget-config`).
    pub triage_file: TriageFile,
    /// Bot.
    pub bot: Bot,
    /// Notification channels and the escalation matrix.
    pub notify: crate::notify::Notify,
    /// The owner's bridge wording (checked), sent to the widget with the settings.
    pub handoff_messages: Vec<protocol::bridge::HandoffMessage>,
    /// The secret identified visitors' emails are signed with, if the site has one.
    pub identity_secret: Option<crate::identity::IdentitySecret>,
    /// The WhatsApp Business number conversations continue on, if connected.
    pub whatsapp_business: Option<crate::whatsapp::config::WhatsappBusiness>,
}

/// Validated business hours.
#[derive(Clone, Debug)]
pub struct Hours {
    /// The business's time zone.
    pub timezone: Tz,
    /// Opening intervals per weekday, Monday first; each `(open, close)` with open < close.
    pub weekly: [Vec<(NaiveTime, NaiveTime)>; 7],
    /// Closed dates.
    pub holidays: BTreeSet<NaiveDate>,
}

impl Hours {
    /// Intervals for `day`.
    pub fn on(&self, day: Weekday) -> &[(NaiveTime, NaiveTime)] {
        &self.weekly[day.num_days_from_monday() as usize]
    }
}

/// A validated bot.
#[derive(Clone, Debug)]
pub enum Bot {
    /// FAQ file contents (already read) and threshold.
    Faq {
        /// The FAQ text.
        text: String,
        /// Where it came from, for messages.
        path: PathBuf,
        /// Confidence threshold.
        threshold: f32,
    },
    /// Rasa REST endpoint.
    Rasa {
        /// The URL.
        url: String,
    },
}

/// The whole validated configuration.
#[derive(Clone, Debug)]
pub struct HubConfig {
    /// Sites by key, in file order.
    pub sites: Vec<Site>,
}

/// Why a configuration could not be loaded.
#[derive(Debug)]
pub struct ConfigError(String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl HubConfig {
    /// Reads, parses and validates the file at `path`.
    pub fn load(path: &Path) -> Result<HubConfig, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
        let base = path.parent().unwrap_or(Path::new("."));
        HubConfig::parse(&text, base).map_err(|e| ConfigError(format!("{}: {e}", path.display())))
    }

    /// Parses and validates `text`; relative paths resolve against `base`.
    pub fn parse(text: &str, base: &Path) -> Result<HubConfig, ConfigError> {
        let file: HubFile =
            toml::from_str(text).map_err(|e| ConfigError(describe_toml_error(text, &e)))?;
        if file.sites.is_empty() {
            return Err(ConfigError("no [[sites]] configured".into()));
        }
        let mut sites = Vec::new();
        for site in file.sites {
            let key = site.key.clone();
            if sites.iter().any(|s: &Site| s.key == key) {
                return Err(ConfigError(format!("site {key:?} is configured twice")));
            }
            sites.push(
                validate_site(site, base).map_err(|e| ConfigError(format!("site {key:?}: {e}")))?,
            );
        }
        Ok(HubConfig { sites })
    }

    /// The site with `key`.
    pub fn site(&self, key: &str) -> Option<&Site> {
        self.sites.iter().find(|s| s.key == key)
    }
}
