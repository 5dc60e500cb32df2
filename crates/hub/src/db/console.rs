//! What the agent console reads and changes: the queue of its agent's teams, one
//! conversation's row, the atomic claim, a fingerprint that tells the console stream when
//! to resend, and lead search within the agent's sites.

use protocol::hub::LeadSummary;

use super::{numbered, Db};

/// A conversation row as the console needs it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ConsoleRow {
    /// Id.
    pub id: String,
    /// Site key.
    pub site: String,
    /// Who answers it now.
    #[sqlx(try_from = "String")]
    pub state: protocol::hub::ConversationState,
    /// Team queued for or held by.
    pub team: Option<String>,
    /// Queue priority.
    pub urgency: i64,
    /// Waiting since.
    pub queued_at: Option<String>,
    /// Holding agent's id.
    pub claimed_by: Option<String>,
    /// Holding agent's name.
    pub claimed_name: Option<String>,
}

/// How a claim ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// This agent holds it now.
    Won,
    /// This agent already held it (a repeated click).
    AlreadyMine,
    /// Another agent holds it.
    Taken,
    /// It is not waiting for anyone (the bot has it).
    NotQueued,
    /// No such conversation.
    Missing,
}

const ROW_COLUMNS: &str =
    "c.id, c.site, c.state, c.team, c.urgency, c.queued_at, c.claimed_by, a.name AS claimed_name \
     FROM conversations c LEFT JOIN agents a ON a.id = c.claimed_by";

/// Most leads one search answers.
const LEAD_LIMIT: i64 = 50;

/// What the queue's fingerprint reads of a conversation: id, state, holder, urgency, next
/// seq, leads, and the last WhatsApp delivery status change.
type FingerprintRow = (String, String, Option<String>, i64, i64, i64, String);

impl Db {
    /// Conversations waiting on `agent`'s teams: most urgent first, then longest waiting.
    pub async fn console_waiting(&self, agent: &str) -> crate::db::DbResult<Vec<ConsoleRow>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} JOIN agent_teams t ON t.site = c.site AND t.team = c.team \
             WHERE t.agent_id = $1 AND c.state = 'queued' ORDER BY c.urgency DESC, c.queued_at ASC, c.id ASC"
        );
        sqlx::query_as(&sql)
            .bind(agent)
            .fetch_all(&self.pool)
            .await
            .map_err(Into::into)
    }

    /// Conversations `agent` holds, oldest claim first.
    pub async fn console_mine(&self, agent: &str) -> crate::db::DbResult<Vec<ConsoleRow>> {
        let sql = format!("SELECT {ROW_COLUMNS} WHERE c.state = 'agent' AND c.claimed_by = $1 ORDER BY c.claimed_at ASC, c.id ASC");
        sqlx::query_as(&sql)
            .bind(agent)
            .fetch_all(&self.pool)
            .await
            .map_err(Into::into)
    }

    /// One conversation's row, whoever asks; the caller checks the agent may see it.
    pub async fn console_row(&self, id: &str) -> crate::db::DbResult<Option<ConsoleRow>> {
        let sql = format!("SELECT {ROW_COLUMNS} WHERE c.id = $1");
        sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(Into::into)
    }

    /// A short text that changes whenever anything `agent`'s queue shows changes: which
    /// conversations wait or are held, their state and claim, and their newest message.
    pub async fn console_fingerprint(&self, agent: &str) -> crate::db::DbResult<String> {
        // A lead left meanwhile changes it too: the pane shows the contact at once; so does
        // a WhatsApp delivery status of a reply.
        let rows: Vec<FingerprintRow> = sqlx::query_as(
            "SELECT c.id, c.state, c.claimed_by, c.urgency, c.next_seq, \
             (SELECT COUNT(*) FROM leads l WHERE l.conversation_id = c.id), \
             (SELECT COALESCE(MAX(w.updated_at), '') FROM whatsapp_outbound w WHERE w.conversation_id = c.id) \
             FROM conversations c \
             LEFT JOIN agent_teams t ON t.site = c.site AND t.team = c.team AND t.agent_id = $1 \
             WHERE (c.state = 'queued' AND t.agent_id IS NOT NULL) OR (c.state = 'agent' AND c.claimed_by = $2) \
             ORDER BY c.id",
        )
        .bind(agent)
        .bind(agent)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|(id, state, by, urgency, seq, leads, sent)| {
                format!(
                    "{id}:{state}:{}:{urgency}:{seq}:{leads}:{sent}",
                    by.as_deref().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join(","))
    }

    /// `agent` takes a waiting conversation. One statement decides, so of two agents
    /// claiming at once exactly one wins; the loser learns why.
    pub async fn claim_queued(
        &self,
        conversation: &str,
        agent: &str,
    ) -> crate::db::DbResult<Claim> {
        let now = self.now();
        let done = sqlx::query(
            "UPDATE conversations SET state = 'agent', claimed_by = $1, claimed_at = $2, updated_at = $3 \
             WHERE id = $4 AND state = 'queued'",
        )
        .bind(agent)
        .bind(&now)
        .bind(&now)
        .bind(conversation)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 1 {
            return Ok(Claim::Won);
        }
        let row: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT state, claimed_by FROM conversations WHERE id = $1")
                .bind(conversation)
                .fetch_optional(&self.pool)
                .await?;
        Ok(match row {
            None => Claim::Missing,
            Some((state, by)) if state == "agent" && by.as_deref() == Some(agent) => {
                Claim::AlreadyMine
            }
            Some((state, _)) if state == "agent" => Claim::Taken,
            Some(_) => Claim::NotQueued,
        })
    }

    /// Leads of `sites` whose reference is `reference`, or whose email or name contains
    /// `query` (any case); newest first, at most 50.
    pub async fn leads_search(
        &self,
        sites: &[String],
        reference: &str,
        query: &str,
    ) -> crate::db::DbResult<Vec<LeadSummary>> {
        if sites.is_empty() {
            return Ok(Vec::new());
        }
        // The fixed parameters first ($1..$3), then one per site.
        let placeholders = numbered(4, sites.len());
        // LOWER on both sides: Postgres' LIKE is case-sensitive, SQLite's only for ASCII.
        let sql = format!(
            "SELECT reference, site, conversation_id, name, email, phone, question, whatsapp_link, created_at FROM leads \
             WHERE site IN ({placeholders}) AND (reference = $1 OR LOWER(COALESCE(email, '')) LIKE $2 ESCAPE '\\' \
             OR LOWER(name) LIKE $2 ESCAPE '\\') ORDER BY created_at DESC, reference LIMIT $3"
        );
        let pattern = format!("%{}%", escape_like(&query.to_lowercase()));
        type Row = (
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            Option<String>,
            String,
        );
        let mut q = sqlx::query_as::<_, Row>(&sql)
            .bind(reference)
            .bind(&pattern)
            .bind(LEAD_LIMIT);
        for site in sites {
            q = q.bind(site);
        }
        let rows = q.fetch_all(&self.pool).await?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    reference,
                    site,
                    conversation_id,
                    name,
                    email,
                    phone,
                    question,
                    whatsapp_link,
                    created_at,
                )| LeadSummary {
                    reference,
                    site,
                    conversation_id,
                    name,
                    email,
                    phone,
                    question,
                    whatsapp_link,
                    created_at,
                    // The site's zone is configuration, not data: the handler fills it in.
                    timezone: String::new(),
                },
            )
            .collect())
    }
}

/// `%`, `_` and the escape itself match literally.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
        assert_eq!(escape_like("maria"), "maria");
    }
}
