//! The metric arithmetic on the fixture in `metrics_support` (one week, 10 conversations,
//! 4 of them handed off, 5 handoffs), every number worked out by hand in the comments.

use crate::metrics_support;

use hub::metrics::compute::report;
use hub::metrics::review;
use metrics_support::{period, rows, SITE};
use protocol::hub::ReviewReason;

fn trigger<'a>(
    r: &'a protocol::hub::MetricsReport,
    name: &str,
) -> &'a protocol::hub::TriggerMetrics {
    r.by_trigger
        .iter()
        .find(|t| t.trigger == name)
        .expect("trigger listed")
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn handoff_rate_overall_and_per_trigger() {
    let r = report(SITE, period(), &rows());
    // Cohort: c1…c10 (c0 wrote nothing; c11, c13 before, c12 after the week) = 10.
    assert_eq!(r.conversations, 10);
    // Handed off: c1, c2, c3, c4 = 4 → 4 / 10 = 0.4.
    assert_eq!(r.handed_off, 4);
    assert!(close(r.handoff_rate, 0.4));
    // Handoffs: c1, c2 twice, c3, c4 = 5 (c12's is after the week).
    assert_eq!(r.handoffs, 5);
    let t: Vec<_> = r
        .by_trigger
        .iter()
        .map(|t| {
            (
                t.trigger.as_str(),
                t.conversations,
                t.handoffs,
                t.unanswered,
            )
        })
        .collect();
    // By first handoff: human_request c1, c3 = 2; frustration c2 = 1 (its second handoff,
    // human_request, adds a handoff but not a conversation); high_risk c4 = 1.
    // In Trigger::ALL order (human_request, high_risk, frustration, …).
    assert_eq!(
        t,
        [
            ("human_request", 2, 3, 0),
            ("high_risk", 1, 1, 1),
            ("frustration", 1, 1, 0)
        ]
    );
    // 2/10 + 1/10 + 1/10 = 0.4, the overall rate.
    assert!(close(trigger(&r, "human_request").rate, 0.2));
    assert!(close(trigger(&r, "high_risk").rate, 0.1));
    assert!(close(trigger(&r, "frustration").rate, 0.1));
}

#[test]
fn time_to_human_median_and_p90() {
    let r = report(SITE, period(), &rows());
    // Answered handoffs: c1 60 s, c2 300 s and 120 s, c3 900 s; sorted 60, 120, 300, 900.
    // Median: rank ⌈0.5·4⌉ = 2 → 120. p90: rank ⌈0.9·4⌉ = ⌈3.6⌉ = 4 → 900.
    assert_eq!(r.time_to_human.count, 4);
    assert_eq!(r.time_to_human.median_seconds, Some(120));
    assert_eq!(r.time_to_human.p90_seconds, Some(900));
    // 60 + 300 + 120 + 900 = 1380.
    assert_eq!(r.time_to_human.sum_seconds, 1380);
    // human_request: 60, 120, 900 → median rank ⌈1.5⌉ = 2 → 120, p90 rank ⌈2.7⌉ = 3 → 900.
    let human = &trigger(&r, "human_request").time_to_human;
    assert_eq!(
        (human.count, human.median_seconds, human.p90_seconds),
        (3, Some(120), Some(900))
    );
    // frustration: 300 alone. high_risk: none answered.
    assert_eq!(
        trigger(&r, "frustration").time_to_human.median_seconds,
        Some(300)
    );
    assert_eq!(trigger(&r, "high_risk").time_to_human.count, 0);
    assert_eq!(trigger(&r, "high_risk").time_to_human.median_seconds, None);
    // Nobody answered c4.
    assert_eq!(r.unanswered, 1);
}

#[test]
fn resolution_time() {
    let r = report(SITE, period(), &rows());
    // Resolved: c1 600 s, c2's second 1800 s, c3 3600 s (c2's first was handed back, c4
    // is open). Median rank 2 → 1800; p90 rank ⌈2.7⌉ = 3 → 3600.
    assert_eq!(r.resolution.count, 3);
    assert_eq!(r.resolution.median_seconds, Some(1800));
    assert_eq!(r.resolution.p90_seconds, Some(3600));
    assert_eq!(r.resolution.sum_seconds, 6000);
}

