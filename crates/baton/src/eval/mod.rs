//! `baton triage eval`: the engine, with its default configuration and every built-in pack,
//! over public labelled text kept outside the repository (`../shared/datasets/`). Prints, per
//! source and per trigger, precision / recall / F1, the false-handoff rate on routine text
//! and confusion examples, each source labelled TUNE (rules may be changed after reading its
//! misses) or VALIDATE (only counted). The split is written down in `docs/triage-eval.md`.

pub mod data;
pub mod metrics;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{json, Map, Value};
use triage::{Engine, Trigger, Verdict};

use data::{Example, Phase};
use metrics::{Cell, Outcome, Tally, TRIGGERS};

/// The intents the refund / return / exchange / cancel target pools.
pub const MONEY_BACK: [&str; 4] = ["refund", "return", "exchange", "cancel"];

#[derive(clap::Args)]
pub struct EvalArgs {
    /// The datasets folder (one folder per source, as described in its README).
    #[arg(long, value_name = "DIR", default_value = "../shared/datasets")]
    datasets: PathBuf,
    /// Which rows to run: the tuning split, the validation split, or both.
    #[arg(long, value_enum, default_value = "all")]
    split: Split,
    /// Write one JSON document instead of tables.
    #[arg(long)]
    json: bool,
    /// TUNE rows only: keep and print up to N confusion examples per cell, to read the
    /// misses while tuning. VALIDATE rows keep the default few, so they are never read in
    /// bulk.
    #[arg(long, value_name = "N", default_value_t = 0)]
    misses: usize,
    /// The rules alone, without the packs' learned frustration scorer: what it adds.
    #[arg(long)]
    no_model: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Split {
    Tune,
    Validate,
    All,
}

/// One source in one phase, with its counts.
pub struct Part {
    pub source: &'static str,
    /// The part of the source (XED: the language), or empty.
    pub group: String,
    pub phase: Phase,
    pub tally: Tally,
}

impl Part {
    /// The source, with its part when it has one: `xed_multilingual_emotion (es)`.
    pub fn name(&self) -> String {
        if self.group.is_empty() {
            self.source.to_string()
        } else {
            format!("{} ({})", self.source, self.group)
        }
    }
}

pub fn run(args: EvalArgs, out: &mut impl Write) -> io::Result<()> {
    let dir = &args.datasets;
    if !dir.is_dir() {
        let message = format!(
            "no datasets at {} (pass --datasets DIR; the sources are described in docs/triage-eval.md)",
            dir.display()
        );
        if args.json {
            serde_json::to_writer(&mut *out, &json!({ "skipped": message }))
                .map_err(io::Error::other)?;
            return writeln!(out);
        }
        return writeln!(out, "triage eval skipped: {message}");
    }
    let wanted: &[Phase] = match args.split {
        Split::Tune => &[Phase::Tune],
        Split::Validate => &[Phase::Validate],
        Split::All => &[Phase::Validate, Phase::Tune],
    };
    let config = triage::Config {
        // An empty model of the site's own replaces the packs' learned ones.
        model: args.no_model.then(String::new),
        ..triage::Config::default()
    };
    let engine = Engine::new(config).map_err(io::Error::other)?;
    let started = Instant::now();
    let (parts, notes, messages) = evaluate(&engine, dir, wanted, args.misses);
    let elapsed = started.elapsed();
    if args.json {
        let doc = json!({
            "datasets": dir.display().to_string(),
            "notes": notes,
            "sources": parts.iter().map(part_json).collect::<Vec<_>>(),
            "summary": wanted.iter().map(|&p| (p.name().to_lowercase(), tally_json(&pooled(&parts, p)))).collect::<Map<_, _>>(),
        });
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
        return writeln!(out);
    }
    writeln!(
        out,
        "triage eval: default configuration{}, every built-in pack; datasets at {}",
        if args.no_model {
            " without the learned scorer"
        } else {
            ""
        },
        dir.display()
    )?;
    writeln!(out, "TUNE rows may be read to change the rules; VALIDATE rows are only counted (docs/triage-eval.md).")?;
    for note in &notes {
        writeln!(out, "note: {note}")?;
    }
    for part in &parts {
        print_part(out, part)?;
    }
    for &phase in wanted {
        print_summary(out, phase, &pooled(&parts, phase))?;
    }
    writeln!(
        out,
        "\n{messages} messages in {:.2} s",
        elapsed.as_secs_f64()
    )
}

/// Reads every source and runs the engine over the wanted phases. Returns the parts
/// (validation first), notes on sources that could not be read, and the message count.
/// `misses`: confusion examples kept per cell on TUNE rows (0: the default).
pub fn evaluate(
    engine: &Engine,
    dir: &Path,
    wanted: &[Phase],
    misses: usize,
) -> (Vec<Part>, Vec<String>, usize) {
    let mut parts = Vec::new();
    let mut notes = Vec::new();
    let mut messages = 0;
    for source in data::SOURCES {
        let rows = match data::load(dir, source, wanted) {
            Ok(rows) => rows,
            Err(e) => {
                notes.push(format!("{source}: skipped ({e})"));
                continue;
            }
        };
        let mut groups: Vec<&str> = Vec::new();
        for r in &rows {
            if !groups.contains(&r.group.as_str()) {
                groups.push(&r.group);
            }
        }
        for &phase in wanted {
            for &group in &groups {
                let mut tally = Tally::default();
                if phase == Phase::Tune {
                    tally.cap = misses;
                }
                for ex in rows.iter().filter(|r| r.phase == phase && r.group == group) {
                    let verdict = engine.classify(&ex.text);
                    tally.add(&ex.labels, outcome(&verdict), || describe(ex, &verdict));
                    messages += 1;
                }
                if tally.rows > 0 {
                    parts.push(Part {
                        source,
                        group: group.to_string(),
                        phase,
                        tally,
                    });
                }
            }
        }
    }
    parts.sort_by_key(|p| p.phase == Phase::Tune);
    (parts, notes, messages)
}

fn outcome(v: &Verdict) -> Outcome {
    Outcome {
        fired: [
            v.fired(Trigger::HumanRequest),
            v.fired(Trigger::Frustration),
            v.fired(Trigger::HighRisk),
        ],
        escalate: v.decision.is_escalate(),
    }
}

fn describe(ex: &Example, v: &Verdict) -> String {
    let mut text: String = ex.text.chars().take(120).collect();
    if text.len() < ex.text.len() {
        text.push('…');
    }
    let mut s = format!("{text:?} [{}]", ex.source_labels);
    if !v.reasons.is_empty() {
        s.push_str(" →");
        for r in v.reasons.iter().take(3) {
            s.push_str(&format!(" {}: {};", r.trigger.as_str(), r.signal));
        }
        s.pop();
    }
    s
}

pub fn pooled(parts: &[Part], phase: Phase) -> Tally {
    let mut all = Tally::default();
    for p in parts.iter().filter(|p| p.phase == phase) {
        all.merge(&p.tally);
    }
    all
}

fn fmt(x: Option<f64>) -> String {
    x.map_or("–".to_string(), |x| format!("{x:.3}"))
}

fn pct(x: Option<f64>) -> String {
    x.map_or("–".to_string(), |x| format!("{:.1} %", x * 100.0))
}

fn print_cells(out: &mut impl Write, t: &Tally, examples: bool) -> io::Result<()> {
    writeln!(
        out,
        "  {:<24} {:>6} {:>6} {:>5} {:>5}  {:>9} {:>7} {:>6}  {:>10}",
        "trigger", "pos", "neg", "tp", "fp", "precision", "recall", "f1", "handed off"
    )?;
    for (name, cell) in TRIGGERS.iter().zip(&t.triggers) {
        if cell.positives + cell.negatives == 0 {
            continue;
        }
        writeln!(
            out,
            "  {:<24} {:>6} {:>6} {:>5} {:>5}  {:>9} {:>7} {:>6}  {:>10}",
            name,
            cell.positives,
            cell.negatives,
            cell.tp,
            cell.fp,
            fmt(cell.precision()),
            fmt(cell.recall()),
            fmt(cell.f1()),
            fmt(metrics::ratio(cell.tp + cell.handed_off, cell.positives))
        )?;
        if *name == "high_risk" {
            for (intent, c) in &t.intents {
                let label = format!("  {intent}");
                let handed = fmt(metrics::ratio(c.tp + c.handed_off, c.positives));
                writeln!(
                    out,
                    "  {label:<24} {:>6} {:>6} {:>5} {:>5}  {:>9} {:>7} {:>6}  {handed:>10}",
                    c.positives,
                    "",
                    c.tp,
                    "",
                    "",
                    fmt(c.recall()),
                    ""
                )?;
            }
        }
    }
    if examples {
        for (name, cell) in TRIGGERS.iter().zip(&t.triggers) {
            // High-risk misses are shown per intent below.
            if *name != "high_risk" || t.intents.is_empty() {
                print_examples(out, "missed", name, &cell.missed, t.cap)?;
            }
            print_examples(out, "false", name, &cell.false_, t.cap)?;
        }
        for (intent, cell) in &t.intents {
            let name = format!("high_risk:{intent}");
            print_examples(out, "missed", &name, &cell.missed, t.cap)?;
        }
    }
    Ok(())
}

fn print_examples(
    out: &mut impl Write,
    kind: &str,
    name: &str,
    list: &[String],
    cap: usize,
) -> io::Result<()> {
    for e in list.iter().take(cap.max(3)) {
        writeln!(out, "    {kind} {name}: {e}")?;
    }
    Ok(())
}

fn print_part(out: &mut impl Write, p: &Part) -> io::Result<()> {
    let t = &p.tally;
    writeln!(out)?;
    writeln!(
        out,
        "{:<8}  {}  {} rows · false handoffs on routine {} ({} of {})",
        p.phase.name(),
        p.name(),
        t.rows,
        pct(t.false_handoff_rate()),
        t.false_handoffs,
        t.routine
    )?;
    print_cells(out, t, true)?;
    for e in t.false_examples.iter().take(t.cap.max(3)) {
        writeln!(out, "    false handoff: {e}")?;
    }
    Ok(())
}

fn print_summary(out: &mut impl Write, phase: Phase, t: &Tally) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{} — all sources pooled: {} rows",
        phase.name(),
        t.rows
    )?;
    print_cells(out, t, false)?;
    let (caught, pos) = t.intents_recall(&MONEY_BACK);
    let h = &t.triggers[0];
    writeln!(
        out,
        "  human / contact requests recall  {} ({} of {})",
        fmt(h.recall()),
        h.tp,
        h.positives
    )?;
    writeln!(
        out,
        "  refund / return / exchange / cancel recall  {} ({caught} of {pos})",
        fmt(metrics::ratio(caught, pos))
    )?;
    writeln!(
        out,
        "  false handoffs on routine  {} ({} of {})",
        pct(t.false_handoff_rate()),
        t.false_handoffs,
        t.routine
    )
}

