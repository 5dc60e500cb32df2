//! The labelled development corpus, run through the engine with `Config::default()`.
//!
//! `tests/corpus/messages.tsv` holds single visitor messages with the triggers that should
//! fire when each is classified alone; `tests/corpus/conversations.txt` holds short
//! conversations with the message index where the first escalation should happen. The
//! formats and the labelling rules are in `tests/corpus/README.md`.
//!
//! ```text
//! cargo test -p triage --test corpus -- --nocapture
//! ```
//!
//! prints per-trigger precision and recall, escalation recall per language, the false
//! escalation rate on routine messages and the conversation accuracy, then lists the misses,
//! and fails when any figure falls under its floor (see `FLOORS`).

use std::collections::BTreeMap;

use triage::{Config, Conversation, Engine, Language, Trigger};

const MESSAGES: &str = include_str!("corpus/messages.tsv");
const CONVERSATIONS: &str = include_str!("corpus/conversations.txt");

/// The triggers a single message can carry (the others need a conversation).
const MESSAGE_TRIGGERS: [Trigger; 3] = [
    Trigger::HumanRequest,
    Trigger::Frustration,
    Trigger::HighRisk,
];

/// Minimum figures the engine must reach on the corpus.
struct Floors {
    escalation_recall: f64,
    false_escalation_rate: f64,
    trigger_precision: f64,
    trigger_recall: f64,
    conversation_accuracy: f64,
}

const FLOORS: Floors = Floors {
    escalation_recall: 0.90,
    false_escalation_rate: 0.02,
    trigger_precision: 0.85,
    trigger_recall: 0.85,
    conversation_accuracy: 0.85,
};

/// How many miss lines to print at most, per kind of miss (three kinds).
const MAX_MISS_LINES: usize = 20;

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

// Beside the files it reads.
#[path = "corpus/parse.rs"]
mod parse;

use parse::{parse_conversations, parse_messages, Dialogue, Message, Turn};

