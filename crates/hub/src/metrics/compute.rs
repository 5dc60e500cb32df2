//! The metric arithmetic, as pure functions over plain rows: no SQL, no clock, no I/O, so
//! every number can be checked by hand on a fixture (`tests/suite/metrics_compute.rs`).
//!
//! Definitions (over a period `[from, to)`, one site):
//!
//! - The cohort is the conversations started in the period with at least one visitor chat
//!   message (a visitor who opened the widget and wrote nothing is not a conversation).
//! - **Handoff rate** = cohort conversations with at least one handoff / cohort. **Per
//!   trigger** a conversation counts under the trigger of its first handoff, so the
//!   triggers' rates add up to the overall rate.
//! - **Time to human** = a handoff's creation → the first agent chat message after it (and
//!   before the handoff closed), per handoff answered. **Unanswered** handoffs have no such
//!   message (closed without a reply, or still waiting).
//! - **Resolution time** = a handoff's creation → an agent resolving the conversation while
//!   that handoff was open (a hand back to the bot is not a resolution).
//! - Median and p90 are nearest-rank ([`percentile`]).
//! - **Repeat contact**: a visitor is known only by the email or phone of a lead they left
//!   (the widget keeps no visitor id across conversations). A cohort conversation with a
//!   lead is a repeat when another conversation sharing that email (any case) or phone
//!   started in the 30 days before it. Visitors who never leave details are not counted.
//! - **CSAT** = ratings of 4–5 / ratings, split by whether the conversation was handed off.
//! - **Conversion** = leads left in the period marked won / leads left in the period.
//! - Days are the site's: a period is whole days in the time zone of its `[sites.hours]`,
//!   and the daily series buckets by the local day a conversation started.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;
use protocol::hub::{
    Conversion, Csat, CsatSplit, DayMetrics, Durations, MetricsReport, RepeatContact,
    TriggerMetrics,
};

/// How far back a contact makes the next one a repeat.
pub const REPEAT_WINDOW_DAYS: i64 = 30;

/// The period, `from` inclusive, `to` exclusive, and the time zone whose days it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// Start.
    pub from: DateTime<Utc>,
    /// End (exclusive).
    pub to: DateTime<Utc>,
    /// The site's time zone: days begin at its midnight.
    pub tz: Tz,
}

impl Period {
    /// The `days` whole days in `tz` that end with the day of `now` there (today included):
    /// from local midnight to local midnight, so a day across a clock change is 23 or 25 hours.
    pub fn last_days(now: DateTime<Utc>, days: i64, tz: Tz) -> Period {
        let today = now.with_timezone(&tz).date_naive();
        let midnight = |d: NaiveDate| crate::hours::reach(tz, d.and_time(chrono::NaiveTime::MIN));
        let tomorrow = today.succ_opt().unwrap_or(today);
        let first = today
            .checked_sub_signed(Duration::days(days - 1))
            .unwrap_or(today);
        Period {
            from: midnight(first),
            to: midnight(tomorrow),
            tz,
        }
    }

    /// True when `t` is inside.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.from <= t && t < self.to
    }

    /// The local day of `t`.
    pub fn day_of(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.tz).date_naive()
    }

    /// The local days it spans, first and last.
    pub fn first_and_last_day(&self) -> (NaiveDate, NaiveDate) {
        (
            self.day_of(self.from),
            self.day_of(self.to - Duration::nanoseconds(1)),
        )
    }

    /// How many local days it spans.
    pub fn days(&self) -> i64 {
        let (first, last) = self.first_and_last_day();
        (last - first).num_days() + 1
    }

    /// `t` in RFC 3339 with the time zone's offset at that instant (`Z` in UTC), so its
    /// first ten characters are the local date.
    pub fn local_rfc3339(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.tz)
            .to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

