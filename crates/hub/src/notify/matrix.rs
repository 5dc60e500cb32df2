//! The escalation matrix: which channels hear about a handoff. Rules are tried in file
//! order and the first whose every given key matches chooses the channels; a handoff no
//! rule matches notifies nobody (the console queue still has it).

use chrono::{DateTime, Datelike, Utc, Weekday};

use super::config::{Notify, Urgency, When};
use crate::config::Hours;

/// What the rules look at.
#[derive(Clone, Debug)]
pub struct Facts<'a> {
    /// Urgency band.
    pub urgency: Urgency,
    /// Every trigger either side saw.
    pub triggers: &'a [&'a str],
    /// The team key.
    pub route: &'a str,
    /// Which of in_hours / after_hours / weekend hold now (weekend and after_hours may both).
    pub when: &'a [When],
}

/// The time classes that hold at `now` for a business with `hours`.
pub fn when_at(hours: &Hours, now: DateTime<Utc>) -> Vec<When> {
    let mut out = Vec::new();
    if crate::hours::open_state(hours, now).open {
        out.push(When::InHours);
    } else {
        out.push(When::AfterHours);
    }
    let local = now.with_timezone(&hours.timezone);
    if matches!(local.weekday(), Weekday::Sat | Weekday::Sun) {
        out.push(When::Weekend);
    }
    out
}

/// The channels of the first matching rule, each once; empty when none matches.
pub fn select(notify: &Notify, facts: &Facts<'_>) -> Vec<String> {
    for rule in &notify.rules {
        let urgency = rule.urgency.is_empty() || rule.urgency.contains(&facts.urgency);
        let triggers = rule.triggers.is_empty() || rule.triggers.iter().any(|t| facts.triggers.contains(&t.as_str()));
        let route = rule.routes.is_empty() || rule.routes.iter().any(|r| r == facts.route);
        let when = rule.when.is_empty() || rule.when.iter().any(|w| facts.when.contains(w));
        if urgency && triggers && route && when {
            let mut out: Vec<String> = Vec::new();
            for c in &rule.channels {
                if !out.contains(c) {
                    out.push(c.clone());
                }
            }
            return out;
        }
    }
    Vec::new()
}
