//! Made-up notifications for `baton notify test`: an escalation, and the same left as a lead.

use std::collections::BTreeMap;

use chrono::Utc;
use chrono_tz::Tz;
use protocol::triage_lines::ReasonOut;

use super::{console_link, in_words, summarise, summarise_lead, LeadPart, Line, Notification};
use crate::notify::config::Urgency;

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
