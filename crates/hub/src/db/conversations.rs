//! Conversations and their messages: the visitor token's hash, the state that silences the
//! bot, and the per-conversation sequence numbers that streams resume from.

use protocol::hub::{Author, Channel, ConversationState, MessageKind};

use super::Tx;

use super::{new_id, Db};

/// A conversation row, as the visitor side needs it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Conversation {
    /// Id.
    pub id: String,
    /// Site key.
    pub site: String,
    /// Who answers: the assistant, nobody yet (queued for a person), or a person.
    #[sqlx(try_from = "String")]
    pub state: ConversationState,
    /// The team it is queued for or held by.
    pub team: Option<String>,
}

impl Conversation {
    /// True when a person holds the conversation: the bot stays silent.
    pub fn agent_holds(&self) -> bool {
        self.state == ConversationState::Agent
    }

    /// True while it waits for a person: the bot answers only what it is sure of.
    pub fn queued(&self) -> bool {
        self.state == ConversationState::Queued
    }
}

/// One stored message.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct StoredMessage {
    /// 1, 2, 3… within the conversation.
    pub seq: i64,
    /// The visitor's client-generated id.
    pub client_id: Option<String>,
    /// Who wrote it.
    #[sqlx(try_from = "String")]
    pub author: Author,
    /// A turn, the intro, or a notice.
    #[sqlx(try_from = "String")]
    pub kind: MessageKind,
    /// The agent who wrote it.
    pub agent_name: Option<String>,
    /// The text.
    pub body: String,
    /// The channel it came or went by.
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    /// Sent to WhatsApp: what the Cloud API last said of it (`sent`, `delivered`, `read`,
    /// `failed`); `None` before it went out, or for the widget.
    pub delivery: Option<String>,
    /// Bot chat turns: confidence, `None` when it had no answer.
    pub confidence: Option<f64>,
    /// Bot chat turns: the visitor message answered.
    pub reply_to: Option<i64>,
    /// When stored.
    pub created_at: String,
}

/// A message about to be appended.
#[derive(Clone, Debug)]
pub struct NewMessage<'a> {
    /// Who writes it.
    pub author: Author,
    /// What it is.
    pub kind: MessageKind,
    /// The text.
    pub body: &'a str,
    /// The visitor's client id.
    pub client_id: Option<&'a str>,
    /// The writing agent.
    pub agent_id: Option<&'a str>,
    /// Bot confidence.
    pub confidence: Option<f64>,
    /// The visitor message a bot turn answers.
    pub reply_to: Option<i64>,
    /// The hub's triage of this turn, JSON.
    pub triage: Option<&'a str>,
    /// The channel it comes or goes by.
    pub channel: Channel,
}

impl<'a> NewMessage<'a> {
    /// A plain message by `author` of `kind`.
    pub fn new(author: Author, kind: MessageKind, body: &'a str) -> NewMessage<'a> {
        NewMessage {
            author,
            kind,
            body,
            client_id: None,
            agent_id: None,
            confidence: None,
            reply_to: None,
            triage: None,
            channel: Channel::Web,
        }
    }
}

const MESSAGE_COLUMNS: &str =
    "m.seq, m.client_id, m.author, m.kind, a.name AS agent_name, m.body, m.channel, w.status AS delivery, \
     m.confidence, m.reply_to, m.created_at FROM messages m LEFT JOIN agents a ON a.id = m.agent_id \
     LEFT JOIN whatsapp_outbound w ON w.conversation_id = m.conversation_id AND w.seq = m.seq";

/// Outcome of appending a bot reply.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// Stored now.
    Stored(StoredMessage),
    /// An earlier attempt already answered this message.
    Existing(StoredMessage),
    /// A human took the conversation meanwhile: nothing stored.
    Silenced,
}

