//! What every channel says about a handoff or a lead: [`Notification`], built from the stored
//! handoff (or lead), the stored transcript (not the one the widget posted) and any lead the
//! visitor left. Times meant for people are in words in the site's zone, the zone named
//! ([`in_words`]); machine fields stay RFC 3339.
//!
//! Plain values only; each channel's module turns one into its own format.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use protocol::hub::HandoffCreate;
use protocol::triage_lines::ReasonOut;

use super::config::Urgency;
use crate::config::Site;
use crate::db::Db;

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

/// `Thu 3 Dec at 21:14 (Europe/London)`: an instant as people in the site's zone read it.
pub fn in_words(at: DateTime<Utc>, tz: Tz) -> String {
    format!(
        "{} ({})",
        at.with_timezone(&tz).format("%a %-d %b at %H:%M"),
        tz.name()
    )
}

/// [`in_words`] for a stored RFC 3339 timestamp; one that does not parse is shown as it is.
pub fn words(rfc3339: &str, tz: Tz) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => in_words(t.with_timezone(&Utc), tz),
        Err(_) => rfc3339.to_string(),
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
    format!(
        "{}/console/?conversation={conversation}",
        base.unwrap_or("").trim_end_matches('/')
    )
}

/// The console's front page (the queue).
pub fn console_home(base: Option<&str>) -> String {
    format!("{}/console/", base.unwrap_or("").trim_end_matches('/'))
}

/// The one-paragraph summary. `next_open` is already in words.
pub fn summarise(
    contact: &BTreeMap<String, String>,
    team: &str,
    trigger: &str,
    transcript: &[Line],
    available: bool,
    next_open: Option<&str>,
) -> String {
    let who = contact
        .get("name")
        .map_or("A visitor".to_string(), |n| cut(n, 80));
    let turns = transcript.iter().filter(|l| l.author == "visitor").count();
    let last = transcript
        .iter()
        .rev()
        .find(|l| l.author == "visitor")
        .map(|l| cut(&l.text, 240));
    let mut s = format!(
        "{who} was handed to {team} ({}) after {turns} message{}.",
        trigger_label(trigger),
        if turns == 1 { "" } else { "s" }
    );
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
            Some(t) => s.push_str(&format!(
                " Nobody was available; the visitor was told we reopen on {t}."
            )),
            None => s.push_str(" Nobody was available."),
        }
    }
    s
}

/// The one-paragraph summary of a lead: who, for which team, when, how the conversation
/// went, and what the visitor was told. `captured` and `next_open` are in words.
pub fn summarise_lead(
    contact: &BTreeMap<String, String>,
    team: &str,
    reference: &str,
    transcript: &[Line],
    after_hours: bool,
    captured: &str,
    next_open: Option<&str>,
) -> String {
    let who = contact
        .get("name")
        .map_or("A visitor".to_string(), |n| cut(n, 80));
    let turns = transcript.iter().filter(|l| l.author == "visitor").count();
    let when = if after_hours {
        "while we were closed"
    } else {
        "during opening hours, with nobody free"
    };
    let mut s = format!(
        "{who} left their contact details for {team} on {captured}, {when}, after {turns} message{} (reference {reference}).",
        if turns == 1 { "" } else { "s" }
    );
    if let Some(last) = transcript
        .iter()
        .rev()
        .find(|l| l.author == "visitor")
        .map(|l| cut(&l.text, 240))
    {
        s.push_str(&format!(" Last words: “{last}”."));
    }
    if let Some(order) = contact.get("order") {
        s.push_str(&format!(" Order {}.", cut(order, 40)));
    }
    if let Some(t) = next_open {
        s.push_str(&format!(" They were told we reopen on {t}."));
    }
    s
}

