//! The `baton` binary as an owner runs it: real processes, the shipped example files.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn baton(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn classify_the_example_file_in_order() {
    let input = std::fs::read_to_string(examples().join("messages.jsonl")).unwrap();
    let out = baton(&["triage", "classify"], &input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5", "6", "7", "8"]);

    let escalate: Vec<bool> = lines
        .iter()
        .map(|l| l["escalate"].as_bool().unwrap())
        .collect();
    assert_eq!(escalate, [false, true, false, true, true, true, true, true]);

    assert_eq!(lines[1]["triggers"][0], "human_request");
    assert_eq!(lines[1]["route"], "support");
    assert!(lines[1]["reasons"][0]["signal"]
        .as_str()
        .unwrap()
        .contains("person"));
    assert_eq!(lines[0]["route"], Value::Null);
    assert!(lines[3]["triggers"]
        .as_array()
        .unwrap()
        .contains(&"frustration".into()));
    assert_eq!(lines[4]["route"], "billing");
    assert_eq!(lines[4]["extracted"]["orders"][0], "4471");
    assert_eq!(lines[4]["extracted"]["emails"][0], "maria@example.com");
    assert_eq!(lines[6]["route"], "sales");
    assert_eq!(lines[7]["triggers"][0], "human_request");
}

#[test]
fn a_malformed_line_is_named_and_the_rest_still_classified() {
    let input = "{\"id\": 1, \"text\": \"hello\"}\n{\"id\": 2, \"text\": \n\n{\"id\": 3, \"text\": \"real person please\"}\n{\"id\": 4}\n";
    let out = baton(&["triage", "classify"], input);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2:"), "{stderr}");
    assert!(stderr.contains("line 5: missing field `text`"), "{stderr}");
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(lines[1]["id"], 3);
    assert_eq!(lines[1]["escalate"], true);
}

