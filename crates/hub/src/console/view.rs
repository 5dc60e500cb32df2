//! Assembling what the console shows of a conversation: its row, every stored message,
//! the open handoff's package and both verdicts, its leads, waiting time and the suggested
//! greeting; and who may see it.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use protocol::hub::{
    Author, ConsoleConversation, ConversationState, HandoffContext, HandoffCreate, IdentityNote,
    LeadSummary, MessageKind, Queue, TurnTriage, VisitorContext,
};

use super::error::ConsoleError;
use super::greeting::{gather, suggested_greeting};
use crate::config::Site;
use crate::db::agents::Agent;
use crate::db::console::ConsoleRow;
use crate::db::leads::Lead;
use crate::db::StoredMessage;
use crate::state::AppState;
use crate::thread::wire;
use crate::visitor_name::last_stated_name;

/// Most messages one conversation view carries; longer threads show their start (the
/// context) and the agent reads on in the widget's own history.
const MESSAGES: i64 = 2000;

/// True when `agent` may see `row`: it is queued for or held by one of the agent's teams,
/// or the agent holds it.
pub fn visible(row: &ConsoleRow, agent: &str, teams: &[(String, String, bool)]) -> bool {
    row.claimed_by.as_deref() == Some(agent)
        || row.team.as_ref().is_some_and(|team| {
            teams.iter().any(|(s, t, _)| *s == row.site && t == team)
                && row.state != ConversationState::Bot
        })
}

/// The row `id` if `agent` may see it; otherwise 404, the same as for an unknown id.
pub async fn row_for(
    state: &AppState,
    agent: &Agent,
    id: &str,
) -> Result<ConsoleRow, ConsoleError> {
    if id.len() > 64 {
        return Err(crate::error::AppError::NotFound.into());
    }
    let row = state
        .db
        .console_row(id)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let teams = state.db.agent_teams(&agent.id).await?;
    if visible(&row, &agent.id, &teams) {
        Ok(row)
    } else {
        Err(crate::error::AppError::NotFound.into())
    }
}

/// The sites `agent` serves through any of their teams, sorted, each once: the console
/// shows leads, notifications, metrics and reviews of these sites only.
pub async fn agent_sites(state: &AppState, agent: &str) -> Result<Vec<String>, ConsoleError> {
    let sites: BTreeSet<String> = state
        .db
        .agent_teams(agent)
        .await?
        .into_iter()
        .map(|(site, _, _)| site)
        .collect();
    Ok(sites.into_iter().collect())
}

/// The agent's queue: waiting on their teams, and held by them.
pub async fn queue(state: &AppState, agent: &Agent) -> Result<Queue, ConsoleError> {
    let mut out = Queue::default();
    for row in state.db.console_waiting(&agent.id).await? {
        out.waiting.push(conversation(state, &agent.id, row).await?);
    }
    for row in state.db.console_mine(&agent.id).await? {
        out.mine.push(conversation(state, &agent.id, row).await?);
    }
    Ok(out)
}

/// Everything about one conversation.
pub async fn conversation(
    state: &AppState,
    agent: &str,
    row: ConsoleRow,
) -> Result<ConsoleConversation, ConsoleError> {
    let stored = Stored {
        messages: state.db.messages_after(&row.id, 0, MESSAGES).await?,
        handoff: handoff(state, &row.site, &row.id).await?,
        leads: state.db.leads_of(&row.id).await?,
    };
    let site = state.site(&row.site).map(|s| &s.site);
    Ok(assemble(row, stored, site, agent, state.now()))
}

/// What is stored of a conversation besides its row.
struct Stored {
    /// Its messages, oldest first.
    messages: Vec<StoredMessage>,
    /// The open handoff.
    handoff: Option<HandoffContext>,
    /// Its leads, oldest first.
    leads: Vec<Lead>,
}

/// The conversation as `agent` sees it at `now`: its row, what is stored of it, and its
/// site (`None` for a site that left the site file).
fn assemble(
    row: ConsoleRow,
    stored: Stored,
    site: Option<&Site>,
    agent: &str,
    now: DateTime<Utc>,
) -> ConsoleConversation {
    let timezone = timezone_of(site);
    let leads: Vec<LeadSummary> = stored
        .leads
        .into_iter()
        .map(|l| lead_summary(l, &row, &timezone))
        .collect();
    let context = visitor_context(&stored.messages, stored.handoff.as_ref(), &leads);
    let team_name = row.team.as_ref().map(|t| {
        site.and_then(|s| s.teams.iter().find(|x| &x.key == t))
            .map_or(t.clone(), |x| x.name.clone())
    });
    let waiting_seconds = match (row.state, row.queued_at.as_deref()) {
        (ConversationState::Queued, Some(at)) => seconds_since(at, now),
        _ => 0,
    };
    ConsoleConversation {
        site_name: site.map_or(row.site.clone(), |s| s.name.clone()),
        mine: row.claimed_by.as_deref() == Some(agent),
        id: row.id,
        site: row.site,
        team: row.team,
        team_name,
        state: row.state,
        urgency: row.urgency,
        queued_at: row.queued_at,
        waiting_seconds,
        claimed_by: row.claimed_name,
        messages: stored.messages.iter().map(wire).collect(),
        handoff: stored.handoff,
        leads,
        suggested_greeting: suggested_greeting(&context),
        context,
        timezone,
    }
}

