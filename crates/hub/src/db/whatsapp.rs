//! Inbound WhatsApp messages (`whatsapp_inbound`, migration 0006): each stored once, in the
//! conversation the linking rules (`crate::whatsapp::link`) pick, in one transaction.

use protocol::hub::{Author, Channel, MessageKind};

use super::conversations::{append, lock, NewMessage};
use super::{new_id, timestamp, Conversation, Db, StoredMessage};
use crate::whatsapp::link::{self, ReferenceMatch, Target};
use chrono::{DateTime, Utc};

/// An inbound message to store.
#[derive(Clone, Debug)]
pub struct InboundNew<'a> {
    /// The site whose number received it.
    pub site: &'a str,
    /// The Cloud API's message id.
    pub message_id: &'a str,
    /// The sender's WhatsApp number.
    pub from: &'a str,
    /// The sender's profile name, if the notification carried it.
    pub name: Option<&'a str>,
    /// The text.
    pub text: &'a str,
    /// A reference code the text quotes, if any.
    pub reference: Option<&'a str>,
    /// The visitor-token hash a new conversation gets (nobody holds the token: a WhatsApp
    /// visitor never uses the widget's API).
    pub new_token_hash: &'a str,
}

/// A message stored now: the conversation (as it stands), the notices written before the
/// message, the message, and whether the conversation is new.
#[derive(Clone, Debug)]
pub struct Stored {
    /// The conversation it joined or started.
    pub conversation: Conversation,
    /// Notices written for the agent first.
    pub notices: Vec<StoredMessage>,
    /// The message.
    pub message: StoredMessage,
    /// True when this message started the conversation.
    pub created: bool,
}

/// What storing did.
#[derive(Clone, Debug)]
pub enum Receipt {
    /// Stored now, claimed for answering by the caller.
    Stored(Box<Stored>),
    /// A delivery of a message stored before (Meta retries): nothing stored.
    Duplicate,
}

