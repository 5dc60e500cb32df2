//! `baton faq eval`: how well the built-in FAQ assistant finds the right answer in real
//! questions, and what its confidence threshold trades (answered wrongly against handed off).
//!
//! Two public sets, read from `--datasets` (never part of the repository):
//!
//! - **IBM customer care** (`ibm_twitter_customer_care_docs/cdp_dev_test.jsonl`): real
//!   customer messages to 25 companies' support accounts, each answered with a help article.
//!   One FAQ per company (one site, one FAQ); one entry per article, whose question and
//!   alternatives are the customers' own messages from the `dev` split that the article
//!   answered (the articles' texts are not in the set). TUNE: every `dev` message against its
//!   company's FAQ built from the other `dev` messages (leave one out). VALIDATE: every
//!   `test` message against the FAQ built from all of `dev`. A message whose article has no
//!   entry should be handed off.
//! - **CLINC150** (`clinc150/clinc150_full.tsv`): one FAQ of 150 intents, each written as an
//!   owner would, with the first five `train` phrasings as its question and alternatives.
//!   TUNE: the `val` split; VALIDATE: the `test` split. Out-of-scope (`oos`) questions should
//!   be handed off.
//!
//! Matching was tuned on TUNE figures only; VALIDATE figures are the ones to quote.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, Subcommand};
use hub::bot::faq::{Faq, FaqEntry};
use serde::Deserialize;

/// The thresholds the trade-off table shows, the assistant's default (0.45) among them.
pub const THRESHOLDS: [f32; 7] = [0.3, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8];
/// Phrasings per CLINC150 intent that become its entry (question + alternatives).
pub const CLINC_PHRASINGS: usize = 5;

#[derive(Subcommand)]
pub enum FaqCommand {
    /// Measure the FAQ assistant on real questions: top-1 accuracy and the threshold trade-off.
    Eval(EvalArgs),
}

#[derive(Args)]
pub struct EvalArgs {
    /// Folder holding the public data sets (see its README.md).
    #[arg(long, value_name = "DIR", default_value = "../shared/datasets/")]
    pub datasets: PathBuf,
    /// Which questions to run: the tuning split, the validation split, or both.
    #[arg(long, value_enum, default_value = "all")]
    pub split: Split,
    /// Write one JSON document (each set and split: top-1 accuracy and what happens at the
    /// assistant's default threshold) instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// The splits `--split` selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Split {
    Tune,
    Validate,
    All,
}

impl Split {
    fn runs(self, label: &str) -> bool {
        match self {
            Split::All => true,
            Split::Tune => label == "TUNE",
            Split::Validate => label == "VALIDATE",
        }
    }
}

/// One set's split: what it is and how each question went.
struct Measured {
    set: &'static str,
    heading: String,
    label: &'static str,
    what: &'static str,
    outcomes: Vec<Outcome>,
}