/// A lead of the conversation `row`, its times to be read in `timezone`.
fn lead_summary(l: Lead, row: &ConsoleRow, timezone: &str) -> LeadSummary {
    LeadSummary {
        reference: l.reference,
        site: row.site.clone(),
        conversation_id: row.id.clone(),
        name: l.name,
        email: l.email,
        phone: l.phone,
        question: l.question,
        whatsapp_link: l.whatsapp_link,
        created_at: l.created_at,
        timezone: timezone.to_string(),
    }
}

/// What is known of the visitor: from the handoff's fields and reasons, the first lead's
/// name, or (only when neither names them) the name they stated in the chat.
fn visitor_context(
    messages: &[StoredMessage],
    handoff: Option<&HandoffContext>,
    leads: &[LeadSummary],
) -> VisitorContext {
    let said = || {
        last_stated_name(
            messages
                .iter()
                .filter(|m| m.author == Author::Visitor && m.kind == MessageKind::Chat)
                .map(|m| m.body.as_str()),
        )
    };
    let lead_name = leads.first().map(|l| l.name.as_str());
    match handoff {
        Some(h) => gather(
            &h.fields,
            lead_name,
            said,
            h.reasons.iter().chain(&h.hub.reasons),
        ),
        None => gather(&Default::default(), lead_name, said, []),
    }
}

/// The open handoff with its package and the hub's verdict. A package or verdict that no
/// longer parses is logged and shown as empty rather than hiding the conversation.
async fn handoff(
    state: &AppState,
    site_of: &str,
    conversation: &str,
) -> Result<Option<HandoffContext>, ConsoleError> {
    let Some(h) = state.db.handoff_open(conversation).await? else {
        return Ok(None);
    };
    let package: Option<HandoffCreate> = match state.db.handoff_package(&h.id).await? {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| tracing::warn!(handoff = %h.id, error = %e, "unreadable package"))
            .ok(),
        None => None,
    };
    let hub: TurnTriage = serde_json::from_str(&h.hub_verdict).unwrap_or_else(|e| {
        tracing::warn!(handoff = %h.id, error = %e, "unreadable hub verdict");
        TurnTriage {
            escalate: false,
            trigger: h.hub_trigger.clone(),
            route: None,
            triggers: Vec::new(),
            reasons: Vec::new(),
        }
    });
    let secret = state
        .site(site_of)
        .and_then(|s| s.site.identity_secret.as_ref());
    let identity = package
        .as_ref()
        .and_then(|p| p.identity.as_ref())
        .map(|claim| IdentityNote {
            email: claim.email.clone(),
            verified: secret.is_some_and(|s| s.verifies(claim)),
        });
    let (fields, reasons, transcript, route) = match package {
        Some(p) => (p.fields, p.reasons, p.transcript, p.route),
        None => (Default::default(), Vec::new(), Vec::new(), h.team.clone()),
    };
    Ok(Some(HandoffContext {
        id: h.id,
        trigger: h.widget_trigger,
        reasons,
        hub,
        fields,
        route,
        transcript,
        available: h.available == 1,
        next_open: h.next_open,
        created_at: h.created_at,
        identity,
    }))
}

/// The IANA time zone of `site`'s hours, which the console shows its times in; `UTC` for a
/// site that left the site file.
pub fn site_timezone(state: &AppState, site: &str) -> String {
    timezone_of(state.site(site).map(|s| &s.site))
}

/// The IANA time zone of `site`'s hours; `UTC` for `None`.
fn timezone_of(site: Option<&Site>) -> String {
    site.map_or_else(
        || "UTC".to_string(),
        |s| s.hours.timezone.name().to_string(),
    )
}

/// Whole seconds from the stored timestamp `at` to `now`, never negative.
fn seconds_since(at: &str, now: DateTime<Utc>) -> i64 {
    match DateTime::parse_from_rfc3339(at) {
        Ok(t) => (now - t.with_timezone(&Utc)).num_seconds().max(0),
        Err(e) => {
            tracing::warn!(at, error = %e, "unreadable timestamp");
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queued_row() -> ConsoleRow {
        ConsoleRow {
            id: "c1".into(),
            site: "gone".into(),
            state: ConversationState::Queued,
            team: Some("billing".into()),
            urgency: 2,
            queued_at: Some("2025-03-03T10:00:00.000000Z".into()),
            claimed_by: None,
            claimed_name: None,
        }
    }

    fn visitor_says(seq: i64, text: &str) -> StoredMessage {
        StoredMessage {
            seq,
            client_id: None,
            author: Author::Visitor,
            kind: MessageKind::Chat,
            agent_name: None,
            body: text.into(),
            channel: Default::default(),
            delivery: None,
            confidence: None,
            reply_to: None,
            created_at: "2025-03-03T09:59:00.000000Z".into(),
        }
    }

    #[test]
    fn a_queued_conversation_of_a_site_that_left_the_file() {
        let stored = Stored {
            messages: vec![
                visitor_says(1, "Hi, I'm Maria"),
                visitor_says(2, "where is it?"),
            ],
            handoff: None,
            leads: Vec::new(),
        };
        let now = DateTime::parse_from_rfc3339("2025-03-03T10:01:30Z")
            .expect("time")
            .with_timezone(&Utc);
        let shown = assemble(queued_row(), stored, None, "a1", now);
        assert_eq!(shown.site_name, "gone");
        assert_eq!(shown.team_name.as_deref(), Some("billing"));
        assert_eq!(shown.timezone, "UTC");
        assert_eq!(shown.waiting_seconds, 90);
        assert!(!shown.mine);
        assert_eq!(shown.messages.len(), 2);
        assert_eq!(shown.context.name.as_deref(), Some("Maria"));
        assert_eq!(
            shown.context.name_from,
            Some(protocol::hub::NameSource::Chat)
        );
    }
}
