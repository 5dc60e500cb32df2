//! `baton serve`: loads and validates the site configuration, opens the database (the
//! SQLite file under the data directory, or `--database` / `DATABASE_URL`), and runs the
//! hub until Ctrl-C or SIGTERM.
//!
//! Logs go to stderr (`RUST_LOG` filters them, default `info`); once listening, one line
//! `baton: listening on http://ADDR` goes to stdout, so scripts and tests started with
//! `--addr 127.0.0.1:0` learn the port.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hub::server::{database_location, prepare, run as serve, shutdown_signal, ServeConfig};

/// `baton serve` options.
#[derive(Args)]
pub struct ServeArgs {
    /// Site configuration (TOML).
    #[arg(long, value_name = "FILE", default_value = "demo/baton.toml")]
    config: PathBuf,
    /// Data directory; the database is DIR/baton.sqlite unless --database or DATABASE_URL
    /// names another.
    #[arg(long, value_name = "DIR", default_value = "./data")]
    data: PathBuf,
    /// The database: postgres://USER:PASSWORD@HOST:PORT/DB or sqlite:PATH. Default:
    /// DATABASE_URL (better for a password: a flag shows in `ps`), else DIR/baton.sqlite.
    #[arg(long, value_name = "URL")]
    database: Option<String>,
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8787")]
    addr: SocketAddr,
    /// The built widget (Trunk's output), served at /widget/ when it exists.
    #[arg(long, value_name = "DIR", default_value = "dist")]
    widget: PathBuf,
    /// The built agent console, served at /console/ when it exists.
    #[arg(long, value_name = "DIR", default_value = "crates/console/dist")]
    console: PathBuf,
    /// The hub's public URL behind a reverse proxy (e.g. https://chat.example.com): console
    /// requests must come from its origin, and https marks the session cookie Secure.
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// The proxies in front of the hub, as addresses or networks separated by commas
    /// (127.0.0.1,10.0.0.0/8): their X-Forwarded-For names the client that rate limits and
    /// stream caps count. Without it every visitor behind a proxy shares the proxy's limits.
    #[arg(long, value_name = "ADDRS", env = "BATON_TRUSTED_PROXIES")]
    trusted_proxy: Option<String>,
}

/// Runs the hub. A bad configuration exits 2 with its message (the one `baton check`
/// gives); so does a database or a port that cannot be opened.
pub fn run(args: ServeArgs) -> Result<ExitCode, String> {
    let sites = hub::site::load_sites(&args.config)?;
    let database = database_location(args.database.as_deref())?;
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async move {
        let widget_dir = args.widget.is_dir().then(|| args.widget.clone());
        if widget_dir.is_none() {
            tracing::info!(dir = %args.widget.display(), "no built widget; /widget/ is not served");
        }
        let console_dir = args.console.is_dir().then(|| args.console.clone());
        if console_dir.is_none() {
            tracing::info!(dir = %args.console.display(), "no built console; /console/ explains how to build it");
        }
        let trusted_proxies = hub::security::TrustedProxies::parse(args.trusted_proxy.as_deref().unwrap_or_default()).map_err(|e| format!("--trusted-proxy: {e}"))?;
        let settings = ServeConfig { data: args.data.clone(), database, addr: args.addr, widget_dir, console_dir, public_url: args.public_url.clone(), trusted_proxies };
        let state = prepare(sites, &settings).await?;
        let listener = tokio::net::TcpListener::bind(args.addr).await.map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
        let local = listener.local_addr().map_err(|e| format!("cannot read the listening address: {e}"))?;
        tracing::info!(addr = %local, "hub listening");
        let mut stdout = std::io::stdout();
        writeln!(stdout, "baton: listening on http://{local}").and_then(|_| stdout.flush()).map_err(|e| format!("stdout: {e}"))?;
        serve(state, listener, shutdown_signal()).await
    })?;
    Ok(ExitCode::SUCCESS)
}
