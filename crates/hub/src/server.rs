//! Running the hub: open the database, build the state, listen, and shut down gracefully.

use std::net::SocketAddr;
use std::path::PathBuf;

use tokio::net::TcpListener;

use crate::db::{Db, Location};
use crate::site::SiteRuntime;
use crate::state::{AppState, Options};

/// What `baton serve` passes in.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// The data directory; the database is `DIR/baton.sqlite` unless `database` names one.
    pub data: PathBuf,
    /// The database, when not the SQLite file in `data` (see [`database_location`]).
    pub database: Option<Location>,
    /// Where to listen (`127.0.0.1:0` picks a free port).
    pub addr: SocketAddr,
    /// The built widget, if any.
    pub widget_dir: Option<PathBuf>,
    /// The built agent console, if any.
    pub console_dir: Option<PathBuf>,
    /// The public URL, when behind a proxy (see [`crate::state::Options::public_url`]).
    pub public_url: Option<String>,
    /// The proxies in front of the hub (see [`crate::state::Options::trusted_proxies`]).
    pub trusted_proxies: crate::security::TrustedProxies,
}

/// The database a command uses: `--database URL` if given, else `DATABASE_URL` if set
/// (and not empty), else `None`: the SQLite file in the data directory, as always.
pub fn database_location(flag: Option<&str>) -> Result<Option<Location>, String> {
    let from_env = std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty());
    match flag.map(str::to_string).or(from_env) {
        None => Ok(None),
        Some(url) => Location::parse(&url).map(Some),
    }
}

/// Opens the database (`serve.database`, or the SQLite file under `serve.data`) and builds the state for `sites`
/// ([`crate::site::load_sites`]).
pub async fn prepare(sites: Vec<SiteRuntime>, serve: &ServeConfig) -> Result<AppState, String> {
    let location = match &serve.database {
        Some(location) => location.clone(),
        None => {
            std::fs::create_dir_all(&serve.data)
                .map_err(|e| format!("cannot create {}: {e}", serve.data.display()))?;
            Location::Sqlite(serve.data.join("baton.sqlite"))
        }
    };
    // Location's Display hides a Postgres URL's password.
    let db = Db::open_at(&location)
        .await
        .map_err(|e| format!("cannot open {location}: {e}"))?;
    tracing::info!(database = %location, "database open");
    let options = Options {
        widget_dir: serve.widget_dir.clone(),
        console_dir: serve.console_dir.clone(),
        public_url: serve.public_url.clone(),
        trusted_proxies: serve.trusted_proxies.clone(),
        // A secret, so it comes from the environment rather than a flag visible in `ps`.
        metrics_token: std::env::var("BATON_METRICS_TOKEN")
            .ok()
            .filter(|t| !t.trim().is_empty()),
        ..Options::default()
    };
    Ok(AppState::with_sites(sites, db, options))
}

/// Serves `state` on `listener` until `shutdown` completes, then ends the streams, lets
/// requests in flight finish and closes the database.
pub async fn run(
    state: AppState,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let router = crate::app::app(state.clone());
    // Notifications go out in the background; the worker stops with the server.
    let worker = crate::notify::worker::spawn(state.clone());
    // On Postgres, what other hubs commit reaches this one's streams, queues and worker.
    let bus = crate::bus::spawn(state.clone());
    let on_shutdown = state.clone();
    let signal = async move {
        shutdown.await;
        tracing::info!("shutting down");
        on_shutdown.begin_shutdown();
    };
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(signal)
    .await
    .map_err(|e| format!("server: {e}"))?;
    if let Err(e) = worker.await {
        tracing::warn!(error = %e, "notification worker ended abnormally");
    }
    if let Some(Err(e)) = match bus {
        Some(listener) => Some(listener.await),
        None => None,
    } {
        tracing::warn!(error = %e, "bus listener ended abnormally");
    }
    state.db.close().await;
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
