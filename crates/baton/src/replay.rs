//! `baton triage replay`: where would past conversations have escalated under these rules?

use std::io::{self, Write};

use protocol::triage_lines::{ReasonOut, Role, Transcript};
use serde::Serialize;
use serde_json::Value;
use triage::{Conversation, Engine, Trigger};

/// What the rules would have done with one conversation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// The conversation's id.
    pub id: Value,
    /// True when the rules hand it to a human at some message.
    pub escalate: bool,
    /// The 1-based index of that message.
    pub at: Option<usize>,
    /// The deciding trigger.
    pub trigger: Option<&'static str>,
    /// Every trigger that fired at that message.
    pub triggers: Vec<&'static str>,
    /// The team.
    pub route: Option<String>,
    /// The evidence at that message.
    pub reasons: Vec<ReasonOut>,
    /// The 1-based index of the first agent message in the transcript, if a human took over.
    pub handed_off_at: Option<usize>,
}

/// Replays one conversation. Evaluation stops at the first escalation, or when a human
/// took over in the transcript (the bot's rules no longer apply after that).
pub fn replay(engine: &Engine, transcript: &Transcript) -> Outcome {
    let handed_off_at = transcript
        .messages
        .iter()
        .position(|m| m.role == Role::Agent)
        .map(|i| i + 1);
    let mut outcome = Outcome {
        id: transcript.id.clone(),
        escalate: false,
        at: None,
        trigger: None,
        triggers: Vec::new(),
        route: None,
        reasons: Vec::new(),
        handed_off_at,
    };
    let mut conversation = Conversation::new();
    for (index, message) in transcript.messages.iter().enumerate() {
        let verdict = match message.role {
            Role::Visitor => engine.visitor(&mut conversation, &message.text),
            Role::Bot => engine.bot(&mut conversation, message.confidence),
            Role::Agent => break,
        };
        if let triage::Decision::Escalate { trigger, route } = &verdict.decision {
            outcome.escalate = true;
            outcome.at = Some(index + 1);
            outcome.trigger = Some(trigger.as_str());
            outcome.triggers = verdict.triggers.iter().map(|t| t.as_str()).collect();
            outcome.route = Some(route.clone());
            outcome.reasons = verdict.reasons.iter().map(ReasonOut::from).collect();
            break;
        }
    }
    outcome
}

/// Totals over a set of outcomes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Conversations replayed.
    pub conversations: usize,
    /// Conversations the rules escalate.
    pub escalated: usize,
    /// `escalated / conversations`.
    pub handoff_rate: f64,
    /// Per trigger: conversations where it decided the escalation, and that share of all.
    pub by_trigger: Vec<TriggerCount>,
    /// Conversations a human really took over in the transcript.
    pub handed_off: usize,
    /// Of those, how many the rules escalate at or before the human's first message.
    pub handoffs_caught: usize,
    /// Conversations the rules escalate that no human took over in the transcript.
    pub escalations_added: usize,
}

/// One trigger's share of the escalations.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TriggerCount {
    /// The trigger.
    pub trigger: &'static str,
    /// Conversations it decided.
    pub count: usize,
    /// `count / conversations`.
    pub rate: f64,
}

/// Adds up outcomes.
pub fn summarise(outcomes: &[Outcome]) -> Summary {
    let n = outcomes.len();
    let rate = |count: usize| if n == 0 { 0.0 } else { count as f64 / n as f64 };
    let escalated = outcomes.iter().filter(|o| o.escalate).count();
    let by_trigger = Trigger::ALL
        .iter()
        .map(|t| {
            let count = outcomes
                .iter()
                .filter(|o| o.trigger == Some(t.as_str()))
                .count();
            TriggerCount {
                trigger: t.as_str(),
                count,
                rate: rate(count),
            }
        })
        .collect();
    let handed_off = outcomes
        .iter()
        .filter(|o| o.handed_off_at.is_some())
        .count();
    let handoffs_caught = outcomes
        .iter()
        .filter(|o| matches!((o.at, o.handed_off_at), (Some(at), Some(h)) if at < h))
        .count();
    let escalations_added = outcomes
        .iter()
        .filter(|o| o.escalate && o.handed_off_at.is_none())
        .count();
    Summary {
        conversations: n,
        escalated,
        handoff_rate: rate(escalated),
        by_trigger,
        handed_off,
        handoffs_caught,
        escalations_added,
    }
}

/// How to print the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON lines for programs.
    Json,
}

/// What to call the two rule sets in the report.
pub struct Labels {
    /// The --config file, or "defaults".
    pub base: String,
    /// The --compare file.
    pub other: Option<String>,
}

