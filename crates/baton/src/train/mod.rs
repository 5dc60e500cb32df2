//! `baton triage train`: fits the learned frustration scorer (`triage::model`) — a logistic
//! regression over a message's words and word pairs — to labelled lines, and writes it as
//! data: into a language pack's `model` list (how the built-in English model is made), or as
//! a rules file with the site's own `model` (for `[sites.triage]`).
//!
//! The public rows are the TUNE split of `baton triage eval`'s sources, never the VALIDATE
//! rows (docs/triage-eval.md): a row that should fire `frustration` is a positive, one
//! labelled routine or not angry a negative, anything else is left out — the roles the
//! evaluation counts. A site owner adds their own lines (`--add`, JSON lines
//! `{"text": "...", "frustration": true}`), for example the conversations the weekly review
//! says should have escalated; `baton triage replay --compare` then shows what changes.
//!
//! Deterministic: the same lines give the same model.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::eval::data::{self, Phase};
use crate::eval::metrics::{role, Role};

#[derive(clap::Args)]
pub struct TrainArgs {
    /// The datasets folder of `baton triage eval` (its TUNE rows are trained on).
    #[arg(long, value_name = "DIR", default_value = "../shared/datasets")]
    datasets: PathBuf,
    /// Leave the public rows out: train on the `--add` lines alone.
    #[arg(long)]
    no_datasets: bool,
    /// Labelled lines of your own, JSON lines `{"text": "...", "frustration": true|false}`;
    /// may be repeated. Each counts as much as `--weight` public rows.
    #[arg(long = "add", value_name = "FILE")]
    add: Vec<PathBuf>,
    /// How many public rows one of your own lines counts as.
    #[arg(long, value_name = "N", default_value_t = 5.0)]
    weight: f32,
    /// Write the model here as a triage rules file (`model = "…"`): for `--config` or
    /// `--compare`, or to copy into `[sites.triage]`.
    #[arg(long, value_name = "FILE", conflicts_with = "pack")]
    out: Option<PathBuf>,
    /// Write the model into this language pack's `model` list, replacing the one there.
    #[arg(long, value_name = "FILE")]
    pack: Option<PathBuf>,
    /// How many features to keep (the heaviest).
    #[arg(long, value_name = "N", default_value_t = 1200)]
    features: usize,
}

/// One line to learn from.
#[derive(Clone)]
pub struct Line {
    pub features: Vec<String>,
    pub frustrated: bool,
    pub weight: f32,
    /// Ordinary customer text: a handoff on it is a false one.
    pub routine: bool,
    /// Which source it came from (calibration weighs each source's F1 alike).
    pub group: usize,
    /// What the rules alone say: the frustration score, and whether another trigger fires.
    pub rules: (f32, bool),
}

/// The fitted model: the intercept and the kept features' weights, in log-odds.
#[derive(Debug, PartialEq)]
pub struct Fitted {
    pub bias: f32,
    pub weights: Vec<(String, f32)>,
}

/// How the log-odds become frustration score: `gain × (log-odds − floor)`, the positive part
/// (folded into the written weights, so the engine only adds).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calibration {
    pub floor: f32,
    pub gain: f32,
    /// Frustration F1 over the lines, with the model.
    pub f1: f64,
    /// Handoffs on routine lines the model adds to the rules'.
    pub added_false: usize,
}

/// A feature must occur in this many lines to be learned (rarer ones are noise)...
const MIN_LINES: usize = 3;
/// ...in each of this many public sources. A word only one source uses for anger is that
/// source's topic, not a sign of anger: in the complaints to brands "email" and "outage" are
/// mostly complaints, and learned from them alone they would fire on "support email?". The
/// owner's own lines need no second source: they are the site's visitors' words.
const MIN_SOURCES: usize = 2;

