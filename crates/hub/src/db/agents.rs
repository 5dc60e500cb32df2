//! Agents, their console sessions, team membership, presence and claims.
//!
//! The console builds on these; the visitor side reads presence (availability) and the
//! claim (a claimed conversation silences the bot).

use std::collections::BTreeMap;

use super::{new_id, Db};

/// How long an online switch counts without a refresh from an open console.
pub const PRESENCE_TTL_SECS: i64 = 90;

/// How often an open console refreshes its online switches.
pub const PRESENCE_REFRESH_SECS: u64 = 20;

/// An agent, as a console session or a login finds it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Agent {
    /// Agent id.
    pub id: String,
    /// Login email.
    pub email: String,
    /// Display name ("Maria joined").
    pub name: String,
    /// argon2 PHC string.
    pub password_hash: String,
}

impl Db {
    /// Creates an agent; `password_hash` is an argon2 PHC string. Returns the new id.
    pub async fn agents_create(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
    ) -> crate::db::DbResult<String> {
        let id = new_id();
        sqlx::query("INSERT INTO agents (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&id)
            .bind(email)
            .bind(name)
            .bind(password_hash)
            .bind(self.now())
            .execute(&self.pool)
            .await?;
        Ok(id)
    }

    /// The agent with `email`, if any.
    pub async fn agent_by_email(&self, email: &str) -> crate::db::DbResult<Option<Agent>> {
        sqlx::query_as("SELECT id, email, name, password_hash FROM agents WHERE email = $1")
            .bind(email)
            .fetch_optional(&self.pool)
            .await
            .map_err(Into::into)
    }

    /// Lets `agent` serve `team` of `site`.
    pub async fn agent_teams_add(
        &self,
        agent: &str,
        site: &str,
        team: &str,
    ) -> crate::db::DbResult<()> {
        sqlx::query("INSERT INTO agent_teams (agent_id, site, team) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(agent)
            .bind(site)
            .bind(team)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stores a console session (the token's SHA-256, never the token) until `expires_at`.
    pub async fn agent_sessions_create(
        &self,
        token_hash: &str,
        agent: &str,
        expires_at: &str,
    ) -> crate::db::DbResult<()> {
        sqlx::query("INSERT INTO agent_sessions (token_hash, agent_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(agent)
            .bind(self.now())
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The agent of a session unexpired at `now` (a stored timestamp; the caller's clock,
    /// so tests can stand at any instant).
    pub async fn agent_by_session(
        &self,
        token_hash: &str,
        now: &str,
    ) -> crate::db::DbResult<Option<Agent>> {
        sqlx::query_as(
            "SELECT a.id, a.email, a.name, a.password_hash FROM agent_sessions s JOIN agents a ON a.id = s.agent_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await.map_err(Into::into)
    }

    /// Ends a session (logout). Unknown tokens are fine: the outcome is the same.
    pub async fn agent_sessions_delete(&self, token_hash: &str) -> crate::db::DbResult<()> {
        sqlx::query("DELETE FROM agent_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Forgets sessions that expired before `now`, so the table does not grow forever.
    pub async fn agent_sessions_prune(&self, now: &str) -> crate::db::DbResult<u64> {
        let done = sqlx::query("DELETE FROM agent_sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// The (site, team) pairs `agent` serves, with the presence switch of each.
    pub async fn agent_teams(
        &self,
        agent: &str,
    ) -> crate::db::DbResult<Vec<(String, String, bool)>> {
        let rows: Vec<(String, String, Option<i64>)> = sqlx::query_as(
            "SELECT t.site, t.team, p.online FROM agent_teams t \
             LEFT JOIN presence p ON p.agent_id = t.agent_id AND p.site = t.site AND p.team = t.team \
             WHERE t.agent_id = $1 ORDER BY t.site, t.team",
        )
        .bind(agent)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(site, team, online)| (site, team, online == Some(1)))
            .collect())
    }

    /// Refreshes `agent`'s online switches: the open console does this while it is open.
    pub async fn presence_touch(&self, agent: &str) -> crate::db::DbResult<()> {
        sqlx::query("UPDATE presence SET updated_at = $1 WHERE agent_id = $2 AND online = 1")
            .bind(self.now())
            .bind(agent)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Sets every presence switch of `agent` to away (logout: nobody is left to answer).
    pub async fn presence_clear(&self, agent: &str) -> crate::db::DbResult<()> {
        sqlx::query(
            "UPDATE presence SET online = 0, updated_at = $1 WHERE agent_id = $2 AND online = 1",
        )
        .bind(self.now())
        .bind(agent)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Sets `agent`'s presence for `team` of `site`.
    pub async fn set_presence(
        &self,
        agent: &str,
        site: &str,
        team: &str,
        online: bool,
    ) -> crate::db::DbResult<()> {
        sqlx::query(
            "INSERT INTO presence (agent_id, site, team, online, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (agent_id, site, team) DO UPDATE SET online = excluded.online, updated_at = excluded.updated_at",
        )
        .bind(agent)
        .bind(site)
        .bind(team)
        .bind(online as i64)
        .bind(self.now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Agents online per team of `site` (teams with nobody online are absent). A switch
    /// left on by a console that went away (closed tab, lost network) counts only until
    /// [`PRESENCE_TTL_SECS`] after its last refresh, so visitors are never promised a
    /// person who is not there.
    pub async fn agents_online(&self, site: &str) -> crate::db::DbResult<BTreeMap<String, i64>> {
        let fresh = super::timestamp((self.clock)() - chrono::Duration::seconds(PRESENCE_TTL_SECS));
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT team, COUNT(*) FROM presence WHERE site = $1 AND online = 1 AND updated_at > $2 GROUP BY team",
        )
        .bind(site)
        .bind(fresh)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// `agent` takes the conversation: the bot falls silent until it is released.
    pub async fn claim(&self, conversation: &str, agent: &str) -> crate::db::DbResult<bool> {
        let now = self.now();
        let done = sqlx::query(
            "UPDATE conversations SET state = 'agent', claimed_by = $1, claimed_at = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(agent)
        .bind(&now)
        .bind(&now)
        .bind(conversation)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives the conversation back to the bot (resolved or handed back) and closes any open
    /// handoff.
    pub async fn release(&self, conversation: &str) -> crate::db::DbResult<()> {
        let now = self.now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE conversations SET state = 'bot', team = NULL, urgency = 0, queued_at = NULL, claimed_by = NULL, \
             claimed_at = NULL, updated_at = $1 WHERE id = $2",
        )
        .bind(&now)
        .bind(conversation)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE handoffs SET status = 'closed', closed_at = $1 WHERE conversation_id = $2 AND status = 'open'")
            .bind(&now)
            .bind(conversation)
            .execute(&mut *tx)
            .await?;
        tx.commit().await.map_err(Into::into)
    }
}