/// Builds the notification of handoff `id` from what is stored, times in `tz`. `None` if it
/// is gone.
pub async fn load(
    db: &Db,
    id: &str,
    site_name: &str,
    tz: Tz,
    team_name: impl Fn(&str) -> String,
    console_url: Option<&str>,
) -> Result<Option<Notification>, String> {
    let row = db.handoff_notice(id).await.map_err(|e| e.to_string())?;
    let Some(row) = row else { return Ok(None) };
    // A stored package that no longer parses still gets announced, with what the row holds.
    let package: Option<HandoffCreate> = serde_json::from_str(&row.package).ok();
    let hub: Option<protocol::hub::TurnTriage> = serde_json::from_str(&row.hub_verdict).ok();
    let mut contact: BTreeMap<String, String> = package
        .as_ref()
        .map(|p| p.fields.clone())
        .unwrap_or_default();
    let leads = db
        .leads_of(&row.conversation_id)
        .await
        .map_err(|e| e.to_string())?;
    if let Some(lead) = leads.last() {
        contact
            .entry("name".into())
            .or_insert_with(|| lead.name.clone());
        if let Some(e) = &lead.email {
            contact.entry("email".into()).or_insert_with(|| e.clone());
        }
        if let Some(p) = &lead.phone {
            contact.entry("phone".into()).or_insert_with(|| p.clone());
        }
        contact.insert("reference".into(), lead.reference.clone());
    }
    let transcript = transcript_of(db, &row.conversation_id).await?;
    let mut reasons: Vec<ReasonOut> = package
        .as_ref()
        .map(|p| p.reasons.clone())
        .unwrap_or_default();
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
    let next_open_words = row.next_open.as_deref().map(|t| words(t, tz));
    let summary = summarise(
        &contact,
        &team,
        &row.widget_trigger,
        &transcript,
        available,
        next_open_words.as_deref(),
    );
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
        timezone: tz,
        lead: None,
        test: false,
    }))
}

/// The stored transcript of `conversation`, chat lines only, at most [`EMAIL_LINES`].
async fn transcript_of(db: &Db, conversation: &str) -> Result<Vec<Line>, String> {
    let messages = db
        .messages_after(conversation, 0, i64::MAX)
        .await
        .map_err(|e| e.to_string())?;
    let mut transcript: Vec<Line> = messages
        .into_iter()
        .filter(|m| m.kind == protocol::hub::MessageKind::Chat)
        .map(|m| Line {
            author: m.author.as_str().to_string(),
            text: m.body,
        })
        .collect();
    if transcript.len() > EMAIL_LINES {
        transcript.drain(..transcript.len() - EMAIL_LINES);
    }
    Ok(transcript)
}

/// Builds the notification of lead `id` of `site` from what is stored: the lead's own
/// contact and question, and, when the conversation was handed off before, that handoff's
/// team, trigger, reasons and urgency. `None` if it is gone.
pub async fn load_lead(
    db: &Db,
    id: &str,
    site: &Site,
    console_url: Option<&str>,
) -> Result<Option<Notification>, String> {
    let Some(lead) = db.lead_by_id(id).await.map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let handoff = db
        .latest_handoff_facts(&lead.conversation_id)
        .await
        .map_err(|e| e.to_string())?;
    let tz = site.hours.timezone;
    let matched = super::matrix::LeadMatch::of(site, handoff.as_ref());
    let package: Option<HandoffCreate> = handoff
        .as_ref()
        .and_then(|h| serde_json::from_str(&h.package).ok());
    let hub: Option<protocol::hub::TurnTriage> = handoff
        .as_ref()
        .and_then(|h| serde_json::from_str(&h.hub_verdict).ok());
    // What the handoff captured, then the lead's own fields over it: the visitor typed those last.
    let mut contact: BTreeMap<String, String> = package
        .as_ref()
        .map(|p| p.fields.clone())
        .unwrap_or_default();
    contact.insert("name".into(), lead.lead.name.clone());
    if let Some(e) = &lead.lead.email {
        contact.insert("email".into(), e.clone());
    }
    if let Some(p) = &lead.lead.phone {
        contact.insert("phone".into(), p.clone());
    }
    contact.insert("reference".into(), lead.lead.reference.clone());
    let transcript = transcript_of(db, &lead.conversation_id).await?;
    let mut reasons: Vec<ReasonOut> = package
        .as_ref()
        .map(|p| p.reasons.clone())
        .unwrap_or_default();
    for r in hub.iter().flat_map(|h| h.reasons.iter()) {
        if !reasons.contains(r) {
            reasons.push(r.clone());
        }
    }
    let team = site
        .teams
        .iter()
        .find(|t| t.key == matched.route)
        .map_or(matched.route.clone(), |t| t.name.clone());
    let after_hours = !open_at(site, &lead.lead.created_at);
    let next_open_words = handoff
        .as_ref()
        .and_then(|h| h.next_open.as_deref())
        .map(|t| words(t, tz));
    let captured = words(&lead.lead.created_at, tz);
    let summary = summarise_lead(
        &contact,
        &team,
        &lead.lead.reference,
        &transcript,
        after_hours,
        &captured,
        next_open_words.as_deref(),
    );
    Ok(Some(Notification {
        site_name: site.name.clone(),
        site: site.key.clone(),
        handoff_id: handoff.as_ref().map_or(String::new(), |h| h.id.clone()),
        link: console_link(console_url, &lead.conversation_id),
        conversation_id: lead.conversation_id,
        team,
        route: matched.route.clone(),
        trigger: handoff
            .as_ref()
            .map_or("post_capture".to_string(), |h| h.widget_trigger.clone()),
        triggers: matched.triggers.clone(),
        reasons,
        urgency: matched.urgency,
        contact,
        summary,
        transcript,
        available: false,
        next_open: handoff.and_then(|h| h.next_open),
        created_at: lead.lead.created_at.clone(),
        timezone: tz,
        lead: Some(LeadPart {
            id: lead.lead.id,
            reference: lead.lead.reference,
            question: lead.lead.question,
            after_hours,
        }),
        test: false,
    }))
}

