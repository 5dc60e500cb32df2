//! Handoff packages and the console queue they feed.

use super::{new_id, Db, DbResult};

/// A handoff with its conversation's site, as its notification is built from it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct HandoffNotice {
    /// Its conversation.
    pub conversation_id: String,
    /// The conversation's site.
    pub site: String,
    /// The team it went to.
    pub team: String,
    /// The widget's package, as JSON.
    pub package: String,
    /// The trigger the widget named.
    pub widget_trigger: String,
    /// The hub's own verdict over the transcript, as JSON.
    pub hub_verdict: String,
    /// Its urgency (priority number).
    pub urgency: i64,
    /// 1 when somebody could take it when it was made.
    pub available: i64,
    /// The next opening the visitor was told, when nobody could.
    pub next_open: Option<String>,
    /// When it was made.
    pub created_at: String,
}

/// A stored handoff.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Handoff {
    /// Id.
    pub id: String,
    /// The team it was routed to.
    pub team: String,
    /// The widget's deciding trigger.
    pub widget_trigger: String,
    /// The hub's deciding trigger over the stored transcript, if it would escalate.
    pub hub_trigger: Option<String>,
    /// The hub's verdict, JSON.
    pub hub_verdict: String,
    /// Queue priority, higher first.
    pub urgency: i64,
    /// Whether the team was available when the visitor asked (0/1).
    pub available: i64,
    /// The next opening then, if the team was not available.
    pub next_open: Option<String>,
    /// When stored.
    pub created_at: String,
}

/// A handoff about to be stored.
#[derive(Clone, Debug)]
pub struct NewHandoff<'a> {
    /// Team key.
    pub team: &'a str,
    /// The package as posted, JSON.
    pub package: &'a str,
    /// The widget's deciding trigger.
    pub widget_trigger: &'a str,
    /// The hub's verdict, JSON.
    pub hub_verdict: &'a str,
    /// The hub's deciding trigger.
    pub hub_trigger: Option<&'a str>,
    /// Queue priority.
    pub urgency: i64,
    /// Team available now.
    pub available: bool,
    /// Next opening, RFC 3339 UTC.
    pub next_open: Option<&'a str>,
}

/// One waiting conversation in the console queue.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct QueueItem {
    /// Conversation id.
    pub conversation_id: String,
    /// Team.
    pub team: Option<String>,
    /// Priority.
    pub urgency: i64,
    /// Waiting since.
    pub queued_at: Option<String>,
}

const HANDOFF_COLUMNS: &str =
    "id, team, widget_trigger, hub_trigger, hub_verdict, urgency, available, next_open, created_at FROM handoffs";

impl Db {
    /// `site`'s handoffs made since `since`, per team: when each was made and when an agent
    /// first answered it while it was open (`None`: not answered).
    pub async fn handoff_waits(
        &self,
        site: &str,
        since: &str,
    ) -> crate::db::DbResult<Vec<(String, String, Option<String>)>> {
        sqlx::query_as(
            "SELECT h.team, h.created_at, \
             (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = h.conversation_id AND m.author = 'agent' \
              AND m.kind = 'chat' AND m.created_at >= h.created_at AND (h.closed_at IS NULL OR m.created_at <= h.closed_at)) \
             FROM handoffs h JOIN conversations c ON c.id = h.conversation_id WHERE c.site = $1 AND h.created_at >= $2",
        )
        .bind(site)
        .bind(since)
        .fetch_all(&self.pool)
        .await.map_err(Into::into)
    }

    /// Stores the handoff and queues the conversation for its team, in one transaction.
    /// While a handoff is open, another post returns it unchanged (`false`: not new).
    pub async fn handoffs_create(
        &self,
        conversation: &str,
        h: &NewHandoff<'_>,
    ) -> crate::db::DbResult<(Handoff, bool)> {
        self.handoffs_create_notifying(conversation, h, &[]).await
    }

