//! `[sites.notify]`: the site's named notification channels and its escalation matrix, as
//! written in the site file ([`NotifyFile`]) and validated ([`Notify`]).
//!
//! ```toml
//! [[sites.notify.channels]]
//! name = "team-slack"
//! kind = "slack"
//! webhook_url = "https://hooks.slack.com/services/T000/B000/XXXX"
//!
//! [[sites.notify.rules]]
//! urgency = ["urgent"]
//! channels = ["team-slack"]
//! ```
//!
//! Secrets may be written inline or named by environment variable (`password_env`,
//! `token_env`, `secret_env`), read once when the file is loaded.

use serde::Deserialize;

/// `[sites.notify]` as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyFile {
    /// The hub's public URL for links into the console; defaults to `baton serve --public-url`.
    #[serde(default)]
    pub console_url: Option<String>,
    /// Named channels.
    #[serde(default)]
    pub channels: Vec<ChannelFile>,
    /// The escalation matrix: the first rule that matches a handoff chooses its channels.
    #[serde(default)]
    pub rules: Vec<RuleFile>,
    /// The morning digest of leads left while the site was closed.
    #[serde(default)]
    pub digest: Option<DigestFile>,
}

/// `[sites.notify.digest]` as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DigestFile {
    /// Channel names the digest goes to at the next opening.
    pub channels: Vec<String>,
}

/// `[[sites.notify.channels]]` as written: `name`, `kind` and the kind's settings.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ChannelFile {
    /// Email over SMTP.
    Email {
        /// The name rules refer to.
        name: String,
        /// SMTP server.
        host: String,
        /// Port; defaults by `security`: 587 starttls, 465 tls, 25 none.
        #[serde(default)]
        port: Option<u16>,
        /// `starttls` (default), `tls` (implicit TLS) or `none` (plain: a local relay only).
        #[serde(default)]
        security: Option<String>,
        /// SMTP user, when the server wants authentication.
        #[serde(default)]
        username: Option<String>,
        /// Its password.
        #[serde(default)]
        password: Option<String>,
        /// The environment variable holding the password.
        #[serde(default)]
        password_env: Option<String>,
        /// Sender, `Name <addr@example.com>` or `addr@example.com`.
        from: String,
        /// Recipients.
        to: Vec<String>,
    },
    /// A Slack incoming webhook (Block Kit message).
    Slack {
        /// The name rules refer to.
        name: String,
        /// `https://hooks.slack.com/services/…`.
        webhook_url: String,
    },
    /// WhatsApp Business Cloud API: a message to the team's number.
    Whatsapp {
        /// The name rules refer to.
        name: String,
        /// API base URL (default `https://graph.facebook.com`).
        #[serde(default)]
        api_base: Option<String>,
        /// Graph API version (default `v21.0`).
        #[serde(default)]
        api_version: Option<String>,
        /// The business phone number's id in the Cloud API.
        phone_number_id: String,
        /// Access token.
        #[serde(default)]
        token: Option<String>,
        /// The environment variable holding the access token.
        #[serde(default)]
        token_env: Option<String>,
        /// The team's number, any common format.
        to: String,
        /// An approved template for outside the 24-hour window; body parameters are
        /// {{1}} trigger and team, {{2}} contact, {{3}} summary, {{4}} console link.
        #[serde(default)]
        template: Option<String>,
        /// The template's language code (default `en_US`).
        #[serde(default)]
        template_language: Option<String>,
        /// `template` (default when a template is set) or `text` (only while the team's
        /// number is inside the 24-hour window, e.g. a number that chats with the business daily).
        #[serde(default)]
        mode: Option<String>,
    },
    /// A generic signed JSON webhook.
    Webhook {
        /// The name rules refer to.
        name: String,
        /// The receiver.
        url: String,
        /// HMAC-SHA256 key.
        #[serde(default)]
        secret: Option<String>,
        /// The environment variable holding the key.
        #[serde(default)]
        secret_env: Option<String>,
    },
}