/// Runs the command; the figures go to stdout, skipped sets are named on stderr.
pub fn run(command: FaqCommand) -> Result<std::process::ExitCode, String> {
    let FaqCommand::Eval(args) = command;
    let started = Instant::now();
    let mut measured = Vec::new();
    let mut any = false;

    let ibm = args
        .datasets
        .join("ibm_twitter_customer_care_docs/cdp_dev_test.jsonl");
    match read(&ibm)? {
        None => eprintln!(
            "baton faq eval: skipping IBM customer care: {} not found",
            ibm.display()
        ),
        Some(text) => {
            any = true;
            let rows = ibm_rows(&text)?;
            let heading = "IBM customer care — one FAQ per company, one entry per help article, from the dev split".to_string();
            if args.split.runs("TUNE") {
                measured.push(Measured {
                    set: "ibm_customer_care",
                    heading: heading.clone(),
                    label: "TUNE",
                    what: "dev, each message left out of its FAQ",
                    outcomes: ibm_tune(&rows),
                });
            }
            if args.split.runs("VALIDATE") {
                measured.push(Measured {
                    set: "ibm_customer_care",
                    heading,
                    label: "VALIDATE",
                    what: "test, FAQ from all of dev",
                    outcomes: ibm_validate(&rows),
                });
            }
        }
    }
    let clinc = args.datasets.join("clinc150/clinc150_full.tsv");
    match read(&clinc)? {
        None => eprintln!(
            "baton faq eval: skipping CLINC150: {} not found",
            clinc.display()
        ),
        Some(text) => {
            any = true;
            let rows = clinc_rows(&text)?;
            let faq = clinc_faq(&rows, CLINC_PHRASINGS);
            let heading = format!("CLINC150 — one FAQ, 150 intents written with {CLINC_PHRASINGS} train phrasings each; oos should be handed off");
            for (label, what, split) in [("TUNE", "val", "val"), ("VALIDATE", "test", "test")] {
                if args.split.runs(label) {
                    measured.push(Measured {
                        set: "clinc150",
                        heading: heading.clone(),
                        label,
                        what,
                        outcomes: clinc_outcomes(&faq, &rows, split),
                    });
                }
            }
        }
    }
    if !any {
        let why = format!(
            "no data set found under {}; pass --datasets DIR",
            args.datasets.display()
        );
        if args.json {
            println!("{}", serde_json::json!({ "skipped": why }));
        } else {
            eprintln!("baton faq eval: {why}");
        }
        return Ok(std::process::ExitCode::SUCCESS);
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let write = |e: io::Error| format!("writing output: {e}");
    if args.json {
        let document = serde_json::json!({
            "threshold": hub::bot::faq::DEFAULT_THRESHOLD,
            "splits": measured.iter().map(|m| summary(m.set, m.label, &m.outcomes)).collect::<Vec<_>>(),
        });
        writeln!(out, "{document}").map_err(write)?;
        return Ok(std::process::ExitCode::SUCCESS);
    }
    let mut last = "";
    for m in &measured {
        if m.set != last {
            if !last.is_empty() {
                writeln!(out).map_err(write)?;
            }
            writeln!(out, "{}", m.heading).map_err(write)?;
            last = m.set;
        }
        report(&mut out, m.label, m.what, &m.outcomes).map_err(write)?;
    }
    writeln!(out, "\n({:.1} s)", started.elapsed().as_secs_f32()).map_err(write)?;
    Ok(std::process::ExitCode::SUCCESS)
}

/// One split's figures for `--json`: top-1 accuracy, and at the assistant's default
/// threshold the shares of covered questions answered right, wrong or handed off, and of
/// uncovered ones answered anyway.
pub fn summary(set: &str, label: &str, outcomes: &[Outcome]) -> serde_json::Value {
    let covered = outcomes.iter().filter(|o| o.expected.is_some()).count();
    let uncovered = outcomes.len() - covered;
    let t = Tally::at(outcomes, hub::bot::faq::DEFAULT_THRESHOLD);
    let share = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
    serde_json::json!({
        "set": set,
        "split": label.to_lowercase(),
        "questions": outcomes.len(),
        "covered": covered,
        "top1": top1(outcomes),
        "right": share(t.right, covered),
        "wrong": share(t.wrong, covered),
        "handed_off": share(t.handed_off, covered),
        "uncovered_answered": share(t.uncovered_answered, uncovered),
    })
}

fn read(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// One question and what the assistant made of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The answer that is right, or `None` when the FAQ has none (a person should answer).
    pub expected: Option<String>,
    /// The best entry's answer and confidence, whatever the threshold.
    pub best: Option<(String, f32)>,
}

/// What happens to a set of questions at one threshold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Questions the FAQ covers: answered with the right entry.
    pub right: usize,
    /// Questions the FAQ covers: answered with another entry.
    pub wrong: usize,
    /// Questions the FAQ covers: below the threshold, so handed off.
    pub handed_off: usize,
    /// Questions it does not cover, answered anyway (always wrongly).
    pub uncovered_answered: usize,
    /// Questions it does not cover, handed off (rightly).
    pub uncovered_handed_off: usize,
}

