//! Reading the public labelled sources: their files, their suggested trigger maps, and which
//! rows are tuned on and which only validate (the split discipline in `docs/triage-eval.md`).

use std::collections::HashMap;

use serde_json::Value;

/// What a dataset label means for triage, after its source's trigger map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
    Human,
    Frustration,
    /// A high-risk intent, named as in the maps (`refund`, `cancel`, `fraud_security`…).
    HighRisk(String),
    /// Ordinary customer text: nothing should fire.
    Routine,
    /// Text that is not angry; says nothing about the other triggers.
    NotFrustration,
    /// Not used (out-of-scope queries, unknown trigger names).
    Ignore,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub class: Class,
    pub strong: bool,
}

/// Whether a row may be looked at while tuning the rules, or only counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phase {
    Tune,
    Validate,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Tune => "TUNE",
            Phase::Validate => "VALIDATE",
        }
    }
}

/// One labelled message.
#[derive(Clone, Debug)]
pub struct Example {
    pub text: String,
    pub labels: Vec<Label>,
    pub phase: Phase,
    /// The source's own label names, for the confusion examples.
    pub source_labels: String,
    /// A part of the source reported on its own (XED: the language), or empty.
    pub group: String,
}

/// The rows of `source` in the phases `wanted`, read from its folder under `dir` with its
/// trigger map (as adjusted by [`adjust`]).
pub fn load(dir: &std::path::Path, source: &str, wanted: &[Phase]) -> Result<Vec<Example>, String> {
    let folder = dir.join(source);
    let text =
        std::fs::read_to_string(folder.join(file_name(source))).map_err(|e| e.to_string())?;
    let mut map = std::fs::read_to_string(folder.join("suggested_trigger_map.json"))
        .map_err(|e| e.to_string())
        .and_then(|m| TriggerMap::parse(&m))?;
    adjust(source, &mut map);
    Ok(read(source, &text, &map, wanted))
}

/// A source's `suggested_trigger_map.json`: label → trigger and strength, with a default.
#[derive(Clone, Debug)]
pub struct TriggerMap {
    map: HashMap<String, Label>,
    default: Label,
}

fn label_of(v: &Value) -> Label {
    let strong = v.get("strength").and_then(Value::as_str) != Some("borderline");
    let trigger = v.get("trigger").and_then(Value::as_str).unwrap_or("none");
    let class = match trigger {
        "human_request" => Class::Human,
        "frustration" => Class::Frustration,
        "routine" => Class::Routine,
        "not_frustration" => Class::NotFrustration,
        t => match t.strip_prefix("high_risk:") {
            Some(intent) => Class::HighRisk(intent.to_string()),
            None => Class::Ignore,
        },
    };
    Label { class, strong }
}

impl TriggerMap {
    pub fn parse(json: &str) -> Result<TriggerMap, String> {
        let v: Value = serde_json::from_str(json).map_err(|e| format!("trigger map: {e}"))?;
        let default = v.get("_default_for_unlisted_labels").map_or(
            Label {
                class: Class::Ignore,
                strong: true,
            },
            label_of,
        );
        let mut map = HashMap::new();
        if let Some(entries) = v.get("map").and_then(Value::as_object) {
            for (name, entry) in entries {
                map.insert(name.clone(), label_of(entry));
            }
        }
        Ok(TriggerMap { map, default })
    }

    pub fn get(&self, label: &str) -> Label {
        self.map
            .get(label)
            .cloned()
            .unwrap_or_else(|| self.default.clone())
    }

    /// Changes one label's meaning (the changes are listed in `docs/triage-eval.md`).
    pub fn set(&mut self, label: &str, class: Class, strong: bool) {
        self.map.insert(label.to_string(), Label { class, strong });
    }
}

/// A TSV file of the datasets' convention: a header line, no quoting, split on tabs. Returns
/// the rows as maps from column name to cell.
pub fn tsv(text: &str) -> Vec<HashMap<&str, &str>> {
    let mut lines = text.lines();
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    let columns: Vec<&str> = header.split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| columns.iter().copied().zip(l.split('\t')).collect())
        .collect()
}

