//! Leads: the contact details a visitor left, under a short reference; with the lead, its
//! notifications (outbox rows in the same transaction) and its place in a morning digest.

use chrono::{DateTime, Utc};

use super::{is_unique_violation, new_id, timestamp, Db};
use crate::db::outbox::{enqueue_for, Subject};

/// A stored lead.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Lead {
    /// Id.
    pub id: String,
    /// The reference the visitor sees and the console searches.
    pub reference: String,
    /// Name.
    pub name: String,
    /// Email.
    pub email: Option<String>,
    /// E.164 phone.
    pub phone: Option<String>,
    /// What they asked (may be empty).
    pub question: String,
    /// Consent given (0/1).
    pub consent: i64,
    /// The WhatsApp continuation link, when the site has a number.
    pub whatsapp_link: Option<String>,
    /// When stored.
    pub created_at: String,
}

/// A validated lead about to be stored.
#[derive(Clone, Debug)]
pub struct NewLead<'a> {
    /// Name.
    pub name: &'a str,
    /// Email.
    pub email: Option<&'a str>,
    /// E.164 phone.
    pub phone: Option<&'a str>,
    /// What they asked (may be empty).
    pub question: &'a str,
    /// Consent.
    pub consent: bool,
}

/// A lead with where it was left.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct SiteLead {
    /// The conversation.
    pub conversation_id: String,
    /// The site.
    pub site: String,
    /// The lead.
    #[sqlx(flatten)]
    pub lead: Lead,
}

/// What a lead's notifications need decided before it is stored.
#[derive(Clone, Debug, Default)]
pub struct LeadNotice {
    /// Now, by the hub's clock: when the lead is stored as left.
    pub now: Option<DateTime<Utc>>,
    /// The channels the escalation matrix chose.
    pub channels: Vec<String>,
    /// Left while closed, with a digest configured: the opening whose digest lists it.
    pub digest_due_at: Option<DateTime<Utc>>,
}

/// The last handoff of a conversation, as a lead's notification reads it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct HandoffFacts {
    /// Its id.
    pub id: String,
    /// Team key.
    pub team: String,
    /// Queue priority.
    pub urgency: i64,
    /// The widget's deciding trigger.
    pub widget_trigger: String,
    /// The package as posted, JSON.
    pub package: String,
    /// The hub's verdict, JSON.
    pub hub_verdict: String,
    /// The opening the visitor was told about.
    pub next_open: Option<String>,
}

/// One group of leads waiting for the same digest.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DigestDue {
    /// The site.
    pub site: String,
    /// The opening, stored timestamp.
    pub digest_due_at: String,
}

const LEAD_COLUMNS: &str =
    "id, reference, name, email, phone, question, consent, whatsapp_link, created_at";

/// How many fresh references to try before giving up: a clash is rare, several in a row
/// mean something else is wrong.
const REFERENCE_TRIES: usize = 8;

impl Db {
    /// Stores a lead under a fresh reference from `reference` (retried on a clash), with the
    /// WhatsApp link `link(reference)` builds.
    pub async fn leads_create(
        &self,
        conversation: &str,
        site: &str,
        lead: &NewLead<'_>,
        reference: impl FnMut() -> String,
        link: impl Fn(&str) -> Option<String>,
    ) -> crate::db::DbResult<Lead> {
        self.leads_create_notifying(
            conversation,
            site,
            lead,
            reference,
            link,
            &LeadNotice::default(),
        )
        .await
    }