fn num(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |x| json!((x * 10000.0).round() / 10000.0))
}

fn cell_json(c: &Cell) -> Value {
    json!({
        "positives": c.positives, "negatives": c.negatives, "tp": c.tp, "fp": c.fp,
        "precision": num(c.precision()), "recall": num(c.recall()), "f1": num(c.f1()),
        "handed_off": c.handed_off, "missed": c.missed, "false": c.false_,
    })
}

fn tally_json(t: &Tally) -> Value {
    let (caught, pos) = t.intents_recall(&MONEY_BACK);
    json!({
        "rows": t.rows,
        "routine": t.routine,
        "false_handoffs": t.false_handoffs,
        "false_handoff_rate": num(t.false_handoff_rate()),
        "false_handoff_examples": t.false_examples,
        "triggers": TRIGGERS.iter().zip(&t.triggers).map(|(n, c)| (n.to_string(), cell_json(c))).collect::<Map<_, _>>(),
        "intents": t.intents.iter().map(|(n, c)| (n.clone(), cell_json(c))).collect::<Map<_, _>>(),
        "refund_cancel": { "caught": caught, "positives": pos, "recall": num(metrics::ratio(caught, pos)) },
    })
}

fn part_json(p: &Part) -> Value {
    let mut v = tally_json(&p.tally);
    v["source"] = json!(p.source);
    if !p.group.is_empty() {
        v["group"] = json!(p.group);
    }
    v["phase"] = json!(p.phase.name().to_lowercase());
    v
}
