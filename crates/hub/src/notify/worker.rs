//! The outbox worker: a background task that delivers due rows, retries with exponential
//! backoff, and gives up after a number of attempts (the console can retry by hand).
//!
//! It wakes on a timer and whenever a handoff or a lead enqueues something, and stops when
//! the server shuts down. Each cycle first enqueues the digests due by the state's clock
//! (`digest::enqueue_due`: one indexed read when none is) and takes on WhatsApp messages
//! whose hub stopped before deciding who answers them (`whatsapp::answer_stale`: one indexed
//! read when none is); the rows' own scheduling uses the
//! real clock, not the state's (tests pin that).

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::task::JoinHandle;

use crate::db::outbox::{OutboxKind, OutboxRow};
use crate::state::AppState;

/// The worker's knobs.
#[derive(Clone, Debug)]
pub struct NotifyOptions {
    /// How often due rows are looked for without a wake-up (default 2 s).
    pub poll: Duration,
    /// The first retry's delay; each further one doubles it (default 15 s).
    pub backoff_base: Duration,
    /// The longest delay between attempts (default 30 min).
    pub backoff_max: Duration,
    /// Attempts before a row is marked failed (default 10, about 1.5 h of trying).
    pub max_attempts: i64,
    /// Timeout of each network exchange (default 15 s).
    pub timeout: Duration,
}

impl Default for NotifyOptions {
    fn default() -> NotifyOptions {
        NotifyOptions {
            poll: Duration::from_secs(2),
            backoff_base: Duration::from_secs(15),
            backoff_max: Duration::from_secs(30 * 60),
            max_attempts: 10,
            timeout: Duration::from_secs(15),
        }
    }
}

/// The delay after attempt number `attempts` (1 = the first) failed.
pub fn backoff(options: &NotifyOptions, attempts: i64) -> Duration {
    let exp = attempts.saturating_sub(1).clamp(0, 30) as u32;
    options
        .backoff_base
        .saturating_mul(2u32.saturating_pow(exp))
        .min(options.backoff_max)
}

/// Starts the worker on the current runtime.
pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let client = super::http_client(state.options.notify.timeout);
        let mut shutdown = state.shutdown.subscribe();
        loop {
            if *shutdown.borrow() {
                break;
            }
            if let Err(e) = run_once(&state, &client).await {
                tracing::warn!(error = %e, "notification outbox: cannot read due rows");
            }
            tokio::select! {
                _ = tokio::time::sleep(state.options.notify.poll) => {}
                _ = state.outbox_wake.notified() => {}
                _ = crate::state::shutting_down(&mut shutdown) => break,
            }
        }
    })
}

/// Enqueues the digests due, takes on WhatsApp messages left unanswered, then delivers every
/// row due now, concurrently, so one slow
/// channel does not hold the others. Deliveries are scheduled by the wall clock (leases and
/// back-off measure time that really passes), not by the hub's clock, which tests may hold
/// still at a chosen instant.
pub async fn run_once(state: &AppState, client: &reqwest::Client) -> crate::db::DbResult<usize> {
    // A digest that cannot be enqueued now is tried next cycle; it never holds up the rest.
    if let Err(e) = super::digest::enqueue_due(state).await {
        tracing::warn!(error = %e, "notification outbox: cannot enqueue due digests");
    }
    // A WhatsApp message whose hub stopped before deciding who answers it is taken on here.
    if let Err(e) = crate::whatsapp::answer_stale(state).await {
        tracing::warn!(error = %e, "whatsapp: cannot read messages left unanswered");
    }
    // The lease outlasts an attempt, so only a crashed worker's row comes due again.
    let options = &state.options.notify;
    let lease = Utc::now()
        + chrono::Duration::from_std(options.timeout * 4).unwrap_or(chrono::Duration::minutes(1));
    let rows = state.db.outbox_claim(Utc::now(), lease, 50).await?;
    let n = rows.len();
    let tasks: Vec<_> = rows
        .into_iter()
        .map(|row| attempt(state.clone(), client.clone(), row))
        .collect();
    futures_util::future::join_all(tasks).await;
    Ok(n)
}

async fn attempt(state: AppState, client: reqwest::Client, row: OutboxRow) {
    let options = &state.options.notify;
    // Claimed: this attempt is counted already.
    let attempts = row.attempts;
    let result = send_row(&state, &client, &row).await;
    let stored = match &result {
        Ok(()) => {
            tracing::info!(channel = %row.channel, key = %row.idempotency_key, attempts, "notification delivered");
            state.db.outbox_delivered(&row.id, Utc::now()).await
        }
        Err(failure) => {
            let retry_at = (failure.retry && attempts < options.max_attempts).then(|| {
                Utc::now()
                    + chrono::Duration::from_std(backoff(options, attempts))
                        .unwrap_or(chrono::Duration::hours(1))
            });
            tracing::warn!(channel = %row.channel, key = %row.idempotency_key, attempts, error = %failure, retry_at = ?retry_at, "notification failed");
            state
                .db
                .outbox_attempt_failed(&row.id, &failure.message, retry_at)
                .await
        }
    };
    if let Err(e) = stored {
        tracing::error!(error = %e, id = %row.id, "notification outbox: cannot record the attempt");
    }
}

async fn send_row(
    state: &AppState,
    client: &reqwest::Client,
    row: &OutboxRow,
) -> Result<(), super::Failure> {
    let Some(runtime) = state.site(&row.site) else {
        return Err(super::Failure::permanent(format!(
            "site {:?} is no longer configured",
            row.site
        )));
    };
    if row.kind == OutboxKind::Reply {
        return crate::whatsapp::send::reply(state, client, runtime, row).await;
    }
    let site = &runtime.site;
    let Some(channel) = site.notify.channel(&row.channel) else {
        return Err(super::Failure::permanent(format!(
            "channel {:?} is no longer configured",
            row.channel
        )));
    };
    let base = site
        .notify
        .console_url
        .as_deref()
        .or(state.options.public_url.as_deref());
    let timeout = state.options.notify.timeout;
    let gone = |what: String| super::Failure::permanent(format!("{what} is gone"));
    match (row.kind, &row.lead_id, &row.digest) {
        (OutboxKind::Lead, Some(lead), _) => {
            let n = super::message::load_lead(&state.db, lead, site, base)
                .await
                .map_err(super::Failure::transient)?
                .ok_or_else(|| gone(format!("lead {lead}")))?;
            super::deliver(client, channel, &n, timeout).await
        }
        (OutboxKind::Digest, _, Some(digest)) => {
            let d = super::digest::load(&state.db, digest, site, base)
                .await
                .map_err(super::Failure::transient)?
                .ok_or_else(|| gone(format!("digest {digest}")))?;
            super::deliver_digest(client, channel, &d, timeout).await
        }
        _ => {
            let team_name = |key: &str| {
                site.teams
                    .iter()
                    .find(|t| t.key == key)
                    .map_or(key.to_string(), |t| t.name.clone())
            };
            let n = super::message::load(
                &state.db,
                &row.handoff_id,
                &site.name,
                site.hours.timezone,
                team_name,
                base,
            )
            .await
            .map_err(super::Failure::transient)?
            .ok_or_else(|| gone(format!("handoff {}", row.handoff_id)))?;
            super::deliver(client, channel, &n, timeout).await
        }
    }
}

/// Wakes the worker now (after an enqueue or a retry).
pub fn wake(wake: &Arc<tokio::sync::Notify>) {
    wake.notify_one();
}