/// `[[sites.notify.rules]]` as written. Every key given must match; a missing key matches all.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// `urgent`, `high`, `standard`.
    #[serde(default)]
    pub urgency: Vec<String>,
    /// Trigger names; matches when the handoff has any of them.
    #[serde(default)]
    pub triggers: Vec<String>,
    /// Team keys.
    #[serde(default)]
    pub routes: Vec<String>,
    /// `in_hours`, `after_hours`, `weekend`.
    #[serde(default)]
    pub when: Vec<String>,
    /// Channel names to notify.
    pub channels: Vec<String>,
}

/// A validated `[sites.notify]`.
#[derive(Clone, Debug, Default)]
pub struct Notify {
    /// Base URL for console links, without a trailing slash.
    pub console_url: Option<String>,
    /// Channels, in file order.
    pub channels: Vec<Channel>,
    /// Rules, in file order.
    pub rules: Vec<Rule>,
    /// The digest's channels, each once (empty: no digest).
    pub digest: Vec<String>,
}

impl Notify {
    /// The channel called `name`.
    pub fn channel(&self, name: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.name == name)
    }
}

/// A validated channel.
#[derive(Clone, Debug)]
pub struct Channel {
    /// Its name.
    pub name: String,
    /// Its settings.
    pub kind: ChannelKind,
}

/// How an SMTP connection is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (required, not opportunistic).
    StartTls,
    /// TLS from the first byte (SMTPS).
    Tls,
    /// No TLS: only for a relay on the same machine or a test sink.
    None,
}

/// WhatsApp message type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhatsappMode {
    /// Free-form text (inside the 24-hour customer-service window).
    Text,
    /// An approved template (works any time).
    Template,
}

/// A validated channel's settings.
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub enum ChannelKind {
    Email {
        host: String,
        port: u16,
        security: SmtpSecurity,
        credentials: Option<(String, String)>,
        from: lettre::message::Mailbox,
        to: Vec<lettre::message::Mailbox>,
    },
    Slack {
        webhook_url: String,
    },
    Whatsapp {
        /// `{api_base}/{api_version}/{phone_number_id}/messages`.
        endpoint: String,
        token: String,
        /// Digits with country code.
        to: String,
        template: Option<(String, String)>,
        mode: WhatsappMode,
    },
    Webhook {
        url: String,
        secret: String,
    },
}

impl ChannelFile {
    /// The channel's name.
    pub fn name(&self) -> &str {
        match self {
            ChannelFile::Email { name, .. }
            | ChannelFile::Slack { name, .. }
            | ChannelFile::Whatsapp { name, .. }
            | ChannelFile::Webhook { name, .. } => name,
        }
    }
}

impl ChannelKind {
    /// `email`, `slack`, `whatsapp` or `webhook`.
    pub fn label(&self) -> &'static str {
        match self {
            ChannelKind::Email { .. } => "email",
            ChannelKind::Slack { .. } => "slack",
            ChannelKind::Whatsapp { .. } => "whatsapp",
            ChannelKind::Webhook { .. } => "webhook",
        }
    }
}

/// Urgency bands, from the hub's queue priority (`verdict::urgency`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    /// A request for a person while frustrated, or a high-risk or high-value topic (2).
    Urgent,
    /// A plain request for a person, or frustration (1).
    High,
    /// The rest: out of scope, repeated failure, a warm lead (0).
    Standard,
}

impl Urgency {
    /// From the stored queue priority.
    pub fn from_priority(p: i64) -> Urgency {
        match p {
            i64::MIN..=0 => Urgency::Standard,
            1 => Urgency::High,
            _ => Urgency::Urgent,
        }
    }

    /// Its name in the site file.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Urgent => "urgent",
            Urgency::High => "high",
            Urgency::Standard => "standard",
        }
    }

    fn parse(s: &str) -> Option<Urgency> {
        [Urgency::Urgent, Urgency::High, Urgency::Standard]
            .into_iter()
            .find(|u| u.as_str() == s)
    }
}

/// When a handoff happens, in the business's own time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Open by business hours.
    InHours,
    /// Closed by business hours (evenings, nights, holidays, weekends).
    AfterHours,
    /// Saturday or Sunday, open or not.
    Weekend,
}