/// The labels of a row whose label cell lists one or more source labels separated by commas
/// (GoEmotions) or is a single label.
fn labels(map: &TriggerMap, names: &[&str]) -> Vec<Label> {
    names.iter().map(|n| map.get(n.trim())).collect()
}

/// The sources read, by folder, and how each row is assigned to a phase.
pub const SOURCES: [&str; 8] = [
    "bitext_customer_service",
    "nlupp",
    "clinc150",
    "banking77",
    "goemotions",
    "tweeteval_emotion",
    "twitter_complaints",
    "xed_multilingual_emotion",
];

/// The phase of a row from its source and split; `None` leaves the row out.
pub fn phase(source: &str, split: &str) -> Option<Phase> {
    use Phase::*;
    Some(match (source, split) {
        ("bitext_customer_service", "train") => Tune,
        ("bitext_customer_service", "validation" | "test") => Validate,
        // NLU++ has twenty folds per domain and no split: the first ten tune, the rest validate.
        ("nlupp", fold) => {
            let n: u32 = fold.strip_prefix("fold")?.parse().ok()?;
            if n < 10 {
                Tune
            } else {
                Validate
            }
        }
        ("clinc150", "train" | "val") => Tune,
        ("clinc150", "test") => Validate,
        ("banking77", "train") => Tune,
        ("banking77", "test") => Validate,
        ("goemotions", "train") => Tune,
        ("goemotions", "dev") => Validate,
        ("tweeteval_emotion", "train") => Tune,
        ("tweeteval_emotion", "val") => Validate,
        // No split of its own: by domain, alternately in alphabetical order, so the
        // validation complaints are about products the tuning rows never mention.
        ("twitter_complaints", domain) => {
            if COMPLAINT_TUNE_DOMAINS.contains(&domain) {
                Tune
            } else {
                Validate
            }
        }
        // Subtitles in eight languages, anger projected from English: only counted.
        ("xed_multilingual_emotion", _) => Validate,
        _ => return None,
    })
}

/// The Twitter complaints domains that tune (docs/triage-eval.md); the rest validate.
pub const COMPLAINT_TUNE_DOMAINS: [&str; 6] = [
    "apparel",
    "electronics",
    "other",
    "services",
    "transport",
    "random_tweet",
];

/// The data file of each source inside its folder.
pub fn file_name(source: &str) -> &'static str {
    match source {
        "bitext_customer_service" => "bitext_customer_service.tsv",
        "nlupp" => "nlupp.jsonl",
        "clinc150" => "clinc150_full.tsv",
        "banking77" => "banking77.tsv",
        "goemotions" => "goemotions_train_dev.tsv",
        "tweeteval_emotion" => "tweeteval_emotion_train_val.tsv",
        "twitter_complaints" => "twitter_complaints.tsv",
        _ => "xed.tsv",
    }
}

/// The project's changes to a source's suggested map (each explained in `docs/triage-eval.md`).
pub fn adjust(source: &str, map: &mut TriggerMap) {
    if source == "bitext_customer_service" {
        // Asking to lodge a complaint is the engine's `complaint` intent (high risk), with or
        // without anger; counted as frustration it would be judged on the wrong trigger.
        map.set("complaint", Class::HighRisk("complaint".into()), true);
    }
    if source == "twitter_complaints" {
        // General tweets (domains `random_tweet`, `random_reply`) are not written to a
        // business: they say whether the text is angry, not whether a customer's question
        // was handed off. Brand-directed non-complaints stay routine.
        map.set(GENERAL_TWEET, Class::NotFrustration, true);
    }
}

/// The label [`read`] gives a non-complaint tweet not addressed to a brand.
const GENERAL_TWEET: &str = "not_complaint (general tweet)";

