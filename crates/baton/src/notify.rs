//! `baton notify test`: sends a made-up escalation through each notification channel of a
//! site and says, per channel, whether it was delivered or the exact error.
//!
//! ```text
//! baton notify test --site KEY [--channel NAME] [--config FILE]
//! ```
//!
//! Exit codes: 0 every channel delivered; 1 at least one failed; 2 bad arguments or
//! configuration (no such site or channel, or the site has no channels).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand};
use hub::config::HubConfig;
use hub::notify::{deliver, http_client, message};

/// `baton notify …`.
#[derive(Subcommand)]
pub enum NotifyCommand {
    /// Send a test escalation through each configured channel (or one) and report.
    Test(TestArgs),
}

/// `baton notify test` options.
#[derive(Args)]
pub struct TestArgs {
    /// The site key.
    #[arg(long)]
    site: String,
    /// Only this channel.
    #[arg(long, value_name = "NAME")]
    channel: Option<String>,
    /// Site configuration (TOML).
    #[arg(long, value_name = "FILE", default_value = "demo/baton.toml")]
    config: PathBuf,
    /// Seconds to wait for each channel.
    #[arg(long, value_name = "SECONDS", default_value_t = 15)]
    timeout: u64,
}

/// Runs `baton notify …`.
pub fn run(command: NotifyCommand) -> Result<ExitCode, String> {
    let NotifyCommand::Test(args) = command;
    let config = HubConfig::load(&args.config).map_err(|e| e.to_string())?;
    let site = config.site(&args.site).ok_or_else(|| format!("no site {:?} in {}", args.site, args.config.display()))?;
    let channels: Vec<_> = match &args.channel {
        Some(name) => vec![site.notify.channel(name).ok_or_else(|| format!("site {:?} has no notify channel {name:?}", site.key))?],
        None => site.notify.channels.iter().collect(),
    };
    if channels.is_empty() {
        return Err(format!("site {:?} has no [[sites.notify.channels]]", site.key));
    }
    let team = site.teams.first().ok_or("the site has no teams")?;
    let n = message::sample(&site.key, &site.name, &team.name, &team.key, site.notify.console_url.as_deref());
    let timeout = Duration::from_secs(args.timeout.max(1));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let client = http_client(timeout);
    let mut failed = 0;
    let mut out = std::io::stdout();
    for channel in channels {
        let result = runtime.block_on(deliver(&client, channel, &n, timeout));
        let line = match result {
            Ok(()) => format!("{} ({}): delivered", channel.name, channel.kind.label()),
            Err(e) => {
                failed += 1;
                format!("{} ({}): failed: {}", channel.name, channel.kind.label(), e.message)
            }
        };
        writeln!(out, "{line}").and_then(|_| out.flush()).map_err(|e| format!("stdout: {e}"))?;
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
