//! The rows the metrics are computed from, and the few writes they need (ratings, lead
//! outcomes, resolutions). Timestamps compare as text because every column holds the same fixed-width UTC format.

use chrono::{DateTime, Duration, Utc};

use crate::db::{timestamp, Db, StoredMessage};
use crate::metrics::compute::{
    ConversationRow, HandoffRow, LeadRow, Period, RatingRow, Rows, REPEAT_WINDOW_DAYS,
};

/// Most conversations the review re-checks with the triage engine in one go.
pub const RECHECK_LIMIT: i64 = 500;

/// conversation, trigger, created, first reply, resolved.
type HandoffTuple = (String, String, String, Option<String>, Option<String>);
/// conversation, its start, created, email, phone, outcome.
type LeadTuple = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A stored timestamp as a time; an unreadable one is a decoding error, not a panic.
pub fn parse_time(text: &str) -> crate::db::DbResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| crate::db::DbError::corrupt(format!("timestamp {text:?}: {e}")))
}

fn handoff_row(
    (conversation_id, trigger, at, reply, resolved): HandoffTuple,
) -> crate::db::DbResult<HandoffRow> {
    Ok(HandoffRow {
        conversation_id,
        trigger,
        created_at: parse_time(&at)?,
        first_reply_at: parse_opt(reply)?,
        resolved_at: parse_opt(resolved)?,
    })
}

fn parse_opt(text: Option<String>) -> crate::db::DbResult<Option<DateTime<Utc>>> {
    text.as_deref().map(parse_time).transpose()
}

/// Everything [`crate::metrics::compute::report`] needs for `site` over `period`.
pub async fn rows(db: &Db, site: &str, period: Period) -> crate::db::DbResult<Rows> {
    let (from, to) = (timestamp(period.from), timestamp(period.to));
    let pool = &db.pool;

    let conversations: Vec<(String, String, i64, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.created_at, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id \
         AND m.author = 'visitor' AND m.kind = 'chat') AS visitor_messages, c.channel, \
         CAST(CASE WHEN c.whatsapp_from IS NULL THEN 0 ELSE 1 END AS BIGINT) \
         FROM conversations c WHERE c.site = $1 AND c.created_at >= $2 AND c.created_at < $3 ORDER BY c.created_at, c.id",
    )
    .bind(site)
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;

    // The first agent reply while the handoff was open: a later handoff of the same
    // conversation gets its own.
    let handoffs: Vec<HandoffTuple> = sqlx::query_as(
        "SELECT h.conversation_id, h.widget_trigger, h.created_at, \
         (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = h.conversation_id AND m.author = 'agent' \
          AND m.kind = 'chat' AND m.created_at >= h.created_at AND (h.closed_at IS NULL OR m.created_at <= h.closed_at)) \
          AS first_reply_at, h.resolved_at \
         FROM handoffs h JOIN conversations c ON c.id = h.conversation_id \
         WHERE c.site = $1 AND c.created_at >= $2 AND c.created_at < $3 ORDER BY h.created_at, h.id",
    )
    .bind(site)
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;

    let ratings: Vec<(String, i64)> = sqlx::query_as(
        "SELECT r.conversation_id, r.score FROM ratings r JOIN conversations c ON c.id = r.conversation_id \
         WHERE c.site = $1 AND c.created_at >= $2 AND c.created_at < $3",
    )
    .bind(site)
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;

    let since = timestamp(period.from - Duration::days(REPEAT_WINDOW_DAYS));
    let leads: Vec<LeadTuple> = sqlx::query_as(
        "SELECT l.conversation_id, c.created_at, l.created_at, l.email, l.phone, l.outcome \
         FROM leads l JOIN conversations c ON c.id = l.conversation_id \
         WHERE l.site = $1 AND ((c.created_at >= $2 AND c.created_at < $3) OR (l.created_at >= $4 AND l.created_at < $5)) \
         ORDER BY c.created_at, l.created_at, l.id",
    )
    .bind(site)
    .bind(&since)
    .bind(&to)
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;

    Ok(Rows {
        conversations: conversations
            .into_iter()
            .map(|(id, at, n, channel, on_whatsapp)| {
                Ok(ConversationRow {
                    id,
                    created_at: parse_time(&at)?,
                    visitor_messages: n,
                    channel: protocol::hub::Channel::try_from(channel)
                        .map_err(crate::db::DbError::corrupt)?,
                    on_whatsapp: on_whatsapp == 1,
                })
            })
            .collect::<crate::db::DbResult<_>>()?,
        handoffs: handoffs
            .into_iter()
            .map(handoff_row)
            .collect::<crate::db::DbResult<_>>()?,
        ratings: ratings
            .into_iter()
            .map(|(conversation_id, score)| RatingRow {
                conversation_id,
                score: score.clamp(1, 5) as u8,
            })
            .collect(),
        leads: leads
            .into_iter()
            .map(|(conversation_id, started, at, email, phone, outcome)| {
                Ok(LeadRow {
                    conversation_id,
                    conversation_created_at: parse_time(&started)?,
                    created_at: parse_time(&at)?,
                    email,
                    phone,
                    outcome,
                })
            })
            .collect::<crate::db::DbResult<_>>()?,
    })
}