fn corpus() -> (Vec<Message>, Vec<Dialogue>) {
    let messages = parse_messages(MESSAGES).unwrap_or_else(|e| panic!("{e}"));
    let dialogues = parse_conversations(CONVERSATIONS).unwrap_or_else(|e| panic!("{e}"));
    (messages, dialogues)
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn names(triggers: &[Trigger]) -> String {
    if triggers.is_empty() {
        "-".to_string()
    } else {
        triggers
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// Runs a conversation; returns the first escalating turn (1-based) and its triggers.
fn run_dialogue(engine: &Engine, dialogue: &Dialogue) -> Option<(usize, Vec<Trigger>)> {
    let mut conversation = Conversation::new();
    for (i, turn) in dialogue.turns.iter().enumerate() {
        let verdict = match turn {
            Turn::Visitor(text) => engine.visitor(&mut conversation, text),
            Turn::Bot(confidence, _) => engine.bot(&mut conversation, *confidence),
        };
        if verdict.decision.is_escalate() {
            return Some((i + 1, verdict.triggers));
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

/// The corpus parses, and it is balanced enough to say something about every language.
#[test]
fn corpus_parses_and_is_balanced() {
    let (messages, dialogues) = corpus();

    let mut per_lang: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut per_label: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &messages {
        let entry = per_lang.entry(m.lang.code()).or_default();
        if m.is_routine() {
            entry.1 += 1;
            *per_label.entry("-").or_default() += 1;
        } else {
            entry.0 += 1;
            for t in &m.labels {
                *per_label.entry(t.as_str()).or_default() += 1;
            }
        }
    }
    println!("messages: {}", messages.len());
    println!("{:<6} {:>10} {:>8}", "lang", "escalating", "routine");
    for (lang, (esc, routine)) in &per_lang {
        println!("{lang:<6} {esc:>10} {routine:>8}");
    }
    for (label, n) in &per_label {
        println!("label {label:<14} {n:>4}");
    }

    assert!(messages.len() >= 600, "only {} messages", messages.len());
    for lang in Language::ALL {
        let (esc, routine) = per_lang.get(lang.code()).copied().unwrap_or_default();
        assert!(esc >= 15, "{}: only {esc} escalating messages", lang.code());
        assert!(
            routine >= 15,
            "{}: only {routine} routine messages",
            lang.code()
        );
    }
    for trigger in MESSAGE_TRIGGERS {
        let n = per_label.get(trigger.as_str()).copied().unwrap_or(0);
        assert!(n >= 60, "only {n} messages labelled {trigger}");
    }
    let routine = messages.iter().filter(|m| m.is_routine()).count();
    assert!(
        routine as f64 >= 0.4 * messages.len() as f64,
        "routine messages are {routine} of {}, under 40%",
        messages.len()
    );

    println!("conversations: {}", dialogues.len());
    let mut per_expect: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &dialogues {
        *per_expect
            .entry(d.expect.map_or("none", |(t, _)| t.as_str()))
            .or_default() += 1;
    }
    for (expect, n) in &per_expect {
        println!("expect {expect:<16} {n:>3}");
    }
    assert!(
        dialogues.len() >= 40,
        "only {} conversations",
        dialogues.len()
    );
    for name in [
        "repeated_failure",
        "out_of_scope",
        "post_capture",
        "frustration",
        "none",
    ] {
        assert!(
            per_expect.get(name).copied().unwrap_or(0) >= 4,
            "fewer than 4 conversations expect {name}"
        );
    }
}

/// A malformed line is reported with its line number.
#[test]
fn parser_reports_line_numbers() {
    let err = |src: &str| parse_messages(src).expect_err("should be rejected");

    let ok = "# comment\n\nhuman_request\ten\ttalk to a person\n-\tes\t¿a qué hora abrís?\n";
    let parsed = parse_messages(ok).expect("valid corpus");
    assert_eq!(parsed.len(), 2);
    assert_eq!(parsed[0].line, 3);
    assert_eq!(parsed[0].labels, vec![Trigger::HumanRequest]);
    assert!(parsed[1].is_routine());

    let e = err("# header\n-\ten\thi\nhuman_request en talk to a person\n");
    assert!(
        e.contains("line 3") && e.contains("3 TAB-separated fields"),
        "{e}"
    );
    let e = err("-\ten\thi\n\nhuman_requets\ten\tagent\n");
    assert!(e.contains("line 3") && e.contains("unknown trigger"), "{e}");
    let e = err("frustration\txx\tugh\n");
    assert!(
        e.contains("line 1") && e.contains("unknown language"),
        "{e}"
    );
    let e = err("-\ten\thello\n-\ten\tHello\n");
    assert!(
        e.contains("line 2") && e.contains("duplicate of line 1"),
        "{e}"
    );
    let e = err("repeated_failure\ten\tagain?\n");
    assert!(
        e.contains("line 1") && e.contains("needs a conversation"),
        "{e}"
    );
    let e = err("-\ten\t\n");
    assert!(e.contains("line 1") && e.contains("empty text"), "{e}");

    let conv_err = |src: &str| parse_conversations(src).expect_err("should be rejected");
    let ok = "# c\n== a   expect repeated_failure at 4\nvisitor\tq\nbot 0.4\ta\nvisitor\tq2\nbot 0.3\ta2\n\n== b expect none\nvisitor\thi\nbot none\t\n";
    let parsed = parse_conversations(ok).expect("valid conversations");
    assert_eq!(parsed.len(), 2);
    assert_eq!(parsed[0].expect, Some((Trigger::RepeatedFailure, 4)));
    assert_eq!(parsed[1].expect, None);
    assert!(matches!(parsed[1].turns[1], Turn::Bot(None, _)));

    let e = conv_err("== a expect none\nvisitor\thi\nbot 1.5\tx\n");
    assert!(e.contains("line 3") && e.contains("confidence"), "{e}");
    let e = conv_err("== a expect none\nvisitor hi\n");
    assert!(e.contains("line 2"), "{e}");
    let e = conv_err("== a expect out_of_scope at 3\nvisitor\thi\nbot none\t\n");
    assert!(e.contains("line 1") && e.contains("only 2 turns"), "{e}");
    let e = conv_err("== a expect sometimes\nvisitor\thi\n");
    assert!(e.contains("line 1"), "{e}");
    let e = conv_err("visitor\thi\n");
    assert!(e.contains("line 1") && e.contains("header"), "{e}");
    let e = conv_err("== a expect none\nvisitor\thi\n== a expect none\nvisitor\tho\n");
    assert!(e.contains("line 3") && e.contains("used twice"), "{e}");
}

/// The engine with `Config::default()` on the whole corpus, against the floors.
#[test]
fn engine_meets_floors_on_corpus() {
    let (messages, dialogues) = corpus();
    let engine = Engine::new(Config::default()).expect("default config is valid");

    // Per trigger: (tp, fp, fn). Per language: (escalating, caught, routine, falsely escalated).
    let mut counts: BTreeMap<Trigger, (usize, usize, usize)> = BTreeMap::new();
    let mut per_lang: BTreeMap<&str, (usize, usize, usize, usize)> = BTreeMap::new();
    // Misses by kind: routine messages that escalated, labelled messages with other
    // triggers than expected, conversations.
    let mut false_escalations: Vec<String> = Vec::new();
    let mut misses: Vec<String> = Vec::new();
    let mut conversation_misses: Vec<String> = Vec::new();

    for m in &messages {
        let verdict = engine.classify(&m.text);
        let got: Vec<Trigger> = MESSAGE_TRIGGERS
            .into_iter()
            .filter(|t| verdict.fired(*t))
            .collect();
        for t in MESSAGE_TRIGGERS {
            let c = counts.entry(t).or_default();
            match (m.labels.contains(&t), got.contains(&t)) {
                (true, true) => c.0 += 1,
                (false, true) => c.1 += 1,
                (true, false) => c.2 += 1,
                (false, false) => {}
            }
        }
        let escalated = verdict.decision.is_escalate();
        let lang = per_lang.entry(m.lang.code()).or_default();
        if m.is_routine() {
            lang.2 += 1;
            lang.3 += escalated as usize;
        } else {
            lang.0 += 1;
            lang.1 += escalated as usize;
        }
        if got != m.labels || escalated == m.is_routine() {
            let list = if m.is_routine() {
                &mut false_escalations
            } else {
                &mut misses
            };
            list.push(format!(
                "  msg  l{:<4} {}  expected {:<30} got {:<30}{} {}",
                m.line,
                m.lang.code(),
                names(&m.labels),
                names(&got),
                if escalated {
                    " (escalate)"
                } else {
                    " (continue)"
                },
                shorten(&m.text, 70)
            ));
        }
    }

    let mut conversations_ok = 0;
    for d in &dialogues {
        let got = run_dialogue(&engine, d);
        let ok = match (&d.expect, &got) {
            (None, None) => true,
            (Some((trigger, at)), Some((got_at, triggers))) => {
                at == got_at && triggers.contains(trigger)
            }
            _ => false,
        };
        if ok {
            conversations_ok += 1;
        } else {
            let expected = d
                .expect
                .map_or("none".to_string(), |(t, at)| format!("{t} at {at}"));
            let got = got.map_or("none".to_string(), |(at, t)| {
                format!("{} at {at}", names(&t))
            });
            conversation_misses.push(format!(
                "  conv l{:<4} {:<28} expected {expected:<24} got {got}",
                d.line, d.name
            ));
        }
    }

    // --- The table --------------------------------------------------------------------
    println!();
    println!(
        "triage corpus: {} messages, {} conversations (Config::default())",
        messages.len(),
        dialogues.len()
    );
    println!();
    println!(
        "{:<15} {:>5} {:>5} {:>5} {:>10} {:>8}",
        "trigger", "TP", "FP", "FN", "precision", "recall"
    );
    let mut trigger_figures = Vec::new();
    for t in MESSAGE_TRIGGERS {
        let (tp, fp, fn_) = counts.get(&t).copied().unwrap_or_default();
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        println!(
            "{:<15} {tp:>5} {fp:>5} {fn_:>5} {precision:>10.3} {recall:>8.3}",
            t.as_str()
        );
        trigger_figures.push((t, precision, recall));
    }
    println!();
    println!(
        "{:<6} {:>10} {:>8} {:>8} {:>8} {:>10}",
        "lang", "escalating", "caught", "recall", "routine", "false esc"
    );
    let (mut esc_total, mut esc_caught, mut routine_total, mut routine_false) = (0, 0, 0, 0);
    for (lang, (esc, caught, routine, false_esc)) in &per_lang {
        println!(
            "{lang:<6} {esc:>10} {caught:>8} {:>8.3} {routine:>8} {false_esc:>10}",
            ratio(*caught, *esc)
        );
        esc_total += esc;
        esc_caught += caught;
        routine_total += routine;
        routine_false += false_esc;
    }
    let escalation_recall = ratio(esc_caught, esc_total);
    let false_rate = if routine_total == 0 {
        0.0
    } else {
        routine_false as f64 / routine_total as f64
    };
    let conversation_accuracy = ratio(conversations_ok, dialogues.len());
    println!();
    println!(
        "escalation recall       {escalation_recall:.3}  ({esc_caught}/{esc_total})   floor {:.2}",
        FLOORS.escalation_recall
    );
    println!("false escalation rate   {false_rate:.3}  ({routine_false}/{routine_total})   ceiling {:.2}", FLOORS.false_escalation_rate);
    println!(
        "conversation accuracy   {conversation_accuracy:.3}  ({conversations_ok}/{})   floor {:.2}",
        dialogues.len(),
        FLOORS.conversation_accuracy
    );
    println!();
    for (title, list) in [
        (
            "routine messages escalated or triggered",
            &false_escalations,
        ),
        ("labelled messages missed or mislabelled", &misses),
        ("conversations", &conversation_misses),
    ] {
        println!("misses, {title}: {}", list.len());
        for miss in list.iter().take(MAX_MISS_LINES) {
            println!("{miss}");
        }
        if list.len() > MAX_MISS_LINES {
            println!("  … and {} more", list.len() - MAX_MISS_LINES);
        }
        println!();
    }

    // --- The floors -------------------------------------------------------------------
    let mut failures = Vec::new();
    if escalation_recall < FLOORS.escalation_recall {
        failures.push(format!(
            "escalation recall {escalation_recall:.3} < {}",
            FLOORS.escalation_recall
        ));
    }
    if false_rate > FLOORS.false_escalation_rate {
        failures.push(format!(
            "false escalation rate {false_rate:.3} > {}",
            FLOORS.false_escalation_rate
        ));
    }
    for (t, precision, recall) in trigger_figures {
        if precision < FLOORS.trigger_precision {
            failures.push(format!(
                "{t} precision {precision:.3} < {}",
                FLOORS.trigger_precision
            ));
        }
        if recall < FLOORS.trigger_recall {
            failures.push(format!(
                "{t} recall {recall:.3} < {}",
                FLOORS.trigger_recall
            ));
        }
    }
    if conversation_accuracy < FLOORS.conversation_accuracy {
        failures.push(format!(
            "conversation accuracy {conversation_accuracy:.3} < {}",
            FLOORS.conversation_accuracy
        ));
    }
    assert!(
        failures.is_empty(),
        "the engine is under the corpus floors:\n  {}",
        failures.join("\n  ")
    );
}
