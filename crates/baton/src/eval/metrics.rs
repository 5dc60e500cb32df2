//! The arithmetic of the evaluation: which rows count for which trigger, and precision,
//! recall, F1 and the false-handoff rate over them. Plain values, no engine.

use std::collections::BTreeMap;

use super::data::{Class, Label};

/// The message-level triggers a labelled source can judge, in report order.
pub const TRIGGERS: [&str; 3] = ["human_request", "frustration", "high_risk"];

/// How many confusion examples a cell keeps.
pub const EXAMPLES: usize = 5;

/// What a row is for one trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Labelled with the trigger (strong): it should fire.
    Positive,
    /// Labelled routine (or, for frustration, not angry): it should not fire.
    Negative,
    /// Borderline, or labelled with another trigger (it should hand off anyway), or unlabelled.
    Excluded,
}

fn trigger_of(class: &Class) -> Option<usize> {
    match class {
        Class::Human => Some(0),
        Class::Frustration => Some(1),
        Class::HighRisk(_) => Some(2),
        _ => None,
    }
}

/// The row's role for trigger `t` (an index into [`TRIGGERS`]).
pub fn role(labels: &[Label], t: usize) -> Role {
    if labels
        .iter()
        .any(|l| l.strong && trigger_of(&l.class) == Some(t))
    {
        return Role::Positive;
    }
    // Borderline anything, or another trigger's label: neither right nor wrong to fire.
    if labels
        .iter()
        .any(|l| !l.strong || trigger_of(&l.class).is_some())
    {
        return Role::Excluded;
    }
    let negative = labels
        .iter()
        .any(|l| l.class == Class::Routine || (t == 1 && l.class == Class::NotFrustration));
    if negative {
        Role::Negative
    } else {
        Role::Excluded
    }
}

/// Routine customer text: no trigger label, nothing borderline, labelled routine. Any
/// handoff on it is a false handoff.
pub fn is_routine(labels: &[Label]) -> bool {
    labels
        .iter()
        .all(|l| l.strong && trigger_of(&l.class).is_none())
        && labels.iter().any(|l| l.class == Class::Routine)
}

/// The high-risk intents a row is labelled with (strong), for recall per intent.
pub fn intents(labels: &[Label]) -> impl Iterator<Item = &str> {
    labels.iter().filter_map(|l| match &l.class {
        Class::HighRisk(i) if l.strong => Some(i.as_str()),
        _ => None,
    })
}

/// What the engine said about one message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Per trigger in [`TRIGGERS`] order: did it fire?
    pub fired: [bool; 3],
    /// Did the message hand off (any trigger)?
    pub escalate: bool,
}

/// Counts for one trigger (or one intent) over one source.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    pub positives: usize,
    pub negatives: usize,
    pub tp: usize,
    pub fp: usize,
    /// Positives that handed off on some other trigger.
    pub handed_off: usize,
    pub missed: Vec<String>,
    pub false_: Vec<String>,
}

pub fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl Cell {
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.positives)
    }
    pub fn f1(&self) -> Option<f64> {
        f1(self.precision()?, self.recall()?)
    }
    fn add(&mut self, other: &Cell) {
        self.positives += other.positives;
        self.negatives += other.negatives;
        self.tp += other.tp;
        self.fp += other.fp;
        self.handed_off += other.handed_off;
    }
}

pub fn f1(p: f64, r: f64) -> Option<f64> {
    (p + r > 0.0).then(|| 2.0 * p * r / (p + r))
}

/// One source in one phase (or several pooled).
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub rows: usize,
    pub routine: usize,
    pub false_handoffs: usize,
    pub false_examples: Vec<String>,
    pub triggers: [Cell; 3],
    pub intents: BTreeMap<String, Cell>,
    /// Examples kept per cell when above [`EXAMPLES`] (TUNE rows only, see `--misses`).
    pub cap: usize,
}

impl Tally {
    /// Counts one row. `describe` formats the row for an example (called only when kept).
    pub fn add(&mut self, labels: &[Label], outcome: Outcome, describe: impl Fn() -> String) {
        self.rows += 1;
        if is_routine(labels) {
            self.routine += 1;
            if outcome.escalate {
                self.false_handoffs += 1;
                keep(&mut self.false_examples, self.cap, &describe);
            }
        }
        for (t, cell) in self.triggers.iter_mut().enumerate() {
            match role(labels, t) {
                Role::Positive => {
                    cell.positives += 1;
                    if outcome.fired[t] {
                        cell.tp += 1;
                    } else {
                        cell.handed_off += outcome.escalate as usize;
                        keep(&mut cell.missed, self.cap, &describe);
                    }
                }
                Role::Negative => {
                    cell.negatives += 1;
                    if outcome.fired[t] {
                        cell.fp += 1;
                        keep(&mut cell.false_, self.cap, &describe);
                    }
                }
                Role::Excluded => {}
            }
        }
        for intent in intents(labels) {
            let cell = self.intents.entry(intent.to_string()).or_default();
            cell.positives += 1;
            if outcome.fired[2] {
                cell.tp += 1;
            } else {
                cell.handed_off += outcome.escalate as usize;
                keep(&mut cell.missed, self.cap, &describe);
            }
        }
    }

