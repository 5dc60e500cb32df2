//! Reading an FAQ file: its TOML, each entry and its translations, and errors that name the
//! entry and the problem.

use super::matching::compile;
use super::{Entry, Faq, FaqEntry, Translation, MAX_ANSWER};
use crate::bot::words::Lang;

/// Keys of an entry, in the order error messages list them.
const ENTRY_KEYS: &[&str] = &[
    "question",
    "alternatives",
    "keywords",
    "answer",
    "answers_first",
    "translations",
];
/// Keys of a translation.
const TRANSLATION_KEYS: &[&str] = &["question", "alternatives", "keywords", "answer"];

impl Faq {
    /// Parses an FAQ file. Errors name the entry (1-based, with its question) and the problem.
    pub fn parse(text: &str) -> Result<Faq, String> {
        let table: toml::Table = toml::from_str(text)
            .map_err(|e| format!("invalid TOML: {}", e.to_string().trim_end()))?;
        if let Some(key) = table
            .keys()
            .find(|k| !matches!(k.as_str(), "entries" | "language"))
        {
            return Err(format!(
                "unknown top-level key {key:?}: the file holds language and [[entries]]"
            ));
        }
        let language = match table.get("language") {
            None => Lang::En,
            Some(toml::Value::String(code)) => lang(code, "language")?,
            Some(_) => return Err("\"language\" must be a string, like \"en\"".into()),
        };
        let list = match table.get("entries") {
            None => return Err("no [[entries]]: the file needs at least one".into()),
            Some(toml::Value::Array(list)) => list,
            Some(_) => return Err("\"entries\" must be written as [[entries]] tables".into()),
        };
        if list.is_empty() {
            return Err("no [[entries]]: the file needs at least one".into());
        }
        let mut specs = Vec::with_capacity(list.len());
        let mut seen: Vec<Entry> = Vec::with_capacity(list.len());
        for (i, value) in list.iter().enumerate() {
            let n = i + 1;
            let spec = parse_entry(n, value, language)?;
            let entry = compile(
                i,
                language,
                &spec.question,
                &spec.answer,
                &spec.alternatives,
                &spec.keywords,
            );
            check_entry(&format!("entry {n} ({:?})", spec.question), &entry)?;
            for t in &spec.translations {
                let compiled = compile(
                    i,
                    t.lang,
                    &t.question,
                    &t.answer,
                    &t.alternatives,
                    &t.keywords,
                );
                check_entry(
                    &format!(
                        "entry {n} ({:?}), translation {:?}",
                        spec.question,
                        t.lang.code()
                    ),
                    &compiled,
                )?;
            }
            if let Some(j) = seen
                .iter()
                .position(|e| e.texts[0] == entry.texts[0] && !e.texts[0].is_empty())
            {
                return Err(format!(
                    "entry {n} ({:?}) asks the same as entry {} ({:?})",
                    entry.question,
                    j + 1,
                    seen[j].question
                ));
            }
            seen.push(entry);
            specs.push(spec);
        }
        Ok(Faq::build(language, specs))
    }
}

/// The language with ISO 639-1 `code`, or an error naming where it was written.
fn lang(code: &str, at: &str) -> Result<Lang, String> {
    Lang::from_code(code).ok_or_else(|| {
        let known: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        format!(
            "{at}: language {code:?} is not one the assistant can tell apart (expected one of {})",
            known.join(", ")
        )
    })
}

/// A required, non-empty string.
fn required(table: &toml::Table, key: &str, at: &str) -> Result<String, String> {
    match table.get(key) {
        None => Err(format!("{at}: {key:?} is missing")),
        Some(toml::Value::String(s)) if s.trim().is_empty() => {
            Err(format!("{at}: {key:?} is empty"))
        }
        Some(toml::Value::String(s)) => Ok(s.trim().to_string()),
        Some(_) => Err(format!("{at}: {key:?} must be a string")),
    }
}