/// A conversation of the site started in the period.
#[derive(Clone, Debug, PartialEq)]
pub struct ConversationRow {
    /// Id.
    pub id: String,
    /// Started.
    pub created_at: DateTime<Utc>,
    /// Visitor chat messages.
    pub visitor_messages: i64,
    /// The channel it began on.
    pub channel: protocol::hub::Channel,
    /// Continued on WhatsApp: a WhatsApp number is linked to it.
    pub on_whatsapp: bool,
}

/// A handoff of one of those conversations.
#[derive(Clone, Debug, PartialEq)]
pub struct HandoffRow {
    /// Conversation id.
    pub conversation_id: String,
    /// The widget's deciding trigger.
    pub trigger: String,
    /// Handed off.
    pub created_at: DateTime<Utc>,
    /// The first agent chat message after it, while it was open.
    pub first_reply_at: Option<DateTime<Utc>>,
    /// Resolved by an agent while it was open.
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A visitor's rating of one of those conversations.
#[derive(Clone, Debug, PartialEq)]
pub struct RatingRow {
    /// Conversation id.
    pub conversation_id: String,
    /// 1..5.
    pub score: u8,
}

/// A lead, with the start of its conversation (from 30 days before the period, for
/// repeat contacts).
#[derive(Clone, Debug, PartialEq)]
pub struct LeadRow {
    /// Conversation id.
    pub conversation_id: String,
    /// When its conversation started.
    pub conversation_created_at: DateTime<Utc>,
    /// When the lead was left.
    pub created_at: DateTime<Utc>,
    /// Email as given.
    pub email: Option<String>,
    /// E.164 phone.
    pub phone: Option<String>,
    /// `won`, `lost` or `None`.
    pub outcome: Option<String>,
}

/// Everything [`report`] reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rows {
    /// Conversations started in the period.
    pub conversations: Vec<ConversationRow>,
    /// Their handoffs.
    pub handoffs: Vec<HandoffRow>,
    /// Their ratings.
    pub ratings: Vec<RatingRow>,
    /// Leads of conversations started from 30 days before the period to its end.
    pub leads: Vec<LeadRow>,
}

/// The nearest-rank `pct`-th percentile of `sorted` (ascending): the value at rank
/// ⌈pct·n/100⌉ (1-based). `None` when empty. Integer arithmetic, so p90 of 10 values is
/// exactly the 9th.
pub fn percentile(sorted: &[i64], pct: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = (pct as usize * n).div_ceil(100).clamp(1, n);
    Some(sorted[rank - 1])
}

/// Count, median, p90 and sum of `seconds` (any order).
pub fn durations(mut seconds: Vec<i64>) -> Durations {
    seconds.sort_unstable();
    Durations {
        count: seconds.len() as u64,
        median_seconds: percentile(&seconds, 50),
        p90_seconds: percentile(&seconds, 90),
        sum_seconds: seconds.iter().sum(),
    }
}

/// `part / whole`, `None` when there is nothing to divide.
pub fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A handoff's time to human in seconds, if answered.
pub fn time_to_human(h: &HandoffRow) -> Option<i64> {
    h.first_reply_at
        .map(|r| (r - h.created_at).num_seconds().max(0))
}

/// Fewest handoffs made in open hours before a team's typical wait is told to visitors.
pub const TYPICAL_WAIT_MIN_SAMPLES: usize = 5;

/// How long a team usually takes to answer a handoff, in whole minutes rounded up to the next
/// 5 (at least 5), for the visitor's "they usually reply within N minutes": the median wait
/// of `waits` (seconds; `None` for a handoff nobody answered, which counts as longer than
/// any answered one). `None` when there are too few handoffs to say, or when most were never
/// answered: then nobody can honestly promise a time.
pub fn typical_wait_minutes(waits: &[Option<i64>]) -> Option<u32> {
    if waits.len() < TYPICAL_WAIT_MIN_SAMPLES {
        return None;
    }
    let mut sorted: Vec<i64> = waits.iter().map(|w| w.unwrap_or(i64::MAX)).collect();
    sorted.sort_unstable();
    let median = percentile(&sorted, 50)?;
    if median == i64::MAX {
        return None;
    }
    let minutes = (median.max(1) as u64).div_ceil(60);
    u32::try_from(minutes.div_ceil(5) * 5).ok()
}

