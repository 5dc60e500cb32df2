//! What happens to a lead's notifications when it is left: the channels the escalation
//! matrix picks for it now, and, when the site is closed and has a digest, the opening whose
//! digest will list it. Decided before the lead is stored, written in its transaction.

use chrono::{DateTime, Utc};

use super::matrix::LeadMatch;
use crate::config::Site;
use crate::db::leads::{HandoffFacts, LeadNotice};

/// The notice for a lead of `site` left at `now` in a conversation whose latest handoff is
/// `handoff`.
pub fn plan(site: &Site, handoff: Option<&HandoffFacts>, now: DateTime<Utc>) -> LeadNotice {
    let channels = LeadMatch::of(site, handoff).channels(site, now);
    LeadNotice {
        now: Some(now),
        channels,
        digest_due_at: digest_due_at(site, now),
    }
}

/// The opening whose digest lists a lead left at `now`: the next one, when the site is closed
/// and names digest channels; `None` in hours, without a digest, or with no opening within
/// the hours' look-ahead.
pub fn digest_due_at(site: &Site, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if site.notify.digest.is_empty() {
        return None;
    }
    let state = crate::hours::open_state(&site.hours, now);
    if state.open {
        None
    } else {
        state.next_open
    }
}
