//! Floors on the triage engine's figures over the validation split of the public labelled
//! sources (`docs/triage-eval.md`): rows the rules were never tuned on. Runs the real
//! `baton triage eval --split validate --json`; skips, saying why, when the datasets folder
//! is absent (it is kept outside the repository: several licences forbid committing it).

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

/// Floors, set just under the figures of the rules as committed. Raise them when the
/// figures improve; never lower them to let a change through.
const HUMAN_RECALL: f64 = 0.895;
const HUMAN_PRECISION: f64 = 0.80;
const REFUND_CANCEL_RECALL: f64 = 0.86;
const HIGH_RISK_PRECISION: f64 = 0.86;
const HIGH_RISK_RECALL: f64 = 0.68;
/// Ceiling on routine text handed off, pooled over the validation sources.
const FALSE_HANDOFFS: f64 = 0.020;
/// Frustration F1 per source with angry / not angry labels.
const FRUSTRATION_F1: [(&str, f64); 3] = [
    ("goemotions", 0.46),
    ("tweeteval_emotion", 0.815),
    ("twitter_complaints", 0.47),
];

pub fn datasets() -> PathBuf {
    match std::env::var_os("BATON_DATASETS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets"),
    }
}

fn eval(dir: &std::path::Path) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args([
            "triage",
            "eval",
            "--split",
            "validate",
            "--json",
            "--datasets",
        ])
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn num(v: &Value) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("expected a number, got {v}"))
}

#[test]
fn missing_datasets_skip_with_a_reason() {
    let (ok, stdout, stderr) = eval(std::path::Path::new("/nonexistent/datasets"));
    assert!(ok, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        v["skipped"]
            .as_str()
            .unwrap()
            .contains("/nonexistent/datasets"),
        "{stdout}"
    );
}

#[test]
fn validation_figures_stay_above_their_floors() {
    let dir = datasets();
    if !dir.is_dir() {
        println!(
            "skipped: no datasets at {} (set BATON_DATASETS to the folder)",
            dir.display()
        );
        return;
    }
    let (ok, stdout, stderr) = eval(&dir);
    assert!(ok, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert!(v.get("skipped").is_none(), "{stdout}");
    assert!(
        v["notes"].as_array().unwrap().is_empty(),
        "a source could not be read: {}",
        v["notes"]
    );
    let s = &v["summary"]["validate"];
    assert!(
        s.get("rows").is_some_and(|r| num(r) > 10_000.0),
        "too few validation rows: {}",
        s["rows"]
    );
    let human = &s["triggers"]["human_request"];
    let risk = &s["triggers"]["high_risk"];
    let checks = [
        ("human_request recall", num(&human["recall"]), HUMAN_RECALL),
        (
            "human_request precision",
            num(&human["precision"]),
            HUMAN_PRECISION,
        ),
        (
            "refund/cancel recall",
            num(&s["refund_cancel"]["recall"]),
            REFUND_CANCEL_RECALL,
        ),
        (
            "high_risk precision",
            num(&risk["precision"]),
            HIGH_RISK_PRECISION,
        ),
        ("high_risk recall", num(&risk["recall"]), HIGH_RISK_RECALL),
    ];
    let mut failed = Vec::new();
    for (name, got, floor) in checks {
        println!("{name}: {got:.4} (floor {floor})");
        if got < floor {
            failed.push(format!("{name} {got:.4} < {floor}"));
        }
    }
    let rate = num(&s["false_handoff_rate"]);
    println!("false handoffs on routine: {rate:.4} (ceiling {FALSE_HANDOFFS})");
    if rate > FALSE_HANDOFFS {
        failed.push(format!("false handoffs {rate:.4} > {FALSE_HANDOFFS}"));
    }
    for (source, floor) in FRUSTRATION_F1 {
        let part = v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["source"] == source)
            .unwrap_or_else(|| panic!("no {source}"));
        let f1 = num(&part["triggers"]["frustration"]["f1"]);
        println!("frustration F1 on {source}: {f1:.4} (floor {floor})");
        if f1 < floor {
            failed.push(format!("frustration F1 on {source} {f1:.4} < {floor}"));
        }
    }
    assert!(
        failed.is_empty(),
        "below the floors: {failed:?}\n(run `baton triage eval --split validate` for the misses)"
    );
}
