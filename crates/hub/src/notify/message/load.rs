//! A notification built from what is stored: the handoff or the lead, its conversation's
//! transcript, and the lead or handoff beside it.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use protocol::hub::HandoffCreate;
use protocol::triage_lines::ReasonOut;

use super::{
    console_link, summarise, summarise_lead, words, LeadPart, Line, Notification, EMAIL_LINES,
};
use crate::config::Site;
use crate::db::Db;
use crate::notify::config::Urgency;

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
    let matched = crate::notify::matrix::LeadMatch::of(site, handoff.as_ref());
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
