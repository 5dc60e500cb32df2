//! Table tests: the escalation matrix (the documented example, as in demo/baton.toml),
//! configuration errors, and the injection rules of each channel.

use std::path::Path;

use chrono::{TimeZone, Utc};
use hub::config::HubConfig;
use hub::notify::config::{validate, NotifyFile, Urgency, When};
use hub::notify::email::header_text;
use hub::notify::matrix::{select, when_at, Facts};
use hub::notify::message::{sample, Line};
use hub::notify::{slack, webhook, whatsapp};

fn demo() -> HubConfig {
    HubConfig::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/baton.toml"))
        .expect("demo config")
}

// ---------------------------------------------------------------- MATRIX

#[test]
fn the_documented_matrix_picks_the_documented_channels() {
    let config = demo();
    let site = config.site("demo").expect("demo");
    let london = |y, m, d, h| {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .expect("date")
    };
    // Wednesday 4 March 2026 12:00 London: open. 21:00: closed. Sunday 8 March 12:00: weekend.
    let (open, night, sunday) = (
        london(2026, 3, 4, 12),
        london(2026, 3, 4, 21),
        london(2026, 3, 8, 12),
    );
    assert_eq!(when_at(&site.hours, open), [When::InHours]);
    assert_eq!(when_at(&site.hours, night), [When::AfterHours]);
    assert_eq!(
        when_at(&site.hours, sunday),
        [When::AfterHours, When::Weekend]
    );
    // Saturday 10:00-14:00 is open, and still the weekend.
    assert_eq!(
        when_at(&site.hours, london(2026, 3, 7, 11)),
        [When::InHours, When::Weekend]
    );

    let t = |urgency, triggers: &[&str], at| {
        let when = when_at(&site.hours, at);
        select(
            &site.notify,
            &Facts {
                urgency,
                triggers,
                route: "support",
                when: &when,
            },
        )
    };
    // What happened, its urgency and triggers, when, and the channels that must be chosen.
    type Case<'a> = (
        &'a str,
        Urgency,
        &'a [&'a str],
        chrono::DateTime<Utc>,
        &'a [&'a str],
    );
    #[rustfmt::skip]
    let cases: &[Case] = &[
        ("urgent in hours",       Urgency::Urgent,   &["human_request", "frustration"], open,   &["team-slack", "oncall-whatsapp"]),
        ("high risk in hours",    Urgency::Urgent,   &["high_risk"],                    open,   &["team-slack", "oncall-whatsapp"]),
        ("standard in hours",     Urgency::Standard, &["out_of_scope"],                 open,   &["team-email", "team-slack"]),
        ("plain request, hours",  Urgency::High,     &["human_request"],                open,   &["team-email", "team-slack"]),
        ("after hours",           Urgency::Urgent,   &["high_risk"],                    night,  &["team-email", "team-slack"]),
        ("after hours standard",  Urgency::Standard, &["out_of_scope"],                 night,  &["team-email", "team-slack"]),
        ("weekend",               Urgency::Standard, &["out_of_scope"],                 sunday, &["oncall-whatsapp", "team-email"]),
        ("weekend urgent",        Urgency::Urgent,   &["human_request"],                sunday, &["oncall-whatsapp", "team-email"]),
    ];
    for (name, urgency, triggers, at, want) in cases {
        assert_eq!(t(*urgency, triggers, *at), *want, "{name}");
    }
}

fn notify(toml_text: &str) -> Result<hub::notify::Notify, String> {
    let file: NotifyFile = toml::from_str(toml_text).map_err(|e| e.to_string())?;
    validate(&file, &["support", "billing"])
}

const CHANNELS: &str = r#"
[[channels]]
name = "a"
kind = "slack"
webhook_url = "http://127.0.0.1:9/a"
[[channels]]
name = "b"
kind = "slack"
webhook_url = "http://127.0.0.1:9/b"
"#;