impl Tally {
    /// Counts `outcomes` at `threshold`.
    pub fn at(outcomes: &[Outcome], threshold: f32) -> Tally {
        let mut t = Tally::default();
        for o in outcomes {
            let answered = o
                .best
                .as_ref()
                .filter(|(_, c)| *c >= threshold)
                .map(|(a, _)| a);
            match (&o.expected, answered) {
                (Some(e), Some(a)) if e == a => t.right += 1,
                (Some(_), Some(_)) => t.wrong += 1,
                (Some(_), None) => t.handed_off += 1,
                (None, Some(_)) => t.uncovered_answered += 1,
                (None, None) => t.uncovered_handed_off += 1,
            }
        }
        t
    }
}

/// Share of covered questions whose best entry is the right one, threshold aside; `None`
/// when no question is covered.
pub fn top1(outcomes: &[Outcome]) -> Option<f32> {
    let covered: Vec<&Outcome> = outcomes.iter().filter(|o| o.expected.is_some()).collect();
    if covered.is_empty() {
        return None;
    }
    let right = covered
        .iter()
        .filter(|o| o.best.as_ref().map(|(a, _)| a) == o.expected.as_ref())
        .count();
    Some(right as f32 / covered.len() as f32)
}

/// The figures for one split: top-1 accuracy, then the threshold table.
pub fn report(
    out: &mut impl Write,
    label: &str,
    what: &str,
    outcomes: &[Outcome],
) -> io::Result<()> {
    let covered = outcomes.iter().filter(|o| o.expected.is_some()).count();
    let uncovered = outcomes.len() - covered;
    writeln!(
        out,
        "{label} ({what}): {} questions, {covered} with an entry, {uncovered} without",
        outcomes.len()
    )?;
    match top1(outcomes) {
        Some(a) => writeln!(
            out,
            "  {label} top-1 accuracy (questions with an entry): {:.3}",
            a
        )?,
        None => writeln!(out, "  {label} top-1 accuracy: no question with an entry")?,
    }
    writeln!(out, "  {label} threshold | with an entry: right  wrong  handed off | without: answered  handed off")?;
    let pct = |n: usize, of: usize| {
        if of == 0 {
            0.0
        } else {
            100.0 * n as f32 / of as f32
        }
    };
    for t in THRESHOLDS {
        let c = Tally::at(outcomes, t);
        writeln!(
            out,
            "  {label} {t:>9.2} | {:>13.1}% {:>5.1}% {:>10.1}% | {:>17.1}% {:>10.1}%",
            pct(c.right, covered),
            pct(c.wrong, covered),
            pct(c.handed_off, covered),
            pct(c.uncovered_answered, uncovered),
            pct(c.uncovered_handed_off, uncovered),
        )?;
    }
    Ok(())
}

/// One IBM conversation: the customer's words before the article, and the article.
#[derive(Clone, Debug, PartialEq)]
pub struct IbmRow {
    pub split: String,
    pub company: String,
    pub text: String,
    pub doc: String,
}

#[derive(Deserialize)]
struct IbmLine {
    split: String,
    company: String,
    dialog: Vec<IbmTurn>,
    doc_id: String,
}

#[derive(Deserialize)]
struct IbmTurn {
    role: String,
    text: String,
}

/// Reads the IBM JSON lines: the customer's turns joined, with Twitter @handles removed (a
/// visitor in a widget does not address the company by its handle).
pub fn ibm_rows(text: &str) -> Result<Vec<IbmRow>, String> {
    let mut rows = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let l: IbmLine = serde_json::from_str(line)
            .map_err(|e| format!("IBM customer care line {}: {e}", i + 1))?;
        let said: Vec<String> = l
            .dialog
            .iter()
            .filter(|t| t.role == "customer")
            .map(|t| strip_handles(&t.text))
            .collect();
        rows.push(IbmRow {
            split: l.split,
            company: l.company,
            text: said.join(" "),
            doc: l.doc_id,
        });
    }
    Ok(rows)
}