#[test]
fn repeat_contacts_by_lead_email_or_phone() {
    let r = report(SITE, period(), &rows());
    // Identified in the week: c5, c6, c8, c9, c10 = 5.
    // c5 " Maria@Example.com" = c11 maria@example.com 14 days earlier → repeat.
    // c6: first time this phone. c8: same phone as c6 one day earlier → repeat.
    // c9: new email. c10: old@example.com was c13, 35 days earlier (> 30) → not a repeat.
    // 2 / 5 = 0.4.
    assert_eq!(r.repeat_contact.identified, 5);
    assert_eq!(r.repeat_contact.repeats, 2);
    assert!(close(r.repeat_contact.rate, 0.4));
}

#[test]
fn csat_ai_only_against_handed_off() {
    let r = report(SITE, period(), &rows());
    // AI only: c5 5, c6 4, c7 2 → satisfied (≥ 4) 2 / 3; mean 11 / 3.
    let ai = &r.csat.ai_only;
    assert_eq!((ai.ratings, ai.satisfied), (3, 2));
    assert!(close(ai.rate, 2.0 / 3.0));
    assert!(close(ai.mean, 11.0 / 3.0));
    // Handed off: c1 5, c2 1, c3 2 → 1 / 3; mean 8 / 3. c0's rating is outside the cohort.
    let human = &r.csat.handed_off;
    assert_eq!((human.ratings, human.satisfied), (3, 1));
    assert!(close(human.rate, 1.0 / 3.0));
    assert!(close(human.mean, 8.0 / 3.0));
}

#[test]
fn lead_conversion() {
    let r = report(SITE, period(), &rows());
    // Leads left in the week: c5, c6, c8, c9, c10 = 5 (c11's and c13's are older).
    // Won: c5, c8, c10 = 3 → 3 / 5 = 0.6. Lost: c6.
    assert_eq!(
        (r.conversion.leads, r.conversion.won, r.conversion.lost),
        (5, 3, 1)
    );
    assert!(close(r.conversion.rate, 0.6));
}

