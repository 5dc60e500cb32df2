//! The escalation matrix: which channels hear about a handoff or a lead. Rules are tried in
//! file order and the first whose every given key matches chooses the channels; a handoff no
//! rule matches notifies nobody (the console queue still has it).
//!
//! A lead is matched as the conversation's latest handoff was ([`LeadMatch`]): its urgency,
//! triggers and team, with the time classes of the moment the lead was left. A lead with no
//! handoff before it is standard, has no trigger, and goes to the team triage sends warm
//! leads to (`routes.post_capture`, else the default route).

use chrono::{DateTime, Datelike, Utc, Weekday};
use protocol::hub::{HandoffCreate, TurnTriage};

use super::config::{Notify, Urgency, When};
use crate::config::{Hours, Site};
use crate::db::leads::HandoffFacts;

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
        let triggers = rule.triggers.is_empty()
            || rule
                .triggers
                .iter()
                .any(|t| facts.triggers.contains(&t.as_str()));
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

/// Every trigger either side saw for a handoff: the widget's deciding one, the triggers of
/// the widget's reasons, and the hub's own — what the `triggers` key of a rule looks at.
pub fn handoff_triggers<'a>(
    widget_trigger: &'a str,
    package: Option<&'a HandoffCreate>,
    hub: Option<&'a TurnTriage>,
) -> Vec<&'a str> {
    let widget = package
        .iter()
        .flat_map(|p| p.reasons.iter().map(|r| r.trigger.as_str()));
    let hub = hub
        .iter()
        .flat_map(|h| h.triggers.iter().map(String::as_str));
    let mut seen: Vec<&str> = vec![widget_trigger];
    for t in widget.chain(hub) {
        if !seen.contains(&t) {
            seen.push(t);
        }
    }
    seen
}

/// What the rules see of a lead (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub struct LeadMatch {
    /// The handoff's urgency, or standard.
    pub urgency: Urgency,
    /// The handoff's triggers, or none.
    pub triggers: Vec<String>,
    /// The handoff's team, or the warm-lead route.
    pub route: String,
}

impl LeadMatch {
    /// The lead of a conversation whose latest handoff is `handoff`.
    pub fn of(site: &Site, handoff: Option<&HandoffFacts>) -> LeadMatch {
        match handoff {
            Some(h) => {
                let package: Option<HandoffCreate> = serde_json::from_str(&h.package).ok();
                let hub: Option<TurnTriage> = serde_json::from_str(&h.hub_verdict).ok();
                let triggers = handoff_triggers(&h.widget_trigger, package.as_ref(), hub.as_ref())
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                LeadMatch {
                    urgency: Urgency::from_priority(h.urgency),
                    triggers,
                    route: h.team.clone(),
                }
            }
            None => {
                let routes = &site.triage.routes;
                let route = routes
                    .post_capture
                    .clone()
                    .unwrap_or_else(|| routes.default.clone());
                LeadMatch {
                    urgency: Urgency::Standard,
                    triggers: Vec::new(),
                    route,
                }
            }
        }
    }

    /// The channels for this lead left at `now`.
    pub fn channels(&self, site: &Site, now: DateTime<Utc>) -> Vec<String> {
        let when = when_at(&site.hours, now);
        let triggers: Vec<&str> = self.triggers.iter().map(String::as_str).collect();
        select(
            &site.notify,
            &Facts {
                urgency: self.urgency,
                triggers: &triggers,
                route: &self.route,
                when: &when,
            },
        )
    }
}
