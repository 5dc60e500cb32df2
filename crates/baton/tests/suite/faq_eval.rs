//! Floors on the FAQ assistant's figures over the validation splits of the public sets
//! (`docs/faq-format.md`): questions its matching was never tuned on. Runs the real `baton
//! faq eval --split validate --json`; skips, saying why, when the datasets folder is absent.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Floors and ceilings per set, set just beside the figures of the matching as committed:
/// top-1 accuracy (the best entry is the right one), and at the default threshold the
/// share of covered questions answered rightly (so that fewer wrong answers are never
/// bought by answering nothing), answered wrongly, and of uncovered ones answered anyway.
/// Tighten them when the figures improve; never loosen them to let a change through.
const FLOORS: [(&str, f64, f64, f64, f64); 2] = [
    ("ibm_customer_care", 0.62, 0.13, 0.02, 0.012),
    ("clinc150", 0.52, 0.28, 0.092, 0.022),
];

fn eval(dir: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["faq", "eval", "--split", "validate", "--json", "--datasets"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn num(v: &Value) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("expected a number, got {v}"))
}

#[test]
fn faq_missing_datasets_skip_with_a_reason() {
    let v = eval(Path::new("/nonexistent/datasets"));
    assert!(
        v["skipped"]
            .as_str()
            .is_some_and(|s| s.contains("/nonexistent/datasets")),
        "{v}"
    );
}

#[test]
fn faq_validation_figures_stay_within_their_floors() {
    let dir = crate::triage_eval::datasets();
    if !dir.is_dir() {
        println!(
            "skipped: no datasets at {} (set BATON_DATASETS to the folder)",
            dir.display()
        );
        return;
    }
    let v = eval(&dir);
    let mut failed = Vec::new();
    for (set, top1, right, wrong, uncovered) in FLOORS {
        let s = v["splits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["set"] == set && s["split"] == "validate")
            .unwrap_or_else(|| panic!("no validation figures for {set}: {v}"));
        let got = (
            num(&s["top1"]),
            num(&s["right"]),
            num(&s["wrong"]),
            num(&s["uncovered_answered"]),
        );
        println!(
            "{set}: top-1 {:.3} (floor {top1}), right {:.3} (floor {right}), wrong {:.3} (ceiling {wrong}), uncovered answered {:.3} (ceiling {uncovered})",
            got.0, got.1, got.2, got.3
        );
        if got.0 < top1 || got.1 < right || got.2 > wrong || got.3 > uncovered {
            failed.push(set);
        }
    }
    assert!(failed.is_empty(), "below the floors: {failed:?}");
}
