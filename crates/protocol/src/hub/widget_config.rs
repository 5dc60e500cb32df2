//! What the widget reads before the first message: `GET /api/sites/{site}/widget-config`.

use serde::{Deserialize, Serialize};

/// `GET /api/sites/{site}/widget-config`: the site's public settings, everything the widget
/// shows before the first message. Nothing here is secret.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct WidgetConfig {
    /// The site key.
    pub site: String,
    /// The business name.
    pub name: String,
    /// The assistant's name.
    pub assistant_name: String,
    /// The AI disclosure, the first thing the visitor reads.
    pub disclosure: String,
    /// The greeting after it.
    pub greeting: String,
    /// WhatsApp number as wa.me wants it (digits with country code), if the site has one.
    #[serde(default)]
    pub whatsapp: Option<String>,
    /// Theme defaults (each overridable by the loader).
    #[serde(default)]
    pub theme: WidgetTheme,
    /// The teams, by route key and display name.
    #[serde(default)]
    pub teams: Vec<WidgetTeam>,
    /// The site's triage rules, so the widget's verdicts match the hub's.
    #[serde(default)]
    pub triage: crate::triage_config::TriageFile,
    /// The text of each enabled language's pack (the triage crate's `packs/*.txt` format):
    /// the word lists travel as data, so the widget's WebAssembly carries only the engine.
    #[serde(default)]
    pub language_packs: Vec<String>,
    /// The owner's own bridge wording (`[[sites.handoff_messages]]`); the defaults otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handoff_messages: Vec<crate::bridge::HandoffMessage>,
    /// The site's FAQ has an entry marked `answers_first`: the widget then waits for the
    /// hub's answer before handing over a message whose only trigger is its topic
    /// (`high_risk`), since the hub may answer it instead.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub answers_first: bool,
    /// The widget's words and the bridge's default words in the visitor's language, when the
    /// widget asked for one other than English (`?lang=CODE`) and speaks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<crate::ui::LangWords>,
}

/// A site's theme defaults; `None` leaves the widget's own.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct WidgetTheme {
    /// Accent colour, `#rrggbb`.
    #[serde(default)]
    pub accent: Option<String>,
    /// `bottom-right` or `bottom-left`.
    #[serde(default)]
    pub position: Option<String>,
    /// Launcher distance from the side, in pixels.
    #[serde(default)]
    pub offset_x: Option<u32>,
    /// Launcher distance from the bottom, in pixels.
    #[serde(default)]
    pub offset_y: Option<u32>,
    /// Launcher label.
    #[serde(default)]
    pub launcher_label: Option<String>,
    /// CSS font family.
    #[serde(default)]
    pub font: Option<String>,
    /// Corner radius in pixels.
    #[serde(default)]
    pub radius: Option<u32>,
    /// `light`, `dark` or `auto`.
    #[serde(default)]
    pub mode: Option<String>,
    /// The owner wants a short chime for each new reply while the chat is closed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sound: bool,
}

/// A team as visitors see it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct WidgetTeam {
    /// Route key.
    pub key: String,
    /// Display name ("Billing").
    pub name: String,
}