/// `text` without `@handle` words.
pub fn strip_handles(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !w.starts_with('@'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Entries from (text, answer) pairs: one per answer, the first text its question, the rest
/// its alternatives, in order of first appearance.
pub fn entries<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<FaqEntry> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<FaqEntry> = Vec::new();
    for (text, answer) in pairs {
        match index.get(answer) {
            Some(&i) => out[i].alternatives.push(text.to_string()),
            None => {
                index.insert(answer, out.len());
                out.push(FaqEntry {
                    question: text.to_string(),
                    answer: answer.to_string(),
                    ..FaqEntry::default()
                });
            }
        }
    }
    out
}

fn outcome(faq: &Faq, question: &str, expected: Option<String>) -> Outcome {
    let a = faq.answer(question);
    let best = a
        .entry
        .map(|i| (faq.answer_of(i).to_string(), a.confidence));
    Outcome { expected, best }
}

fn by_company<'a>(rows: &'a [IbmRow], split: &str) -> BTreeMap<&'a str, Vec<&'a IbmRow>> {
    let mut map: BTreeMap<&str, Vec<&IbmRow>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.split == split) {
        map.entry(r.company.as_str()).or_default().push(r);
    }
    map
}

/// TUNE: each `dev` message against its company's FAQ built from the other `dev` messages.
pub fn ibm_tune(rows: &[IbmRow]) -> Vec<Outcome> {
    let mut out = Vec::new();
    for dev in by_company(rows, "dev").values() {
        for (i, r) in dev.iter().enumerate() {
            let others = dev
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, o)| (o.text.as_str(), o.doc.as_str()));
            let faq = Faq::from_entries(entries(others));
            let covered = dev
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.doc == r.doc);
            out.push(outcome(&faq, &r.text, covered.then(|| r.doc.clone())));
        }
    }
    out
}

/// VALIDATE: each `test` message against its company's FAQ built from all its `dev` messages.
pub fn ibm_validate(rows: &[IbmRow]) -> Vec<Outcome> {
    let dev = by_company(rows, "dev");
    let mut out = Vec::new();
    for (company, tests) in by_company(rows, "test") {
        let known = dev.get(company).cloned().unwrap_or_default();
        let faq = Faq::from_entries(entries(
            known.iter().map(|o| (o.text.as_str(), o.doc.as_str())),
        ));
        for r in tests {
            let covered = known.iter().any(|o| o.doc == r.doc);
            out.push(outcome(&faq, &r.text, covered.then(|| r.doc.clone())));
        }
    }
    out
}

/// One CLINC150 question.
#[derive(Clone, Debug, PartialEq)]
pub struct ClincRow {
    pub text: String,
    pub label: String,
    pub split: String,
}

/// Reads `clinc150_full.tsv` (`text, label, domain, split`, a header, no quoting).
pub fn clinc_rows(text: &str) -> Result<Vec<ClincRow>, String> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or(format!("CLINC150: no {name:?} column"))
    };
    let (t, l, s) = (col("text")?, col("label")?, col("split")?);
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate().filter(|(_, l)| !l.is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let cell = |c: usize| {
            cells
                .get(c)
                .map(|s| s.to_string())
                .ok_or(format!("CLINC150 line {}: too few cells", i + 2))
        };
        rows.push(ClincRow {
            text: cell(t)?,
            label: cell(l)?,
            split: cell(s)?,
        });
    }
    Ok(rows)
}

/// The FAQ: the first `phrasings` `train` rows of every intent but `oos`.
pub fn clinc_faq(rows: &[ClincRow], phrasings: usize) -> Faq {
    let mut taken: HashMap<&str, usize> = HashMap::new();
    let chosen = rows
        .iter()
        .filter(|r| r.split == "train" && r.label != "oos")
        .filter(|r| {
            let n = taken.entry(r.label.as_str()).or_default();
            *n += 1;
            *n <= phrasings
        });
    Faq::from_entries(entries(chosen.map(|r| (r.text.as_str(), r.label.as_str()))))
}

/// Every row of `split` against `faq`; `oos` rows should be handed off.
pub fn clinc_outcomes(faq: &Faq, rows: &[ClincRow], split: &str) -> Vec<Outcome> {
    rows.iter()
        .filter(|r| r.split == split)
        .map(|r| outcome(faq, &r.text, (r.label != "oos").then(|| r.label.clone())))
        .collect()
}

#[cfg(test)]
mod tests;