#[test]
fn daily_series() {
    let r = report(SITE, period(), &rows());
    let days: Vec<_> = r
        .daily
        .iter()
        .map(|d| {
            (
                d.date.as_str(),
                d.conversations,
                d.handed_off,
                d.time_to_human_median,
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            // c1 (c0 wrote nothing), 60 s.
            ("2026-03-02", 1, 1, Some(60)),
            // c2: 300 and 120 → sorted 120, 300, median rank 1 → 120.
            ("2026-03-03", 1, 1, Some(120)),
            ("2026-03-04", 1, 1, Some(900)),
            // c4: handed off, never answered.
            ("2026-03-05", 1, 1, None),
            ("2026-03-06", 1, 0, None),
            ("2026-03-07", 2, 0, None),
            ("2026-03-08", 3, 0, None),
        ]
    );
    assert!(close(r.daily[0].rate, 1.0));
    assert!(close(r.daily[5].rate, 0.0));
}

#[test]
fn an_empty_period_has_no_rates() {
    let r = report(SITE, period(), &Default::default());
    assert_eq!(r.conversations, 0);
    assert_eq!(r.handoff_rate, None);
    assert_eq!(r.time_to_human.median_seconds, None);
    assert_eq!(r.csat.ai_only.rate, None);
    assert_eq!(r.daily.len(), 7);
}

#[test]
fn review_lists() {
    let rows = rows();
    let waits: Vec<_> = review::long_waits(&rows)
        .into_iter()
        .map(|p| (p.conversation_id, p.seconds))
        .collect();
    // Longest first; c2 once, with its longer wait (300 s, not 120 s). The fixture's rows
    // include c12 (after the week) — the handler passes only the period's rows, and c12
    // was never answered, so it has no wait anyway.
    assert_eq!(
        waits,
        [
            ("c3".to_string(), Some(900)),
            ("c2".into(), Some(300)),
            ("c1".into(), Some(60))
        ]
    );
    let low: Vec<_> = review::low_ratings(&rows)
        .into_iter()
        .map(|p| (p.conversation_id, p.score, p.trigger))
        .collect();
    // 1 before 2; ties by id. c2's first handoff was frustration. c0's 1 is left out: its
    // visitor never wrote anything.
    assert_eq!(
        low,
        [
            ("c2".to_string(), Some(1), Some("frustration".to_string())),
            ("c3".into(), Some(2), Some("human_request".into())),
            ("c7".into(), Some(2), None),
        ]
    );
    let open: Vec<_> = review::unanswered(&rows)
        .into_iter()
        .map(|p| (p.conversation_id, p.reason))
        .collect();
    assert_eq!(
        open,
        [
            ("c4".to_string(), ReviewReason::Unanswered),
            ("c12".into(), ReviewReason::Unanswered)
        ]
    );
}

/// Days are the site's own: a conversation at 23:30 UTC is on the next day in Amsterdam
/// (UTC+1 in March) and on the same day in UTC; the period's edges move with midnight too.
#[test]
fn days_are_the_sites_local_days() {
    use chrono_tz::Tz;
    use hub::metrics::compute::{ConversationRow, HandoffRow, Period, Rows};
    use metrics_support::t;

    let conversation = |id: &str, at: &str| ConversationRow {
        id: id.into(),
        created_at: t(at),
        visitor_messages: 1,
        channel: Default::default(),
        on_whatsapp: false,
    };
    let handoff = |id: &str, at: &str, reply: &str| HandoffRow {
        conversation_id: id.into(),
        trigger: "human_request".into(),
        created_at: t(at),
        first_reply_at: Some(t(reply)),
        resolved_at: None,
    };
    let rows = Rows {
        conversations: vec![
            conversation("n1", "2026-03-01T23:30:00Z"), // Amsterdam: Mon 2 March, 00:30
            conversation("n2", "2026-03-03T12:00:00Z"), // Amsterdam: Tue 3 March, 13:00
            conversation("n3", "2026-03-03T23:30:00Z"), // Amsterdam: Wed 4 March, 00:30
            conversation("n4", "2026-03-08T23:30:00Z"), // Amsterdam: Mon 9 March, 00:30
        ],
        handoffs: vec![
            handoff("n1", "2026-03-01T23:40:00Z", "2026-03-01T23:41:00Z"), // 60 s
            handoff("n3", "2026-03-03T23:35:00Z", "2026-03-03T23:40:00Z"), // 300 s
        ],
        ..Rows::default()
    };
    let now = t("2026-03-08T12:00:00Z");
    let days = |r: &protocol::hub::MetricsReport| {
        r.daily
            .iter()
            .map(|d| {
                (
                    d.date.clone(),
                    d.conversations,
                    d.handed_off,
                    d.time_to_human_median,
                )
            })
            .collect::<Vec<_>>()
    };
    let day = |date: &str, n: u64, handed: u64, median: Option<i64>| {
        (date.to_string(), n, handed, median)
    };

    // UTC: the week is [2 March 00:00Z, 9 March 00:00Z). n1 (1 March) is before it; n2 and
    // n3 are both on the 3rd; n4 is on the 8th. 3 conversations, 1 handed off.
    let utc = report(SITE, Period::last_days(now, 7, Tz::UTC), &rows);
    assert_eq!(
        (utc.from.as_str(), utc.to.as_str()),
        ("2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z")
    );
    assert_eq!((utc.conversations, utc.handed_off), (3, 1));
    assert_eq!(
        days(&utc),
        [
            day("2026-03-02", 0, 0, None),
            day("2026-03-03", 2, 1, Some(300)), // n2, n3 (300 s)
            day("2026-03-04", 0, 0, None),
            day("2026-03-05", 0, 0, None),
            day("2026-03-06", 0, 0, None),
            day("2026-03-07", 0, 0, None),
            day("2026-03-08", 1, 0, None), // n4
        ]
    );

    // Amsterdam: the week is [1 March 23:00Z, 8 March 23:00Z). n1 opens it on the 2nd, n3
    // moves to the 4th, n4 falls on the 9th, after it. 3 conversations, 2 handed off.
    let ams = report(
        SITE,
        Period::last_days(now, 7, Tz::Europe__Amsterdam),
        &rows,
    );
    assert_eq!(
        (ams.from.as_str(), ams.to.as_str()),
        ("2026-03-02T00:00:00+01:00", "2026-03-09T00:00:00+01:00")
    );
    assert_eq!((ams.conversations, ams.handed_off), (3, 2));
    assert_eq!(
        days(&ams),
        [
            day("2026-03-02", 1, 1, Some(60)),  // n1 (60 s)
            day("2026-03-03", 1, 0, None),      // n2
            day("2026-03-04", 1, 1, Some(300)), // n3 (300 s)
            day("2026-03-05", 0, 0, None),
            day("2026-03-06", 0, 0, None),
            day("2026-03-07", 0, 0, None),
            day("2026-03-08", 0, 0, None),
        ]
    );
}