    /// [`Db::handoffs_create`], also enqueueing a notification on each of `channels` in the
    /// same transaction: a stored handoff always has its notifications, and no channel is
    /// contacted before the answer.
    pub async fn handoffs_create_notifying(
        &self,
        conversation: &str,
        h: &NewHandoff<'_>,
        channels: &[String],
    ) -> crate::db::DbResult<(Handoff, bool)> {
        let mut tx = self.begin_write().await?;
        let now = self.now();
        // The first statement writes, so it waits for the lock rather than failing later.
        let locked = sqlx::query("UPDATE conversations SET updated_at = $1 WHERE id = $2")
            .bind(&now)
            .bind(conversation)
            .execute(&mut *tx)
            .await?;
        if locked.rows_affected() == 0 {
            return Err(super::DbError::not_found());
        }
        let sql =
            format!("SELECT {HANDOFF_COLUMNS} WHERE conversation_id = $1 AND status = 'open'");
        if let Some(open) = sqlx::query_as::<_, Handoff>(&sql)
            .bind(conversation)
            .fetch_optional(&mut *tx)
            .await?
        {
            tx.rollback().await?;
            return Ok((open, false));
        }
        let id = new_id();
        sqlx::query(
            "INSERT INTO handoffs (id, conversation_id, team, status, package, widget_trigger, hub_verdict, hub_trigger, \
             urgency, available, next_open, created_at) VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&id)
        .bind(conversation)
        .bind(h.team)
        .bind(h.package)
        .bind(h.widget_trigger)
        .bind(h.hub_verdict)
        .bind(h.hub_trigger)
        .bind(h.urgency)
        .bind(h.available as i64)
        .bind(h.next_open)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        // A conversation an agent already holds stays with that agent.
        sqlx::query(
            "UPDATE conversations SET state = 'queued', team = $1, urgency = $2, queued_at = $3 WHERE id = $4 AND state = 'bot'",
        )
        .bind(h.team)
        .bind(h.urgency)
        .bind(&now)
        .bind(conversation)
        .execute(&mut *tx)
        .await?;
        crate::db::outbox::enqueue(&mut tx, conversation, &id, channels, &now).await?;
        tx.commit().await?;
        let handoff = Handoff {
            id,
            team: h.team.to_string(),
            widget_trigger: h.widget_trigger.to_string(),
            hub_trigger: h.hub_trigger.map(str::to_string),
            hub_verdict: h.hub_verdict.to_string(),
            urgency: h.urgency,
            available: h.available as i64,
            next_open: h.next_open.map(str::to_string),
            created_at: now,
        };
        Ok((handoff, true))
    }

    /// Handoff `id` as its notification needs it; `None` when it is gone.
    pub async fn handoff_notice(&self, id: &str) -> DbResult<Option<HandoffNotice>> {
        Ok(sqlx::query_as(
            "SELECT h.conversation_id, c.site, h.team, h.package, h.widget_trigger, h.hub_verdict, h.urgency, h.available, \
             h.next_open, h.created_at FROM handoffs h JOIN conversations c ON c.id = h.conversation_id WHERE h.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Whether the conversation's latest handoff has been resolved (false when it has none).
    pub async fn latest_handoff_resolved(&self, conversation: &str) -> DbResult<bool> {
        let resolved: Option<Option<String>> = sqlx::query_scalar(
            "SELECT resolved_at FROM handoffs WHERE conversation_id = $1 ORDER BY created_at DESC LIMIT 1",
        )
        .bind(conversation)
        .fetch_optional(&self.pool)
        .await?;
        Ok(resolved.flatten().is_some())
    }

    /// The conversation's open handoff, if any.
    pub async fn handoff_open(&self, conversation: &str) -> crate::db::DbResult<Option<Handoff>> {
        let sql =
            format!("SELECT {HANDOFF_COLUMNS} WHERE conversation_id = $1 AND status = 'open'");
        sqlx::query_as(&sql)
            .bind(conversation)
            .fetch_optional(&self.pool)
            .await
            .map_err(Into::into)
    }

    /// The stored package of handoff `id`, JSON.
    pub async fn handoff_package(&self, id: &str) -> crate::db::DbResult<Option<String>> {
        sqlx::query_scalar("SELECT package FROM handoffs WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(Into::into)
    }

    /// Conversations of `site` waiting for a human: most urgent first, then longest waiting.
    pub async fn queue(&self, site: &str) -> crate::db::DbResult<Vec<QueueItem>> {
        sqlx::query_as(
            "SELECT id AS conversation_id, team, urgency, queued_at FROM conversations \
             WHERE site = $1 AND state = 'queued' ORDER BY urgency DESC, queued_at ASC, id ASC",
        )
        .bind(site)
        .fetch_all(&self.pool)
        .await
        .map_err(Into::into)
    }
}
