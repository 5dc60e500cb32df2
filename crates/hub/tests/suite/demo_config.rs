//! The demo configuration that ships with Baton loads, and its FAQ answers.

use std::path::Path;

use chrono::{DateTime, Utc, Weekday};
use hub::bot::Assistant;
use hub::config::{Bot, HubConfig};

fn demo_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/baton.toml")
}

#[test]
fn demo_config_loads() {
    let config = HubConfig::load(&demo_path()).unwrap_or_else(|e| panic!("{e}"));
    let site = config.site("demo").expect("site \"demo\"");
    assert_eq!(site.name, "Northwind Outdoor");
    assert_eq!(site.assistant_name, "Ava");
    assert_eq!(site.allowed_origins, ["http://127.0.0.1:8787"]);
    assert_eq!(site.whatsapp.as_deref(), Some("447700900123"));
    let teams: Vec<&str> = site.teams.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(teams, ["support", "billing", "sales"]);
    assert_eq!(site.hours.timezone, chrono_tz::Europe::London);
    assert_eq!(site.hours.on(Weekday::Mon).len(), 1);
    assert_eq!(site.hours.on(Weekday::Sat).len(), 1);
    assert!(site.hours.on(Weekday::Sun).is_empty());
    assert!(site.hours.holidays.len() >= 2);
    assert!(site.disclosure.contains("AI assistant"));
    match &site.bot {
        Bot::Faq {
            threshold, text, ..
        } => {
            assert_eq!(*threshold, 0.45);
            assert!(text.contains("[[entries]]"));
        }
        other => panic!("expected the FAQ bot, got {other:?}"),
    }
}

#[tokio::test]
async fn demo_assistant_answers_from_its_faq() {
    let config = HubConfig::load(&demo_path()).unwrap();
    let site = config.site("demo").unwrap();
    let assistant = Assistant::from_config(&site.bot).unwrap_or_else(|e| panic!("{e}"));
    let reply = assistant.reply("conv", "how much is shipping?", None).await;
    assert!(reply.text.contains("£4.95"), "{reply:?}");
    assert!(reply.confidence.unwrap() > 0.45);
    let reply = assistant.reply("conv", "do you sell kayaks?", None).await;
    assert_eq!(reply.text, hub::bot::NOT_SURE);
    assert!(reply.confidence.unwrap() < 0.45);
}

#[test]
fn demo_hours_are_sensible() {
    let config = HubConfig::load(&demo_path()).unwrap();
    let hours = &config.site("demo").unwrap().hours;
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    // Wednesday 10:00 BST: open until 17:30 BST.
    let s = hub::hours::open_state(hours, at("2026-06-10T09:00:00Z"));
    assert!(s.open);
    assert_eq!(s.closes_at, Some(at("2026-06-10T16:30:00Z")));
    // Christmas Day (Friday) is a holiday; so is Monday the 28th (bank holiday).
    // Saturday the 26th too: back Tuesday 09:00 GMT.
    let s = hub::hours::open_state(hours, at("2026-12-25T12:00:00Z"));
    assert!(!s.open);
    assert_eq!(s.next_open, Some(at("2026-12-29T09:00:00Z")));
}
