//! What every channel says about a handoff: [`Notification`], built from the stored handoff,
//! the stored transcript (not the one the widget posted) and any lead the visitor left.
//!
//! Plain values only; each channel's module turns one into its own format.

use std::collections::BTreeMap;

use protocol::hub::HandoffCreate;
use protocol::triage_lines::ReasonOut;

use super::config::Urgency;
use crate::db::Db;

/// How many transcript lines Slack and WhatsApp show, and how long each may be.
pub const HEAD_LINES: usize = 6;
/// Longest transcript line in a head, in characters.
pub const HEAD_LINE_CHARS: usize = 280;
/// Most lines an email carries (the console has the rest).
pub const EMAIL_LINES: usize = 400;

/// One handoff, ready to announce.
#[derive(Clone, Debug, PartialEq)]
pub struct Notification {
    /// The business's name.
    pub site_name: String,
    /// The site key.
    pub site: String,
    /// The handoff.
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
    /// When the handoff was stored.
    pub created_at: String,
    /// A test from `baton notify test`, not a real visitor.
    pub test: bool,
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
        self.transcript[skip..].iter().map(|l| Line { author: l.author.clone(), text: cut(&l.text, HEAD_LINE_CHARS) }).collect()
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
        parts.join(" · ").chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
    }

    /// `human_request: phrase "a human" (1.00); frustration: …`.
    pub fn reasons_line(&self) -> String {
        if self.reasons.is_empty() {
            return self.trigger.clone();
        }
        self.reasons.iter().map(|r| format!("{}: {} ({:.2})", r.trigger, r.signal, r.weight)).collect::<Vec<_>>().join("; ")
    }

    /// `Urgent handoff to Billing` — the title every channel starts with.
    pub fn title(&self) -> String {
        let band = match self.urgency {
            Urgency::Urgent => "Urgent handoff",
            Urgency::High => "Handoff",
            Urgency::Standard => "Handoff",
        };
        let test = if self.test { "[test] " } else { "" };
        format!("{test}{band} to {} — {}", self.team, trigger_label(&self.trigger))
    }

    /// The idempotency key of this notification on `channel`.
    pub fn key(&self, channel: &str) -> String {
        format!("{}:{channel}", self.handoff_id)
    }
}

/// Words for a trigger name.
pub fn trigger_label(trigger: &str) -> &'static str {
    match trigger {
        "human_request" => "asked for a person",
        "frustration" => "frustrated",
        "repeated_failure" => "the bot failed twice",
        "high_risk" => "high-risk or high-value topic",
        "out_of_scope" => "out of the bot's scope",
        "post_capture" => "warm lead following up",
        _ => "escalated",
    }
}

/// `s` cut to `max` characters, with an ellipsis when cut.
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The console's link to a conversation. The console has no routes of its own, so the
/// conversation travels as a query parameter it can read.
pub fn console_link(base: Option<&str>, conversation: &str) -> String {
    format!("{}/console/?conversation={conversation}", base.unwrap_or("").trim_end_matches('/'))
}

/// The one-paragraph summary.
pub fn summarise(contact: &BTreeMap<String, String>, team: &str, trigger: &str, transcript: &[Line], available: bool, next_open: Option<&str>) -> String {
    let who = contact.get("name").map_or("A visitor".to_string(), |n| cut(n, 80));
    let turns = transcript.iter().filter(|l| l.author == "visitor").count();
    let last = transcript.iter().rev().find(|l| l.author == "visitor").map(|l| cut(&l.text, 240));
    let mut s = format!("{who} was handed to {team} ({}) after {turns} message{}.", trigger_label(trigger), if turns == 1 { "" } else { "s" });
    if let Some(last) = last {
        s.push_str(&format!(" Last words: “{last}”."));
    }
    if let Some(order) = contact.get("order") {
        s.push_str(&format!(" Order {}.", cut(order, 40)));
    }
    if available {
        s.push_str(" An agent was online when it arrived.");
    } else {
        match next_open {
            Some(t) => s.push_str(&format!(" Nobody was available; the visitor was told we reopen at {t}.")),
            None => s.push_str(" Nobody was available."),
        }
    }
    s
}

#[derive(sqlx::FromRow)]
struct Row {
    conversation_id: String,
    site: String,
    team: String,
    package: String,
    widget_trigger: String,
    hub_verdict: String,
    urgency: i64,
    available: i64,
    next_open: Option<String>,
    created_at: String,
}

