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

/// A parse error where the owner will look for it: `site "demo", [sites.theme], line 23:
/// unknown field `icn`, expected one of …`. Without a position, toml's own message.
fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let Some(span) = error.span() else {
        return error.to_string().trim_end().to_string();
    };
    let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
    // Tagged tables (`[sites.bot]`, channels) report the whole table: point at the key itself.
    let unknown = error
        .message()
        .strip_prefix("unknown field `")
        .and_then(|m| m.split('`').next());
    let at = unknown
        .and_then(|key| {
            let mut offset = start;
            text.get(start..end)?
                .split_inclusive('\n')
                .find_map(|line| {
                    let here = offset;
                    offset += line.len();
                    let rest = line.trim_start().strip_prefix(key)?;
                    rest.trim_start().starts_with('=').then_some(here)
                })
        })
        .unwrap_or(start);
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    // The table the error is in: the last `[header]` or `[[header]]` line above it, and how
    // many `[[sites]]` came before (the site's index).
    let mut table = None;
    let mut site_index = None;
    for l in before.lines() {
        let l = l.trim();
        if !l.starts_with('[') {
            continue;
        }
        let name = l
            .trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        if l.starts_with("[[") && name == "sites" {
            site_index = Some(site_index.map_or(0, |i| i + 1));
        }
        table = Some(if l.starts_with("[[") {
            format!("[[{name}]]")
        } else {
            format!("[{name}]")
        });
    }
    let mut out = String::new();
    if let Some(i) = site_index {
        // The site's key, read leniently from the same text (the strict read just failed).
        let key = toml::from_str::<toml::Table>(text).ok().and_then(|t| {
            t.get("sites")?
                .as_array()?
                .get(i)?
                .get("key")?
                .as_str()
                .map(str::to_string)
        });
        match key {
            Some(key) => out.push_str(&format!("site {key:?}, ")),
            None => out.push_str(&format!("site #{}, ", i + 1)),
        }
    }
    if let Some(table) = table {
        out.push_str(&format!("{table}, "));
    }
    out.push_str(&format!("line {line}: {}", error.message().trim_end()));
    out
}

fn validate_site(site: SiteFile, base: &Path) -> Result<Site, String> {
    let key_ok = !site.key.is_empty()
        && site.key.len() <= 64
        && site
            .key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !key_ok {
        return Err("key may only hold letters, digits, '-' and '_' (1 to 64)".into());
    }
    let mut origins = Vec::new();
    for origin in &site.allowed_origins {
        origins.push(normalise_origin(origin)?);
    }
    let hours = validate_hours(&site.hours)?;
    crate::icons::path(site.theme.icon.as_deref(), site.theme.icon_path.as_deref())?;
    if site.teams.is_empty() {
        return Err("at least one [[sites.teams]] is needed".into());
    }
    for (i, team) in site.teams.iter().enumerate() {
        if site.teams[..i].iter().any(|t| t.key == team.key) {
            return Err(format!("team {:?} is listed twice", team.key));
        }
    }
    let triage = site
        .triage
        .to_config()
        .map_err(|e| format!("triage: {e}"))?;
    let triage_file = site.triage.clone();
    let mut routes: Vec<&str> = vec![&triage.routes.default];
    for r in [
        &triage.routes.human_request,
        &triage.routes.frustration,
        &triage.routes.repeated_failure,
        &triage.routes.out_of_scope,
        &triage.routes.post_capture,
    ]
    .into_iter()
    .flatten()
    {
        routes.push(r);
    }
    routes.extend(triage.intents.iter().map(|i| i.route.as_str()));
    for route in routes {
        if !site.teams.iter().any(|t| t.key == route) {
            return Err(format!(
                "triage route {route:?} is not one of the site's teams"
            ));
        }
    }
    let whatsapp = match &site.whatsapp {
        None => None,
        Some(n) => Some(protocol::lead::whatsapp_digits(n).map_err(|e| format!("whatsapp: {e}"))?),
    };
    let bot = match site.bot {
        BotFile::Faq { file, threshold } => {
            let path = base.join(&file);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("bot: cannot read FAQ file {}: {e}", path.display()))?;
            let threshold = threshold.unwrap_or(0.45);
            if !(0.0..=1.0).contains(&threshold) {
                return Err(format!(
                    "bot.threshold is {threshold}, but must be between 0 and 1"
                ));
            }
            Bot::Faq {
                text,
                path,
                threshold,
            }
        }
        BotFile::Rasa { url } => {
            let parsed = url::Url::parse(&url).map_err(|e| format!("bot.url {url:?}: {e}"))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(format!("bot.url {url:?} must be http or https"));
            }
            Bot::Rasa { url }
        }
    };
    let disclosure = site.disclosure.unwrap_or_else(|| {
        format!(
            "You're chatting with {}, {}'s AI assistant. Ask for a person at any time.",
            site.assistant_name, site.name
        )
    });
    let greeting = site
        .greeting
        .unwrap_or_else(|| "How can I help?".to_string());
    let team_keys: Vec<&str> = site.teams.iter().map(|t| t.key.as_str()).collect();
    let notify = crate::notify::config::validate(&site.notify, &team_keys)?;
    let identity_secret = match &site.identity_secret_file {
        None => None,
        Some(file) => {
            let path = base.join(file);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                format!("identity_secret_file: cannot read {}: {e}", path.display())
            })?;
            Some(
                crate::identity::IdentitySecret::new(&text)
                    .map_err(|e| format!("identity_secret_file {}: {e}", path.display()))?,
            )
        }
    };
    // A handle the platform would not take is refused here, not at the visitor's click.
    let handle = |key: &str, value: &Option<String>, platform| match value {
        None => Ok(None),
        Some(h) => {
            protocol::lead::continue_link(platform, h.trim().trim_start_matches('@'), "BTN-0")
                .map(|_| Some(h.trim().trim_start_matches('@').to_string()))
                .ok_or_else(|| {
                    format!(
                        "{key}: {h:?} is not a name the platform allows (letters, digits, . _ -)"
                    )
                })
        }
    };
    let messenger = handle(
        "messenger",
        &site.messenger,
        protocol::lead::Platform::Messenger,
    )?;
    let instagram = handle(
        "instagram",
        &site.instagram,
        protocol::lead::Platform::Instagram,
    )?;
    let whatsapp_business = site
        .whatsapp_business
        .as_ref()
        .map(|w| crate::whatsapp::config::validate(w, base))
        .transpose()?;
    for (i, m) in site.handoff_messages.iter().enumerate() {
        let problem = m.problem().or_else(|| {
            let team = m
                .team
                .as_deref()
                .filter(|t| !team_keys.contains(t))
                .map(|t| format!("team {t:?} is not one of the site's teams"));
            let trigger = m
                .trigger
                .as_deref()
                .filter(|t| triage::Trigger::from_name(t).is_none())
                .map(|t| format!("trigger {t:?} is not a trigger name"));
            team.or(trigger)
        });
        if let Some(p) = problem {
            return Err(format!("handoff_messages[{i}]: {p}"));
        }
    }
    Ok(Site {
        key: site.key,
        name: site.name,
        allowed_origins: origins,
        assistant_name: site.assistant_name,
        disclosure,
        greeting,
        whatsapp,
        messenger,
        instagram,
        theme: site.theme,
        hours,
        teams: site.teams,
        triage,
        triage_file,
        bot,
        notify,
        handoff_messages: site.handoff_messages,
        identity_secret,
        whatsapp_business,
    })
}