/// A handoff's resolution time in seconds, if resolved.
pub fn resolution_time(h: &HandoffRow) -> Option<i64> {
    h.resolved_at
        .map(|r| (r - h.created_at).num_seconds().max(0))
}

/// The report for `site` over `period`.
pub fn report(site: &str, period: Period, rows: &Rows) -> MetricsReport {
    let cohort: HashMap<&str, &ConversationRow> = rows
        .conversations
        .iter()
        .filter(|c| c.visitor_messages > 0 && period.contains(c.created_at))
        .map(|c| (c.id.as_str(), c))
        .collect();
    let handoffs: Vec<&HandoffRow> = rows
        .handoffs
        .iter()
        .filter(|h| cohort.contains_key(h.conversation_id.as_str()))
        .collect();

    // The first handoff of each conversation decides its trigger.
    let mut first: HashMap<&str, &HandoffRow> = HashMap::new();
    for h in &handoffs {
        let e = first.entry(h.conversation_id.as_str()).or_insert(h);
        if h.created_at < e.created_at {
            *e = h;
        }
    }
    let total = cohort.len() as u64;
    let handed_off = first.len() as u64;

    let mut by_trigger: BTreeMap<(usize, String), TriggerMetrics> = BTreeMap::new();
    let order = |t: &str| {
        triage::Trigger::ALL
            .iter()
            .position(|x| x.as_str() == t)
            .unwrap_or(usize::MAX)
    };
    for h in &handoffs {
        let m = by_trigger
            .entry((order(&h.trigger), h.trigger.clone()))
            .or_default();
        m.handoffs += 1;
        m.unanswered += u64::from(h.first_reply_at.is_none());
    }
    for h in first.values() {
        by_trigger
            .entry((order(&h.trigger), h.trigger.clone()))
            .or_default()
            .conversations += 1;
    }
    let by_trigger = by_trigger
        .into_iter()
        .map(|((_, trigger), m)| {
            let waits = handoffs
                .iter()
                .filter(|h| h.trigger == trigger)
                .filter_map(|h| time_to_human(h))
                .collect();
            TriggerMetrics {
                rate: ratio(m.conversations, total),
                time_to_human: durations(waits),
                trigger,
                ..m
            }
        })
        .collect();

    let handed: HashSet<&str> = first.keys().copied().collect();
    let (by_channel, continued_on_whatsapp) = by_channel(&cohort, &handed);
    MetricsReport {
        site: site.to_string(),
        from: period.local_rfc3339(period.from),
        to: period.local_rfc3339(period.to),
        conversations: total,
        handed_off,
        handoff_rate: ratio(handed_off, total),
        by_trigger,
        by_channel,
        continued_on_whatsapp,
        handoffs: handoffs.len() as u64,
        time_to_human: durations(handoffs.iter().filter_map(|h| time_to_human(h)).collect()),
        resolution: durations(handoffs.iter().filter_map(|h| resolution_time(h)).collect()),
        unanswered: handoffs
            .iter()
            .filter(|h| h.first_reply_at.is_none())
            .count() as u64,
        repeat_contact: repeat_contact(period, &cohort.keys().copied().collect(), &rows.leads),
        csat: csat(&cohort.keys().copied().collect(), &handed, &rows.ratings),
        conversion: conversion(period, &rows.leads),
        daily: daily(period, &cohort, &first, &handoffs),
    }
}

