//! `GET /metrics`: the metrics in Prometheus' text exposition format (version 0.0.4).
//!
//! Who may read it: a scraper with `Authorization: Bearer TOKEN` where TOKEN is the
//! `BATON_METRICS_TOKEN` the hub was started with (every site), or a signed-in console agent
//! (the sites they serve). Anyone else gets 401. Without the variable only console sessions
//! work, so the numbers are never public by default; they describe a business's customers.
//!
//! Every value covers the whole stored history: counters only grow as conversations are
//! stored, so `rate()` and `increase()` give any window. The summaries' quantiles are
//! nearest-rank over every answered (or resolved) handoff; `_sum / _count` over a window
//! gives its mean.

use std::fmt::Write;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use protocol::hub::{Durations, MetricsReport};
use sha2::{Digest, Sha256};

use super::compute::{report, Period};
use crate::console::auth::SignedIn;
use crate::console::error::ConsoleError;
use crate::db::metrics::{first_conversation, rows};
use crate::security::bearer;
use crate::state::AppState;

/// The content type Prometheus expects.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// `GET /metrics`.
pub async fn metrics_show(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ConsoleError> {
    let (mut parts, _body) = request.into_parts();
    let by_token = match (
        bearer(&parts.headers),
        state.options.metrics_token.as_deref(),
    ) {
        (Some(given), Some(expected)) => same_secret(given, expected),
        _ => false,
    };
    let mut sites: Vec<String> = if by_token {
        state.sites.keys().cloned().collect()
    } else {
        let signed_in = SignedIn::from_request_parts(&mut parts, &state).await?;
        state
            .db
            .agent_teams(&signed_in.agent.id)
            .await?
            .into_iter()
            .map(|(site, _, _)| site)
            .collect()
    };
    sites.sort();
    sites.dedup();
    let now = state.now();
    let mut reports = Vec::new();
    for site in sites {
        reports.push(all_time(&state, &site, now).await?);
    }
    let mut response = render(&reports).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

async fn all_time(
    state: &AppState,
    site: &str,
    now: DateTime<Utc>,
) -> crate::db::DbResult<MetricsReport> {
    let from = first_conversation(&state.db, site).await?.unwrap_or(now);
    // One millisecond past now, so a conversation stored this instant counts.
    let period = Period {
        from,
        to: now.max(from) + chrono::Duration::milliseconds(1),
        tz: chrono_tz::Tz::UTC,
    };
    let mut r = report(site, period, &rows(&state.db, site, period).await?);
    // The daily series is for charts, not for scrapes.
    r.daily.clear();
    Ok(r)
}

/// Compares SHA-256 digests byte by byte without stopping early, so timing tells nothing
/// about how much of the token was right.
fn same_secret(given: &str, expected: &str) -> bool {
    let (a, b) = (
        Sha256::digest(given.as_bytes()),
        Sha256::digest(expected.as_bytes()),
    );
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// A label value with `\`, `"` and newlines escaped, as the format requires.
pub fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    // Writing to a String cannot fail.
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

fn summary(out: &mut String, name: &str, labels: &str, d: &Durations) {
    for (q, v) in [("0.5", d.median_seconds), ("0.9", d.p90_seconds)] {
        // An empty summary reports NaN quantiles, as client libraries do.
        let v = v.map_or("NaN".to_string(), |v| v.to_string());
        let _ = writeln!(out, "{name}{{{labels},quantile=\"{q}\"}} {v}");
    }
    let _ = writeln!(out, "{name}_sum{{{labels}}} {}", d.sum_seconds);
    let _ = writeln!(out, "{name}_count{{{labels}}} {}", d.count);
}

/// The exposition text for `reports` (one per site, all time).
pub fn render(reports: &[MetricsReport]) -> String {
    let mut out = String::new();
    let site = |r: &MetricsReport| format!("site=\"{}\"", label(&r.site));

    family(
        &mut out,
        "baton_conversations_total",
        "counter",
        "Conversations with at least one visitor message.",
    );
    for r in reports {
        let _ = writeln!(
            out,
            "baton_conversations_total{{{}}} {}",
            site(r),
            r.conversations
        );
    }
    family(
        &mut out,
        "baton_handed_off_conversations_total",
        "counter",
        "Conversations handed to a person, by the trigger of their first handoff.",
    );
    for r in reports {
        for t in &r.by_trigger {
            let _ = writeln!(
                out,
                "baton_handed_off_conversations_total{{{},trigger=\"{}\"}} {}",
                site(r),
                label(&t.trigger),
                t.conversations
            );
        }
    }
    family(
        &mut out,
        "baton_conversations_by_channel_total",
        "counter",
        "Conversations with a visitor message, by the channel they began on (web, whatsapp).",
    );
    for r in reports {
        for c in &r.by_channel {
            let _ = writeln!(
                out,
                "baton_conversations_by_channel_total{{{},channel=\"{}\"}} {}",
                site(r),
                label(&c.channel),
                c.conversations
            );
        }
    }
    family(
        &mut out,
        "baton_handed_off_by_channel_total",
        "counter",
        "Conversations handed to a person, by the channel they began on.",
    );
    for r in reports {
        for c in &r.by_channel {
            let _ = writeln!(
                out,
                "baton_handed_off_by_channel_total{{{},channel=\"{}\"}} {}",
                site(r),
                label(&c.channel),
                c.handed_off
            );
        }
    }
    family(
        &mut out,
        "baton_continued_on_whatsapp_total",
        "counter",
        "Conversations begun on the website that continued on WhatsApp.",
    );
    for r in reports {
        let _ = writeln!(
            out,
            "baton_continued_on_whatsapp_total{{{}}} {}",
            site(r),
            r.continued_on_whatsapp
        );
    }
    family(
        &mut out,
        "baton_handoffs_total",
        "counter",
        "Handoffs to a person, by the widget's trigger.",
    );
    for r in reports {
        for t in &r.by_trigger {
            let _ = writeln!(
                out,
                "baton_handoffs_total{{{},trigger=\"{}\"}} {}",
                site(r),
                label(&t.trigger),
                t.handoffs
            );
        }
    }
    family(
        &mut out,
        "baton_handoffs_unanswered",
        "gauge",
        "Handoffs no agent has answered (closed without a reply, or still waiting).",
    );
    for r in reports {
        for t in &r.by_trigger {
            let _ = writeln!(
                out,
                "baton_handoffs_unanswered{{{},trigger=\"{}\"}} {}",
                site(r),
                label(&t.trigger),
                t.unanswered
            );
        }
    }
    family(
        &mut out,
        "baton_time_to_human_seconds",
        "summary",
        "Handoff to the agent's first reply, in seconds.",
    );
    for r in reports {
        for t in &r.by_trigger {
            summary(
                &mut out,
                "baton_time_to_human_seconds",
                &format!("{},trigger=\"{}\"", site(r), label(&t.trigger)),
                &t.time_to_human,
            );
        }
    }
    family(
        &mut out,
        "baton_resolution_seconds",
        "summary",
        "Handoff to resolution by an agent, in seconds.",
    );
    for r in reports {
        summary(
            &mut out,
            "baton_resolution_seconds",
            &site(r),
            &r.resolution,
        );
    }
    family(
        &mut out,
        "baton_ratings_total",
        "counter",
        "Visitor ratings, by whether the conversation was handed off.",
    );
    for r in reports {
        for (segment, c) in [
            ("ai_only", &r.csat.ai_only),
            ("handed_off", &r.csat.handed_off),
        ] {
            let _ = writeln!(
                out,
                "baton_ratings_total{{{},segment=\"{segment}\"}} {}",
                site(r),
                c.ratings
            );
        }
    }
    family(
        &mut out,
        "baton_ratings_satisfied_total",
        "counter",
        "Ratings of 4 or 5 (thumbs up), by segment; CSAT = satisfied / ratings.",
    );
    for r in reports {
        for (segment, c) in [
            ("ai_only", &r.csat.ai_only),
            ("handed_off", &r.csat.handed_off),
        ] {
            let _ = writeln!(
                out,
                "baton_ratings_satisfied_total{{{},segment=\"{segment}\"}} {}",
                site(r),
                c.satisfied
            );
        }
    }
    family(
        &mut out,
        "baton_identified_contacts_total",
        "counter",
        "Conversations whose visitor left an email or phone.",
    );
    for r in reports {
        let _ = writeln!(
            out,
            "baton_identified_contacts_total{{{}}} {}",
            site(r),
            r.repeat_contact.identified
        );
    }
    family(
        &mut out,
        "baton_repeat_contacts_total",
        "counter",
        "Identified conversations within 30 days of another by the same visitor.",
    );
    for r in reports {
        let _ = writeln!(
            out,
            "baton_repeat_contacts_total{{{}}} {}",
            site(r),
            r.repeat_contact.repeats
        );
    }
    family(
        &mut out,
        "baton_leads_total",
        "counter",
        "Leads left by visitors.",
    );
    for r in reports {
        let _ = writeln!(
            out,
            "baton_leads_total{{{}}} {}",
            site(r),
            r.conversion.leads
        );
    }
    family(
        &mut out,
        "baton_leads_won_total",
        "counter",
        "Leads an agent marked won.",
    );
    for r in reports {
        let _ = writeln!(
            out,
            "baton_leads_won_total{{{}}} {}",
            site(r),
            r.conversion.won
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped() {
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("s3cret-token", "s3cret-token"));
        assert!(!same_secret("s3cret-token", "s3cret-tokeN"));
        assert!(!same_secret("", "x"));
    }
}
