//! The morning digest: the leads a site received while it was closed, in one message per
//! digest channel at its next opening.
//!
//! ```text
//! lead left while closed ──► leads.digest_due_at = next opening (in the lead's transaction)
//! worker, each cycle: digests_due(now) ──► one transaction per (site, opening):
//!     leads.digest = "{site}:{opening}"  +  one outbox row per [sites.notify.digest] channel,
//!     key "digest:{site}:{opening}:{channel}" ──► delivered like any notification
//! ```
//!
//! Marking the leads and enqueueing happen together, and a lead already in a digest is never
//! taken again: a hub that restarts (or a second instance) never enqueues a digest twice, and a
//! crash before the commit leaves the leads waiting for the next cycle. "Now" is the state's
//! clock, so tests move time instead of sleeping.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::message::{console_home, console_link, cut, in_words, words};
use crate::config::Site;
use crate::db::leads::DigestDue;
use crate::db::Db;
use crate::state::AppState;

/// Most leads one digest lists in full (Slack takes 50 blocks); the rest are counted.
pub const MAX_LISTED: usize = 40;

/// One digest, ready to send.
#[derive(Clone, Debug, PartialEq)]
pub struct Digest {
    /// The site key.
    pub site: String,
    /// The business's name.
    pub site_name: String,
    /// `{site}:{opening}`, the opening in the site's zone (`shop:2026-12-04T09:00`).
    pub id: String,
    /// The opening it is for.
    pub opening: DateTime<Utc>,
    /// The site's time zone.
    pub timezone: Tz,
    /// The leads, oldest first.
    pub leads: Vec<DigestLead>,
    /// The console (absolute when the hub knows its public URL).
    pub link: String,
    /// A test from `baton notify test`.
    pub test: bool,
}

/// One lead in a digest.
#[derive(Clone, Debug, PartialEq)]
pub struct DigestLead {
    /// `BTN-7KQ3XM`.
    pub reference: String,
    /// Name.
    pub name: String,
    /// Email.
    pub email: Option<String>,
    /// E.164 phone.
    pub phone: Option<String>,
    /// What they asked (may be empty).
    pub question: String,
    /// When it was left, RFC 3339 UTC.
    pub captured_at: String,
    /// The conversation.
    pub conversation_id: String,
    /// The conversation in the console.
    pub link: String,
}

impl Digest {
    /// The idempotency key on `channel`: `digest:{site}:{opening}:{channel}`.
    pub fn key(&self, channel: &str) -> String {
        format!("digest:{}:{channel}", self.id)
    }

    /// `Leads while we were closed: 3 for Northwind Outdoor`.
    pub fn title(&self) -> String {
        let test = if self.test { "[test] " } else { "" };
        let n = self.leads.len();
        format!(
            "{test}Leads while we were closed: {n} for {}",
            self.site_name
        )
    }

    /// The opening in words: `Fri 4 Dec at 09:00 (Europe/London)`.
    pub fn opening_words(&self) -> String {
        in_words(self.opening, self.timezone)
    }

    /// One sentence saying what this is.
    pub fn intro(&self) -> String {
        let n = self.leads.len();
        let who = if n == 1 {
            "1 visitor".to_string()
        } else {
            format!("{n} visitors")
        };
        format!(
            "{who} left their details while {} was closed. Opening: {}.",
            self.site_name,
            self.opening_words()
        )
    }

    /// The leads listed in full, and how many more there are.
    pub fn listed(&self) -> (&[DigestLead], usize) {
        let shown = self.leads.len().min(MAX_LISTED);
        (&self.leads[..shown], self.leads.len() - shown)
    }

    /// `webhook` event name.
    pub fn event(&self) -> &'static str {
        if self.test {
            "digest.test"
        } else {
            "digest.created"
        }
    }
}