/// The cohort per channel it began on (web first, then WhatsApp, both always listed), and
/// how many web conversations continued on WhatsApp.
pub fn by_channel(
    cohort: &HashMap<&str, &ConversationRow>,
    handed: &HashSet<&str>,
) -> (Vec<protocol::hub::ChannelMetrics>, u64) {
    use protocol::hub::Channel;
    let metrics = [Channel::Web, Channel::Whatsapp]
        .into_iter()
        .map(|channel| {
            let began: Vec<&&ConversationRow> =
                cohort.values().filter(|c| c.channel == channel).collect();
            protocol::hub::ChannelMetrics {
                channel: channel.as_str().to_string(),
                conversations: began.len() as u64,
                handed_off: began
                    .iter()
                    .filter(|c| handed.contains(c.id.as_str()))
                    .count() as u64,
            }
        })
        .collect();
    let continued = cohort
        .values()
        .filter(|c| c.channel == Channel::Web && c.on_whatsapp)
        .count() as u64;
    (metrics, continued)
}

/// CSAT of the cohort's ratings, split by `handed`.
pub fn csat(cohort: &HashSet<&str>, handed: &HashSet<&str>, ratings: &[RatingRow]) -> CsatSplit {
    let group = |want_handed: bool| {
        let scores: Vec<u8> = ratings
            .iter()
            .filter(|r| cohort.contains(r.conversation_id.as_str()))
            .filter(|r| handed.contains(r.conversation_id.as_str()) == want_handed)
            .map(|r| r.score)
            .collect();
        let n = scores.len() as u64;
        let satisfied = scores.iter().filter(|&&s| s >= 4).count() as u64;
        let sum: u64 = scores.iter().map(|&s| u64::from(s)).sum();
        Csat {
            ratings: n,
            satisfied,
            rate: ratio(satisfied, n),
            mean: (n > 0).then(|| sum as f64 / n as f64),
        }
    };
    CsatSplit {
        ai_only: group(false),
        handed_off: group(true),
    }
}

/// Leads left in the period, and how many were won or lost.
pub fn conversion(period: Period, leads: &[LeadRow]) -> Conversion {
    let inside: Vec<&LeadRow> = leads
        .iter()
        .filter(|l| period.contains(l.created_at))
        .collect();
    let count = |o: &str| {
        inside
            .iter()
            .filter(|l| l.outcome.as_deref() == Some(o))
            .count() as u64
    };
    let (won, lost) = (count("won"), count("lost"));
    Conversion {
        leads: inside.len() as u64,
        won,
        lost,
        rate: ratio(won, inside.len() as u64),
    }
}

/// The identity keys of a lead: `email:` lower-cased and trimmed, `phone:` as stored.
pub fn identity_keys(lead: &LeadRow) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(e) = lead
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        keys.push(format!("email:{}", e.to_lowercase()));
    }
    if let Some(p) = lead
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        keys.push(format!("phone:{p}"));
    }
    keys
}

/// Repeat contacts among the cohort's identified conversations.
pub fn repeat_contact(period: Period, cohort: &HashSet<&str>, leads: &[LeadRow]) -> RepeatContact {
    // Each conversation's start and the union of its leads' keys.
    let mut contacts: BTreeMap<&str, (DateTime<Utc>, HashSet<String>)> = BTreeMap::new();
    for l in leads {
        let e = contacts
            .entry(l.conversation_id.as_str())
            .or_insert_with(|| (l.conversation_created_at, HashSet::new()));
        e.1.extend(identity_keys(l));
    }
    let window = Duration::days(REPEAT_WINDOW_DAYS);
    let mut identified = 0;
    let mut repeats = 0;
    for (id, (at, keys)) in &contacts {
        if keys.is_empty() || !cohort.contains(id) || !period.contains(*at) {
            continue;
        }
        identified += 1;
        let repeat = contacts.iter().any(|(other, (t, k))| {
            other != id && *t < *at && *at - *t <= window && !k.is_disjoint(keys)
        });
        repeats += u64::from(repeat);
    }
    RepeatContact {
        identified,
        repeats,
        rate: ratio(repeats, identified),
    }
}

