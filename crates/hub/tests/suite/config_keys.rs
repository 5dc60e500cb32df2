//! A site file with a key the hub does not know is refused, never silently ignored: the
//! message names the site, the table, the line and the key, in every part of the file
//! (the site itself, its theme, hours, teams, bot, notifications and triage rules).

use std::path::{Path, PathBuf};

use hub::config::HubConfig;

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo")
}

fn demo() -> String {
    std::fs::read_to_string(demo_dir().join("baton.toml")).expect("demo/baton.toml")
}

/// The demo file with `line` added right after the line `after`; the error it gives.
fn error_with(after: &str, line: &str) -> String {
    let text = demo();
    let at = text
        .find(after)
        .unwrap_or_else(|| panic!("demo/baton.toml has no line {after:?}"))
        + after.len();
    let edited = format!("{}\n{line}{}", &text[..at], &text[at..]);
    match HubConfig::parse(&edited, &demo_dir()) {
        Ok(_) => panic!("{line:?} after {after:?} was accepted"),
        Err(e) => e.to_string(),
    }
}

/// The 1-based line [`error_with`] puts its line on.
fn line_after(after: &str) -> usize {
    let text = demo();
    let at = text.find(after).unwrap() + after.len();
    text[..at].matches('\n').count() + 2
}

#[test]
fn the_demo_file_has_no_unknown_key() {
    HubConfig::parse(&demo(), &demo_dir()).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_misspelt_key_is_refused_with_the_site_table_line_and_key() {
    let cases = [
        (
            "launcher_label = \"Chat with us\"",
            "logo = \"brand.svg\"",
            "[sites.theme]",
            "`logo`",
        ),
        (
            "launcher_label = \"Chat with us\"",
            "acent = \"#fff\"",
            "[sites.theme]",
            "`acent`",
        ),
        (
            "timezone = \"Europe/London\"",
            "holiday = [\"2026-12-24\"]",
            "[sites.hours]",
            "`holiday`",
        ),
        (
            "tue = [\"09:00-17:30\"]",
            "tues = [\"09:00-17:30\"]",
            "[sites.hours.weekly]",
            "`tues`",
        ),
        (
            "name = \"Billing\"",
            "email = \"billing@example.com\"",
            "[[sites.teams]]",
            "`email`",
        ),
        (
            "threshold = 0.45",
            "treshold = 0.5",
            "[sites.bot]",
            "`treshold`",
        ),
        (
            "console_url = \"http://127.0.0.1:8787\"",
            "digest_at = \"09:00\"",
            "[sites.notify]",
            "`digest_at`",
        ),
        (
            "webhook_url = \"http://127.0.0.1:8788/slack\"",
            "chanel = \"#support\"",
            "[[sites.notify.channels]]",
            "`chanel`",
        ),
        (
            "channels = [\"team-slack\", \"oncall-whatsapp\"]",
            "urgent = true",
            "[[sites.notify.rules]]",
            "`urgent`",
        ),
        (
            "human_phrases = [\"speak to the shop\", \"talk to someone in store\"]",
            "human_phrase = [\"x\"]",
            "[sites.triage]",
            "`human_phrase`",
        ),
        (
            "post_capture = \"sales\"",
            "refunds = \"billing\"",
            "[sites.triage.routes]",
            "`refunds`",
        ),
        (
            "whatsapp = \"+44 7700 900123\"",
            "whatsap = \"+44 7700 900123\"",
            "[[sites]]",
            "`whatsap`",
        ),
    ];
    for (after, line, table, key) in cases {
        let e = error_with(after, line);
        let want = format!(
            "site \"demo\", {table}, line {}: unknown field {key}",
            line_after(after)
        );
        assert!(
            e.starts_with(&want),
            "{line:?}:\n  got  {e}\n  want {want}…"
        );
    }
}

#[test]
fn the_second_site_is_named_by_its_key() {
    let second = demo()
        .replacen("key = \"demo\"", "key = \"shop\"", 1)
        .replace("[sites.theme]", "[sites.theme]\nlogo = \"brand.svg\"");
    let text = format!("{}\n{second}", demo());
    let e = HubConfig::parse(&text, &demo_dir())
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("site \"shop\", [sites.theme], line "), "{e}");
    assert!(e.contains("unknown field `logo`"), "{e}");
}

#[test]
fn a_launcher_icon_the_hub_does_not_have_is_refused_with_the_ones_it_has() {
    let text = demo().replace("icon = \"dots\"", "icon = \"rocket\"");
    assert!(
        text.contains("\"rocket\""),
        "demo/baton.toml has no icon line"
    );
    let e = HubConfig::parse(&text, &demo_dir())
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("icon \"rocket\" is not one of chat, dots, mail"),
        "{e}"
    );
}
