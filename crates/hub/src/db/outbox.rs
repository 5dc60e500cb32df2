//! The outbox table (`notification_outbox`, migrations 0002 and 0004): enqueued in the
//! handoff's or the lead's own transaction (or, for a digest, in the one that marks its leads),
//! claimed by a worker under a lease (two hubs never take the same row at once), marked
//! delivered or failed.

use crate::db::Tx;
use chrono::{DateTime, Utc};

use crate::db::{new_id, numbered, timestamp, Db};

/// One outbox row.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct OutboxRow {
    /// Id.
    pub id: String,
    /// `{handoff_id}:{channel}`, `lead:{lead_id}:{channel}`, `digest:{site}:{opening}:{channel}`
    /// or `reply:{conversation}:{seq}:{channel}`.
    pub idempotency_key: String,
    /// What it tells about.
    #[sqlx(try_from = "String")]
    pub kind: OutboxKind,
    /// The handoff (empty for a lead or a digest).
    pub handoff_id: String,
    /// The lead, for a lead's row.
    pub lead_id: Option<String>,
    /// `{site}:{opening}`, for a digest's row.
    pub digest: Option<String>,
    /// The handoff's, the lead's or the reply's conversation (empty for a digest).
    pub conversation_id: String,
    /// The message a reply's row sends, by seq in `conversation_id`.
    pub reply_seq: Option<i64>,
    /// The site.
    pub site: String,
    /// The channel's name.
    pub channel: String,
    /// Waiting for (another) attempt, taken by the receiver, or given up on.
    #[sqlx(try_from = "String")]
    pub status: OutboxStatus,
    /// Attempts so far.
    pub attempts: i64,
    /// Due at.
    pub next_attempt_at: String,
    /// The last attempt's error.
    pub last_error: Option<String>,
    /// Enqueued at.
    pub created_at: String,
    /// Delivered at.
    pub delivered_at: Option<String>,
}

/// Where an outbox row stands (the column's `CHECK` allows these three).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxStatus {
    /// Due for an attempt at `next_attempt_at` (again, after a failed one).
    Pending,
    /// The receiver took it.
    Delivered,
    /// Given up on after a permanent error or the last retry; the console can retry it.
    Failed,
}

impl OutboxStatus {
    /// Its name, as stored and as the console's API sends it.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Delivered => "delivered",
            OutboxStatus::Failed => "failed",
        }
    }
}

impl TryFrom<String> for OutboxStatus {
    type Error = String;

    fn try_from(name: String) -> Result<OutboxStatus, String> {
        match name.as_str() {
            "pending" => Ok(OutboxStatus::Pending),
            "delivered" => Ok(OutboxStatus::Delivered),
            "failed" => Ok(OutboxStatus::Failed),
            other => Err(format!("not an OutboxStatus: {other:?}")),
        }
    }
}

/// What an outbox row tells about (the column's `CHECK` allows these four).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxKind {
    /// A handoff (`handoff_id`).
    Handoff,
    /// A lead (`lead_id`).
    Lead,
    /// A morning digest of leads (`digest`).
    Digest,
    /// An agent's reply sent to the visitor's WhatsApp (`reply_conversation`, `reply_seq`).
    Reply,
}

impl OutboxKind {
    /// Its name, as stored and as the console's API sends it (`about`).
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxKind::Handoff => "handoff",
            OutboxKind::Lead => "lead",
            OutboxKind::Digest => "digest",
            OutboxKind::Reply => "reply",
        }
    }
}

impl TryFrom<String> for OutboxKind {
    type Error = String;

    fn try_from(name: String) -> Result<OutboxKind, String> {
        match name.as_str() {
            "handoff" => Ok(OutboxKind::Handoff),
            "lead" => Ok(OutboxKind::Lead),
            "digest" => Ok(OutboxKind::Digest),
            "reply" => Ok(OutboxKind::Reply),
            other => Err(format!("not an OutboxKind: {other:?}")),
        }
    }
}

const COLUMNS: &str = "id, idempotency_key, kind, COALESCE(handoff_id, '') AS handoff_id, lead_id, digest, \
                       COALESCE(reply_conversation, \
                                (SELECT conversation_id FROM handoffs WHERE handoffs.id = notification_outbox.handoff_id), \
                                (SELECT conversation_id FROM leads WHERE leads.id = notification_outbox.lead_id), '') AS conversation_id, reply_seq, \
                       site, channel, status, attempts, next_attempt_at, last_error, created_at, delivered_at \
                       FROM notification_outbox";