fn check_answer(answer: &str, at: &str) -> Result<(), String> {
    let chars = answer.chars().count();
    if chars > MAX_ANSWER {
        return Err(format!(
            "{at}: \"answer\" has {chars} characters; the widget shows at most {MAX_ANSWER}"
        ));
    }
    Ok(())
}

fn parse_entry(n: usize, value: &toml::Value, language: Lang) -> Result<FaqEntry, String> {
    let toml::Value::Table(table) = value else {
        return Err(format!("entry {n} must be a [[entries]] table"));
    };
    let question = required(table, "question", &format!("entry {n}"))?;
    let at = format!("entry {n} ({question:?})");
    if let Some(key) = table.keys().find(|k| !ENTRY_KEYS.contains(&k.as_str())) {
        return Err(format!(
            "{at}: unknown key {key:?} (expected {})",
            ENTRY_KEYS.join(", ")
        ));
    }
    let answer = required(table, "answer", &at)?;
    check_answer(&answer, &at)?;
    let alternatives = string_list(table, "alternatives", &at)?;
    let keywords = string_list(table, "keywords", &at)?;
    let answers_first = match table.get("answers_first") {
        None => false,
        Some(toml::Value::Boolean(b)) => *b,
        Some(_) => return Err(format!("{at}: \"answers_first\" must be true or false")),
    };
    let mut translations = Vec::new();
    match table.get("translations") {
        None => {}
        Some(toml::Value::Table(langs)) => {
            for (code, value) in langs {
                let t_at = format!("{at}, translation {code:?}");
                let lang = lang(code, &t_at)?;
                if lang == language {
                    return Err(format!("{t_at}: the file is already written in {code:?}"));
                }
                let toml::Value::Table(t) = value else {
                    return Err(format!(
                        "{t_at} must be a table, like [entries.translations.{code}]"
                    ));
                };
                if let Some(key) = t.keys().find(|k| !TRANSLATION_KEYS.contains(&k.as_str())) {
                    return Err(format!(
                        "{t_at}: unknown key {key:?} (expected {})",
                        TRANSLATION_KEYS.join(", ")
                    ));
                }
                let answer = required(t, "answer", &t_at)?;
                check_answer(&answer, &t_at)?;
                translations.push(Translation {
                    lang,
                    question: required(t, "question", &t_at)?,
                    answer,
                    alternatives: string_list(t, "alternatives", &t_at)?,
                    keywords: string_list(t, "keywords", &t_at)?,
                });
            }
        }
        Some(_) => {
            return Err(format!(
                "{at}: \"translations\" must be tables, like [entries.translations.es]"
            ))
        }
    }
    Ok(FaqEntry {
        question,
        answer,
        alternatives,
        keywords,
        translations,
        answers_first,
    })
}

/// The file's rules for an entry: every keyword and the entry as a whole have a word to match on.
fn check_entry(at: &str, entry: &Entry) -> Result<(), String> {
    for (i, (words, k)) in entry.keywords.iter().zip(&entry.raw_keywords).enumerate() {
        if words.is_empty() {
            return Err(format!("{at}: keyword {} ({k:?}) has no word to match on (only common words like \"the\", \"how\")", i + 1));
        }
    }
    if entry.texts.iter().all(Vec::is_empty) && entry.keywords.is_empty() {
        return Err(format!(
            "{at}: the question has no word to match on (only common words like \"the\", \"how\"); add alternatives or keywords"
        ));
    }
    Ok(())
}

fn string_list(table: &toml::Table, key: &str, at: &str) -> Result<Vec<String>, String> {
    let Some(value) = table.get(key) else {
        return Ok(Vec::new());
    };
    let toml::Value::Array(items) = value else {
        return Err(format!(
            "{at}: {key:?} must be a list of strings, like [\"…\", \"…\"]"
        ));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            toml::Value::String(s) if s.trim().is_empty() => {
                return Err(format!("{at}: {key} item {} is empty", i + 1))
            }
            toml::Value::String(s) => out.push(s.trim().to_string()),
            _ => return Err(format!("{at}: {key} item {} must be a string", i + 1)),
        }
    }
    Ok(out)
}