impl When {
    /// Its name in the site file.
    pub fn as_str(self) -> &'static str {
        match self {
            When::InHours => "in_hours",
            When::AfterHours => "after_hours",
            When::Weekend => "weekend",
        }
    }

    fn parse(s: &str) -> Option<When> {
        [When::InHours, When::AfterHours, When::Weekend]
            .into_iter()
            .find(|w| w.as_str() == s)
    }
}

/// A validated rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Empty matches every urgency.
    pub urgency: Vec<Urgency>,
    /// Empty matches every trigger.
    pub triggers: Vec<String>,
    /// Empty matches every team.
    pub routes: Vec<String>,
    /// Empty matches any time.
    pub when: Vec<When>,
    /// Channel names, each one of the site's channels.
    pub channels: Vec<String>,
}

/// Validates `[sites.notify]` against the site's teams.
pub fn validate(file: &NotifyFile, teams: &[&str]) -> Result<Notify, String> {
    let console_url = match &file.console_url {
        None => None,
        Some(u) => Some(
            http_url("notify.console_url", u)?
                .trim_end_matches('/')
                .to_string(),
        ),
    };
    let mut channels: Vec<Channel> = Vec::new();
    for c in &file.channels {
        let name = c.name();
        let name_ok = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !name_ok {
            return Err(format!("notify channel {name:?}: names may only hold letters, digits, '-' and '_' (1 to 64)"));
        }
        if channels.iter().any(|x| x.name == name) {
            return Err(format!("notify channel {name:?} is configured twice"));
        }
        let kind = channel(c).map_err(|e| format!("notify channel {name:?}: {e}"))?;
        channels.push(Channel {
            name: name.to_string(),
            kind,
        });
    }
    let mut rules = Vec::new();
    for (i, r) in file.rules.iter().enumerate() {
        let at = format!("notify rule {}", i + 1);
        if r.channels.is_empty() {
            return Err(format!("{at}: channels is empty"));
        }
        for name in &r.channels {
            if !channels.iter().any(|c| &c.name == name) {
                return Err(format!(
                    "{at}: channel {name:?} is not one of [[sites.notify.channels]]"
                ));
            }
        }
        let mut urgency = Vec::new();
        for u in &r.urgency {
            urgency.push(
                Urgency::parse(u).ok_or_else(|| {
                    format!("{at}: urgency {u:?} is not urgent, high or standard")
                })?,
            );
        }
        for t in &r.triggers {
            if triage::Trigger::from_name(t).is_none() {
                return Err(format!("{at}: {t:?} is not a trigger name"));
            }
        }
        for route in &r.routes {
            if !teams.contains(&route.as_str()) {
                return Err(format!(
                    "{at}: route {route:?} is not one of the site's teams"
                ));
            }
        }
        let mut when = Vec::new();
        for w in &r.when {
            when.push(When::parse(w).ok_or_else(|| {
                format!("{at}: when {w:?} is not in_hours, after_hours or weekend")
            })?);
        }
        rules.push(Rule {
            urgency,
            triggers: r.triggers.clone(),
            routes: r.routes.clone(),
            when,
            channels: r.channels.clone(),
        });
    }
    let mut digest: Vec<String> = Vec::new();
    if let Some(d) = &file.digest {
        if d.channels.is_empty() {
            return Err(
                "notify.digest: channels is empty (leave [sites.notify.digest] out for no digest)"
                    .into(),
            );
        }
        for name in &d.channels {
            if !channels.iter().any(|c| &c.name == name) {
                return Err(format!(
                    "notify.digest: channel {name:?} is not one of [[sites.notify.channels]]"
                ));
            }
            if !digest.contains(name) {
                digest.push(name.clone());
            }
        }
    }
    Ok(Notify {
        console_url,
        channels,
        rules,
        digest,
    })
}

