//! What a site does now, in words, for `baton check`: open or closed by its hours (in the
//! site's zone, holidays honoured), who is online in each team, its bot, where handoffs are
//! notified, which pages may embed it, and in which languages the widget and triage agree.
//! Plain values from a site and an instant, so every
//! sentence is tested with a fixed clock; the command only prints them.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::config::{Bot, Hours, Site};
use crate::hours::{open_state, LOOKAHEAD_DAYS};
use crate::notify::config::{ChannelKind, Notify};
use crate::site::SiteRuntime;

/// Agents online per team, as far as is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Read from the hub's database: team key → agents online (absent: nobody).
    Known(BTreeMap<String, i64>),
    /// Not read, and why ("no --data given", "no database at …").
    Unknown(String),
}

/// One site now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteNow {
    /// The site key.
    pub key: String,
    /// The business's name.
    pub name: String,
    /// "open now until 17:30 (Europe/London)", "closed — opens Monday 7 December at 09:00
    /// (Europe/London)"…
    pub hours: String,
    /// One line per team: "support (Customer Support): 1 agent online".
    pub teams: Vec<String>,
    /// "FAQ assistant: 12 answers from demo/faq.toml, answering when at least 45% sure".
    pub bot: String,
    /// One line per notification channel; empty when none is configured.
    pub channels: Vec<String>,
    /// Which of the escalation matrix's time classes (`in_hours`, `after_hours`, `weekend`)
    /// hold now; `None` without rules.
    pub notify_now: Option<String>,
    /// The origins whose pages may show the chat; "none" when empty.
    pub allowed_origins: String,
    /// What an English-speaking visitor in the site's own zone who asks for a person now is
    /// told: the bridge the widget would say, with the owner's wording where it applies
    /// (nobody online when presence is unknown).
    pub person_request: Option<String>,
    /// The languages both the widget speaks and triage reads, in words.
    pub languages: String,
    /// One warning per mismatch: languages the widget speaks that triage has no pack for,
    /// and languages triage reads that the widget has no words in, each saying what then
    /// works in them.
    pub language_warnings: Vec<String>,
}

/// `site` at `now`, with what is known of who is online.
pub fn site_now(runtime: &SiteRuntime, now: DateTime<Utc>, presence: &Presence) -> SiteNow {
    let site = &runtime.site;
    let faq_answers = match &site.bot {
        Bot::Faq { text, .. } => crate::bot::faq::Faq::parse(text).ok().map(|f| f.len()),
        Bot::Rasa { .. } => None,
    };
    let notify_now = (!site.notify.rules.is_empty()).then(|| {
        let when: Vec<&str> = crate::notify::matrix::when_at(&site.hours, now)
            .iter()
            .map(|w| w.as_str())
            .collect();
        when.join(", ")
    });
    let (languages, language_warnings) = languages_words(&site.triage.languages);
    SiteNow {
        key: site.key.clone(),
        name: site.name.clone(),
        hours: hours_now(&site.hours, now),
        teams: teams_now(site, presence),
        bot: bot_words(&site.bot, faq_answers),
        channels: channels_words(&site.notify),
        notify_now,
        allowed_origins: if site.allowed_origins.is_empty() {
            "none".to_string()
        } else {
            site.allowed_origins.join(", ")
        },
        person_request: Some(person_request(site, now, presence)),
        languages,
        language_warnings,
    }
}

