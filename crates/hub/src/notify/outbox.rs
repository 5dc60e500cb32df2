//! The outbox table (`notification_outbox`, migration 0002): enqueued in the handoff's own
//! transaction, taken by the worker under a lease, marked delivered or failed.

use chrono::{DateTime, Utc};
use sqlx::{Sqlite, Transaction};

use crate::db::{new_id, timestamp, Db};

/// One outbox row.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct OutboxRow {
    /// Id.
    pub id: String,
    /// `{handoff_id}:{channel}`.
    pub idempotency_key: String,
    /// The handoff.
    pub handoff_id: String,
    /// The handoff's conversation.
    pub conversation_id: String,
    /// The site.
    pub site: String,
    /// The channel's name.
    pub channel: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
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

const COLUMNS: &str = "id, idempotency_key, handoff_id, \
                       COALESCE((SELECT conversation_id FROM handoffs WHERE handoffs.id = notification_outbox.handoff_id), '') AS conversation_id, \
                       site, channel, status, attempts, next_attempt_at, last_error, created_at, delivered_at \
                       FROM notification_outbox";

/// Adds one pending row per channel for handoff `handoff` of `conversation`, inside `tx`.
pub async fn enqueue(
    tx: &mut Transaction<'_, Sqlite>,
    conversation: &str,
    handoff: &str,
    channels: &[String],
    now: &str,
) -> Result<(), sqlx::Error> {
    for channel in channels {
        sqlx::query(
            "INSERT INTO notification_outbox (id, idempotency_key, handoff_id, site, channel, status, attempts, \
             next_attempt_at, created_at) SELECT ?, ?, ?, site, ?, 'pending', 0, ?, ? FROM conversations WHERE id = ?",
        )
        .bind(new_id())
        .bind(format!("{handoff}:{channel}"))
        .bind(handoff)
        .bind(channel)
        .bind(now)
        .bind(now)
        .bind(conversation)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Db {
    /// Pending rows due at `now`, oldest due first.
    pub async fn outbox_due(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<OutboxRow>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
        sqlx::query_as(&sql).bind(timestamp(now)).bind(limit).fetch_all(self.pool()).await
    }

    /// Takes `row` for one attempt: counts it and moves its due time to `lease_until`, so no
    /// other worker takes it meanwhile. False when someone else took it first.
    pub async fn outbox_take(&self, row: &OutboxRow, lease_until: DateTime<Utc>) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = ? \
             WHERE id = ? AND status = 'pending' AND next_attempt_at = ? AND attempts = ?",
        )
        .bind(timestamp(lease_until))
        .bind(&row.id)
        .bind(&row.next_attempt_at)
        .bind(row.attempts)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks `id` delivered.
    pub async fn outbox_delivered(&self, id: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE notification_outbox SET status = 'delivered', delivered_at = ?, last_error = NULL WHERE id = ?")
            .bind(timestamp(now))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Records a failed attempt: due again at `retry_at`, or failed for good when `None`.
    pub async fn outbox_attempt_failed(&self, id: &str, error: &str, retry_at: Option<DateTime<Utc>>) -> Result<(), sqlx::Error> {
        match retry_at {
            Some(at) => sqlx::query("UPDATE notification_outbox SET last_error = ?, next_attempt_at = ? WHERE id = ? AND status = 'pending'")
                .bind(error)
                .bind(timestamp(at))
                .bind(id),
            None => sqlx::query("UPDATE notification_outbox SET last_error = ?, status = 'failed' WHERE id = ? AND status = 'pending'")
                .bind(error)
                .bind(id),
        }
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Rows of `sites` that are not delivered and have failed at least once: failed for
    /// good, and pending ones still retrying. Newest first.
    pub async fn outbox_failures(&self, sites: &[String], limit: i64) -> Result<Vec<OutboxRow>, sqlx::Error> {
        if sites.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; sites.len()].join(", ");
        let sql = format!(
            "SELECT {COLUMNS} WHERE status <> 'delivered' AND last_error IS NOT NULL AND site IN ({marks}) \
             ORDER BY created_at DESC, id LIMIT ?"
        );
        let mut q = sqlx::query_as(&sql);
        for s in sites {
            q = q.bind(s);
        }
        q.bind(limit).fetch_all(self.pool()).await
    }

    /// The row `id`.
    pub async fn outbox_row(&self, id: &str) -> Result<Option<OutboxRow>, sqlx::Error> {
        sqlx::query_as(&format!("SELECT {COLUMNS} WHERE id = ?")).bind(id).fetch_optional(self.pool()).await
    }

    /// Makes an undelivered row due now again (the console's retry button) and clears its
    /// error, so the next error read is the retry's own. False when it was delivered
    /// meanwhile or does not exist.
    pub async fn outbox_retry(&self, id: &str, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE notification_outbox SET status = 'pending', next_attempt_at = ?, last_error = NULL WHERE id = ? AND status <> 'delivered'",
        )
            .bind(timestamp(now))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Every row of handoff `handoff`, by channel.
    pub async fn outbox_of(&self, handoff: &str) -> Result<Vec<OutboxRow>, sqlx::Error> {
        sqlx::query_as(&format!("SELECT {COLUMNS} WHERE handoff_id = ? ORDER BY channel")).bind(handoff).fetch_all(self.pool()).await
    }
}