fn channel(kind: &ChannelFile) -> Result<ChannelKind, String> {
    Ok(match kind {
        ChannelFile::Email {
            host,
            port,
            security,
            username,
            password,
            password_env,
            from,
            to,
            ..
        } => {
            let security = match security.as_deref().unwrap_or("starttls") {
                "starttls" => SmtpSecurity::StartTls,
                "tls" => SmtpSecurity::Tls,
                "none" => SmtpSecurity::None,
                other => return Err(format!("security {other:?} is not starttls, tls or none")),
            };
            let port = port.unwrap_or(match security {
                SmtpSecurity::StartTls => 587,
                SmtpSecurity::Tls => 465,
                SmtpSecurity::None => 25,
            });
            if host.is_empty() {
                return Err("host is empty".into());
            }
            let password = secret("password", password, password_env)?;
            let credentials = match (username, password) {
                (Some(u), Some(p)) => Some((u.clone(), p)),
                (None, None) => None,
                _ => return Err("username and password go together".into()),
            };
            let from = from.parse().map_err(|e| format!("from {from:?}: {e}"))?;
            if to.is_empty() {
                return Err("to is empty".into());
            }
            let mut rcpt = Vec::new();
            for t in to {
                rcpt.push(t.parse().map_err(|e| format!("to {t:?}: {e}"))?);
            }
            ChannelKind::Email {
                host: host.clone(),
                port,
                security,
                credentials,
                from,
                to: rcpt,
            }
        }
        ChannelFile::Slack { webhook_url, .. } => ChannelKind::Slack {
            webhook_url: http_url("webhook_url", webhook_url)?,
        },
        ChannelFile::Whatsapp {
            api_base,
            api_version,
            phone_number_id,
            token,
            token_env,
            to,
            template,
            template_language,
            mode,
            ..
        } => {
            let base = http_url(
                "api_base",
                api_base.as_deref().unwrap_or("https://graph.facebook.com"),
            )?;
            let version = api_version.as_deref().unwrap_or("v21.0");
            let segment_ok = |s: &str| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
            };
            if !segment_ok(version) {
                return Err(format!("api_version {version:?} is not like v21.0"));
            }
            if !segment_ok(phone_number_id) {
                return Err(format!("phone_number_id {phone_number_id:?} is not an id"));
            }
            let token =
                secret("token", token, token_env)?.ok_or("token or token_env is required")?;
            let to = protocol::lead::whatsapp_digits(to).map_err(|e| format!("to: {e}"))?;
            let template = template.as_ref().map(|t| {
                (
                    t.clone(),
                    template_language.clone().unwrap_or_else(|| "en_US".into()),
                )
            });
            let mode = match (mode.as_deref(), &template) {
                (None, Some(_)) | (Some("template"), Some(_)) => WhatsappMode::Template,
                (Some("template"), None) => {
                    return Err("mode = \"template\" needs a template".into())
                }
                (None, None) | (Some("text"), _) => WhatsappMode::Text,
                (Some(other), _) => return Err(format!("mode {other:?} is not template or text")),
            };
            let endpoint = format!(
                "{}/{version}/{phone_number_id}/messages",
                base.trim_end_matches('/')
            );
            ChannelKind::Whatsapp {
                endpoint,
                token,
                to,
                template,
                mode,
            }
        }
        ChannelFile::Webhook {
            url,
            secret: s,
            secret_env,
            ..
        } => {
            let secret =
                secret("secret", s, secret_env)?.ok_or("secret or secret_env is required")?;
            if secret.len() < 16 {
                return Err("the secret must be at least 16 characters".into());
            }
            ChannelKind::Webhook {
                url: http_url("url", url)?,
                secret,
            }
        }
    })
}

fn http_url(key: &str, value: &str) -> Result<String, String> {
    let parsed = url::Url::parse(value).map_err(|e| format!("{key} {value:?}: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!("{key} {value:?} must be an http(s) URL"));
    }
    Ok(value.to_string())
}

pub(crate) fn secret(
    key: &str,
    inline: &Option<String>,
    env: &Option<String>,
) -> Result<Option<String>, String> {
    match (inline, env) {
        (Some(_), Some(_)) => Err(format!("give {key} or {key}_env, not both")),
        (Some(v), None) => Ok(Some(v.clone())),
        (None, Some(var)) => std::env::var(var)
            .map(Some)
            .map_err(|_| format!("{key}_env: the environment variable {var} is not set")),
        (None, None) => Ok(None),
    }
}