/// What an outbox row tells about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject<'a> {
    /// A handoff, by id.
    Handoff(&'a str),
    /// A lead, by id.
    Lead(&'a str),
    /// A digest, `{site}:{opening}`.
    Digest(&'a str),
}

impl Subject<'_> {
    /// The idempotency key's stem; the key is `{stem}:{channel}`.
    pub fn stem(&self) -> String {
        match self {
            Subject::Handoff(id) => id.to_string(),
            Subject::Lead(id) => format!("lead:{id}"),
            Subject::Digest(digest) => format!("digest:{digest}"),
        }
    }

    fn kind(&self) -> OutboxKind {
        match self {
            Subject::Handoff(_) => OutboxKind::Handoff,
            Subject::Lead(_) => OutboxKind::Lead,
            Subject::Digest(_) => OutboxKind::Digest,
        }
    }
}

/// Adds one pending row per channel for handoff `handoff` of `conversation`, inside `tx`.
pub(crate) async fn enqueue(
    tx: &mut Tx<'_>,
    conversation: &str,
    handoff: &str,
    channels: &[String],
    now: &str,
) -> crate::db::DbResult<()> {
    let site: Option<String> = sqlx::query_scalar("SELECT site FROM conversations WHERE id = $1")
        .bind(conversation)
        .fetch_optional(&mut **tx)
        .await?;
    match site {
        Some(site) => enqueue_for(tx, &site, Subject::Handoff(handoff), channels, now).await,
        None => Ok(()),
    }
}

/// Adds one pending row per channel for `subject` of `site`, inside `tx`. A row whose key is
/// already there is left as it is (a digest another worker enqueued first).
pub(crate) async fn enqueue_for(
    tx: &mut Tx<'_>,
    site: &str,
    subject: Subject<'_>,
    channels: &[String],
    now: &str,
) -> crate::db::DbResult<()> {
    let (handoff, lead, digest) = match subject {
        Subject::Handoff(id) => (Some(id), None, None),
        Subject::Lead(id) => (None, Some(id), None),
        Subject::Digest(d) => (None, None, Some(d)),
    };
    let stem = subject.stem();
    for channel in channels {
        sqlx::query(
            "INSERT INTO notification_outbox (id, idempotency_key, kind, handoff_id, lead_id, digest, site, channel, status, \
             attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, $9, $10) \
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(new_id())
        .bind(format!("{stem}:{channel}"))
        .bind(subject.kind().as_str())
        .bind(handoff)
        .bind(lead)
        .bind(digest)
        .bind(site)
        .bind(channel)
        .bind(now)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Db {
    /// How many rows are not delivered (pending or failed).
    pub async fn outbox_undelivered(&self) -> crate::db::DbResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM notification_outbox WHERE status <> 'delivered'",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// Claims up to `limit` pending rows due at `now` for one attempt each: counts the
    /// attempt and moves each row's due time to `lease_until`, so no other worker (in this
    /// hub or another) takes it meanwhile, and only a crashed worker's row comes due again.
    /// Returns the claimed rows, attempts already counted, oldest first.
    ///
    /// One statement claims: on Postgres the candidates are locked `FOR UPDATE SKIP LOCKED`,
    /// so two hubs claiming at once take different rows instead of waiting on each other;
    /// SQLite runs one writer at a time, so the same statement without the lock is atomic.
    pub async fn outbox_claim(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> crate::db::DbResult<Vec<OutboxRow>> {
        let lock = self.backend.skip_locked();
        let ids: Vec<String> = sqlx::query_scalar(&format!(
            "UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = $1 \
             WHERE id IN (SELECT id FROM notification_outbox WHERE status = 'pending' AND next_attempt_at <= $2 \
             ORDER BY next_attempt_at, id LIMIT $3{lock}) RETURNING id"
        ))
        .bind(timestamp(lease_until))
        .bind(timestamp(now))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COLUMNS} WHERE id IN ({}) ORDER BY created_at, id",
            numbered(1, ids.len())
        );
        let mut q = sqlx::query_as(&sql);
        for id in &ids {
            q = q.bind(id);
        }
        q.fetch_all(&self.pool).await.map_err(Into::into)
    }

    /// Marks `id` delivered.
    pub async fn outbox_delivered(&self, id: &str, now: DateTime<Utc>) -> crate::db::DbResult<()> {
        sqlx::query("UPDATE notification_outbox SET status = 'delivered', delivered_at = $1, last_error = NULL WHERE id = $2")
            .bind(timestamp(now))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records a failed attempt: due again at `retry_at`, or failed for good when `None`.
    pub async fn outbox_attempt_failed(
        &self,
        id: &str,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> crate::db::DbResult<()> {
        match retry_at {
            Some(at) => sqlx::query("UPDATE notification_outbox SET last_error = $1, next_attempt_at = $2 WHERE id = $3 AND status = 'pending'")
                .bind(error)
                .bind(timestamp(at))
                .bind(id),
            None => sqlx::query("UPDATE notification_outbox SET last_error = $1, status = 'failed' WHERE id = $2 AND status = 'pending'")
                .bind(error)
                .bind(id),
        }
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Rows of `sites` that are not delivered and have failed at least once: failed for
    /// good, and pending ones still retrying. Newest first.
    pub async fn outbox_failures(
        &self,
        sites: &[String],
        limit: i64,
    ) -> crate::db::DbResult<Vec<OutboxRow>> {
        if sites.is_empty() {
            return Ok(Vec::new());
        }
        let marks = numbered(2, sites.len());
        let sql = format!(
            "SELECT {COLUMNS} WHERE status <> 'delivered' AND last_error IS NOT NULL AND site IN ({marks}) \
             ORDER BY created_at DESC, id LIMIT $1"
        );
        let mut q = sqlx::query_as(&sql).bind(limit);
        for s in sites {
            q = q.bind(s);
        }
        q.fetch_all(&self.pool).await.map_err(Into::into)
    }

    /// The row `id`.
    pub async fn outbox_row(&self, id: &str) -> crate::db::DbResult<Option<OutboxRow>> {
        sqlx::query_as(&format!("SELECT {COLUMNS} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(Into::into)
    }

    /// Makes an undelivered row due now again (the console's retry button) and clears its
    /// error, so the next error read is the retry's own. False when it was delivered
    /// meanwhile or does not exist.
    pub async fn outbox_retry(&self, id: &str, now: DateTime<Utc>) -> crate::db::DbResult<bool> {
        let done = sqlx::query(
            "UPDATE notification_outbox SET status = 'pending', next_attempt_at = $1, last_error = NULL WHERE id = $2 AND status <> 'delivered'",
        )
            .bind(timestamp(now))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Every row of handoff `handoff`, by channel.
    pub async fn outbox_of(&self, handoff: &str) -> crate::db::DbResult<Vec<OutboxRow>> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} WHERE handoff_id = $1 ORDER BY channel"
        ))
        .bind(handoff)
        .fetch_all(&self.pool)
        .await
        .map_err(Into::into)
    }

    /// Every row of lead `lead`, by channel.
    pub async fn outbox_of_lead(&self, lead: &str) -> crate::db::DbResult<Vec<OutboxRow>> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} WHERE lead_id = $1 ORDER BY channel"
        ))
        .bind(lead)
        .fetch_all(&self.pool)
        .await
        .map_err(Into::into)
    }

    /// Every digest row of `site`, oldest first, then by channel.
    pub async fn outbox_digests(&self, site: &str) -> crate::db::DbResult<Vec<OutboxRow>> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} WHERE kind = 'digest' AND site = $1 ORDER BY digest, channel"
        ))
        .bind(site)
        .fetch_all(&self.pool)
        .await
        .map_err(Into::into)
    }
}