/// Whether the site was open by its hours at the stored instant `at` (true if it does not parse).
fn open_at(site: &Site, at: &str) -> bool {
    DateTime::parse_from_rfc3339(at).map_or(true, |t| {
        crate::hours::open_state(&site.hours, t.with_timezone(&Utc)).open
    })
}

/// A made-up escalation for `baton notify test`, times in `tz`.
pub fn sample(
    site: &str,
    site_name: &str,
    team: &str,
    route: &str,
    console_url: Option<&str>,
    tz: Tz,
) -> Notification {
    let transcript = vec![
        Line {
            author: "visitor".into(),
            text: "Where is my order #4471? It was due on Monday.".into(),
        },
        Line {
            author: "bot".into(),
            text: "I'm sorry, I can't see delivery updates for that order.".into(),
        },
        Line {
            author: "visitor".into(),
            text: "This is ridiculous, I want to talk to a real person.".into(),
        },
    ];
    let contact: BTreeMap<String, String> = [
        ("name", "Maria (test)"),
        ("email", "maria@example.com"),
        ("order", "4471"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
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
            ReasonOut {
                trigger: "human_request".into(),
                signal: "phrase \"a real person\"".into(),
                weight: 1.0,
            },
            ReasonOut {
                trigger: "frustration".into(),
                signal: "phrase \"this is ridiculous\"".into(),
                weight: 0.6,
            },
        ],
        urgency: Urgency::Urgent,
        contact,
        summary,
        transcript,
        link: console_link(console_url, &id),
        available: true,
        next_open: None,
        created_at: crate::db::timestamp(chrono::Utc::now()),
        timezone: tz,
        lead: None,
        test: true,
    }
}

/// A made-up lead for `baton notify test`: the sample escalation, left as a lead after hours.
pub fn sample_lead(
    site: &str,
    site_name: &str,
    team: &str,
    route: &str,
    console_url: Option<&str>,
    tz: Tz,
) -> Notification {
    let mut n = sample(site, site_name, team, route, console_url, tz);
    let reference = "BTN-TEST42".to_string();
    n.contact.insert("phone".into(), "+447700900123".into());
    n.contact.insert("reference".into(), reference.clone());
    let next_open = Utc::now() + chrono::Duration::hours(12);
    n.next_open = Some(crate::db::timestamp(next_open));
    n.available = false;
    let captured = n.created_words();
    n.summary = summarise_lead(
        &n.contact,
        team,
        &reference,
        &n.transcript,
        true,
        &captured,
        Some(&in_words(next_open, tz)),
    );
    n.lead = Some(LeadPart {
        id: n.handoff_id.clone(),
        reference,
        question: "Where is my order #4471? It was due on Monday.".into(),
        after_hours: true,
    });
    n
}