/// Reads one source's rows from its file's text and its (adjusted) map. Rows outside
/// `wanted` phases are skipped before any label is looked up.
pub fn read(source: &str, text: &str, map: &TriggerMap, wanted: &[Phase]) -> Vec<Example> {
    let mut out = Vec::new();
    let mut push =
        |text: &str, names: Vec<&str>, split: &str, extra: Option<Label>, group: &str| {
            let Some(phase) = phase(source, split) else {
                return;
            };
            if !wanted.contains(&phase) || text.trim().is_empty() {
                return;
            }
            let mut labels = labels(map, &names);
            labels.extend(extra);
            out.push(Example {
                text: text.to_string(),
                labels,
                phase,
                source_labels: names.join(","),
                group: group.to_string(),
            });
        };
    if source == "nlupp" {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(v) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let intents: Vec<&str> = v["intents"]
                .as_array()
                .map_or(Vec::new(), |a| a.iter().filter_map(Value::as_str).collect());
            let split = v["fold"].as_str().unwrap_or("");
            let names = if intents.is_empty() {
                vec!["(none)"]
            } else {
                intents
            };
            push(v["text"].as_str().unwrap_or(""), names, split, None, "");
        }
        return out;
    }
    for row in tsv(text) {
        let get = |c: &str| row.get(c).copied().unwrap_or("");
        let (names, extra): (Vec<&str>, Option<Label>) = match source {
            "goemotions" | "xed_multilingual_emotion" => (get("labels").split(',').collect(), None),
            "twitter_complaints"
                if get("domain").starts_with("random") && get("label_name") == "not_complaint" =>
            {
                (vec![GENERAL_TWEET], None)
            }
            "twitter_complaints" => (vec![get("label_name")], None),
            "bitext_customer_service" => {
                // Offensive register: frustration on top of the intent, borderline.
                let w = get("tags").contains('W').then_some(Label {
                    class: Class::Frustration,
                    strong: false,
                });
                (vec![get("label")], w)
            }
            _ => (vec![get("label")], None),
        };
        // Twitter complaints is split by domain (see `phase`).
        let split = match source {
            "twitter_complaints" => get("domain"),
            _ => get("split"),
        };
        push(get("text"), names, split, extra, get("lang"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAP: &str = r#"{"_note": "x",
        "_default_for_unlisted_labels": {"trigger": "routine", "strength": "strong"},
        "map": {"talk_to_person": {"trigger": "human_request", "strength": "strong"},
                "money_back": {"trigger": "high_risk:refund", "strength": "strong"},
                "fee_question": {"trigger": "high_risk:cancel", "strength": "borderline"},
                "nothing": {"trigger": "none", "strength": "strong"}}}"#;

    #[test]
    fn trigger_map_reads_triggers_strengths_and_the_default() {
        let map = TriggerMap::parse(MAP).unwrap();
        assert_eq!(
            map.get("talk_to_person"),
            Label {
                class: Class::Human,
                strong: true
            }
        );
        assert_eq!(
            map.get("money_back"),
            Label {
                class: Class::HighRisk("refund".into()),
                strong: true
            }
        );
        assert_eq!(
            map.get("fee_question"),
            Label {
                class: Class::HighRisk("cancel".into()),
                strong: false
            }
        );
        assert_eq!(map.get("nothing").class, Class::Ignore);
        assert_eq!(
            map.get("opening_hours"),
            Label {
                class: Class::Routine,
                strong: true
            }
        );
        assert!(TriggerMap::parse("{not json").is_err());
    }

    #[test]
    fn tsv_splits_on_tabs_by_header() {
        let rows = tsv("text\tlabel\tsplit\nhello there\tgreet\ttrain\n\nbye\tleave\ttest\n");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1]["text"], "bye");
        assert_eq!(rows[0]["split"], "train");
    }

    #[test]
    fn phases_follow_the_written_split() {
        assert_eq!(phase("bitext_customer_service", "train"), Some(Phase::Tune));
        assert_eq!(
            phase("bitext_customer_service", "test"),
            Some(Phase::Validate)
        );
        assert_eq!(phase("nlupp", "fold9"), Some(Phase::Tune));
        assert_eq!(phase("nlupp", "fold10"), Some(Phase::Validate));
        assert_eq!(phase("clinc150", "val"), Some(Phase::Tune));
        assert_eq!(phase("twitter_complaints", "services"), Some(Phase::Tune));
        assert_eq!(
            phase("twitter_complaints", "software"),
            Some(Phase::Validate)
        );
        assert_eq!(
            phase("twitter_complaints", "random_tweet"),
            Some(Phase::Tune)
        );
        assert_eq!(
            phase("twitter_complaints", "random_reply"),
            Some(Phase::Validate)
        );
        assert_eq!(phase("goemotions", "test"), None);
    }

    #[test]
    fn read_keeps_the_wanted_phase_and_maps_labels() {
        let map = TriggerMap::parse(MAP).unwrap();
        let text = "text\tlabel\tsplit\nget me a person\ttalk_to_person\ttrain\nmy money please\tmoney_back\ttest\n";
        let rows = read("banking77", text, &map, &[Phase::Validate]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].text, "my money please");
        assert_eq!(
            rows[0].labels,
            vec![Label {
                class: Class::HighRisk("refund".into()),
                strong: true
            }]
        );
        assert_eq!(
            read("banking77", text, &map, &[Phase::Tune, Phase::Validate]).len(),
            2
        );
    }

    #[test]
    fn read_nlupp_takes_the_union_of_intents_and_the_fold() {
        let map = TriggerMap::parse(MAP).unwrap();
        let text = "{\"text\": \"a person and my money\", \"intents\": [\"talk_to_person\", \"money_back\"], \"fold\": \"fold12\"}\n";
        let rows = read("nlupp", text, &map, &[Phase::Validate]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].labels.len(), 2);
        assert_eq!(rows[0].source_labels, "talk_to_person,money_back");
        assert!(read("nlupp", text, &map, &[Phase::Tune]).is_empty());
    }

    #[test]
    fn general_tweets_are_not_routine_customer_text() {
        let mut map = TriggerMap::parse(
            r#"{"_default_for_unlisted_labels": {"trigger": "routine", "strength": "strong"},
            "map": {"complaint": {"trigger": "frustration", "strength": "strong"}}}"#,
        )
        .unwrap();
        adjust("twitter_complaints", &mut map);
        let text = "text\tlabel_name\tdomain\tsplit\nnice day\tnot_complaint\trandom_reply\tall\n\
                    can I return it\tnot_complaint\tretail\tall\nbroken again\tcomplaint\tretail\tall\n";
        let rows = read("twitter_complaints", text, &map, &[Phase::Validate]);
        let classes: Vec<&Class> = rows.iter().map(|r| &r.labels[0].class).collect();
        assert_eq!(
            classes,
            [&Class::NotFrustration, &Class::Routine, &Class::Frustration]
        );
        // The row's domain decides its phase: the same tweets about clothes only tune.
        let apparel = text.replace("retail", "apparel");
        let rows = read("twitter_complaints", &apparel, &map, &[Phase::Tune]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].text, "can I return it");
    }

    #[test]
    fn xed_rows_are_validation_only_and_grouped_by_language() {
        let map = TriggerMap::parse(
            r#"{"_default_for_unlisted_labels": {"trigger": "not_frustration", "strength": "strong"},
            "map": {"anger": {"trigger": "frustration", "strength": "strong"}}}"#,
        )
        .unwrap();
        let text = "text\tlabels\tlang\tsplit\nque rabia\tanger\tes\tall\nquelle joie\tjoy,trust\tfr\tall\n";
        let rows = read("xed_multilingual_emotion", text, &map, &[Phase::Validate]);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].group.as_str(), &rows[0].labels[0].class),
            ("es", &Class::Frustration)
        );
        assert_eq!(rows[1].labels.len(), 2);
        assert!(read("xed_multilingual_emotion", text, &map, &[Phase::Tune]).is_empty());
    }

    #[test]
    fn bitext_offensive_tag_adds_borderline_frustration() {
        let map = TriggerMap::parse(MAP).unwrap();
        let text = "text\tlabel\ttags\tsplit\nput me through\ttalk_to_person\tBQW\ttest\n";
        let rows = read("bitext_customer_service", text, &map, &[Phase::Validate]);
        assert_eq!(
            rows[0].labels[1],
            Label {
                class: Class::Frustration,
                strong: false
            }
        );
    }
}