#[test]
fn rules_match_on_every_key_given_and_the_first_match_wins() {
    let n = notify(&format!(
        "{CHANNELS}
[[rules]]
triggers = [\"high_risk\"]
routes = [\"billing\"]
channels = [\"a\", \"a\", \"b\"]
[[rules]]
routes = [\"support\"]
channels = [\"b\"]"
    ))
    .expect("valid");
    let f = |triggers: &'static [&'static str], route: &'static str| Facts {
        urgency: Urgency::Standard,
        triggers,
        route,
        when: &[When::InHours],
    };
    assert_eq!(
        select(&n, &f(&["high_risk"], "billing")),
        ["a", "b"],
        "each channel once"
    );
    assert_eq!(select(&n, &f(&["high_risk"], "support")), ["b"]);
    assert!(
        select(&n, &f(&["out_of_scope"], "billing")).is_empty(),
        "no rule, nobody"
    );
}

#[test]
fn configuration_errors_name_the_problem() {
    #[rustfmt::skip]
    let cases: &[(&str, &str)] = &[
        ("[[rules]]\nchannels = [\"zz\"]", "channel \"zz\" is not one of"),
        ("[[rules]]\nurgency = [\"panic\"]\nchannels = [\"a\"]", "urgency \"panic\""),
        ("[[rules]]\nwhen = [\"lunch\"]\nchannels = [\"a\"]", "when \"lunch\""),
        ("[[rules]]\ntriggers = [\"angry\"]\nchannels = [\"a\"]", "\"angry\" is not a trigger"),
        ("[[rules]]\nroutes = [\"sales\"]\nchannels = [\"a\"]", "route \"sales\""),
        ("[[rules]]\nchannels = []", "channels is empty"),
        ("[[channels]]\nname = \"a\"\nkind = \"slack\"\nwebhook_url = \"http://x.example/\"", "configured twice"),
        ("[[channels]]\nname = \"w\"\nkind = \"webhook\"\nurl = \"http://x.example/\"\nsecret = \"short\"", "at least 16"),
        ("[[channels]]\nname = \"w\"\nkind = \"webhook\"\nurl = \"ftp://x.example/\"\nsecret = \"0123456789abcdef\"", "must be an http(s) URL"),
        ("[[channels]]\nname = \"w\"\nkind = \"webhook\"\nurl = \"http://x.example/\"\nsecret_env = \"BATON_TEST_UNSET_VARIABLE\"", "BATON_TEST_UNSET_VARIABLE is not set"),
        ("[[channels]]\nname = \"e\"\nkind = \"email\"\nhost = \"h\"\nfrom = \"a@b.example\\r\\nBcc: c@d.example\"\nto = [\"x@y.example\"]", "from"),
        ("[[channels]]\nname = \"e\"\nkind = \"email\"\nhost = \"h\"\nsecurity = \"ssl\"\nfrom = \"a@b.example\"\nto = [\"x@y.example\"]", "security \"ssl\""),
        ("[[channels]]\nname = \"e\"\nkind = \"email\"\nhost = \"h\"\nusername = \"u\"\nfrom = \"a@b.example\"\nto = [\"x@y.example\"]", "go together"),
        ("[[channels]]\nname = \"p\"\nkind = \"whatsapp\"\nphone_number_id = \"1/../2\"\ntoken = \"t\"\nto = \"+447700900456\"", "phone_number_id"),
        ("[[channels]]\nname = \"p\"\nkind = \"whatsapp\"\nphone_number_id = \"1\"\ntoken = \"t\"\nto = \"+447700900456\"\nmode = \"template\"", "needs a template"),
        ("[[channels]]\nname = \"s p\"\nkind = \"slack\"\nwebhook_url = \"http://x.example/\"", "names may only hold"),
        ("[[channels]]\nname = \"x\"\nkind = \"pager\"", "unknown variant"),
        ("[[channels]]\nname = \"x\"\nkind = \"slack\"\nwebhook_url = \"http://x.example/\"\nchannel = \"#general\"", "unknown field"),
    ];
    for (extra, want) in cases {
        let err = notify(&format!("{CHANNELS}\n{extra}")).expect_err(extra);
        assert!(err.contains(want), "{extra}\n→ {err}\n(wanted {want:?})");
    }
}

// ---------------------------------------------------------------- SLACK

#[test]
fn slack_escaping_defuses_mentions_and_links() {
    #[rustfmt::skip]
    let cases: &[(&str, &str)] = &[
        ("a & b",                      "a &amp; b"),
        ("<!channel>",                 "&lt;!channel&gt;"),
        ("<!here|here>",               "&lt;!here|here&gt;"),
        ("<@U123>",                    "&lt;@\u{2060}U123&gt;"),
        ("<#C123|general>",            "&lt;#C123|general&gt;"),
        ("<http://evil.example|bank>", "&lt;http://evil.example|bank&gt;"),
        ("@here @channel @everyone",   "@\u{2060}here @\u{2060}channel @\u{2060}everyone"),
        ("(@here) \"@channel",         "(@\u{2060}here) \"@\u{2060}channel"),
        ("maria.lopez+shop@example.com", "maria.lopez+shop@example.com"),
        ("&lt; already",               "&amp;lt; already"),
        ("bell\u{7}tab\t",             "bell tab "),
        ("two\nlines",                 "two\nlines"),
    ];
    for (input, want) in cases {
        assert_eq!(slack::escape(input), *want, "{input:?}");
    }
}

#[test]
fn no_visitor_text_reaches_slack_unescaped() {
    let mut n = sample(
        "shop",
        "Shop <!here>",
        "Billing",
        "billing",
        None,
        chrono_tz::UTC,
    );
    for evil in [
        "<!channel>",
        "<@U123> hi",
        "<http://evil.example|click>",
        "@here",
        "*bold* `code`",
    ] {
        n.transcript.push(Line {
            author: "visitor".into(),
            text: evil.into(),
        });
        n.contact.insert("name".into(), evil.into());
    }
    let v = slack::payload(&n);
    let text = v.to_string();
    for bad in [
        "<!channel>",
        "<@U123>",
        "<http://evil.example",
        "@here",
        "<!here>",
    ] {
        assert!(!text.contains(bad), "{bad} in {text}");
    }
    assert!(
        !v["text"].as_str().expect("fallback").contains("click"),
        "the fallback text has no visitor words"
    );
    // Without an absolute console URL there is no button; the path is shown as text.
    assert!(v["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .all(|b| b["type"] != "actions"));
}

// ---------------------------------------------------------------- EMAIL

#[test]
fn email_header_text_has_no_line_breaks() {
    #[rustfmt::skip]
    let cases: &[(&str, &str)] = &[
        ("Maria",                              "Maria"),
        ("Eve\r\nBcc: victim@example.com",     "Eve Bcc: victim@example.com"),
        ("a\rb\nc\u{0}d\u{1b}e",               "a b c d e"),
        ("  lots   of\t\tspace  ",             "lots of space"),
        ("Zoë — “quoted”",                     "Zoë — “quoted”"),
    ];
    for (input, want) in cases {
        assert_eq!(header_text(input, 200), *want, "{input:?}");
    }
    assert_eq!(header_text(&"x".repeat(300), 10).chars().count(), 10);
}

#[test]
fn an_email_subject_built_from_visitor_data_is_one_line() {
    let mut n = sample("shop", "Shop", "Billing", "billing", None, chrono_tz::UTC);
    n.contact.insert(
        "name".into(),
        "Eve\r\nBcc: victim@example.com\r\n\r\nbody".into(),
    );
    n.contact.insert(
        "email".into(),
        "eve@example.com\r\nBcc: x@example.com".into(),
    );
    let subject = hub::notify::email::subject(&n);
    assert!(
        !subject.contains('\r') && !subject.contains('\n'),
        "{subject:?}"
    );
    let from: lettre::message::Mailbox = "baton@shop.example".parse().expect("from");
    let to: lettre::message::Mailbox = "team@shop.example".parse().expect("to");
    let message = hub::notify::email::message(&from, &[to], &n, "k:email").expect("message");
    let raw = String::from_utf8(message.formatted()).expect("utf-8");
    let headers = raw.split("\r\n\r\n").next().expect("headers");
    assert!(
        !headers
            .lines()
            .any(|l| l.to_ascii_lowercase().starts_with("bcc")),
        "{headers}"
    );
    // The malformed address is not used as Reply-To.
    assert!(
        !headers.to_ascii_lowercase().contains("reply-to"),
        "{headers}"
    );
}

// ---------------------------------------------------------------- WHATSAPP, WEBHOOK

#[test]
fn whatsapp_template_parameters_follow_the_cloud_api_rules() {
    #[rustfmt::skip]
    let cases: &[(&str, &str)] = &[
        ("plain",                   "plain"),
        ("two\nlines\tand tab",     "two lines and tab"),
        ("many        spaces",      "many spaces"),
        ("",                        "-"),
        ("\n\n",                    "-"),
        ("\"},\"to\":\"999\"",      "\"},\"to\":\"999\""),
    ];
    for (input, want) in cases {
        assert_eq!(whatsapp::param(input, 100), *want, "{input:?}");
    }
}

#[test]
fn json_bodies_keep_visitor_text_inside_its_strings() {
    let evil = "\"}],\"to\":\"15550000000\",\"x\":{\"a\":\"";
    let mut n = sample("shop", "Shop", "Billing", "billing", None, chrono_tz::UTC);
    n.transcript.push(Line {
        author: "visitor".into(),
        text: evil.into(),
    });
    n.contact.insert("name".into(), evil.into());
    let text = whatsapp::text_payload("447700900456", &n, "k");
    let template = whatsapp::template_payload("447700900456", "t", "en", &n, "k");
    let hook = webhook::payload(&n, "k");
    for v in [&text, &template, &hook] {
        let round: serde_json::Value = serde_json::from_str(&v.to_string()).expect("valid JSON");
        assert_eq!(&round, v);
    }
    assert_eq!(text["to"], "447700900456");
    assert_eq!(template["to"], "447700900456");
    assert!(text.get("x").is_none() && hook.get("to").is_none());
    assert_eq!(hook["contact"]["name"], evil);
}

#[test]
fn webhook_signatures_cover_the_timestamp_and_body() {
    let a = webhook::signature("0123456789abcdef", 1_772_625_600, b"{\"a\":1}");
    assert!(a.starts_with("sha256=") && a.len() == 7 + 64, "{a}");
    assert_ne!(
        a,
        webhook::signature("0123456789abcdef", 1_772_625_601, b"{\"a\":1}")
    );
    assert_ne!(
        a,
        webhook::signature("0123456789abcdef", 1_772_625_600, b"{\"a\":2}")
    );
    assert_ne!(
        a,
        webhook::signature("0123456789abcdeF", 1_772_625_600, b"{\"a\":1}")
    );
    // The signed string is "{timestamp}.{body}", checked against an independent HMAC.
    assert_eq!(
        webhook::signature("key", 0, b"The quick brown fox jumps over the lazy dog"),
        format!(
            "sha256={}",
            hex_hmac(b"key", b"0.The quick brown fox jumps over the lazy dog")
        )
    );
}

fn hex_hmac(key: &[u8], data: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).expect("key");
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}