/// The languages the widget speaks (`protocol::bridge::LANGUAGES`) against the packs the
/// site's triage reads: those with both, and a warning for each side's extra languages.
fn languages_words(read: &[triage::Language]) -> (String, Vec<String>) {
    let read: Vec<&str> = read.iter().map(|l| l.code()).collect();
    let ui = protocol::bridge::LANGUAGES;
    let both: Vec<&str> = ui.iter().copied().filter(|c| read.contains(c)).collect();
    let ui_only: Vec<&str> = ui.iter().copied().filter(|c| !read.contains(c)).collect();
    let read_only: Vec<&str> = read.iter().copied().filter(|c| !ui.contains(c)).collect();
    let names = |codes: &[&str]| -> String {
        let names: Vec<String> = codes
            .iter()
            .map(|c| format!("{} ({c})", language_name(c)))
            .collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.join(""),
        }
    };
    let them = |codes: &[&str]| if codes.len() == 1 { "it" } else { "them" };
    let both_words = if both.is_empty() {
        "no language has both the widget's words and triage".to_string()
    } else {
        format!("{}: the widget's words and triage", names(&both))
    };
    let mut warnings = Vec::new();
    if !ui_only.is_empty() {
        let where_words = if read.is_empty() {
            "no language".to_string()
        } else {
            read.join(", ")
        };
        warnings.push(format!(
            "the widget speaks {} but triage reads no words in {}: asking for a person in \
             words (human_request), frustration words and high_risk topics are recognised \
             only in {where_words} and in the site's own [sites.triage] phrases; in {} only the \
             \"Talk to a human\" button, !!! and ???, large amounts, the assistant being \
             unsure (repeated_failure, out_of_scope) and contact details (post_capture) hand \
             over",
            names(&ui_only),
            them(&ui_only),
            ui_only.join(", "),
        ));
    }
    if !read_only.is_empty() {
        warnings.push(format!(
            "triage reads {} but the widget has no words in {}: a visitor whose browser or \
             data-locale asks for {} sees the widget in English, while every trigger still \
             works on what they write",
            names(&read_only),
            them(&read_only),
            read_only.join(", "),
        ));
    }
    (both_words, warnings)
}

/// A language's English name, for `baton check`.
fn language_name(code: &str) -> &'static str {
    match code {
        "en" => "English",
        "es" => "Spanish",
        "pt" => "Portuguese",
        "fr" => "French",
        "de" => "German",
        "it" => "Italian",
        "nl" => "Dutch",
        "hi" => "Hindi",
        "ar" => "Arabic",
        "he" => "Hebrew",
        _ => "another language",
    }
}

/// The bridge for "can I talk to a person?" now, as `protocol::bridge` words it.
fn person_request(site: &Site, now: DateTime<Utc>, presence: &Presence) -> String {
    use protocol::bridge::{bridge, Bridge, Reach, Shared};
    let routes = &site.triage.routes;
    let route = routes.human_request.as_deref().unwrap_or(&routes.default);
    let team = site
        .teams
        .iter()
        .find(|t| t.key == route)
        .map_or(route, |t| t.name.as_str());
    let online = matches!(presence, Presence::Known(p) if p.get(route).copied().unwrap_or(0) > 0);
    let tz = site.hours.timezone;
    let state = open_state(&site.hours, now);
    let reach = if crate::hours::team_available(usize::from(online)) {
        Reach::Online
    } else if state.open {
        Reach::Busy { wait_minutes: None }
    } else {
        Reach::Closed {
            when: state
                .next_open
                .map(|at| moment(tz, now.with_timezone(&tz).date_naive(), at, "today at ")),
        }
    };
    let b = Bridge {
        lang: "en",
        trigger: "human_request",
        team_key: route,
        team,
        reach: &reach,
        shared: &Shared::default(),
    };
    bridge(&b, &site.handoff_messages)
}

/// Open or closed at `now`, in words and the business's zone.
pub fn hours_now(hours: &Hours, now: DateTime<Utc>) -> String {
    let tz = hours.timezone;
    let today = now.with_timezone(&tz).date_naive();
    let state = open_state(hours, now);
    if state.open {
        return match state.closes_at {
            Some(at) => format!("open now until {} ({tz})", moment(tz, today, at, "")),
            None => {
                format!("open now, and without a break for the next {LOOKAHEAD_DAYS} days ({tz})")
            }
        };
    }
    let closed = if hours.holidays.contains(&today) {
        "closed for a holiday today"
    } else {
        "closed"
    };
    match state.next_open {
        Some(at) => format!(
            "{closed} — opens {} ({tz})",
            moment(tz, today, at, "today at ")
        ),
        None => format!("{closed} — no opening hours in the next {LOOKAHEAD_DAYS} days ({tz})"),
    }
}

/// `at` in `tz`: "Monday 7 December at 09:00", or `today` then "09:00" on the same day.
fn moment(tz: Tz, today: NaiveDate, at: DateTime<Utc>, today_words: &str) -> String {
    let local = at.with_timezone(&tz);
    let time = local.format("%H:%M");
    if local.date_naive() == today {
        format!("{today_words}{time}")
    } else {
        format!(
            "{} {} {} at {time}",
            local.format("%A"),
            local.day(),
            local.format("%B")
        )
    }
}

