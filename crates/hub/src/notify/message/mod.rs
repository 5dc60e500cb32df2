//! What every channel says about a handoff or a lead: [`Notification`], built from the stored
//! handoff (or lead), the stored transcript (not the one the widget posted) and any lead the
//! visitor left. Times meant for people are in words in the site's zone, the zone named
//! ([`in_words`]); machine fields stay RFC 3339.
//!
//! Plain values only; each channel's module turns one into its own format.

use std::collections::BTreeMap;

use chrono_tz::Tz;
use protocol::triage_lines::ReasonOut;

use super::config::Urgency;

mod load;
mod sample;
mod summary;
mod text;

pub use load::{load, load_lead};
pub use sample::{sample, sample_lead};
pub use summary::{summarise, summarise_lead};
pub use text::{console_home, console_link, cut, in_words, trigger_label, words};

/// How many transcript lines Slack and WhatsApp show, and how long each may be.
pub const HEAD_LINES: usize = 6;
/// Longest transcript line in a head, in characters.
pub const HEAD_LINE_CHARS: usize = 280;
/// Most lines an email carries (the console has the rest).
pub const EMAIL_LINES: usize = 400;

/// One handoff or lead, ready to announce.
#[derive(Clone, Debug, PartialEq)]
pub struct Notification {
    /// The business's name.
    pub site_name: String,
    /// The site key.
    pub site: String,
    /// The handoff (for a lead: its conversation's latest handoff, or empty).
    pub handoff_id: String,
    /// The conversation.
    pub conversation_id: String,
    /// The team's display name.
    pub team: String,
    /// The team key.
    pub route: String,
    /// The deciding trigger (`human_request`…).
    pub trigger: String,
    /// Every trigger either side saw.
    pub triggers: Vec<String>,
    /// Why: the widget's evidence and the hub's.
    pub reasons: Vec<ReasonOut>,
    /// Urgency band.
    pub urgency: Urgency,
    /// What the visitor left: name, email, phone, order…
    pub contact: BTreeMap<String, String>,
    /// One paragraph.
    pub summary: String,
    /// The conversation, oldest first.
    pub transcript: Vec<Line>,
    /// The conversation in the console (absolute when the hub knows its public URL).
    pub link: String,
    /// Someone could take it at once.
    pub available: bool,
    /// When not: the next opening, RFC 3339 UTC.
    pub next_open: Option<String>,
    /// When the handoff (or lead) was stored, RFC 3339 UTC.
    pub created_at: String,
    /// The site's time zone, in which people read times.
    pub timezone: Tz,
    /// Set when this announces a lead rather than a handoff.
    pub lead: Option<LeadPart>,
    /// A test from `baton notify test`, not a real visitor.
    pub test: bool,
}

/// What a lead notification adds: the lead itself.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadPart {
    /// The lead's id (its idempotency keys are `lead:{id}:{channel}`).
    pub id: String,
    /// The reference the visitor was given (`BTN-7KQ3XM`).
    pub reference: String,
    /// What they asked (may be empty).
    pub question: String,
    /// Left while the site was closed.
    pub after_hours: bool,
}

/// One transcript line.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// `visitor`, `bot`, `agent` or `system`.
    pub author: String,
    /// What was said.
    pub text: String,
}

impl Notification {
    /// The last [`HEAD_LINES`] lines, each cut to [`HEAD_LINE_CHARS`].
    pub fn head(&self) -> Vec<Line> {
        let skip = self.transcript.len().saturating_sub(HEAD_LINES);
        self.transcript[skip..]
            .iter()
            .map(|l| Line {
                author: l.author.clone(),
                text: cut(&l.text, HEAD_LINE_CHARS),
            })
            .collect()
    }

    /// `name · email · phone · order 4471`, or a phrase saying nothing was left.
    pub fn contact_line(&self) -> String {
        if self.contact.is_empty() {
            return "no contact details left".to_string();
        }
        let mut parts = Vec::new();
        for key in ["name", "email", "phone"] {
            if let Some(v) = self.contact.get(key) {
                parts.push(v.clone());
            }
        }
        for (k, v) in &self.contact {
            if !matches!(k.as_str(), "name" | "email" | "phone") {
                parts.push(format!("{k} {v}"));
            }
        }
        // Captured values are one-liners; a stray line break must not fake a new line.
        parts
            .join(" · ")
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    }

    /// `human_request: phrase "a human" (1.00); frustration: …`.
    pub fn reasons_line(&self) -> String {
        if self.reasons.is_empty() {
            return self.trigger.clone();
        }
        self.reasons
            .iter()
            .map(|r| format!("{}: {} ({:.2})", r.trigger, r.signal, r.weight))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// `Urgent handoff to Billing — asked for a person`, or for a lead `New lead BTN-7KQ3XM
    /// for Billing (after hours)` — the title every channel starts with.
    pub fn title(&self) -> String {
        let test = if self.test { "[test] " } else { "" };
        if let Some(lead) = &self.lead {
            let when = if lead.after_hours {
                " (after hours)"
            } else {
                ""
            };
            return format!("{test}New lead {} for {}{when}", lead.reference, self.team);
        }
        let band = match self.urgency {
            Urgency::Urgent => "Urgent handoff",
            Urgency::High => "Handoff",
            Urgency::Standard => "Handoff",
        };
        format!(
            "{test}{band} to {} — {}",
            self.team,
            trigger_label(&self.trigger)
        )
    }

    /// The idempotency key of this notification on `channel`: `{handoff_id}:{channel}`, or
    /// `lead:{lead_id}:{channel}`.
    pub fn key(&self, channel: &str) -> String {
        match &self.lead {
            Some(lead) => format!("lead:{}:{channel}", lead.id),
            None => format!("{}:{channel}", self.handoff_id),
        }
    }

    /// When it was stored, in words in the site's zone.
    pub fn created_words(&self) -> String {
        words(&self.created_at, self.timezone)
    }

    /// `handoff.created`, `lead.created`, or their `.test` forms.
    pub fn event(&self) -> &'static str {
        match (&self.lead, self.test) {
            (None, false) => "handoff.created",
            (None, true) => "handoff.test",
            (Some(_), false) => "lead.created",
            (Some(_), true) => "lead.test",
        }
    }
}
