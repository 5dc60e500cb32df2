//! Reading `messages.tsv` and `conversations.txt`: each line checked, errors naming the line.

use std::collections::HashMap;

use triage::{Language, Trigger};

use super::MESSAGE_TRIGGERS;

/// One labelled visitor message.
#[derive(Debug)]
pub struct Message {
    pub line: usize,
    pub labels: Vec<Trigger>,
    pub lang: Language,
    pub text: String,
}

impl Message {
    pub fn is_routine(&self) -> bool {
        self.labels.is_empty()
    }
}

/// Parses `LABELS<TAB>LANG<TAB>TEXT` lines; `#` comments and blank lines are skipped.
pub fn parse_messages(src: &str) -> Result<Vec<Message>, String> {
    let mut messages = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, raw) in src.lines().enumerate() {
        let line = index + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        if fields.len() != 3 {
            return Err(format!(
                "messages.tsv line {line}: expected 3 TAB-separated fields (LABELS, LANG, TEXT), found {}: {raw:?}",
                fields.len()
            ));
        }
        let (labels_field, lang_field, text) = (fields[0], fields[1], fields[2]);
        let mut labels = Vec::new();
        if labels_field != "-" {
            for name in labels_field.split(',') {
                let trigger = Trigger::from_name(name).ok_or_else(|| {
                    format!("messages.tsv line {line}: unknown trigger {name:?} (labels are `-` or a comma-separated list)")
                })?;
                if !MESSAGE_TRIGGERS.contains(&trigger) {
                    return Err(format!(
                        "messages.tsv line {line}: {name} needs a conversation; a single message can only carry human_request, frustration or high_risk"
                    ));
                }
                if labels.contains(&trigger) {
                    return Err(format!("messages.tsv line {line}: {name} is listed twice"));
                }
                labels.push(trigger);
            }
        }
        labels.sort();
        let lang = Language::from_code(lang_field)
            .filter(|l| l.code() == lang_field)
            .ok_or_else(|| format!("messages.tsv line {line}: unknown language {lang_field:?} (en, es, pt, fr, de, it, nl, hi)"))?;
        if text.trim().is_empty() {
            return Err(format!("messages.tsv line {line}: empty text"));
        }
        if text.trim() != text {
            return Err(format!(
                "messages.tsv line {line}: text has leading or trailing spaces: {text:?}"
            ));
        }
        if let Some(first) = seen.insert(text.to_lowercase(), line) {
            return Err(format!(
                "messages.tsv line {line}: duplicate of line {first}: {text:?}"
            ));
        }
        messages.push(Message {
            line,
            labels,
            lang,
            text: text.to_string(),
        });
    }
    Ok(messages)
}

/// One turn of a labelled conversation.
#[derive(Debug)]
pub enum Turn {
    Visitor(String),
    /// The bot's confidence (`None`: it had no answer) and, for the reader, what it said.
    Bot(Option<f32>, #[allow(dead_code)] String),
}

/// A labelled conversation: where the first escalation should happen, and why.
#[derive(Debug)]
pub struct Dialogue {
    pub line: usize,
    pub name: String,
    /// The trigger expected among the verdict's triggers, and the 1-based turn index;
    /// `None` when the conversation must never escalate.
    pub expect: Option<(Trigger, usize)>,
    pub turns: Vec<Turn>,
}

/// Parses the `== name   expect …` blocks of `conversations.txt`.
pub fn parse_conversations(src: &str) -> Result<Vec<Dialogue>, String> {
    fn finish(dialogue: Dialogue, out: &mut Vec<Dialogue>) -> Result<(), String> {
        let Dialogue {
            line,
            name,
            expect,
            turns,
        } = &dialogue;
        if turns.is_empty() {
            return Err(format!(
                "conversations.txt line {line}: conversation {name:?} has no turns"
            ));
        }
        if let Some((_, at)) = expect {
            if *at > turns.len() {
                return Err(format!(
                    "conversations.txt line {line}: conversation {name:?} expects an escalation at {at} but has only {} turns",
                    turns.len()
                ));
            }
        }
        if out.iter().any(|d| d.name == *name) {
            return Err(format!(
                "conversations.txt line {line}: conversation name {name:?} is used twice"
            ));
        }
        out.push(dialogue);
        Ok(())
    }

    let mut out = Vec::new();
    let mut current: Option<Dialogue> = None;
    for (index, raw) in src.lines().enumerate() {
        let line = index + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        if let Some(header) = raw.strip_prefix("==") {
            if let Some(done) = current.take() {
                finish(done, &mut out)?;
            }
            let words: Vec<&str> = header.split_whitespace().collect();
            let bad = || {
                format!(
                    "conversations.txt line {line}: expected `== NAME expect none` or `== NAME expect TRIGGER at N`, found {raw:?}"
                )
            };
            let expect = match words.as_slice() {
                [_, "expect", "none"] => None,
                [_, "expect", trigger, "at", n] => {
                    let trigger = Trigger::from_name(trigger).ok_or_else(|| {
                        format!("conversations.txt line {line}: unknown trigger {trigger:?}")
                    })?;
                    let at: usize = n.parse().ok().filter(|&n| n >= 1).ok_or_else(|| {
                        format!("conversations.txt line {line}: `at` needs a message index from 1, found {n:?}")
                    })?;
                    Some((trigger, at))
                }
                _ => return Err(bad()),
            };
            current = Some(Dialogue {
                line,
                name: words[0].to_string(),
                expect,
                turns: Vec::new(),
            });
            continue;
        }
        let dialogue = current.as_mut().ok_or_else(|| {
            format!(
                "conversations.txt line {line}: a turn before the first `== NAME expect …` header"
            )
        })?;
        let (speaker, text) = raw.split_once('\t').ok_or_else(|| {
            format!("conversations.txt line {line}: expected `visitor<TAB>TEXT` or `bot CONFIDENCE<TAB>TEXT`, found {raw:?}")
        })?;
        let turn = match speaker.split_whitespace().collect::<Vec<_>>().as_slice() {
            ["visitor"] => {
                if text.trim().is_empty() {
                    return Err(format!("conversations.txt line {line}: empty visitor message"));
                }
                Turn::Visitor(text.to_string())
            }
            ["bot", "none"] => Turn::Bot(None, text.to_string()),
            ["bot", value] => {
                let confidence: f32 = value
                    .parse()
                    .ok()
                    .filter(|c: &f32| (0.0..=1.0).contains(c))
                    .ok_or_else(|| {
                        format!("conversations.txt line {line}: bot confidence must be `none` or a decimal in 0..=1, found {value:?}")
                    })?;
                Turn::Bot(Some(confidence), text.to_string())
            }
            _ => {
                return Err(format!(
                    "conversations.txt line {line}: unknown speaker {speaker:?} (`visitor`, `bot 0.7`, `bot none`)"
                ))
            }
        };
        dialogue.turns.push(turn);
    }
    if let Some(done) = current.take() {
        finish(done, &mut out)?;
    }
    Ok(out)
}
