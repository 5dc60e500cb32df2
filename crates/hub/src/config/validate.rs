//! Each site as written checked and turned into the [`Site`] the hub runs: its key, origins,
//! hours, teams and routes, bot, handles, identity secret and bridge wording.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use super::{Bot, BotFile, Hours, HoursFile, Site, SiteFile};

pub(super) fn validate_site(site: SiteFile, base: &Path) -> Result<Site, String> {
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
