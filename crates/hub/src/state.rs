//! `AppState`: what every handler shares — the configuration, each site's triage engine and
//! assistant, the database, the in-process fan-out of live messages and availability, the
//! bus's wake-ups, the rate limiter, and the options tests tune (heartbeat, clock, rates).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;

use crate::config::HubConfig;
use crate::db::Db;
use crate::security::{RateLimiter, Rates};
use crate::site::{build_sites, SiteRuntime};
use crate::stream::{AvailabilityHub, Channels};

pub use crate::clock::Clock;

/// Knobs with production defaults; tests shorten or tighten them.
#[derive(Clone)]
pub struct Options {
    /// Comment sent on idle streams so proxies keep them open (default 15 s).
    pub heartbeat: Duration,
    /// How often availability is recomputed for subscribed sites (default 500 ms, so a
    /// change reaches widgets within a second).
    pub availability_poll: Duration,
    /// Rate limits.
    pub rates: Rates,
    /// The built widget (Trunk's `dist/`), served at `/widget/` when present.
    pub widget_dir: Option<PathBuf>,
    /// The built agent console (`crates/console/dist`), served at `/console/` when present.
    pub console_dir: Option<PathBuf>,
    /// The hub's public URL (`https://chat.example.com`) when it runs behind a proxy: its
    /// origin is the one console requests must come from, and https makes cookies Secure.
    pub public_url: Option<String>,
    /// The bearer token that may read `/metrics` for every site (`BATON_METRICS_TOKEN`);
    /// without it only signed-in console agents may, for their own sites.
    pub metrics_token: Option<String>,
    /// The notification worker's retries and timeouts.
    pub notify: crate::notify::worker::NotifyOptions,
    /// Now.
    pub clock: Clock,
    /// Event streams open at once, per client address and in all.
    pub streams: crate::stream_slots::StreamLimits,
    /// How long the bus's listener waits before reconnecting (default 1 s).
    pub bus_retry: Duration,
    /// The proxies whose `X-Forwarded-For` names the client (default none).
    pub trusted_proxies: crate::security::TrustedProxies,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            heartbeat: Duration::from_secs(15),
            availability_poll: Duration::from_millis(500),
            rates: Rates::default(),
            widget_dir: None,
            console_dir: None,
            public_url: None,
            metrics_token: None,
            notify: crate::notify::worker::NotifyOptions::default(),
            clock: crate::clock::system(),
            streams: crate::stream_slots::StreamLimits::default(),
            bus_retry: crate::bus::RETRY,
            trusted_proxies: Default::default(),
        }
    }
}

/// Shared state; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The inside of [`AppState`].
pub struct Inner {
    /// Sites by key.
    pub sites: HashMap<String, SiteRuntime>,
    /// Storage.
    pub db: Db,
    /// Live messages per conversation.
    pub channels: Channels,
    /// Live availability per site.
    pub availability: AvailabilityHub,
    /// When each conversation's agent typing was last passed on.
    pub typing: crate::typing::Coalesce,
    /// Wake-ups from what other hubs on the same database committed.
    pub bus: crate::bus::Bus,
    /// Token buckets.
    pub limiter: RateLimiter,
    /// Event streams open now, by client address.
    pub streams: crate::stream_slots::StreamSlots,
    /// Options.
    pub options: Options,
    /// Becomes true when the server shuts down; streams end so shutdown can finish.
    pub shutdown: watch::Sender<bool>,
    /// Wakes the notification worker when a handoff enqueued something.
    pub outbox_wake: Arc<tokio::sync::Notify>,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Builds the state: compiles each site's triage rules and assistant.
    pub fn new(config: HubConfig, db: Db, options: Options) -> Result<AppState, String> {
        Ok(AppState::with_sites(build_sites(config)?, db, options))
    }

    /// The state for sites already built ([`load_sites`], [`build_sites`]).
    pub fn with_sites(built: Vec<SiteRuntime>, db: Db, options: Options) -> AppState {
        let sites: HashMap<String, SiteRuntime> =
            built.into_iter().map(|s| (s.site.key.clone(), s)).collect();
        let limiter = RateLimiter::new(options.rates.clone());
        let (shutdown, _) = watch::channel(false);
        AppState(Arc::new(Inner {
            sites,
            db: db.with_clock(options.clock.clone()),
            channels: Channels::default(),
            availability: AvailabilityHub::default(),
            typing: Default::default(),
            bus: Default::default(),
            limiter,
            streams: Default::default(),
            options,
            shutdown,
            outbox_wake: Arc::new(tokio::sync::Notify::new()),
        }))
    }

    /// The site `key`.
    pub fn site(&self, key: &str) -> Option<&SiteRuntime> {
        self.sites.get(key)
    }

    /// The site of `conversation`; a conversation whose site left the site file is an
    /// internal error (sites are read once, at start).
    pub fn site_of(
        &self,
        conversation: &crate::db::Conversation,
    ) -> Result<&SiteRuntime, crate::error::AppError> {
        self.site(&conversation.site).ok_or_else(|| {
            crate::error::AppError::Internal(format!("site {} is gone", conversation.site))
        })
    }

    /// Now, by the configured clock.
    pub fn now(&self) -> DateTime<Utc> {
        (self.options.clock)()
    }

    /// Ends every stream (graceful shutdown).
    pub fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }
}

/// Completes when the server shuts down (or its state is gone, which means the same).
pub async fn shutting_down(rx: &mut watch::Receiver<bool>) {
    if rx.wait_for(|&down| down).await.is_err() {
        tracing::debug!("state dropped; treating as shutdown");
    }
}
