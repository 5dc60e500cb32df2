//! The visitor's own messages: triaged and sent, the "Talk to a human" button, sends that
//! failed and their retries.

use protocol::hub::HandoffCreate;
use protocol::triage_lines::ReasonOut;
use triage::{Trigger, Verdict};

use super::{Conversation, Delivery, Holder, Turn, Until, Who};

impl Conversation {
    /// The visitor sends `text`: triaged first, shown at once as `Sending`, and — if a
    /// trigger fires — followed by the bridge message in the same call. `None` for blank
    /// text.
    ///
    /// The one exception: when the only trigger is the topic (`high_risk`) and the site's FAQ
    /// answers some such questions first, the handoff waits for the hub's answer to the
    /// message ([`Conversation::delivered`], [`Conversation::failed`]); the assistant is
    /// shown typing meanwhile.
    pub fn send(&mut self, text: &str, client_id: String) -> Option<Turn> {
        // Invisible controls and direction overrides (pasted text) would have the hub refuse
        // the message: they are dropped here, by the hub's own rule.
        let text = protocol::lead::without_controls(text, true);
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let verdict = self.engine.visitor(&mut self.triage, text);
        self.capture(&verdict);
        let key = self.push(Who::Visitor, text.to_string(), None);
        let line = self.line_mut(key);
        line.client_id = Some(client_id.clone());
        line.delivery = Delivery::Sending;
        line.triggers = verdict.triggers.iter().map(|t| t.as_str()).collect();
        self.unanswered.push(client_id.clone());
        if self.holder == Holder::Bot {
            self.waiting_for_bot += 1;
        }
        let handoff = self.escalate_or_hold(&verdict, Until::Answered(client_id.clone()));
        Some(Turn {
            client_id,
            text: text.to_string(),
            handoff,
        })
    }

    /// The always-visible "Talk to a human" action.
    pub fn ask_for_human(&mut self) -> Option<HandoffCreate> {
        let routes = &self.engine.config().routes;
        let route = routes
            .human_request
            .clone()
            .unwrap_or_else(|| routes.default.clone());
        let reason = ReasonOut {
            trigger: "human_request".into(),
            signal: "the \"Talk to a human\" button".into(),
            weight: 1.0,
        };
        self.escalate_to(Trigger::HumanRequest, route, vec![reason])
    }

    /// Sending failed: the line shows a retry action. A handoff held back for the hub's
    /// answer to this message starts now (the bridge is shown; the package is returned to
    /// post when the hub is back).
    pub fn failed(&mut self, client_id: &str) -> Option<HandoffCreate> {
        self.unanswered.retain(|id| id != client_id);
        if let Some(line) = self
            .lines
            .iter_mut()
            .find(|l| l.client_id.as_deref() == Some(client_id) && l.delivery == Delivery::Sending)
        {
            line.delivery = Delivery::Failed;
            self.waiting_for_bot = self.waiting_for_bot.saturating_sub(1);
        }
        let d = self.take_deferred(&Until::Answered(client_id.to_string()))?;
        self.escalate_to(d.trigger, d.route, d.reasons)
    }

    /// Retrying a failed message: its text, to send again with the same client id.
    pub fn retry(&mut self, client_id: &str) -> Option<String> {
        let line = self.lines.iter_mut().find(|l| {
            l.client_id.as_deref() == Some(client_id) && l.delivery == Delivery::Failed
        })?;
        line.delivery = Delivery::Sending;
        let text = line.text.clone();
        self.unanswered.push(client_id.to_string());
        if self.holder == Holder::Bot {
            self.waiting_for_bot += 1;
        }
        Some(text)
    }

    /// Client ids of every failed message, oldest first (sent again when the hub is back).
    pub fn failed_ids(&self) -> Vec<String> {
        self.lines
            .iter()
            .filter(|l| l.delivery == Delivery::Failed)
            .filter_map(|l| l.client_id.clone())
            .collect()
    }

    pub(super) fn capture(&mut self, verdict: &Verdict) {
        let e = &verdict.extracted;
        for (key, value) in [
            ("email", e.emails.first()),
            ("phone", e.phones.first()),
            ("order", e.orders.first()),
        ] {
            if let Some(v) = value {
                self.fields.insert(key.to_string(), v.clone());
            }
        }
    }
}
