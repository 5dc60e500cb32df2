//! Inbound WhatsApp messages (`whatsapp_inbound`, migration 0006): each stored once, in the
//! conversation the linking rules (`crate::whatsapp::link`) pick, in one transaction.

use protocol::hub::{Author, Channel, MessageKind};

use super::conversations::{append, lock, NewMessage};
use super::{new_id, Conversation, Db, StoredMessage};
use crate::whatsapp::link::{self, ReferenceMatch, Target};

/// An inbound message to store.
#[derive(Clone, Debug)]
pub struct InboundNew<'a> {
    /// The site whose number received it.
    pub site: &'a str,
    /// The Cloud API's message id.
    pub message_id: &'a str,
    /// The sender's WhatsApp number.
    pub from: &'a str,
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
    /// Stored now.
    Stored(Box<Stored>),
    /// A delivery of a message stored before (Meta retries): nothing stored.
    Duplicate,
}

impl Db {
    /// Stores `m` once: in the conversation the linking rules pick (creating one if they say
    /// so), linking the sender's number to it, after any notice the rules write.
    pub async fn whatsapp_receive(&self, m: &InboundNew<'_>) -> crate::db::DbResult<Receipt> {
        let mut tx = self.pool.begin().await?;
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
        let recorded = sqlx::query(
            "INSERT INTO whatsapp_inbound (message_id, site, conversation_id, seq, received_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(m.message_id)
        .bind(m.site)
        .bind(&id)
        .bind(message.seq)
        .bind(&now)
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