/// One entry per local day of the period.
fn daily(
    period: Period,
    cohort: &HashMap<&str, &ConversationRow>,
    first: &HashMap<&str, &HandoffRow>,
    handoffs: &[&HandoffRow],
) -> Vec<DayMetrics> {
    let mut days: BTreeMap<NaiveDate, (u64, u64, Vec<i64>)> = BTreeMap::new();
    let (mut d, last) = period.first_and_last_day();
    while d <= last {
        days.insert(d, (0, 0, Vec::new()));
        d = match d.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    for (id, c) in cohort {
        let e = days.entry(period.day_of(c.created_at)).or_default();
        e.0 += 1;
        e.1 += u64::from(first.contains_key(id));
    }
    for h in handoffs {
        if let (Some(c), Some(s)) = (cohort.get(h.conversation_id.as_str()), time_to_human(h)) {
            days.entry(period.day_of(c.created_at))
                .or_default()
                .2
                .push(s);
        }
    }
    days.into_iter()
        .map(|(date, (n, handed, waits))| DayMetrics {
            date: date.format("%Y-%m-%d").to_string(),
            conversations: n,
            handed_off: handed,
            rate: ratio(handed, n),
            time_to_human_median: durations(waits).median_seconds,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typical_wait_is_the_median_rounded_up_and_silent_when_unknown() {
        assert_eq!(
            typical_wait_minutes(&[Some(60), Some(120), Some(400), Some(30), Some(500)]),
            Some(5)
        );
        assert_eq!(
            typical_wait_minutes(&[Some(60), Some(1300), Some(1300), Some(30), Some(1500)]),
            Some(25)
        );
        assert_eq!(typical_wait_minutes(&[Some(60); 4]), None, "too few to say");
        assert_eq!(
            typical_wait_minutes(&[Some(60), None, None, None, Some(90)]),
            None,
            "mostly unanswered"
        );
    }

    #[test]
    fn nearest_rank() {
        let v = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        assert_eq!(percentile(&v, 50), Some(50)); // rank ⌈5⌉ = 5
        assert_eq!(percentile(&v, 90), Some(90)); // rank ⌈9⌉ = 9
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[1, 2, 3], 50), Some(2)); // rank ⌈1.5⌉ = 2
        assert_eq!(percentile(&[1, 2, 3], 90), Some(3)); // rank ⌈2.7⌉ = 3
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn last_days_are_whole_local_days() {
        let now = "2026-03-04T12:00:00Z".parse().unwrap();
        let p = Period::last_days(now, 7, Tz::UTC);
        assert_eq!(crate::clock::rfc3339(p.from), "2026-02-26T00:00:00Z");
        assert_eq!(crate::clock::rfc3339(p.to), "2026-03-05T00:00:00Z");
        assert_eq!(p.days(), 7);
        // Amsterdam is UTC+1 in winter: its days start at 23:00 UTC the day before.
        let p = Period::last_days(now, 7, Tz::Europe__Amsterdam);
        assert_eq!(crate::clock::rfc3339(p.from), "2026-02-25T23:00:00Z");
        assert_eq!(crate::clock::rfc3339(p.to), "2026-03-04T23:00:00Z");
        assert_eq!(p.local_rfc3339(p.from), "2026-02-26T00:00:00+01:00");
        // 23:30 UTC on the 4th is already the 5th there: tomorrow, outside the period.
        let late = "2026-03-04T23:30:00Z".parse().unwrap();
        assert_eq!(p.day_of(late).to_string(), "2026-03-05");
        assert!(!p.contains(late));
        // Across the spring change (29 March, 02:00 → 03:00): two local days of 24 + 23 h.
        let p = Period::last_days(
            "2026-03-30T12:00:00Z".parse().unwrap(),
            2,
            Tz::Europe__Amsterdam,
        );
        assert_eq!(crate::clock::rfc3339(p.from), "2026-03-28T23:00:00Z");
        assert_eq!(crate::clock::rfc3339(p.to), "2026-03-30T22:00:00Z");
        assert_eq!((p.to - p.from).num_hours(), 47);
        assert_eq!(p.days(), 2);
    }
}