impl Db {
    /// Stores `m` once: in the conversation the linking rules pick (creating one if they say
    /// so), linking the sender's number to it, after any notice the rules write.
    pub async fn whatsapp_receive(&self, m: &InboundNew<'_>) -> crate::db::DbResult<Receipt> {
        let mut tx = self.begin_write().await?;
        let seen: Option<String> = sqlx::query_scalar(
            "SELECT conversation_id FROM whatsapp_inbound WHERE message_id = $1",
        )
        .bind(m.message_id)
        .fetch_optional(&mut *tx)
        .await?;
        if seen.is_some() {
            return Ok(Receipt::Duplicate);
        }
        let by_reference = match m.reference {
            None => None,
            Some(reference) => sqlx::query_as::<_, (String, Option<String>)>(
                "SELECT c.id, c.whatsapp_from FROM leads l JOIN conversations c ON c.id = l.conversation_id \
                 WHERE l.site = $1 AND l.reference = $2",
            )
            .bind(m.site)
            .bind(reference)
            .fetch_optional(&mut *tx)
            .await?
            .map(|(conversation, linked)| ReferenceMatch {
                reference: reference.to_string(),
                conversation,
                linked,
            }),
        };
        let by_number: Option<String> = sqlx::query_scalar(
            "SELECT id FROM conversations WHERE site = $1 AND whatsapp_from = $2 \
             ORDER BY updated_at DESC, id LIMIT 1",
        )
        .bind(m.site)
        .bind(m.from)
        .fetch_optional(&mut *tx)
        .await?;
        let decision = link::decide(m.from, by_reference.as_ref(), by_number.as_deref());
        let now = self.now();
        let (id, created) = match decision.target {
            Target::Existing(id) => {
                lock(&mut tx, &id, &now).await?;
                (id, false)
            }
            Target::New => {
                let id = new_id();
                sqlx::query(
                    "INSERT INTO conversations (id, site, token_hash, state, next_seq, created_at, updated_at, channel) \
                     VALUES ($1, $2, $3, 'bot', 1, $4, $5, 'whatsapp')",
                )
                .bind(&id)
                .bind(m.site)
                .bind(m.new_token_hash)
                .bind(&now)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
                (id, true)
            }
        };
        if decision.link_number {
            sqlx::query("UPDATE conversations SET whatsapp_from = $1 WHERE id = $2")
                .bind(m.from)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
        }
        let mut notices = Vec::new();
        if let Some(text) = &decision.notice {
            notices.push(
                append(
                    &mut tx,
                    &id,
                    &NewMessage::new(Author::System, MessageKind::Notice, text),
                    &now,
                )
                .await?,
            );
        }
        let message = append(
            &mut tx,
            &id,
            &NewMessage {
                channel: Channel::Whatsapp,
                ..NewMessage::new(Author::Visitor, MessageKind::Chat, m.text)
            },
            &now,
        )
        .await?;
        // Claimed by the wall clock, which leases measure (see `whatsapp_claim_stale`).
        let recorded = sqlx::query(
            "INSERT INTO whatsapp_inbound (message_id, site, conversation_id, seq, received_at, from_number, profile_name, claimed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(m.message_id)
        .bind(m.site)
        .bind(&id)
        .bind(message.seq)
        .bind(&now)
        .bind(m.from)
        .bind(m.name)
        .bind(timestamp(Utc::now()))
        .execute(&mut *tx)
        .await;
        match recorded {
            Ok(_) => {}
            // The same delivery, stored by a concurrent request first: roll all of this back.
            Err(e) if super::is_unique_violation(&e) => return Ok(Receipt::Duplicate),
            Err(e) => return Err(e.into()),
        }
        let conversation: Conversation =
            sqlx::query_as("SELECT id, site, state, team FROM conversations WHERE id = $1")
                .bind(&id)
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(Receipt::Stored(Box::new(Stored {
            conversation,
            notices,
            message,
            created,
        })))
    }

    /// Takes on again up to `limit` inbound messages nobody finished answering whose claim is
    /// older than `stale_before` (the hub that stored them stopped before deciding who
    /// answers), oldest first; another hub's worker skips the rows one is taking.
    pub async fn whatsapp_claim_stale(
        &self,
        stale_before: DateTime<Utc>,
        limit: i64,
    ) -> crate::db::DbResult<Vec<Unanswered>> {
        let lock = self.backend.skip_locked();
        sqlx::query_as(&format!(
            "UPDATE whatsapp_inbound SET claimed_at = $1 WHERE message_id IN \
             (SELECT message_id FROM whatsapp_inbound WHERE answered_at IS NULL AND claimed_at < $2 \
             ORDER BY received_at, message_id LIMIT $3{lock}) \
             RETURNING message_id, site, conversation_id, seq, from_number, profile_name"
        ))
        .bind(timestamp(Utc::now()))
        .bind(timestamp(stale_before))
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(Into::into)
    }

    /// Records that who answers inbound message `message_id` is decided.
    pub async fn whatsapp_answered(&self, message_id: &str) -> crate::db::DbResult<()> {
        sqlx::query("UPDATE whatsapp_inbound SET answered_at = $1 WHERE message_id = $2")
            .bind(timestamp(Utc::now()))
            .bind(message_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The WhatsApp number linked to `conversation`, if any.
    pub async fn whatsapp_number_of(
        &self,
        conversation: &str,
    ) -> crate::db::DbResult<Option<String>> {
        Ok(sqlx::query_scalar::<_, Option<String>>(
            "SELECT whatsapp_from FROM conversations WHERE id = $1",
        )
        .bind(conversation)
        .fetch_optional(&self.pool)
        .await?
        .flatten())
    }
}

/// An inbound message whose answer (the assistant's, or a team's handoff) is still to be
/// decided.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Unanswered {
    /// The Cloud API's message id.
    pub message_id: String,
    /// The site whose number received it.
    pub site: String,
    /// The conversation it was stored in.
    pub conversation_id: String,
    /// Its place there.
    pub seq: i64,
    /// The sender's WhatsApp number.
    pub from_number: String,
    /// The sender's profile name, if known.
    pub profile_name: Option<String>,
}

/// Where an agent's reply in a conversation goes, from what the database holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplyRoute {
    /// The channel of the visitor's latest message (`None`: the visitor has not written).
    pub last_visitor_channel: Option<Channel>,
    /// When the latest WhatsApp message from the visitor arrived.
    pub last_inbound_at: Option<String>,
}

/// A status's rank: a status only moves forward (statuses may arrive out of order).
fn rank(status: &str) -> i64 {
    match status {
        "sent" => 1,
        "delivered" => 2,
        "read" => 3,
        "failed" => 4,
        _ => 0,
    }
}

impl Db {
    /// What decides where a reply in `conversation` goes.
    pub async fn whatsapp_reply_route(
        &self,
        conversation: &str,
    ) -> crate::db::DbResult<ReplyRoute> {
        let last: Option<String> = sqlx::query_scalar(
            "SELECT channel FROM messages WHERE conversation_id = $1 AND author = 'visitor' ORDER BY seq DESC LIMIT 1",
        )
        .bind(conversation)
        .fetch_optional(&self.pool)
        .await?;
        let last_inbound_at: Option<String> = sqlx::query_scalar(
            "SELECT MAX(received_at) FROM whatsapp_inbound WHERE conversation_id = $1",
        )
        .bind(conversation)
        .fetch_one(&self.pool)
        .await?;
        Ok(ReplyRoute {
            last_visitor_channel: last
                .map(Channel::try_from)
                .transpose()
                .map_err(super::DbError::corrupt)?,
            last_inbound_at,
        })
    }