/// The group of the owner's own lines (`--add`); the public sources are `0..SOURCES.len()`.
const OWN: usize = data::SOURCES.len();
const EPOCHS: usize = 8;
const RATE: f32 = 0.3;
const L2: f32 = 1e-5;
/// The share of routine lines that may be handed off, by the rules and the model together:
/// the model spends what the rules leave of it on frustration. The product's ceiling on new
/// text is 2 %; the rules were written from these lines and hand off more of text they have
/// not seen, hence the margin.
const FALSE_HANDOFF_BUDGET: f64 = 0.015;

pub fn run(args: TrainArgs, out: &mut impl Write) -> Result<(), String> {
    // The rules alone (an empty model of the site's own replaces the packs'), to calibrate
    // the model against.
    let rules = triage::Engine::new(triage::Config {
        model: Some(String::new()),
        ..triage::Config::default()
    })
    .map_err(|e| e.to_string())?;
    let judge = |text: &str| {
        let v = rules.classify(text);
        let other = v
            .triggers
            .iter()
            .any(|t| *t != triage::Trigger::Frustration);
        (v.frustration, other)
    };
    let threshold = rules.config().thresholds.frustration;
    let mut lines = Vec::new();
    if !args.no_datasets {
        if !args.datasets.is_dir() {
            return Err(format!(
                "no datasets at {} (pass --datasets DIR, or --no-datasets with --add)",
                args.datasets.display()
            ));
        }
        for (n, source) in data::SOURCES.iter().enumerate() {
            match data::load(&args.datasets, source, &[Phase::Tune]) {
                Ok(rows) => lines.extend(rows.iter().filter_map(|r| {
                    let (frustrated, weight) = match role(&r.labels, 1) {
                        Role::Positive => (true, 1.0),
                        Role::Negative => (false, 1.0),
                        // Asking for a person or a refund, calmly labelled so: the words
                        // of a request are no sign of anger ("a refund" is not).
                        Role::Excluded if calm_request(&r.labels) => (false, 1.0),
                        Role::Excluded => return None,
                    };
                    Some(Line {
                        features: rules.learned_features(&without_placeholders(&r.text)),
                        frustrated,
                        weight,
                        routine: crate::eval::metrics::is_routine(&r.labels),
                        group: n,
                        rules: judge(&r.text),
                    })
                })),
                Err(e) => writeln!(out, "note: {source}: skipped ({e})").map_err(io_err)?,
            }
        }
    }
    for path in &args.add {
        lines.extend(own_lines(path, args.weight, &judge, &|t| {
            rules.learned_features(t)
        })?);
    }
    let positives = lines.iter().filter(|l| l.frustrated).count();
    if positives == 0 || positives == lines.len() {
        return Err(format!(
            "{} lines, {positives} of them frustrated: a model needs both kinds",
            lines.len()
        ));
    }
    let fitted = fit(&lines, args.features);
    let c = calibrate(&lines, &out_of_fold(&lines, args.features), threshold);
    writeln!(
        out,
        "trained on {} lines ({positives} frustrated); kept {} features; calibrated: floor {:.1}, gain {:.2} (frustration F1 {:.3}, {} more handoffs on routine lines)",
        lines.len(),
        fitted.weights.len(),
        c.floor,
        c.gain,
        c.f1,
        c.added_false,
    )
    .map_err(io_err)?;
    let entries = entries(&fitted, &c);
    match (&args.out, &args.pack) {
        (Some(path), _) => {
            let text = format!(
                "# A learned frustration scorer, written by `baton triage train`: a triage rules file\n# (use it with --config or --compare), or copy `model` into [sites.triage].\nmodel = \"{}\"",
                entries.join("|")
            );
            write_file(path, &(text + "\n"))?;
            writeln!(out, "wrote {}", path.display()).map_err(io_err)?;
        }
        (None, Some(path)) => {
            let pack = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            write_file(path, &with_model(&pack, &entries))?;
            writeln!(out, "wrote the model list of {}", path.display()).map_err(io_err)?;
        }
        (None, None) => {
            for e in &entries {
                writeln!(out, "{e}").map_err(io_err)?;
            }
        }
    }
    Ok(())
}