    /// Adds another tally's counts (not its examples): the pooled figures.
    pub fn merge(&mut self, other: &Tally) {
        self.rows += other.rows;
        self.routine += other.routine;
        self.false_handoffs += other.false_handoffs;
        for (a, b) in self.triggers.iter_mut().zip(&other.triggers) {
            a.add(b);
        }
        for (name, cell) in &other.intents {
            self.intents.entry(name.clone()).or_default().add(cell);
        }
    }

    pub fn false_handoff_rate(&self) -> Option<f64> {
        ratio(self.false_handoffs, self.routine)
    }

    /// Recall over several intents pooled (e.g. refund and cancel): caught, positives.
    pub fn intents_recall(&self, names: &[&str]) -> (usize, usize) {
        names
            .iter()
            .filter_map(|n| self.intents.get(*n))
            .fold((0, 0), |(c, p), cell| (c + cell.tp, p + cell.positives))
    }
}

fn keep(list: &mut Vec<String>, cap: usize, describe: &impl Fn() -> String) {
    if list.len() < cap.max(EXAMPLES) {
        list.push(describe());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(class: Class, strong: bool) -> Label {
        Label { class, strong }
    }
    fn refund() -> Class {
        Class::HighRisk("refund".into())
    }

    #[test]
    fn roles_follow_labels_and_strength() {
        let human = [l(Class::Human, true)];
        assert_eq!(role(&human, 0), Role::Positive);
        // Another trigger's label: not a false positive for this one.
        assert_eq!(role(&human, 1), Role::Excluded);
        let routine = [l(Class::Routine, true)];
        assert!((0..3).all(|t| role(&routine, t) == Role::Negative));
        let calm = [l(Class::NotFrustration, true)];
        assert_eq!(role(&calm, 1), Role::Negative);
        assert_eq!(role(&calm, 0), Role::Excluded);
        let borderline = [l(refund(), false), l(Class::Routine, true)];
        assert_eq!(role(&borderline, 2), Role::Excluded);
        assert_eq!(role(&borderline, 0), Role::Excluded);
        assert!(!is_routine(&borderline));
        assert!(is_routine(&routine));
        assert!(!is_routine(&calm));
        // A strong label wins over a borderline one of the same trigger.
        assert_eq!(
            role(
                &[l(Class::Frustration, false), l(Class::Frustration, true)],
                1
            ),
            Role::Positive
        );
    }

    #[test]
    fn precision_recall_f1_by_hand() {
        let cell = Cell {
            positives: 10,
            tp: 8,
            fp: 2,
            ..Cell::default()
        };
        assert_eq!(cell.precision(), Some(0.8));
        assert_eq!(cell.recall(), Some(0.8));
        assert!((cell.f1().unwrap() - 0.8).abs() < 1e-12);
        assert_eq!(Cell::default().recall(), None);
        assert_eq!(f1(0.0, 0.0), None);
        assert!((f1(1.0, 0.5).unwrap() - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn tally_counts_hits_misses_false_handoffs_and_intents() {
        let mut t = Tally::default();
        let fire = |i: usize| {
            let mut o = Outcome {
                escalate: true,
                ..Outcome::default()
            };
            o.fired[i] = true;
            o
        };
        t.add(&[l(Class::Human, true)], fire(0), || "a".into());
        t.add(&[l(Class::Human, true)], fire(2), || "b".into());
        t.add(&[l(Class::Routine, true)], fire(0), || "c".into());
        t.add(&[l(Class::Routine, true)], Outcome::default(), || {
            "d".into()
        });
        t.add(&[l(refund(), true)], fire(2), || "e".into());
        t.add(
            &[l(Class::HighRisk("cancel".into()), true)],
            Outcome::default(),
            || "f".into(),
        );
        let h = &t.triggers[0];
        assert_eq!((h.positives, h.tp, h.fp, h.handed_off), (2, 1, 1, 1));
        assert_eq!(h.missed, ["b"]);
        assert_eq!(h.false_, ["c"]);
        assert_eq!((t.routine, t.false_handoffs), (2, 1));
        assert_eq!(t.false_handoff_rate(), Some(0.5));
        assert_eq!(t.intents_recall(&["refund", "cancel", "return"]), (1, 2));
        assert_eq!(t.intents["cancel"].missed, ["f"]);

        let mut pooled = Tally::default();
        pooled.merge(&t);
        pooled.merge(&t);
        assert_eq!(pooled.rows, 12);
        assert_eq!(pooled.triggers[0].tp, 2);
        assert!(pooled.triggers[0].missed.is_empty());
    }

    #[test]
    fn examples_are_capped() {
        let mut t = Tally::default();
        for _ in 0..20 {
            t.add(&[l(Class::Human, true)], Outcome::default(), || "x".into());
        }
        assert_eq!(t.triggers[0].missed.len(), EXAMPLES);
        assert_eq!(t.triggers[0].positives, 20);
    }
}
