//! Handing over: whether a verdict hands over now or waits for the hub, the bridge message
//! and the team it names, and the package for `POST …/handoff`.

use std::collections::BTreeMap;

use protocol::bridge::{Bridge, Reach, Shared};
use protocol::hub::{HandoffCreate, IdentityClaim};
use protocol::triage_lines::ReasonOut;
use triage::{Decision, Trigger, Verdict};

use super::{holder_for, Conversation, Deferred, Holder, Until, Who};

impl Conversation {
    /// Whether each team (by key) can answer now, as the hub last said: the bridge of a
    /// handoff that starts afterwards promises only what is true.
    pub fn set_reach(&mut self, reach: BTreeMap<String, Reach>) {
        self.reach = reach;
        if let Some((key, trigger, route)) = self.restored_bridge.take() {
            let (text, reach) = self.bridge_text(trigger, &route);
            if let Some(line) = self.lines.iter_mut().find(|l| l.key == key) {
                line.text = text;
            }
            if matches!(self.holder, Holder::Waiting { .. } | Holder::Nobody { .. }) {
                self.holder = holder_for(self.team_name(&route), reach);
            }
        }
    }

    /// The visitor's `verdict` hands over now, or — the one rule for holding back — waits
    /// `until` the hub has had its say: the only trigger is the topic (`high_risk`: no request
    /// for a person, no frustration), the site's FAQ answers some such questions first, and
    /// the assistant holds the conversation with no handoff under way.
    pub(super) fn escalate_or_hold(
        &mut self,
        verdict: &Verdict,
        until: Until,
    ) -> Option<HandoffCreate> {
        match &verdict.decision {
            Decision::Escalate {
                trigger: trigger @ Trigger::HighRisk,
                route,
            } if self.answers_first
                && self.holder == Holder::Bot
                && self.route.is_none()
                && verdict.triggers.iter().all(|t| *t == Trigger::HighRisk) =>
            {
                self.deferred.push(Deferred {
                    until,
                    trigger: *trigger,
                    route: route.clone(),
                    reasons: verdict.reasons.iter().map(ReasonOut::from).collect(),
                });
                None
            }
            _ => self.escalate(verdict),
        }
    }

    pub(super) fn take_deferred(&mut self, until: &Until) -> Option<Deferred> {
        let i = self.deferred.iter().position(|d| d.until == *until)?;
        Some(self.deferred.remove(i))
    }

    /// The message with `seq` settles the handoff held back for the one before it: the
    /// bot's answer drops it, anything else starts it.
    pub(super) fn settle_next(&mut self, seq: i64, answer: bool) -> Option<HandoffCreate> {
        let d = self.take_deferred(&Until::Next(seq - 1))?;
        if answer {
            return None;
        }
        self.escalate_to(d.trigger, d.route, d.reasons)
    }

    pub(super) fn escalate(&mut self, verdict: &Verdict) -> Option<HandoffCreate> {
        match &verdict.decision {
            Decision::Escalate { trigger, route } => {
                let reasons = verdict.reasons.iter().map(ReasonOut::from).collect();
                self.escalate_to(*trigger, route.clone(), reasons)
            }
            _ => None,
        }
    }

    pub(super) fn escalate_to(
        &mut self,
        trigger: Trigger,
        route: String,
        reasons: Vec<ReasonOut>,
    ) -> Option<HandoffCreate> {
        if self.route.is_some() || matches!(self.holder, Holder::Agent(_)) {
            return None;
        }
        // A route the site has no team for (rules and teams out of step) goes to the first team.
        let route = match self.teams.first() {
            Some((first, _)) if !self.teams.iter().any(|(k, _)| *k == route) => first.clone(),
            _ => route,
        };
        let team = self.team_name(&route);
        let fields = self.fields();
        let (text, reach) = self.bridge_text(trigger, &route);
        let key = self.push(Who::Bot, text, None);
        self.line_mut(key).bridge = true;
        if self.restoring {
            self.restored_bridge = Some((key, trigger, route.clone()));
        }
        self.route = Some(route.clone());
        self.holder = holder_for(team, reach);
        self.waiting_for_bot = 0;
        Some(HandoffCreate {
            transcript: self.transcript(),
            fields,
            trigger: trigger.as_str().to_string(),
            reasons,
            route,
            identity: self
                .identity
                .get("email")
                .zip(self.identity_signature.as_ref())
                .map(|(email, signature)| IdentityClaim {
                    email: email.clone(),
                    signature: signature.clone(),
                }),
        })
    }

    /// The bridge for a handoff to `route` now, and how soon that team can answer.
    fn bridge_text(&self, trigger: Trigger, route: &str) -> (String, Reach) {
        let team = self.team_name(route);
        let fields = self.fields();
        let reach = self.reach.get(route).cloned().unwrap_or(Reach::Unknown);
        let shared = Shared {
            order: fields.get("order").cloned(),
            email: fields.contains_key("email"),
            phone: fields.contains_key("phone"),
        };
        let b = Bridge {
            lang: self.lang.code(),
            trigger: trigger.as_str(),
            team_key: route,
            team: &team,
            reach: &reach,
            shared: &shared,
        };
        let words = crate::i18n::bridge_words(self.lang);
        (
            protocol::bridge::bridge_in(words, &b, &self.handoff_messages),
            reach,
        )
    }

    fn team_name(&self, key: &str) -> String {
        match self.teams.iter().find(|(k, _)| k == key) {
            Some((_, name)) => name.clone(),
            // Routes are ASCII (the engine refuses any other): see `settings::capitalise`.
            None => {
                let mut name = key.to_string();
                if let Some(first) = name.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                name
            }
        }
    }
}
