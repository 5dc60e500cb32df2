//! Availability from business hours: is the business open at an instant, when does it close,
//! and when does it next open.
//!
//! Hours are wall-clock times in the business's own time zone. An opening interval
//! `09:00-17:30` starts at the first instant the business's clock shows 09:00 and ends at the
//! first instant it shows 17:30. That rule settles both daylight-saving changes:
//!
//! - a time the clock skips (01:30 on a spring-forward night) is reached at the jump itself,
//!   the first instant the clock shows a later time;
//! - a time the clock shows twice (01:30 on a fall-back night) is reached the first time.
//!
//! Holidays close the whole local day. Touching intervals (`09:00-12:00` and `12:00-17:00`,
//! or `…-24:00` followed by `00:00-…` the next day) make one opening period.

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::config::Hours;

/// How far ahead [`open_state`] looks for the next opening (and for the closing time of a
/// business that is open around the clock).
pub const LOOKAHEAD_DAYS: u64 = 14;

/// Whether the business is open at an instant, and the instants around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenState {
    /// Open now, by business hours.
    pub open: bool,
    /// The start of the next opening period after now (when open: the one after the current
    /// period closes), within [`LOOKAHEAD_DAYS`]; `None` if there is none.
    pub next_open: Option<DateTime<Utc>>,
    /// When open: the end of the current period; `None` when closed, or when the business
    /// does not close within [`LOOKAHEAD_DAYS`].
    pub closes_at: Option<DateTime<Utc>>,
}

/// The business's state at `now`: see [`OpenState`].
pub fn open_state(hours: &Hours, now: DateTime<Utc>) -> OpenState {
    let tz = hours.timezone;
    let today = now.with_timezone(&tz).date_naive();
    let horizon = now + Duration::days(LOOKAHEAD_DAYS as i64);
    // From yesterday (a period that began then may still run) to a day past the horizon
    // (a period running into the horizon must see its end to be merged correctly).
    let first = today.checked_sub_days(Days::new(1)).unwrap_or(today);
    let periods = periods(hours, first, LOOKAHEAD_DAYS + 3);

    let current = periods
        .iter()
        .find(|(start, end)| *start <= now && now < *end);
    let open = current.is_some();
    let closes_at = current.map(|&(_, end)| end).filter(|end| *end <= horizon);
    let after = current.map_or(now, |&(_, end)| end);
    let next_open = periods
        .iter()
        .map(|&(start, _)| start)
        .find(|start| *start > after && *start > now && *start <= horizon);
    OpenState {
        open,
        next_open,
        closes_at,
    }
}

/// Whether a team can take a conversation now: someone is online.
///
/// Presence wins over the hours: an agent who goes online on a Sunday evening is reachable,
/// and the visitor is told "one moment", not "back on Monday". The console tells an agent
/// online outside hours that visitors can reach them, and presence lapses by itself when the
/// console goes away, so a forgotten tab does not keep promising a person.
pub fn team_available(agents_online: usize) -> bool {
    agents_online > 0
}

/// The opening periods of `days` local days from `first`, as sorted, merged UTC ranges.
fn periods(hours: &Hours, first: NaiveDate, days: u64) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let tz = hours.timezone;
    let mut out: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for offset in 0..days {
        let Some(date) = first.checked_add_days(Days::new(offset)) else {
            break;
        };
        if hours.holidays.contains(&date) {
            continue;
        }
        for &(open, close) in hours.on(chrono::Datelike::weekday(&date)) {
            let start = reach(tz, date.and_time(open));
            let end = if is_end_of_day(close) {
                // "24:00" is stored as 23:59:59: the period runs to the next midnight.
                match date.checked_add_days(Days::new(1)) {
                    Some(next) => reach(tz, next.and_time(NaiveTime::MIN)),
                    None => reach(tz, date.and_time(close)),
                }
            } else {
                reach(tz, date.and_time(close))
            };
            // An interval wholly inside a skipped hour never happens.
            if start < end {
                out.push((start, end));
            }
        }
    }
    out.sort();
    let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(out.len());
    for (start, end) in out {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

fn is_end_of_day(t: NaiveTime) -> bool {
    t == NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN) && t != NaiveTime::MIN
}

/// The first instant the clock in `tz` shows `local` (or, if the clock skips it, a later time).
pub(crate) fn reach(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        chrono::LocalResult::None => gap_end(tz, local),
    }
}