    /// [`Db::leads_create`], stored as left at `notice.now`, with a notification on each of
    /// `notice.channels` enqueued in the same transaction (a stored lead always has its
    /// notifications, and none is sent before the visitor's answer), and waiting for the
    /// digest of `notice.digest_due_at` when set.
    pub async fn leads_create_notifying(
        &self,
        conversation: &str,
        site: &str,
        lead: &NewLead<'_>,
        mut reference: impl FnMut() -> String,
        link: impl Fn(&str) -> Option<String>,
        notice: &LeadNotice,
    ) -> crate::db::DbResult<Lead> {
        let mut last = None;
        for _ in 0..REFERENCE_TRIES {
            let stored = Lead {
                id: new_id(),
                reference: reference(),
                name: lead.name.to_string(),
                email: lead.email.map(str::to_string),
                phone: lead.phone.map(str::to_string),
                question: lead.question.to_string(),
                consent: lead.consent as i64,
                whatsapp_link: None,
                created_at: notice.now.map_or_else(|| self.now(), timestamp),
            };
            let stored = Lead {
                whatsapp_link: link(&stored.reference),
                ..stored
            };
            let mut tx = self.begin_write().await?;
            let result = sqlx::query(
                "INSERT INTO leads (id, conversation_id, site, reference, name, email, phone, question, consent, \
                 whatsapp_link, created_at, digest_due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(&stored.id)
            .bind(conversation)
            .bind(site)
            .bind(&stored.reference)
            .bind(&stored.name)
            .bind(&stored.email)
            .bind(&stored.phone)
            .bind(&stored.question)
            .bind(stored.consent)
            .bind(&stored.whatsapp_link)
            .bind(&stored.created_at)
            .bind(notice.digest_due_at.map(timestamp))
            .execute(&mut *tx)
            .await;
            match result {
                Ok(_) => {
                    // The rows' scheduling runs on the real clock, like a handoff's.
                    enqueue_for(
                        &mut tx,
                        site,
                        Subject::Lead(&stored.id),
                        &notice.channels,
                        &self.now(),
                    )
                    .await?;
                    tx.commit().await?;
                    return Ok(stored);
                }
                Err(e) if is_unique_violation(&e) => {
                    tx.rollback().await?;
                    tracing::warn!(reference = %stored.reference, "lead reference clash, trying another");
                    last = Some(e);
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(last.map_or_else(super::DbError::not_found, Into::into))
    }

    /// The lead with `reference` (the console's search).
    pub async fn lead_by_reference(&self, reference: &str) -> crate::db::DbResult<Option<Lead>> {
        sqlx::query_as(&format!(
            "SELECT {LEAD_COLUMNS} FROM leads WHERE reference = $1"
        ))
        .bind(reference)
        .fetch_optional(&self.pool)
        .await
        .map_err(Into::into)
    }

    /// The lead `id` with its conversation and site.
    pub async fn lead_by_id(&self, id: &str) -> crate::db::DbResult<Option<SiteLead>> {
        sqlx::query_as(&format!(
            "SELECT conversation_id, site, {LEAD_COLUMNS} FROM leads WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(Into::into)
    }

    /// The conversation's leads, oldest first.
    pub async fn leads_of(&self, conversation: &str) -> crate::db::DbResult<Vec<Lead>> {
        sqlx::query_as(&format!(
            "SELECT {LEAD_COLUMNS} FROM leads WHERE conversation_id = $1 ORDER BY created_at, id"
        ))
        .bind(conversation)
        .fetch_all(&self.pool)
        .await
        .map_err(Into::into)
    }

    /// The conversation's latest handoff, by which a lead left afterwards is matched.
    pub async fn latest_handoff_facts(
        &self,
        conversation: &str,
    ) -> crate::db::DbResult<Option<HandoffFacts>> {
        sqlx::query_as(
            "SELECT id, team, urgency, widget_trigger, package, hub_verdict, next_open FROM handoffs \
             WHERE conversation_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1",
        )
        .bind(conversation)
        .fetch_optional(&self.pool)
        .await.map_err(Into::into)
    }

    /// Groups of leads whose digest is due at `now`, by site and opening, oldest first. One
    /// read of the partial index of leads still waiting: cheap when there are none.
    pub async fn digests_due(&self, now: DateTime<Utc>) -> crate::db::DbResult<Vec<DigestDue>> {
        sqlx::query_as(
            "SELECT DISTINCT site, digest_due_at FROM leads \
             WHERE digest IS NULL AND digest_due_at IS NOT NULL AND digest_due_at <= $1 ORDER BY digest_due_at, site",
        )
        .bind(timestamp(now))
        .fetch_all(&self.pool)
        .await.map_err(Into::into)
    }

    /// Puts the leads of `due` into digest `digest` and enqueues it on `channels`, in one
    /// transaction: after a crash both happened or neither, and a lead already in a digest is
    /// never taken again, so each digest is enqueued once. Returns how many leads it took
    /// (0 when another worker took them first; nothing is enqueued then).
    pub async fn digest_enqueue(
        &self,
        due: &DigestDue,
        digest: &str,
        channels: &[String],
    ) -> crate::db::DbResult<u64> {
        let mut tx = self.begin_write().await?;
        let took = sqlx::query(
            "UPDATE leads SET digest = $1 WHERE site = $2 AND digest_due_at = $3 AND digest IS NULL",
        )
        .bind(digest)
        .bind(&due.site)
        .bind(&due.digest_due_at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if took == 0 {
            tx.rollback().await?;
            return Ok(0);
        }
        enqueue_for(
            &mut tx,
            &due.site,
            Subject::Digest(digest),
            channels,
            &self.now(),
        )
        .await?;
        tx.commit().await?;
        Ok(took)
    }

    /// The leads of digest `digest`, oldest first, each with the opening it waited for.
    pub async fn digest_leads(&self, digest: &str) -> crate::db::DbResult<Vec<(SiteLead, String)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            lead: SiteLead,
            digest_due_at: String,
        }
        let sql = format!("SELECT conversation_id, site, {LEAD_COLUMNS}, digest_due_at FROM leads WHERE digest = $1 ORDER BY created_at, id");
        let rows: Vec<Row> = sqlx::query_as(&sql)
            .bind(digest)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.lead, r.digest_due_at))
            .collect())
    }
}