fn io_err(e: io::Error) -> String {
    format!("writing output: {e}")
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// A row labelled (strongly) as a request for a person or a high-risk intent, with no
/// frustration label of any strength.
fn calm_request(labels: &[data::Label]) -> bool {
    use data::Class;
    labels
        .iter()
        .all(|l| l.strong && matches!(l.class, Class::Human | Class::HighRisk(_) | Class::Routine))
        && labels
            .iter()
            .any(|l| matches!(l.class, Class::Human | Class::HighRisk(_)))
}

/// The public text without its anonymising placeholders (`@user`, `[NAME]`, links) and with
/// the HTML entities tweets carry (`&amp;`) decoded: otherwise they would be learned as
/// words of anger ("amp" weighed +1.6 once the complaints to brands were learned from).
fn without_placeholders(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .split_whitespace()
        .filter(|w| {
            !(w.starts_with('@')
                || w.starts_with("http")
                || (w.starts_with('[') && w.contains(']')))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The owner's labelled lines in `path`; a malformed line is an error naming it.
fn own_lines(
    path: &Path,
    weight: f32,
    judge: &dyn Fn(&str) -> (f32, bool),
    features: &dyn Fn(&str) -> Vec<String>,
) -> Result<Vec<Line>, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Own {
        text: String,
        frustration: bool,
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let own: Own = serde_json::from_str(line).map_err(|e| {
            format!(
                "{} line {}: {e} (expected {{\"text\": \"...\", \"frustration\": true|false}})",
                path.display(),
                i + 1
            )
        })?;
        lines.push(Line {
            features: features(&own.text),
            frustrated: own.frustration,
            weight,
            // The owner's calm lines are their visitors' ordinary words.
            routine: !own.frustration,
            group: OWN,
            rules: judge(&own.text),
        });
    }
    Ok(lines)
}

/// Fits the model: features seen in at least [`MIN_LINES`] lines, classes balanced, then
/// the `keep` heaviest features fitted again on their own.
pub fn fit<L: std::borrow::Borrow<Line>>(lines: &[L], keep: usize) -> Fitted {
    // Per feature: how many lines of each source it occurs in.
    let mut counts: HashMap<&str, HashMap<usize, usize>> = HashMap::new();
    let lines: Vec<&Line> = lines.iter().map(|l| l.borrow()).collect();
    for l in &lines {
        for f in &l.features {
            *counts
                .entry(f.as_str())
                .or_default()
                .entry(l.group)
                .or_default() += 1;
        }
    }
    let mut vocabulary: Vec<&str> = counts
        .iter()
        .filter(|(_, by)| {
            by.values().sum::<usize>() >= MIN_LINES
                && (by.get(&OWN).is_some_and(|&n| n >= MIN_LINES)
                    || by.values().filter(|&&n| n >= MIN_LINES).count() >= MIN_SOURCES)
        })
        .map(|(f, _)| *f)
        .collect();
    vocabulary.sort_unstable();
    let first = descend(&lines, &vocabulary);
    let mut ranked: Vec<(usize, f32)> = first.1.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    // Two thirds of the room for words of anger; a third for the words that most often
    // mean the opposite (the long tail of topic words says little once they are gone).
    let pick = |ranked: &mut dyn Iterator<Item = &(usize, f32)>, n: usize| -> Vec<&str> {
        ranked
            .take(n)
            .filter(|(_, w)| w.abs() >= 0.005)
            .map(|&(i, _)| vocabulary[i])
            .collect()
    };
    let for_anger = keep * 2 / 3;
    let mut kept = pick(&mut ranked.iter().filter(|r| r.1 > 0.0), for_anger);
    kept.extend(pick(
        &mut ranked.iter().rev().filter(|r| r.1 < 0.0),
        keep - kept.len(),
    ));
    kept.sort_unstable();
    let (bias, weights) = descend(&lines, &kept);
    Fitted {
        bias,
        weights: kept
            .iter()
            .zip(weights)
            .map(|(f, w)| (f.to_string(), w))
            .collect(),
    }
}

/// Logistic regression over `vocabulary` (sorted) by AdaGrad, in a fixed order: the
/// intercept and one weight per feature.
fn descend<L: std::borrow::Borrow<Line>>(lines: &[L], vocabulary: &[&str]) -> (f32, Vec<f32>) {
    let index = |f: &str| vocabulary.binary_search(&f).ok();
    let rows: Vec<(Vec<usize>, f32, f32)> = lines
        .iter()
        .map(|l| {
            let l = l.borrow();
            let ids = l.features.iter().filter_map(|f| index(f)).collect();
            (ids, if l.frustrated { 1.0 } else { 0.0 }, l.weight)
        })
        .collect();
    // Balanced: both classes weigh the same in all.
    let pos: f32 = rows.iter().filter(|r| r.1 > 0.5).map(|r| r.2).sum();
    let neg: f32 = rows.iter().filter(|r| r.1 < 0.5).map(|r| r.2).sum();
    let class = [(pos + neg) / (2.0 * neg), (pos + neg) / (2.0 * pos)];
    let mut w = vec![0.0f32; vocabulary.len()];
    let mut g2 = vec![1e-6f32; vocabulary.len()];
    let (mut bias, mut bias_g2) = (0.0f32, 1e-6f32);
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for _ in 0..EPOCHS {
        // Fisher–Yates with a fixed xorshift: the same lines give the same model.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &r in &order {
            let (ids, y, weight) = &rows[r];
            let z = bias + ids.iter().map(|&i| w[i]).sum::<f32>();
            let p = 1.0 / (1.0 + (-z).exp());
            let g = (p - y) * weight * class[*y as usize];
            bias_g2 += g * g;
            bias -= RATE * g / bias_g2.sqrt();
            for &i in ids {
                let gi = g + L2 * w[i];
                g2[i] += gi * gi;
                w[i] -= RATE * gi / g2[i].sqrt();
            }
        }
    }
    (bias, w)
}

/// The log-odds of `line` under `fitted`.
fn log_odds_of(line: &Line, fitted: &Fitted) -> f32 {
    fitted.bias
        + line
            .features
            .iter()
            .filter_map(|f| {
                fitted
                    .weights
                    .binary_search_by(|(k, _)| k.as_str().cmp(f))
                    .ok()
                    .map(|i| fitted.weights[i].1)
            })
            .sum::<f32>()
}

/// How many parts [`out_of_fold`] cuts the lines into.
const FOLDS: usize = 5;

/// Each line's log-odds under a model fitted without it: the lines are cut into [`FOLDS`]
/// parts (every `FOLDS`-th line), and each part is scored by a model fitted to the others.
/// Calibrating on these, not on the log-odds of the lines a model learned, keeps the floor
/// and gain honest: a model is surer of the lines it was fitted to than of new ones.
pub fn out_of_fold(lines: &[Line], keep: usize) -> Vec<f32> {
    let mut z = vec![0.0; lines.len()];
    for k in 0..FOLDS {
        let (held, rest): (Vec<_>, Vec<_>) =
            lines.iter().enumerate().partition(|(i, _)| i % FOLDS == k);
        let rest: Vec<&Line> = rest.into_iter().map(|(_, l)| l).collect();
        let fitted = fit(&rest, keep);
        for (i, l) in held {
            z[i] = log_odds_of(l, &fitted);
        }
    }
    z
}

/// Chooses the floor and gain that give the best frustration F1 (the mean over the sources)
/// over `lines`, scored `z` (log-odds, see [`out_of_fold`]), together with the rules (a line
/// fires when the rules' score plus the model's part reaches `threshold`), among those that
/// keep the routine lines handed off within [`FALSE_HANDOFF_BUDGET`].
pub fn calibrate(lines: &[Line], z: &[f32], threshold: f32) -> Calibration {
    let routine = lines.iter().filter(|l| l.routine).count();
    let by_rules = lines
        .iter()
        .filter(|l| l.routine && (l.rules.1 || l.rules.0 >= threshold))
        .count();
    let allowed = ((routine as f64 * FALSE_HANDOFF_BUDGET) as usize).saturating_sub(by_rules);
    let groups = lines.iter().map(|l| l.group + 1).max().unwrap_or(0);
    let mut best = Calibration {
        floor: f32::INFINITY,
        gain: 0.0,
        f1: 0.0,
        added_false: 0,
    };
    for floor in (0..=16).map(|i| i as f32 * 0.25) {
        for gain in [
            0.1f32, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0,
        ] {
            // Counts per source, so that a large source does not drown a small one.
            let mut counts = vec![[0.0f64; 3]; groups];
            let mut added = 0;
            for (l, &z) in lines.iter().zip(z) {
                let (score, other) = l.rules;
                let part = (gain * (z - floor)).clamp(0.0, triage::model::CAP);
                let fires = score + part >= threshold;
                let w = l.weight as f64;
                let c = &mut counts[l.group];
                match (fires, l.frustrated) {
                    (true, true) => c[0] += w,
                    (true, false) => c[1] += w,
                    (false, true) => c[2] += w,
                    _ => {}
                }
                if l.routine && fires && !other && score < threshold {
                    added += 1;
                }
            }
            // The mean F1 over the sources that have frustrated lines.
            let scored: Vec<f64> = counts
                .iter()
                .filter(|[tp, _, fn_]| tp + fn_ > 0.0)
                .map(|[tp, fp, fn_]| 2.0 * tp / (2.0 * tp + fp + fn_).max(f64::MIN_POSITIVE))
                .collect();
            let f1 = scored.iter().sum::<f64>() / scored.len().max(1) as f64;
            if added <= allowed && f1 > best.f1 {
                best = Calibration {
                    floor,
                    gain,
                    f1,
                    added_false: added,
                };
            }
        }
    }
    best
}

/// The model as `feature=hundredths` entries, the intercept first, then the features, with
/// the calibration folded in: the weights scaled by the gain, the floor taken off the
/// intercept. An uncalibrated model (no setting helped) adds nothing.
pub fn entries(fitted: &Fitted, c: &Calibration) -> Vec<String> {
    let hundredths = |w: f32| (w * 100.0).round() as i32;
    if !c.floor.is_finite() {
        return vec![format!("{}=-10000", triage::model::BIAS)];
    }
    let mut out = vec![format!(
        "{}={}",
        triage::model::BIAS,
        hundredths(c.gain * (fitted.bias - c.floor))
    )];
    out.extend(
        fitted
            .weights
            .iter()
            .filter(|(_, w)| hundredths(c.gain * *w) != 0)
            .map(|(f, w)| format!("{f}={}", hundredths(c.gain * *w))),
    );
    out
}

/// `pack` with its `model` list replaced by `entries` (at the end, where training puts it).
pub fn with_model(pack: &str, entries: &[String]) -> String {
    let mut kept = String::new();
    let mut in_model = false;
    for line in pack.lines() {
        let indented = line.starts_with([' ', '\t']);
        if !indented {
            in_model = line.split('=').next().is_some_and(|n| n.trim() == "model");
            if line.starts_with("# Learned by `baton triage train`") {
                continue;
            }
        }
        if in_model {
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    while kept.ends_with("\n\n") {
        kept.pop();
    }
    kept.push_str("# Learned by `baton triage train` (docs/triage-eval.md): `feature=hundredths`, log-odds.\nmodel =\n");
    let mut line = String::from("    ");
    for e in entries {
        if line.len() + e.len() + 1 > 96 {
            kept.push_str(&line);
            kept.push('\n');
            line = String::from("    ");
        }
        line.push_str(e);
        line.push('|');
    }
    if line.trim() != "" {
        kept.push_str(&line);
        kept.push('\n');
    }
    kept
}

#[cfg(test)]
mod tests;