/// One line per team, with how many agents are online when that is known; when it is not,
/// one more line saying why.
fn teams_now(site: &Site, presence: &Presence) -> Vec<String> {
    let mut lines: Vec<String> = site
        .teams
        .iter()
        .map(|team| match presence {
            Presence::Known(online) => {
                let online = match online.get(&team.key).copied().unwrap_or(0).max(0) {
                    0 => "nobody online".to_string(),
                    1 => "1 agent online".to_string(),
                    n => format!("{n} agents online"),
                };
                format!("{} ({}): {online}", team.key, team.name)
            }
            Presence::Unknown(_) => format!("{} ({})", team.key, team.name),
        })
        .collect();
    if let Presence::Unknown(why) = presence {
        lines.push(format!("who is online is unknown: {why}"));
    }
    lines
}

fn bot_words(bot: &Bot, faq_answers: Option<usize>) -> String {
    match bot {
        Bot::Faq {
            path, threshold, ..
        } => {
            let answers = match faq_answers {
                Some(1) => "1 answer".to_string(),
                Some(n) => format!("{n} answers"),
                None => "answers".to_string(),
            };
            format!(
                "FAQ assistant: {answers} from {}, answering when at least {:.0}% sure",
                path.display(),
                threshold * 100.0
            )
        }
        Bot::Rasa { url } => format!("the site's own bot (Rasa REST channel) at {url}"),
    }
}