/// `https://Shop.Example:443/path` → `https://shop.example`; rejects anything that is not
/// an http(s) origin.
pub fn normalise_origin(origin: &str) -> Result<String, String> {
    let url = url::Url::parse(origin).map_err(|e| format!("allowed origin {origin:?}: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!(
            "allowed origin {origin:?} must be http(s)://host[:port]"
        ));
    }
    Ok(url.origin().ascii_serialization())
}

fn validate_hours(hours: &HoursFile) -> Result<Hours, String> {
    let timezone: Tz = hours.timezone.parse().map_err(|_| {
        format!(
            "hours.timezone {:?} is not an IANA time zone (e.g. Europe/London)",
            hours.timezone
        )
    })?;
    let w = &hours.weekly;
    let days = [
        ("mon", &w.mon),
        ("tue", &w.tue),
        ("wed", &w.wed),
        ("thu", &w.thu),
        ("fri", &w.fri),
        ("sat", &w.sat),
        ("sun", &w.sun),
    ];
    let mut weekly: [Vec<(NaiveTime, NaiveTime)>; 7] = Default::default();
    for (i, (name, intervals)) in days.iter().enumerate() {
        for interval in intervals.iter() {
            let parsed = interval.split_once('-').and_then(|(a, b)| {
                let a = NaiveTime::parse_from_str(a.trim(), "%H:%M").ok()?;
                let b = b.trim();
                // "24:00" closes at midnight.
                let b = if b == "24:00" {
                    NaiveTime::from_hms_opt(23, 59, 59)?
                } else {
                    NaiveTime::parse_from_str(b, "%H:%M").ok()?
                };
                (a < b).then_some((a, b))
            });
            let Some(pair) = parsed else {
                return Err(format!(
                    "hours.weekly.{name}: {interval:?} is not an interval like \"09:00-17:30\""
                ));
            };
            weekly[i].push(pair);
        }
        weekly[i].sort();
    }
    let mut holidays = BTreeSet::new();
    for day in &hours.holidays {
        let date = NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .map_err(|_| format!("hours.holidays: {day:?} is not a date like \"2026-12-25\""))?;
        holidays.insert(date);
    }
    Ok(Hours {
        timezone,
        weekly,
        holidays,
    })
}
