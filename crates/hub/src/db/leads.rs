//! Leads: the contact details a visitor left, under a short reference.

use super::{is_unique_violation, new_id, now, Db};

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
        mut reference: impl FnMut() -> String,
        link: impl Fn(&str) -> Option<String>,
    ) -> Result<Lead, sqlx::Error> {
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
                created_at: now(),
            };
            let stored = Lead { whatsapp_link: link(&stored.reference), ..stored };
            let result = sqlx::query(
                "INSERT INTO leads (id, conversation_id, site, reference, name, email, phone, question, consent, \
                 whatsapp_link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            .execute(&self.pool)
            .await;
            match result {
                Ok(_) => return Ok(stored),
                Err(e) if is_unique_violation(&e) => {
                    tracing::warn!(reference = %stored.reference, "lead reference clash, trying another");
                    last = Some(e);
                }
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or(sqlx::Error::RowNotFound))
    }

    /// The lead with `reference` (the console's search).
    pub async fn lead_by_reference(&self, reference: &str) -> Result<Option<Lead>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, reference, name, email, phone, question, consent, whatsapp_link, created_at FROM leads WHERE reference = ?",
        )
        .bind(reference)
        .fetch_optional(&self.pool)
        .await
    }

    /// The conversation's leads, oldest first.
    pub async fn leads_of(&self, conversation: &str) -> Result<Vec<Lead>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, reference, name, email, phone, question, consent, whatsapp_link, created_at FROM leads \
             WHERE conversation_id = ? ORDER BY created_at, id",
        )
        .bind(conversation)
        .fetch_all(&self.pool)
        .await
    }
}