    /// Stores an agent's reply that goes out on WhatsApp, with the outbox row that sends it,
    /// in one transaction: the reply is never stored without being sent, nor sent unstored.
    pub async fn whatsapp_reply(
        &self,
        site: &str,
        conversation: &str,
        message: &NewMessage<'_>,
        outbox_channel: &str,
    ) -> crate::db::DbResult<StoredMessage> {
        let now = self.now();
        let mut tx = self.begin_write().await?;
        lock(&mut tx, conversation, &now).await?;
        let stored = append(&mut tx, conversation, message, &now).await?;
        super::outbox::enqueue_reply(
            &mut tx,
            site,
            conversation,
            stored.seq,
            outbox_channel,
            &now,
        )
        .await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Message `seq` of `conversation`.
    pub async fn message_at(
        &self,
        conversation: &str,
        seq: i64,
    ) -> crate::db::DbResult<Option<StoredMessage>> {
        let mut page = self.messages_after(conversation, seq - 1, 1).await?;
        Ok(page.pop().filter(|m| m.seq == seq))
    }

    /// Records that the Cloud API took message `seq` of `conversation` as `message_id`.
    pub async fn whatsapp_sent(
        &self,
        message_id: &str,
        conversation: &str,
        seq: i64,
    ) -> crate::db::DbResult<()> {
        sqlx::query(
            "INSERT INTO whatsapp_outbound (message_id, conversation_id, seq, status, updated_at) \
             VALUES ($1, $2, $3, 'sent', $4) ON CONFLICT (message_id) DO NOTHING",
        )
        .bind(message_id)
        .bind(conversation)
        .bind(seq)
        .bind(self.now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records a status the webhook reported for a sent message, if it moves it forward;
    /// the conversation it belongs to when something changed.
    pub async fn whatsapp_status(
        &self,
        message_id: &str,
        status: &str,
    ) -> crate::db::DbResult<Option<String>> {
        let new = rank(status);
        if new == 0 {
            return Ok(None);
        }
        let current: Option<(String, String)> = sqlx::query_as(
            "SELECT conversation_id, status FROM whatsapp_outbound WHERE message_id = $1",
        )
        .bind(message_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((conversation, old)) = current else {
            return Ok(None);
        };
        if rank(&old) >= new {
            return Ok(None);
        }
        sqlx::query("UPDATE whatsapp_outbound SET status = $1, updated_at = $2 WHERE message_id = $3 AND status = $4")
            .bind(status)
            .bind(self.now())
            .bind(message_id)
            .bind(&old)
            .execute(&self.pool)
            .await?;
        Ok(Some(conversation))
    }
}