#[test]
fn an_invalid_config_stops_with_a_precise_message() {
    // Removed when the test ends, passed or failed.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join("bad.toml");
    std::fs::write(&path, "[thresholds]\nfrustration = 0\n").unwrap();
    let out = baton(
        &["triage", "classify", "--config", path.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.toml: threshold frustration is 0"),
        "{stderr}"
    );

    let out = baton(
        &["triage", "classify", "--config", "/nonexistent/rules.toml"],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/rules.toml"));
}

#[test]
fn owner_rules_change_the_verdict() {
    let input = "{\"id\": \"a\", \"text\": \"I need to cancel my appointment on friday\"}\n";
    let default = json_lines(&baton(&["triage", "classify"], input));
    assert_eq!(default[0]["escalate"], true);
    let strict = examples().join("strict.toml");
    let strict = json_lines(&baton(
        &["triage", "classify", "--config", strict.to_str().unwrap()],
        input,
    ));
    assert_eq!(strict[0]["escalate"], false);
}

#[test]
fn replay_reports_where_and_why_each_conversation_escalates() {
    let path = examples().join("transcripts.jsonl");
    let out = baton(&["triage", "replay", path.to_str().unwrap(), "--json"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    let by_id = |id: &str| lines.iter().find(|l| l["id"] == id).unwrap().clone();

    assert_eq!(by_id("hours")["escalate"], false);
    let norway = by_id("norway");
    assert_eq!(
        (norway["at"].as_u64(), norway["trigger"].as_str()),
        (Some(4), Some("repeated_failure"))
    );
    assert_eq!(norway["handed_off_at"], 5);
    assert_eq!(by_id("late-delivery")["trigger"], "frustration");
    assert_eq!(by_id("refund")["trigger"], "high_risk");
    assert_eq!(by_id("refund")["at"], 1);
    assert_eq!(by_id("person")["trigger"], "human_request");
    assert_eq!(by_id("person")["at"], 3);
    assert_eq!(by_id("warm-lead")["trigger"], "post_capture");
    assert_eq!(by_id("warm-lead")["at"], 5);
    assert_eq!(by_id("boiler")["trigger"], "out_of_scope");

    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(summary["conversations"], 7);
    assert_eq!(summary["escalated"], 6);
    assert_eq!(summary["handed_off"], 3);
    assert_eq!(summary["handoffs_caught"], 3);
    let human = summary["by_trigger"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["trigger"] == "human_request")
        .unwrap();
    assert_eq!(human["count"], 1);
}

#[test]
fn replay_compares_two_rule_sets_in_a_table() {
    let path = examples().join("transcripts.jsonl");
    let strict = examples().join("strict.toml");
    let out = baton(
        &[
            "triage",
            "replay",
            path.to_str().unwrap(),
            "--compare",
            strict.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("defaults: 7 conversations, 6 would escalate (85.7%)"),
        "{text}"
    );
    assert!(text.contains("changed between defaults and"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("norway") && l.contains("repeated_failure")),
        "{text}"
    );
}

#[test]
fn replay_names_a_bad_transcript_line_and_keeps_the_others() {
    // Removed when the test ends, passed or failed.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join("t.jsonl");
    std::fs::write(
        &path,
        "{\"id\": 1, \"messages\": [{\"role\": \"visitor\", \"text\": \"agent please\"}]}\n{\"id\": 2, \"messages\": [{\"role\": \"robot\", \"text\": \"x\"}]}\n",
    )
    .unwrap();
    let out = baton(&["triage", "replay", path.to_str().unwrap(), "--json"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2: unknown variant `robot`"));
    let lines = json_lines(&out);
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(lines[0]["escalate"], true);
}

/// The hub's site file works as the rules, as `baton serve` reads them: its only site by
/// default, a named one with `--site`, and an unknown key is told which exist.
#[test]
fn classify_with_the_site_file_uses_that_sites_rules() {
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo/baton.toml");
    let demo = demo.to_str().unwrap();
    let line = r#"{"id": "1", "text": "I want to speak to a real person"}"#;
    for args in [
        vec!["triage", "classify", "--config", demo],
        vec!["triage", "classify", "--config", demo, "--site", "demo"],
    ] {
        let out = baton(&args, line);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v = json_lines(&out);
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0]["escalate"], true, "{v:?}");
    }
    let out = baton(
        &["triage", "classify", "--config", demo, "--site", "nope"],
        line,
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no site \"nope\"") && err.contains("demo"),
        "{err}"
    );
}

#[test]
fn an_owner_teaches_the_scorer_their_visitors_words_and_replay_shows_the_difference() {
    // The shop's visitors say "gutted" and "faff" when they are upset; the built-in scorer
    // has not learned those words.
    let dir = tempfile::tempdir().unwrap();
    let mut own = String::new();
    for (text, angry) in [
        ("absolute faff, gutted", true),
        ("what a faff this order is", true),
        ("gutted, the parcel is a faff", true),
        ("faff again, I am gutted", true),
        ("where is my parcel", false),
        ("do you deliver on saturday", false),
        ("can I change my address", false),
        ("is the blue tent in stock", false),
    ] {
        for _ in 0..3 {
            own.push_str(&serde_json::json!({"text": text, "frustration": angry}).to_string());
            own.push('\n');
        }
    }
    let lines = dir.path().join("own.jsonl");
    std::fs::write(&lines, own).unwrap();
    let rules = dir.path().join("taught.toml");
    let out = baton(
        &[
            "triage",
            "train",
            "--no-datasets",
            "--add",
            lines.to_str().unwrap(),
            "--out",
            rules.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_to_string(&rules)
        .unwrap()
        .contains("model = \""));
    let input = "{\"id\": \"a\", \"text\": \"faff again, gutted\"}\n{\"id\": \"b\", \"text\": \"do you deliver to leeds\"}\n";
    let before = json_lines(&baton(&["triage", "classify"], input));
    let after = json_lines(&baton(
        &["triage", "classify", "--config", rules.to_str().unwrap()],
        input,
    ));
    assert_eq!(before[0]["escalate"], false, "{:?}", before[0]);
    assert_eq!(after[0]["escalate"], true, "{:?}", after[0]);
    assert!(
        after[0]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["signal"].as_str().unwrap().starts_with("learned words")),
        "{:?}",
        after[0]
    );
    assert_eq!(after[1]["escalate"], false, "{:?}", after[1]);
    // A malformed line of their own is named, and nothing is written.
    std::fs::write(&lines, "{\"text\": \"hm\"}\n").unwrap();
    let bad = baton(
        &[
            "triage",
            "train",
            "--no-datasets",
            "--add",
            lines.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("line 1"));
}