/// The instant of the jump over a skipped local time: the first instant whose local time is
/// at or after `local`. Found by bisection between an instant certainly before (a day earlier,
/// less the largest offset) and one certainly after (the largest negative offset).
fn gap_end(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    // Whole seconds: offsets and transitions are whole seconds.
    let naive = local.and_utc().timestamp();
    let mut lo = naive - (24 + 15) * 3600;
    let mut hi = naive + 15 * 3600;
    let at =
        |secs: i64| DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or(DateTime::<Utc>::MIN_UTC);
    let shows_at_least = |secs: i64| at(secs).with_timezone(&tz).naive_local() >= local;
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if shows_at_least(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    at(hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// Hours from `(weekday index, [(open, close)])` pairs.
    fn hours(tz: &str, days: &[(usize, &[(NaiveTime, NaiveTime)])], holidays: &[&str]) -> Hours {
        let mut weekly: [Vec<(NaiveTime, NaiveTime)>; 7] = Default::default();
        for (day, intervals) in days {
            weekly[*day] = intervals.to_vec();
        }
        Hours {
            timezone: tz.parse().unwrap(),
            weekly,
            holidays: holidays
                .iter()
                .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())
                .collect::<BTreeSet<_>>(),
        }
    }

    /// Mon–Fri 09:00–17:30, Sat 10:00–14:00, London, Christmas and Boxing Day closed.
    fn shop() -> Hours {
        let week: &[(NaiveTime, NaiveTime)] = &[(t(9, 0), t(17, 30))];
        let sat: &[(NaiveTime, NaiveTime)] = &[(t(10, 0), t(14, 0))];
        hours(
            "Europe/London",
            &[
                (0, week),
                (1, week),
                (2, week),
                (3, week),
                (4, week),
                (5, sat),
            ],
            &["2026-12-25", "2026-12-26"],
        )
    }

    fn state(open: bool, next_open: Option<&str>, closes_at: Option<&str>) -> OpenState {
        OpenState {
            open,
            next_open: next_open.map(utc),
            closes_at: closes_at.map(utc),
        }
    }

    #[test]
    fn weekly_table() {
        let h = shop();
        let cases = [
            // Wednesday 2026-01-14, winter: London = UTC.
            (
                "2026-01-14T08:59:59Z",
                state(false, Some("2026-01-14T09:00:00Z"), None),
            ),
            (
                "2026-01-14T09:00:00Z",
                state(
                    true,
                    Some("2026-01-15T09:00:00Z"),
                    Some("2026-01-14T17:30:00Z"),
                ),
            ),
            (
                "2026-01-14T17:29:59Z",
                state(
                    true,
                    Some("2026-01-15T09:00:00Z"),
                    Some("2026-01-14T17:30:00Z"),
                ),
            ),
            (
                "2026-01-14T17:30:00Z",
                state(false, Some("2026-01-15T09:00:00Z"), None),
            ),
            // Friday evening → Saturday 10:00.
            (
                "2026-01-16T18:00:00Z",
                state(false, Some("2026-01-17T10:00:00Z"), None),
            ),
            // Saturday open; next after closing is Monday.
            (
                "2026-01-17T11:00:00Z",
                state(
                    true,
                    Some("2026-01-19T09:00:00Z"),
                    Some("2026-01-17T14:00:00Z"),
                ),
            ),
            // Sunday → Monday 09:00.
            (
                "2026-01-18T12:00:00Z",
                state(false, Some("2026-01-19T09:00:00Z"), None),
            ),
            // Summer: London = UTC+1, so 09:00 local is 08:00Z.
            (
                "2026-07-15T07:30:00Z",
                state(false, Some("2026-07-15T08:00:00Z"), None),
            ),
            (
                "2026-07-15T16:00:00Z",
                state(
                    true,
                    Some("2026-07-16T08:00:00Z"),
                    Some("2026-07-15T16:30:00Z"),
                ),
            ),
            // Christmas Eve (Thursday) evening: Friday 25th and Saturday 26th are holidays.
            (
                "2026-12-24T18:00:00Z",
                state(false, Some("2026-12-28T09:00:00Z"), None),
            ),
            // Christmas Day at noon: closed even though it is a Friday.
            (
                "2026-12-25T12:00:00Z",
                state(false, Some("2026-12-28T09:00:00Z"), None),
            ),
        ];
        for (now, expected) in cases {
            assert_eq!(open_state(&h, utc(now)), expected, "{now}");
        }
    }

    #[test]
    fn several_intervals_a_day_and_touching_ones() {
        // Lunch break; and Tuesday's two intervals touch, so they are one period.
        let mon: &[(NaiveTime, NaiveTime)] = &[(t(9, 0), t(12, 0)), (t(13, 0), t(17, 0))];
        let tue: &[(NaiveTime, NaiveTime)] = &[(t(9, 0), t(12, 0)), (t(12, 0), t(17, 0))];
        let h = hours("UTC", &[(0, mon), (1, tue)], &[]);
        let cases = [
            (
                "2026-01-12T10:00:00Z",
                state(
                    true,
                    Some("2026-01-12T13:00:00Z"),
                    Some("2026-01-12T12:00:00Z"),
                ),
            ),
            (
                "2026-01-12T12:30:00Z",
                state(false, Some("2026-01-12T13:00:00Z"), None),
            ),
            (
                "2026-01-12T16:00:00Z",
                state(
                    true,
                    Some("2026-01-13T09:00:00Z"),
                    Some("2026-01-12T17:00:00Z"),
                ),
            ),
            (
                "2026-01-13T11:00:00Z",
                state(
                    true,
                    Some("2026-01-19T09:00:00Z"),
                    Some("2026-01-13T17:00:00Z"),
                ),
            ),
        ];
        for (now, expected) in cases {
            assert_eq!(open_state(&h, utc(now)), expected, "{now}");
        }
    }

    #[test]
    fn london_clock_changes() {
        // 2026-03-29 (last Sunday of March): 01:00 GMT → 02:00 BST.
        // 2026-10-25 (last Sunday of October): 02:00 BST → 01:00 GMT.
        let sun: &[(NaiveTime, NaiveTime)] = &[(t(0, 30), t(1, 30)), (t(9, 0), t(17, 0))];
        let sat: &[(NaiveTime, NaiveTime)] = &[(t(9, 0), t(17, 0))];
        let h = hours("Europe/London", &[(5, sat), (6, sun)], &[]);
        let cases = [
            // Spring: 00:30 GMT opens; 01:30 is skipped, so it closes at the jump (01:00Z).
            (
                "2026-03-29T00:15:00Z",
                state(false, Some("2026-03-29T00:30:00Z"), None),
            ),
            (
                "2026-03-29T00:45:00Z",
                state(
                    true,
                    Some("2026-03-29T08:00:00Z"),
                    Some("2026-03-29T01:00:00Z"),
                ),
            ),
            // 09:00 BST on the day of the change is 08:00Z.
            (
                "2026-03-29T07:59:00Z",
                state(false, Some("2026-03-29T08:00:00Z"), None),
            ),
            (
                "2026-03-29T15:00:00Z",
                state(
                    true,
                    Some("2026-04-04T08:00:00Z"),
                    Some("2026-03-29T16:00:00Z"),
                ),
            ),
            // Saturday before: still GMT.
            (
                "2026-03-28T18:00:00Z",
                state(false, Some("2026-03-29T00:30:00Z"), None),
            ),
            // Autumn: 00:30 BST = 23:30Z the day before; 01:30 first shown at 00:30Z (BST).
            (
                "2026-10-24T23:45:00Z",
                state(
                    true,
                    Some("2026-10-25T09:00:00Z"),
                    Some("2026-10-25T00:30:00Z"),
                ),
            ),
            // The repeated hour (01:00–02:00 GMT = 01:00Z–02:00Z) does not reopen.
            (
                "2026-10-25T01:15:00Z",
                state(false, Some("2026-10-25T09:00:00Z"), None),
            ),
            // 09:00 GMT after the change is 09:00Z.
            (
                "2026-10-25T08:59:00Z",
                state(false, Some("2026-10-25T09:00:00Z"), None),
            ),
            (
                "2026-10-25T16:59:00Z",
                state(
                    true,
                    Some("2026-10-31T09:00:00Z"),
                    Some("2026-10-25T17:00:00Z"),
                ),
            ),
        ];
        for (now, expected) in cases {
            assert_eq!(open_state(&h, utc(now)), expected, "{now}");
        }
    }

    #[test]
    fn new_york_clock_changes() {
        // 2026-03-08: 02:00 EST → 03:00 EDT; 2026-11-01: 02:00 EDT → 01:00 EST.
        let day: &[(NaiveTime, NaiveTime)] = &[(t(8, 0), t(18, 0))];
        let all: Vec<(usize, &[(NaiveTime, NaiveTime)])> = (0..7).map(|d| (d, day)).collect();
        let h = hours("America/New_York", &all, &[]);
        let cases = [
            // Saturday 7 March, EST (UTC−5): 08:00 = 13:00Z, 18:00 = 23:00Z.
            (
                "2026-03-07T12:00:00Z",
                state(false, Some("2026-03-07T13:00:00Z"), None),
            ),
            // Sunday 8 March after the change, EDT (UTC−4): 08:00 = 12:00Z.
            (
                "2026-03-08T11:59:00Z",
                state(false, Some("2026-03-08T12:00:00Z"), None),
            ),
            (
                "2026-03-08T12:00:00Z",
                state(
                    true,
                    Some("2026-03-09T12:00:00Z"),
                    Some("2026-03-08T22:00:00Z"),
                ),
            ),
            // Saturday 31 October, EDT: closes 22:00Z; Sunday 1 November opens 08:00 EST = 13:00Z.
            (
                "2026-10-31T23:00:00Z",
                state(false, Some("2026-11-01T13:00:00Z"), None),
            ),
            (
                "2026-11-01T22:59:00Z",
                state(
                    true,
                    Some("2026-11-02T13:00:00Z"),
                    Some("2026-11-01T23:00:00Z"),
                ),
            ),
        ];
        for (now, expected) in cases {
            assert_eq!(open_state(&h, utc(now)), expected, "{now}");
        }
    }

    #[test]
    fn skipped_opening_time_opens_at_the_jump() {
        // Opening at 02:30 on the US spring-forward night: the clock goes 01:59:59 → 03:00.
        let sun: &[(NaiveTime, NaiveTime)] = &[(t(2, 30), t(5, 0))];
        let h = hours("America/New_York", &[(6, sun)], &[]);
        // 03:00 EDT = 07:00Z is the jump.
        let s = open_state(&h, utc("2026-03-08T06:30:00Z"));
        assert_eq!(s, state(false, Some("2026-03-08T07:00:00Z"), None));
        let s = open_state(&h, utc("2026-03-08T07:00:00Z"));
        assert_eq!(
            s,
            state(
                true,
                Some("2026-03-15T06:30:00Z"),
                Some("2026-03-08T09:00:00Z")
            )
        );
    }

    #[test]
    fn never_open_and_always_open() {
        let closed = hours("Europe/London", &[], &[]);
        assert_eq!(
            open_state(&closed, utc("2026-01-14T12:00:00Z")),
            state(false, None, None)
        );

        // Open only on a holiday weekday within the next fortnight: still never open.
        let mon: &[(NaiveTime, NaiveTime)] = &[(t(9, 0), t(17, 0))];
        let h = hours("UTC", &[(0, mon)], &["2026-01-19", "2026-01-26"]);
        assert_eq!(
            open_state(&h, utc("2026-01-14T12:00:00Z")),
            state(false, None, None)
        );
        // From the 20th, Monday 2 February is 13 days on: within the look-ahead.
        assert_eq!(
            open_state(&h, utc("2026-01-20T12:00:00Z")),
            state(false, Some("2026-02-02T09:00:00Z"), None)
        );

        // "00:00-24:00" every day: open, no closing within the look-ahead, no next opening.
        let all_day: &[(NaiveTime, NaiveTime)] =
            &[(t(0, 0), NaiveTime::from_hms_opt(23, 59, 59).unwrap())];
        let all: Vec<(usize, &[(NaiveTime, NaiveTime)])> = (0..7).map(|d| (d, all_day)).collect();
        let h = hours("Europe/London", &all, &[]);
        assert_eq!(
            open_state(&h, utc("2026-03-29T01:30:00Z")),
            state(true, None, None)
        );
        // With Christmas off, it closes at midnight on Christmas Eve.
        let h = hours("Europe/London", &all, &["2026-12-25"]);
        assert_eq!(
            open_state(&h, utc("2026-12-24T12:00:00Z")),
            state(
                true,
                Some("2026-12-26T00:00:00Z"),
                Some("2026-12-25T00:00:00Z")
            )
        );
    }

    #[test]
    fn late_night_interval_open_from_yesterday_side() {
        // Open until midnight Friday; Saturday from midnight to 02:00: one period.
        let fri: &[(NaiveTime, NaiveTime)] =
            &[(t(18, 0), NaiveTime::from_hms_opt(23, 59, 59).unwrap())];
        let sat: &[(NaiveTime, NaiveTime)] = &[(t(0, 0), t(2, 0))];
        let h = hours("UTC", &[(4, fri), (5, sat)], &[]);
        let s = open_state(&h, utc("2026-01-17T01:00:00Z"));
        assert_eq!(
            s,
            state(
                true,
                Some("2026-01-23T18:00:00Z"),
                Some("2026-01-17T02:00:00Z")
            )
        );
        let s = open_state(&h, utc("2026-01-16T23:00:00Z"));
        assert_eq!(
            s,
            state(
                true,
                Some("2026-01-23T18:00:00Z"),
                Some("2026-01-17T02:00:00Z")
            )
        );
    }

    #[test]
    fn presence_wins_over_the_hours() {
        assert!(team_available(1));
        assert!(!team_available(0));
    }
}