/// Builds the notification of handoff `id` from what is stored. `None` if it is gone.
pub async fn load(db: &Db, id: &str, site_name: &str, team_name: impl Fn(&str) -> String, console_url: Option<&str>) -> Result<Option<Notification>, String> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT h.conversation_id, c.site, h.team, h.package, h.widget_trigger, h.hub_verdict, h.urgency, h.available, \
         h.next_open, h.created_at FROM handoffs h JOIN conversations c ON c.id = h.conversation_id WHERE h.id = ?",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await
    .map_err(|e| format!("database: {e}"))?;
    let Some(row) = row else { return Ok(None) };
    // A stored package that no longer parses still gets announced, with what the row holds.
    let package: Option<HandoffCreate> = serde_json::from_str(&row.package).ok();
    let hub: Option<protocol::hub::TurnTriage> = serde_json::from_str(&row.hub_verdict).ok();
    let mut contact: BTreeMap<String, String> = package.as_ref().map(|p| p.fields.clone()).unwrap_or_default();
    let leads = db.leads_of(&row.conversation_id).await.map_err(|e| format!("database: {e}"))?;
    if let Some(lead) = leads.last() {
        contact.entry("name".into()).or_insert_with(|| lead.name.clone());
        if let Some(e) = &lead.email {
            contact.entry("email".into()).or_insert_with(|| e.clone());
        }
        if let Some(p) = &lead.phone {
            contact.entry("phone".into()).or_insert_with(|| p.clone());
        }
        contact.insert("reference".into(), lead.reference.clone());
    }
    let messages = db.messages_after(&row.conversation_id, 0, i64::MAX).await.map_err(|e| format!("database: {e}"))?;
    let mut transcript: Vec<Line> =
        messages.into_iter().filter(|m| m.kind == "chat").map(|m| Line { author: m.author, text: m.body }).collect();
    if transcript.len() > EMAIL_LINES {
        transcript.drain(..transcript.len() - EMAIL_LINES);
    }
    let mut reasons: Vec<ReasonOut> = package.as_ref().map(|p| p.reasons.clone()).unwrap_or_default();
    let mut triggers = vec![row.widget_trigger.clone()];
    if let Some(hub) = &hub {
        for r in &hub.reasons {
            if !reasons.contains(r) {
                reasons.push(r.clone());
            }
        }
        for t in &hub.triggers {
            if !triggers.contains(t) {
                triggers.push(t.clone());
            }
        }
    }
    let team = team_name(&row.team);
    let available = row.available != 0;
    let summary = summarise(&contact, &team, &row.widget_trigger, &transcript, available, row.next_open.as_deref());
    Ok(Some(Notification {
        site_name: site_name.to_string(),
        site: row.site,
        handoff_id: id.to_string(),
        link: console_link(console_url, &row.conversation_id),
        conversation_id: row.conversation_id,
        team,
        route: row.team,
        trigger: row.widget_trigger,
        triggers,
        reasons,
        urgency: Urgency::from_priority(row.urgency),
        contact,
        summary,
        transcript,
        available,
        next_open: row.next_open,
        created_at: row.created_at,
        test: false,
    }))
}

/// A made-up escalation for `baton notify test`.
pub fn sample(site: &str, site_name: &str, team: &str, route: &str, console_url: Option<&str>) -> Notification {
    let transcript = vec![
        Line { author: "visitor".into(), text: "Where is my order #4471? It was due on Monday.".into() },
        Line { author: "bot".into(), text: "I'm sorry, I can't see delivery updates for that order.".into() },
        Line { author: "visitor".into(), text: "This is ridiculous, I want to talk to a real person.".into() },
    ];
    let contact: BTreeMap<String, String> =
        [("name", "Maria (test)"), ("email", "maria@example.com"), ("order", "4471")].into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let summary = summarise(&contact, team, "human_request", &transcript, true, None);
    let id = format!("test-{}", crate::db::new_id());
    Notification {
        site_name: site_name.to_string(),
        site: site.to_string(),
        handoff_id: id.clone(),
        conversation_id: id.clone(),
        team: team.to_string(),
        route: route.to_string(),
        trigger: "human_request".into(),
        triggers: vec!["human_request".into(), "frustration".into()],
        reasons: vec![
            ReasonOut { trigger: "human_request".into(), signal: "phrase \"a real person\"".into(), weight: 1.0 },
            ReasonOut { trigger: "frustration".into(), signal: "phrase \"this is ridiculous\"".into(), weight: 0.6 },
        ],
        urgency: Urgency::Urgent,
        contact,
        summary,
        transcript,
        link: console_link(console_url, &id),
        available: true,
        next_open: None,
        created_at: crate::db::now(),
        test: true,
    }
}