/// Adds the pending row that sends message `seq` of `conversation` (of `site`) by
/// `channel`, inside `tx` (the transaction that stores the message).
pub(crate) async fn enqueue_reply(
    tx: &mut Tx<'_>,
    site: &str,
    conversation: &str,
    seq: i64,
    channel: &str,
    now: &str,
) -> crate::db::DbResult<()> {
    sqlx::query(
        "INSERT INTO notification_outbox (id, idempotency_key, kind, reply_conversation, reply_seq, site, channel, status, \
         attempts, next_attempt_at, created_at) VALUES ($1, $2, 'reply', $3, $4, $5, $6, 'pending', 0, $7, $8)",
    )
    .bind(new_id())
    .bind(format!("reply:{conversation}:{seq}:{channel}"))
    .bind(conversation)
    .bind(seq)
    .bind(site)
    .bind(channel)
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_and_kind_read_back_what_they_store() {
        for status in [
            OutboxStatus::Pending,
            OutboxStatus::Delivered,
            OutboxStatus::Failed,
        ] {
            assert_eq!(
                OutboxStatus::try_from(status.as_str().to_string()),
                Ok(status)
            );
        }
        for kind in [OutboxKind::Handoff, OutboxKind::Lead, OutboxKind::Digest] {
            assert_eq!(OutboxKind::try_from(kind.as_str().to_string()), Ok(kind));
        }
        assert!(OutboxStatus::try_from("Pending".to_string()).is_err());
        assert!(OutboxKind::try_from("email".to_string()).is_err());
    }
}