impl Db {
    /// Creates a conversation for `site` with the visitor token's hash, and stores `intro`
    /// (disclosure, greeting) as its first bot messages, all in one transaction.
    pub async fn conversations_create(
        &self,
        site: &str,
        token_hash: &str,
        intro: &[&str],
    ) -> crate::db::DbResult<(String, Vec<StoredMessage>)> {
        let id = new_id();
        let now = self.now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO conversations (id, site, token_hash, state, next_seq, created_at, updated_at) \
             VALUES ($1, $2, $3, 'bot', 1, $4, $5)",
        )
        .bind(&id)
        .bind(site)
        .bind(token_hash)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let mut stored = Vec::new();
        for text in intro {
            stored.push(
                append(
                    &mut tx,
                    &id,
                    &NewMessage::new(Author::Bot, MessageKind::Intro, text),
                    &self.now(),
                )
                .await?,
            );
        }
        tx.commit().await?;
        Ok((id, stored))
    }

    /// The conversation `id` if `token_hash` is its visitor token's hash. A wrong token
    /// and an unknown id look the same to the caller.
    pub async fn conversation_for_visitor(
        &self,
        id: &str,
        token_hash: &str,
    ) -> crate::db::DbResult<Option<Conversation>> {
        sqlx::query_as(
            "SELECT id, site, state, team FROM conversations WHERE id = $1 AND token_hash = $2",
        )
        .bind(id)
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(Into::into)
    }

    /// The conversation `id`, whoever asks (console, CORS site lookup).
    pub async fn conversation(&self, id: &str) -> crate::db::DbResult<Option<Conversation>> {
        sqlx::query_as("SELECT id, site, state, team FROM conversations WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(Into::into)
    }

    /// Stores a visitor message exactly once per `client_id`: returns the stored message and
    /// whether it is new (`false`: a retry, answered with the original).
    pub async fn messages_create_visitor(
        &self,
        conversation: &str,
        client_id: &str,
        body: &str,
    ) -> crate::db::DbResult<(StoredMessage, bool)> {
        // A retry is the common duplicate; answer it without taking the write lock.
        if let Some(found) = self.message_by_client_id(conversation, client_id).await? {
            return Ok((found, false));
        }
        let mut tx = self.begin_write().await?;
        lock(&mut tx, conversation, &self.now()).await?;
        // Checked again under the lock: a concurrent retry may have won.
        let existing: Option<i64> = sqlx::query_scalar(
            "SELECT seq FROM messages WHERE conversation_id = $1 AND client_id = $2",
        )
        .bind(conversation)
        .bind(client_id)
        .fetch_optional(&mut *tx)
        .await?;
        if existing.is_some() {
            tx.rollback().await?;
            let found = self.message_by_client_id(conversation, client_id).await?;
            return found
                .map(|m| (m, false))
                .ok_or_else(super::DbError::not_found);
        }
        let mut message = NewMessage::new(Author::Visitor, MessageKind::Chat, body);
        message.client_id = Some(client_id);
        let stored = append(&mut tx, conversation, &message, &self.now()).await?;
        tx.commit().await?;
        Ok((stored, true))
    }

    /// Stores the bot's answer to visitor message `reply_to`, unless a person holds the
    /// conversation by now (queued for one, the bot still answers) or an earlier attempt already answered it.
    pub async fn messages_create_bot_reply(
        &self,
        conversation: &str,
        reply_to: i64,
        body: &str,
        confidence: Option<f64>,
        triage: Option<&str>,
    ) -> crate::db::DbResult<Reply> {
        let mut tx = self.begin_write().await?;
        lock(&mut tx, conversation, &self.now()).await?;
        let state: String = sqlx::query_scalar("SELECT state FROM conversations WHERE id = $1")
            .bind(conversation)
            .fetch_one(&mut *tx)
            .await?;
        if state == "agent" {
            tx.rollback().await?;
            return Ok(Reply::Silenced);
        }
        if let Some(existing) = reply_in(&mut tx, conversation, reply_to).await? {
            tx.rollback().await?;
            return Ok(Reply::Existing(existing));
        }
        let message = NewMessage {
            confidence,
            reply_to: Some(reply_to),
            triage,
            ..NewMessage::new(Author::Bot, MessageKind::Chat, body)
        };
        let stored = append(&mut tx, conversation, &message, &self.now()).await?;
        tx.commit().await?;
        Ok(Reply::Stored(stored))
    }

    /// Appends any message (agent replies, notices) in its own transaction.
    pub async fn messages_append(
        &self,
        conversation: &str,
        message: &NewMessage<'_>,
    ) -> crate::db::DbResult<StoredMessage> {
        let mut tx = self.begin_write().await?;
        lock(&mut tx, conversation, &self.now()).await?;
        let stored = append(&mut tx, conversation, message, &self.now()).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// The bot's answer to visitor message `seq`, if stored.
    pub async fn reply_to(
        &self,
        conversation: &str,
        seq: i64,
    ) -> crate::db::DbResult<Option<StoredMessage>> {
        let sql =
            format!("SELECT {MESSAGE_COLUMNS} WHERE m.conversation_id = $1 AND m.reply_to = $2");
        sqlx::query_as(&sql)
            .bind(conversation)
            .bind(seq)
            .fetch_optional(&self.pool)
            .await
            .map_err(Into::into)
    }

    /// Messages with seq greater than `after`, oldest first, at most `limit`.
    pub async fn messages_after(
        &self,
        conversation: &str,
        after: i64,
        limit: i64,
    ) -> crate::db::DbResult<Vec<StoredMessage>> {
        let sql = format!("SELECT {MESSAGE_COLUMNS} WHERE m.conversation_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3");
        sqlx::query_as(&sql)
            .bind(conversation)
            .bind(after)
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(Into::into)
    }

    /// Sets the state directly (tests, console).
    pub async fn set_state(
        &self,
        conversation: &str,
        state: ConversationState,
    ) -> crate::db::DbResult<()> {
        sqlx::query("UPDATE conversations SET state = $1, updated_at = $2 WHERE id = $3")
            .bind(state.as_str())
            .bind(self.now())
            .bind(conversation)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn message_by_client_id(
        &self,
        conversation: &str,
        client_id: &str,
    ) -> crate::db::DbResult<Option<StoredMessage>> {
        let sql =
            format!("SELECT {MESSAGE_COLUMNS} WHERE m.conversation_id = $1 AND m.client_id = $2");
        sqlx::query_as(&sql)
            .bind(conversation)
            .bind(client_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(Into::into)
    }
}

/// Takes the conversation's write lock first thing in the transaction. In SQLite a write as
/// the first statement waits for the database lock (busy timeout) instead of failing on a
/// read-to-write upgrade; in Postgres it locks the conversation's row. Either way appends
/// to one conversation are serialised, so seq has no gaps and no duplicates.
pub(super) async fn lock(
    tx: &mut Tx<'_>,
    conversation: &str,
    now: &str,
) -> crate::db::DbResult<()> {
    let done = sqlx::query("UPDATE conversations SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(conversation)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(super::DbError::not_found());
    }
    Ok(())
}

/// Appends under the lock taken by [`lock`] (or inside the creating transaction).
pub(super) async fn append(
    tx: &mut Tx<'_>,
    conversation: &str,
    m: &NewMessage<'_>,
    now: &str,
) -> crate::db::DbResult<StoredMessage> {
    let seq: i64 = sqlx::query_scalar("SELECT next_seq FROM conversations WHERE id = $1")
        .bind(conversation)
        .fetch_one(&mut **tx)
        .await?;
    let created_at = now.to_string();
    sqlx::query(
        "INSERT INTO messages (conversation_id, seq, client_id, author, kind, agent_id, body, confidence, reply_to, triage, created_at, channel) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(conversation)
    .bind(seq)
    .bind(m.client_id)
    .bind(m.author.as_str())
    .bind(m.kind.as_str())
    .bind(m.agent_id)
    .bind(m.body)
    .bind(m.confidence)
    .bind(m.reply_to)
    .bind(m.triage)
    .bind(&created_at)
    .bind(m.channel.as_str())
    // Not a cached statement: sqlx 0.8's Any driver sends a missing f64 (`confidence`) to
    // Postgres as a float4 NULL, so a statement prepared on a NULL would then reject every
    // real confidence (float8). Parsed afresh, each insert carries its own types.
    .persistent(false)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE conversations SET next_seq = $1 WHERE id = $2")
        .bind(seq + 1)
        .bind(conversation)
        .execute(&mut **tx)
        .await?;
    let agent_name: Option<String> = match m.agent_id {
        None => None,
        Some(agent) => {
            sqlx::query_scalar("SELECT name FROM agents WHERE id = $1")
                .bind(agent)
                .fetch_optional(&mut **tx)
                .await?
        }
    };
    Ok(StoredMessage {
        seq,
        client_id: m.client_id.map(str::to_string),
        author: m.author,
        kind: m.kind,
        agent_name,
        body: m.body.to_string(),
        channel: m.channel,
        delivery: None,
        confidence: m.confidence,
        reply_to: m.reply_to,
        created_at,
    })
}

async fn reply_in(
    tx: &mut Tx<'_>,
    conversation: &str,
    seq: i64,
) -> crate::db::DbResult<Option<StoredMessage>> {
    let sql = format!("SELECT {MESSAGE_COLUMNS} WHERE m.conversation_id = $1 AND m.reply_to = $2");
    sqlx::query_as(&sql)
        .bind(conversation)
        .bind(seq)
        .fetch_optional(&mut **tx)
        .await
        .map_err(Into::into)
}
