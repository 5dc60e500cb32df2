//! The site file as written: its TOML tables, each refusing a key it does not know.

use std::path::PathBuf;

use protocol::triage_config::TriageFile;
use serde::Deserialize;

/// The whole file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubFile {
    /// Every site this hub serves.
    pub sites: Vec<SiteFile>,
}

/// One `[[sites]]` entry as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// The public site key used in `data-site="KEY"`.
    pub key: String,
    /// The business's name, shown to agents and in notifications.
    pub name: String,
    /// Origins allowed to embed the widget, e.g. `https://shop.example`. Empty allows none.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// The assistant's name.
    #[serde(default = "default_assistant")]
    pub assistant_name: String,
    /// Shown first in every conversation: that the visitor talks to an AI.
    #[serde(default)]
    pub disclosure: Option<String>,
    /// The assistant's greeting after the disclosure.
    #[serde(default)]
    pub greeting: Option<String>,
    /// The business's WhatsApp number in any common format.
    #[serde(default)]
    pub whatsapp: Option<String>,
    /// The Facebook page's name, for a "continue on Messenger" link (`m.me/NAME`).
    #[serde(default)]
    pub messenger: Option<String>,
    /// The Instagram account's username, for a "continue on Instagram" link (`ig.me/m/NAME`).
    #[serde(default)]
    pub instagram: Option<String>,
    /// The widget's look.
    #[serde(default)]
    pub theme: ThemeFile,
    /// Opening hours.
    pub hours: HoursFile,
    /// Teams (routes); at least one.
    pub teams: Vec<TeamFile>,
    /// Triage rules; routes must name teams.
    #[serde(default)]
    pub triage: TriageFile,
    /// The assistant behind the widget.
    pub bot: BotFile,
    /// Notification channels and the escalation matrix.
    #[serde(default)]
    pub notify: crate::notify::config::NotifyFile,
    /// The owner's own bridge wording, per availability, team, trigger and language.
    #[serde(default)]
    pub handoff_messages: Vec<protocol::bridge::HandoffMessage>,
    /// A file holding the secret the site's server signs identified visitors' emails with
    /// (relative to the site file); without it identities show as unverified.
    #[serde(default)]
    pub identity_secret_file: Option<String>,
    /// The site's WhatsApp Business number on the Cloud API: conversations continue there.
    #[serde(default)]
    pub whatsapp_business: Option<crate::whatsapp::config::WhatsappBusinessFile>,
}

fn default_assistant() -> String {
    "Assistant".to_string()
}

/// `[sites.theme]`; each key optional, each overridable by a data attribute on the script tag.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ThemeFile {
    pub accent: Option<String>,
    pub position: Option<String>,
    pub offset_x: Option<u32>,
    pub offset_y: Option<u32>,
    pub launcher_label: Option<String>,
    pub font: Option<String>,
    pub radius: Option<u32>,
    pub mode: Option<String>,
    /// The launcher's icon by name (`crate::icons::BUILT_IN`).
    pub icon: Option<String>,
    /// The owner's own launcher icon: SVG path data on a 24 × 24 grid.
    pub icon_path: Option<String>,
    /// A short chime in the widget for each new reply while the chat is closed.
    pub sound: Option<bool>,
}

/// `[sites.hours]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursFile {
    /// IANA time zone of the business, e.g. `Europe/London`.
    pub timezone: String,
    /// Opening intervals per weekday, `"09:00-17:30"`; a missing day is closed.
    #[serde(default)]
    pub weekly: WeeklyFile,
    /// Closed dates, `YYYY-MM-DD`, in the business's time zone.
    #[serde(default)]
    pub holidays: Vec<String>,
}

/// Weekday → intervals.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct WeeklyFile {
    #[serde(default)]
    pub mon: Vec<String>,
    #[serde(default)]
    pub tue: Vec<String>,
    #[serde(default)]
    pub wed: Vec<String>,
    #[serde(default)]
    pub thu: Vec<String>,
    #[serde(default)]
    pub fri: Vec<String>,
    #[serde(default)]
    pub sat: Vec<String>,
    #[serde(default)]
    pub sun: Vec<String>,
}

/// `[[sites.teams]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamFile {
    /// The route name triage uses (`support`, `billing`, `sales`…).
    pub key: String,
    /// Shown to visitors: "I've passed this to Billing".
    pub name: String,
}

/// `[sites.bot]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum BotFile {
    /// The built-in assistant answering from an FAQ file.
    Faq {
        /// The FAQ file, relative to the configuration file.
        file: PathBuf,
        /// Confidence below which the bot says it does not know (default 0.45).
        #[serde(default)]
        threshold: Option<f32>,
    },
    /// The owner's bot over HTTP, Rasa REST channel format.
    Rasa {
        /// POST endpoint, e.g. `http://127.0.0.1:5005/webhooks/rest/webhook`.
        url: String,
    },
}