/// Parses `text` (JSON lines), replays every conversation against `base` (and `other`),
/// and writes the report. Returns how many lines were rejected.
pub fn run(
    base: &Engine,
    other: Option<&Engine>,
    labels: &Labels,
    text: &str,
    format: Format,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<usize> {
    let mut failed = 0;
    let mut transcripts = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Transcript>(line) {
            Ok(t) => transcripts.push(t),
            Err(e) => {
                failed += 1;
                writeln!(err, "line {}: {e}", index + 1)?;
            }
        }
    }
    let a: Vec<Outcome> = transcripts.iter().map(|t| replay(base, t)).collect();
    let b: Option<Vec<Outcome>> =
        other.map(|engine| transcripts.iter().map(|t| replay(engine, t)).collect());
    match format {
        Format::Json => write_json(labels, &a, b.as_deref(), out)?,
        Format::Table => write_table(labels, &a, b.as_deref(), out)?,
    }
    Ok(failed)
}

fn write_json(
    labels: &Labels,
    a: &[Outcome],
    b: Option<&[Outcome]>,
    out: &mut impl Write,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Line<'a, T: Serialize> {
        rules: &'a str,
        #[serde(flatten)]
        body: T,
    }
    #[derive(Serialize)]
    struct SummaryLine {
        summary: Summary,
    }
    let mut sets = vec![(labels.base.as_str(), a)];
    if let (Some(b), Some(label)) = (b, labels.other.as_deref()) {
        sets.push((label, b));
    }
    for (rules, outcomes) in &sets {
        for outcome in outcomes.iter() {
            serde_json::to_writer(
                &mut *out,
                &Line {
                    rules,
                    body: outcome,
                },
            )
            .map_err(io::Error::other)?;
            out.write_all(b"\n")?;
        }
    }
    for (rules, outcomes) in &sets {
        let body = SummaryLine {
            summary: summarise(outcomes),
        };
        serde_json::to_writer(&mut *out, &Line { rules, body }).map_err(io::Error::other)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn write_table(
    labels: &Labels,
    a: &[Outcome],
    b: Option<&[Outcome]>,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "rules: {}", labels.base)?;
    writeln!(
        out,
        "{:<16} {:>4}  {:<16} {:<10} {:>6}  why",
        "conversation", "at", "trigger", "route", "human"
    )?;
    for o in a {
        let why = o
            .reasons
            .iter()
            .map(|r| format!("{} ({})", r.signal, r.weight))
            .collect::<Vec<_>>()
            .join("; ");
        writeln!(
            out,
            "{:<16} {:>4}  {:<16} {:<10} {:>6}  {}",
            id_text(&o.id),
            o.at.map_or("-".to_string(), |n| n.to_string()),
            o.trigger.unwrap_or("-"),
            o.route.as_deref().unwrap_or("-"),
            o.handed_off_at.map_or("-".to_string(), |n| n.to_string()),
            why
        )?;
    }
    writeln!(out)?;
    write_summary(out, &labels.base, &summarise(a))?;
    if let (Some(b), Some(label)) = (b, labels.other.as_deref()) {
        write_summary(out, label, &summarise(b))?;
        let changed: Vec<(&Outcome, &Outcome)> = a
            .iter()
            .zip(b)
            .filter(|(x, y)| (x.at, x.trigger) != (y.at, y.trigger))
            .collect();
        writeln!(
            out,
            "changed between {} and {}: {} of {}",
            labels.base,
            label,
            changed.len(),
            a.len()
        )?;
        for (x, y) in changed {
            writeln!(
                out,
                "  {:<16} {}  ->  {}",
                id_text(&x.id),
                describe(x),
                describe(y)
            )?;
        }
    }
    Ok(())
}

fn write_summary(out: &mut impl Write, label: &str, s: &Summary) -> io::Result<()> {
    writeln!(
        out,
        "{label}: {} conversations, {} would escalate ({:.1}%)",
        s.conversations,
        s.escalated,
        s.handoff_rate * 100.0
    )?;
    for t in &s.by_trigger {
        writeln!(
            out,
            "  {:<16} {:>5}  {:>5.1}%",
            t.trigger,
            t.count,
            t.rate * 100.0
        )?;
    }
    writeln!(
        out,
        "  a human took over in {} transcripts; the rules escalate {} of them earlier, and {} that no human took\n",
        s.handed_off, s.handoffs_caught, s.escalations_added
    )
}

fn describe(o: &Outcome) -> String {
    match (o.at, o.trigger) {
        (Some(at), Some(trigger)) => format!("escalates at {at} ({trigger})"),
        _ => "continues".to_string(),
    }
}

fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