/// Conversations of `site` started in `period` that were never handed off, newest first,
/// at most [`RECHECK_LIMIT`]: the candidates for "should have escalated".
pub async fn never_handed_off(
    db: &Db,
    site: &str,
    period: Period,
) -> crate::db::DbResult<Vec<String>> {
    sqlx::query_scalar(
        "SELECT c.id FROM conversations c WHERE c.site = $1 AND c.created_at >= $2 AND c.created_at < $3 \
         AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id) \
         AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.author = 'visitor') \
         ORDER BY c.created_at DESC, c.id LIMIT $4",
    )
    .bind(site)
    .bind(timestamp(period.from))
    .bind(timestamp(period.to))
    .bind(RECHECK_LIMIT)
    .fetch_all(&db.pool)
    .await.map_err(Into::into)
}

/// Every stored message of a conversation, oldest first.
pub async fn messages(db: &Db, conversation: &str) -> crate::db::DbResult<Vec<StoredMessage>> {
    let mut all = Vec::new();
    loop {
        let after = all.last().map_or(0, |m: &StoredMessage| m.seq);
        let page = db.messages_after(conversation, after, 1000).await?;
        if page.is_empty() {
            return Ok(all);
        }
        all.extend(page);
    }
}

/// A conversation's site and start, if it exists.
pub async fn conversation_started(
    db: &Db,
    id: &str,
) -> crate::db::DbResult<Option<(String, String)>> {
    sqlx::query_as("SELECT site, created_at FROM conversations WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map_err(Into::into)
}

/// A conversation's handoffs, oldest first, as the review shows them.
pub async fn handoffs_of(db: &Db, conversation: &str) -> crate::db::DbResult<Vec<HandoffRow>> {
    let rows: Vec<HandoffTuple> = sqlx::query_as(
        "SELECT h.conversation_id, h.widget_trigger, h.created_at, \
         (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = h.conversation_id AND m.author = 'agent' \
          AND m.kind = 'chat' AND m.created_at >= h.created_at AND (h.closed_at IS NULL OR m.created_at <= h.closed_at)), \
         h.resolved_at FROM handoffs h WHERE h.conversation_id = $1 ORDER BY h.created_at, h.id",
    )
    .bind(conversation)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(handoff_row).collect()
}

/// The visitor's rating of a conversation.
pub async fn rating_of(db: &Db, conversation: &str) -> crate::db::DbResult<Option<u8>> {
    let score: Option<i64> =
        sqlx::query_scalar("SELECT score FROM ratings WHERE conversation_id = $1")
            .bind(conversation)
            .fetch_optional(&db.pool)
            .await?;
    Ok(score.map(|s| s.clamp(1, 5) as u8))
}

/// Stores the visitor's rating; a later one replaces an earlier one.
pub async fn rating_upsert(db: &Db, conversation: &str, score: u8) -> crate::db::DbResult<()> {
    let now = db.now();
    sqlx::query(
        "INSERT INTO ratings (conversation_id, score, created_at, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (conversation_id) DO UPDATE SET score = excluded.score, updated_at = excluded.updated_at",
    )
    .bind(conversation)
    .bind(i64::from(score))
    .bind(&now)
    .bind(&now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Marks the lead with `reference` won, lost or open again (`None`). False when no such lead.
pub async fn lead_outcome_set(
    db: &Db,
    reference: &str,
    outcome: Option<&str>,
    agent: &str,
) -> crate::db::DbResult<bool> {
    let at = outcome.map(|_| db.now());
    let by = outcome.map(|_| agent);
    let done = sqlx::query(
        "UPDATE leads SET outcome = $1, outcome_at = $2, outcome_by = $3 WHERE reference = $4",
    )
    .bind(outcome)
    .bind(at)
    .bind(by)
    .bind(reference)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A lead's site and outcome, by reference.
pub async fn lead_site(
    db: &Db,
    reference: &str,
) -> crate::db::DbResult<Option<(String, Option<String>)>> {
    sqlx::query_as("SELECT site, outcome FROM leads WHERE reference = $1")
        .bind(reference)
        .fetch_optional(&db.pool)
        .await
        .map_err(Into::into)
}

/// Records that an agent resolved the conversation: its open handoff, if any, gets
/// `resolved_at`. Called before the handoff is closed.
pub async fn handoff_resolved(db: &Db, conversation: &str) -> crate::db::DbResult<()> {
    sqlx::query("UPDATE handoffs SET resolved_at = $1 WHERE conversation_id = $2 AND status = 'open' AND resolved_at IS NULL")
        .bind(db.now())
        .bind(conversation)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// When the site's first conversation started: `/metrics` reports all time, from there.
pub async fn first_conversation(db: &Db, site: &str) -> crate::db::DbResult<Option<DateTime<Utc>>> {
    let at: Option<String> =
        sqlx::query_scalar("SELECT MIN(created_at) FROM conversations WHERE site = $1")
            .bind(site)
            .fetch_one(&db.pool)
            .await?;
    parse_opt(at)
}