/// Each channel with where it sends, never its secrets (a Slack webhook's path is one).
fn channels_words(notify: &Notify) -> Vec<String> {
    notify
        .channels
        .iter()
        .map(|c| {
            let to = match &c.kind {
                ChannelKind::Email { host, port, to, .. } => {
                    let to: Vec<String> = to.iter().map(|m| m.email.to_string()).collect();
                    format!("to {} through {host}:{port}", to.join(", "))
                }
                ChannelKind::Slack { webhook_url } => {
                    format!("to a webhook on {}", host_of(webhook_url))
                }
                ChannelKind::Whatsapp { to, .. } => format!("to +{to}"),
                ChannelKind::Webhook { url, .. } => format!("to {}", host_of(url)),
            };
            format!("{} ({}) {to}", c.name, c.kind.label())
        })
        .collect()
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| Some(u.origin().ascii_serialization()).filter(|o| o != "null"))
        .unwrap_or_else(|| "an invalid URL".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONDON: &str = r#"
[[sites]]
key = "shop"
name = "Shop"
allowed_origins = ["https://shop.example", "https://www.shop.example"]
[sites.hours]
timezone = "Europe/London"
holidays = ["2026-12-25", "2026-12-28"]
[sites.hours.weekly]
mon = ["09:00-17:30"]
tue = ["09:00-17:30"]
wed = ["09:00-17:30"]
thu = ["09:00-17:30"]
fri = ["09:00-17:30"]
sat = ["10:00-14:00"]
[[sites.teams]]
key = "support"
name = "Customer Support"
[[sites.teams]]
key = "billing"
name = "Billing"
[[sites.teams]]
key = "sales"
name = "Sales"
[sites.bot]
kind = "rasa"
url = "http://127.0.0.1:5005/webhooks/rest/webhook"
[sites.notify]
[[sites.notify.channels]]
name = "team-slack"
kind = "slack"
webhook_url = "https://hooks.slack.com/services/T000/B000/SECRET"
[[sites.notify.channels]]
name = "team-email"
kind = "email"
host = "smtp.example.com"
from = "baton@shop.example"
to = ["support@shop.example", "owner@shop.example"]
[[sites.notify.rules]]
channels = ["team-slack"]
"#;

    fn shop() -> SiteRuntime {
        let config =
            crate::config::HubConfig::parse(LONDON, std::path::Path::new(".")).expect("config");
        crate::site::build_sites(config).expect("sites").remove(0)
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    }

    fn hours(s: &str) -> String {
        hours_now(&shop().site.hours, at(s))
    }

    #[test]
    fn open_says_until_when_in_the_sites_zone() {
        // Thursday 3 December 2026, 10:00 in London (GMT).
        assert_eq!(
            hours("2026-12-03T10:00:00Z"),
            "open now until 17:30 (Europe/London)"
        );
        // Summer time: 16:00 UTC is 17:00 in London.
        assert_eq!(
            hours("2026-06-10T16:00:00Z"),
            "open now until 17:30 (Europe/London)"
        );
        assert_eq!(
            hours("2026-12-05T11:00:00Z"),
            "open now until 14:00 (Europe/London)"
        );
    }

    #[test]
    fn closed_says_when_it_opens() {
        // Thursday evening: tomorrow, named.
        assert_eq!(
            hours("2026-12-03T18:00:00Z"),
            "closed — opens Friday 4 December at 09:00 (Europe/London)"
        );
        // Saturday after closing: the weekend, then Monday.
        assert_eq!(
            hours("2026-12-05T15:00:00Z"),
            "closed — opens Monday 7 December at 09:00 (Europe/London)"
        );
        // Early on a working day: later today.
        assert_eq!(
            hours("2026-12-07T07:30:00Z"),
            "closed — opens today at 09:00 (Europe/London)"
        );
    }

    #[test]
    fn holidays_are_honoured() {
        // Christmas Day (Friday) and Boxing Day's Saturday are closed; Monday the 28th too.
        assert_eq!(
            hours("2026-12-25T10:00:00Z"),
            "closed for a holiday today — opens Saturday 26 December at 10:00 (Europe/London)"
        );
        assert_eq!(
            hours("2026-12-28T10:00:00Z"),
            "closed for a holiday today — opens Tuesday 29 December at 09:00 (Europe/London)"
        );
    }

    #[test]
    fn teams_say_who_is_online_or_that_it_is_unknown() {
        let online = Presence::Known(BTreeMap::from([
            ("support".to_string(), 2),
            ("billing".to_string(), 1),
        ]));
        let now = site_now(&shop(), at("2026-12-03T10:00:00Z"), &online);
        assert_eq!(
            now.teams,
            [
                "support (Customer Support): 2 agents online",
                "billing (Billing): 1 agent online",
                "sales (Sales): nobody online"
            ]
        );
        let unknown = site_now(
            &shop(),
            at("2026-12-03T10:00:00Z"),
            &Presence::Unknown("no --data given".into()),
        );
        assert_eq!(
            unknown.teams,
            [
                "support (Customer Support)",
                "billing (Billing)",
                "sales (Sales)",
                "who is online is unknown: no --data given"
            ]
        );
    }

    #[test]
    fn the_rest_of_the_site_in_words_without_secrets() {
        let now = site_now(
            &shop(),
            at("2026-12-05T15:00:00Z"),
            &Presence::Unknown("x".into()),
        );
        assert_eq!(now.key, "shop");
        assert_eq!(
            now.bot,
            "the site's own bot (Rasa REST channel) at http://127.0.0.1:5005/webhooks/rest/webhook"
        );
        assert_eq!(
            now.channels,
            [
                "team-slack (slack) to a webhook on https://hooks.slack.com",
                "team-email (email) to support@shop.example, owner@shop.example through smtp.example.com:587"
            ]
        );
        assert!(!now.channels.iter().any(|c| c.contains("SECRET")));
        assert_eq!(now.notify_now.as_deref(), Some("after_hours, weekend"));
        assert_eq!(
            now.allowed_origins,
            "https://shop.example, https://www.shop.example"
        );
        assert_eq!(
            now.person_request.as_deref(),
            Some("Our Customer Support team is offline now — they're back Monday 7 December at 09:00 your time. They'll see our conversation, so you won't need to repeat yourself.")
        );
    }

    #[test]
    fn a_visitor_asking_for_a_person_is_told_the_truth_of_the_moment() {
        let told = |t: &str, online: i64| {
            let presence = Presence::Known(BTreeMap::from([("support".to_string(), online)]));
            site_now(&shop(), at(t), &presence).person_request.unwrap()
        };
        assert!(told("2026-12-03T10:00:00Z", 1).ends_with("Customer Support team — one moment. They'll see our conversation, so you won't need to repeat yourself."));
        assert!(told("2026-12-03T10:00:00Z", 0).contains("Nobody is free this minute"));
        assert!(
            told("2026-12-05T15:00:00Z", 1).contains("one moment"),
            "presence wins over the hours"
        );
    }

    #[test]
    fn an_faq_bot_says_how_many_answers_and_how_sure() {
        let bot = Bot::Faq {
            text: String::new(),
            path: "demo/faq.toml".into(),
            threshold: 0.45,
        };
        assert_eq!(
            bot_words(&bot, Some(12)),
            "FAQ assistant: 12 answers from demo/faq.toml, answering when at least 45% sure"
        );
    }
}