impl DigestLead {
    /// `maria@example.com · +447700900123`, or a phrase when neither was left. One line.
    pub fn contact_line(&self) -> String {
        let parts: Vec<&str> = [self.email.as_deref(), self.phone.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if parts.is_empty() {
            return "no contact details".into();
        }
        one_line(&parts.join(" · "))
    }

    /// When it was left, in words in `tz`.
    pub fn captured_words(&self, tz: Tz) -> String {
        words(&self.captured_at, tz)
    }

    /// The question on one line, cut to `max` characters; `(no question)` when empty.
    pub fn question_line(&self, max: usize) -> String {
        let q = one_line(&self.question);
        if q.is_empty() {
            "(no question)".into()
        } else {
            cut(&q, max)
        }
    }
}

/// Line breaks and other control characters become spaces; runs of whitespace collapse.
pub fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `{site}:{opening}` with the opening as the site's clock shows it (`shop:2026-12-04T09:00`):
/// one digest per site and opening, also for a site that opens twice a day.
pub fn digest_id(site: &str, opening: DateTime<Utc>, tz: Tz) -> String {
    format!(
        "{site}:{}",
        opening.with_timezone(&tz).format("%Y-%m-%dT%H:%M")
    )
}

/// Enqueues every digest due at the state's now. Cheap when none is: nothing at all when no
/// site has a digest, otherwise one indexed read of the leads still waiting. Returns how many
/// digests it enqueued.
pub async fn enqueue_due(state: &AppState) -> crate::db::DbResult<usize> {
    if state
        .sites
        .values()
        .all(|s| s.site.notify.digest.is_empty())
    {
        return Ok(0);
    }
    let due = state.db.digests_due(state.now()).await?;
    let mut enqueued = 0;
    for group in due {
        // A site that left the file keeps its leads waiting, in case it comes back.
        let Some(runtime) = state.site(&group.site) else {
            continue;
        };
        let site = &runtime.site;
        let id = id_of(&group, site.hours.timezone);
        let took = state
            .db
            .digest_enqueue(&group, &id, &site.notify.digest)
            .await?;
        if took > 0 {
            tracing::info!(site = %group.site, digest = %id, leads = took, channels = ?site.notify.digest, "digest enqueued");
            enqueued += 1;
        }
    }
    Ok(enqueued)
}

fn id_of(group: &DigestDue, tz: Tz) -> String {
    match DateTime::parse_from_rfc3339(&group.digest_due_at) {
        Ok(t) => digest_id(&group.site, t.with_timezone(&Utc), tz),
        Err(_) => format!("{}:{}", group.site, group.digest_due_at),
    }
}

/// Builds digest `id` of `site` from what is stored. `None` if it lists no lead.
pub async fn load(
    db: &Db,
    id: &str,
    site: &Site,
    console_url: Option<&str>,
) -> Result<Option<Digest>, String> {
    let rows = db.digest_leads(id).await.map_err(|e| e.to_string())?;
    let Some((_, due)) = rows.first() else {
        return Ok(None);
    };
    let opening = DateTime::parse_from_rfc3339(due)
        .map_err(|e| format!("digest {id}: opening {due:?}: {e}"))?
        .with_timezone(&Utc);
    let leads = rows
        .into_iter()
        .map(|(l, _)| DigestLead {
            link: console_link(console_url, &l.conversation_id),
            conversation_id: l.conversation_id,
            reference: l.lead.reference,
            name: l.lead.name,
            email: l.lead.email,
            phone: l.lead.phone,
            question: l.lead.question,
            captured_at: l.lead.created_at,
        })
        .collect();
    Ok(Some(Digest {
        site: site.key.clone(),
        site_name: site.name.clone(),
        id: id.to_string(),
        opening,
        timezone: site.hours.timezone,
        leads,
        link: console_home(console_url),
        test: false,
    }))
}

/// A made-up digest of two leads for `baton notify test`, opening now.
pub fn sample(site: &str, site_name: &str, console_url: Option<&str>, tz: Tz) -> Digest {
    let now = Utc::now();
    let at = |hours: i64| crate::db::timestamp(now - chrono::Duration::hours(hours));
    let lead = |reference: &str,
                name: &str,
                email: Option<&str>,
                phone: Option<&str>,
                question: &str,
                captured_at: String| {
        let conversation_id = format!("test-{}", crate::db::new_id());
        DigestLead {
            reference: reference.into(),
            name: name.into(),
            email: email.map(Into::into),
            phone: phone.map(Into::into),
            question: question.into(),
            captured_at,
            link: console_link(console_url, &conversation_id),
            conversation_id,
        }
    };
    Digest {
        site: site.to_string(),
        site_name: site_name.to_string(),
        id: format!("{site}:test-{}", crate::db::new_id()),
        opening: now,
        timezone: tz,
        leads: vec![
            lead(
                "BTN-TEST42",
                "Maria (test)",
                Some("maria@example.com"),
                Some("+447700900123"),
                "Where is my order #4471? It was due on Monday.",
                at(12),
            ),
            lead(
                "BTN-TEST43",
                "Sam (test)",
                None,
                Some("+447700900456"),
                "Do you take Klarna for the 4-person tent?",
                at(9),
            ),
        ],
        link: console_home(console_url),
        test: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_name_the_opening_as_the_sites_clock_shows_it() {
        let tz: Tz = "Europe/London".parse().unwrap();
        let summer = DateTime::parse_from_rfc3339("2026-07-03T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(digest_id("shop", summer, tz), "shop:2026-07-03T09:00");
        let winter = DateTime::parse_from_rfc3339("2026-12-04T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(digest_id("shop", winter, tz), "shop:2026-12-04T09:00");
    }

    #[test]
    fn leads_read_on_one_line() {
        let mut d = sample(
            "shop",
            "Shop",
            Some("https://chat.example.com"),
            chrono_tz::UTC,
        );
        assert_eq!(d.link, "https://chat.example.com/console/");
        assert_eq!(d.leads[1].contact_line(), "+447700900456");
        d.leads[0].question = "line one\r\nline two\ttabbed".into();
        assert_eq!(d.leads[0].question_line(100), "line one line two tabbed");
        d.leads[0].question = String::new();
        assert_eq!(d.leads[0].question_line(100), "(no question)");
        d.leads[0].email = None;
        d.leads[0].phone = None;
        assert_eq!(d.leads[0].contact_line(), "no contact details");
        assert_eq!(d.title(), "[test] Leads while we were closed: 2 for Shop");
        assert_eq!(d.key("team-email"), format!("digest:{}:team-email", d.id));
    }
}
