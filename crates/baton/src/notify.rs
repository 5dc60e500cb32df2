//! `baton notify test`: sends a made-up escalation, lead and morning digest through each
//! notification channel of a site and says, per channel and message, whether it was
//! delivered or the exact error.
//!
//! ```text
//! baton notify test --site KEY [--channel NAME] [--kind handoff|lead|digest] [--config FILE]
//! ```
//!
//! Exit codes: 0 every channel delivered; 1 at least one failed; 2 bad arguments or
//! configuration (no such site or channel, or the site has no channels).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use hub::config::HubConfig;
use hub::notify::{deliver, deliver_digest, digest, http_client, message};

/// `baton notify …`.
#[derive(Subcommand)]
pub enum NotifyCommand {
    /// Send a test escalation, lead and digest through each configured channel (or one) and report.
    Test(TestArgs),
}

/// Which made-up message to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A handoff to a team.
    Handoff,
    /// A lead left when nobody could answer.
    Lead,
    /// The morning digest of leads left while closed.
    Digest,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Handoff => "handoff",
            Kind::Lead => "lead",
            Kind::Digest => "digest",
        }
    }
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
    /// Only this message (default: handoff, lead and digest, in that order).
    #[arg(long, value_enum)]
    kind: Option<Kind>,
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
    let site = config
        .site(&args.site)
        .ok_or_else(|| format!("no site {:?} in {}", args.site, args.config.display()))?;
    let channels: Vec<_> = match &args.channel {
        Some(name) => vec![site
            .notify
            .channel(name)
            .ok_or_else(|| format!("site {:?} has no notify channel {name:?}", site.key))?],
        None => site.notify.channels.iter().collect(),
    };
    if channels.is_empty() {
        return Err(format!(
            "site {:?} has no [[sites.notify.channels]]",
            site.key
        ));
    }
    let team = site.teams.first().ok_or("the site has no teams")?;
    let (console, tz) = (site.notify.console_url.as_deref(), site.hours.timezone);
    let handoff = message::sample(&site.key, &site.name, &team.name, &team.key, console, tz);
    let lead = message::sample_lead(&site.key, &site.name, &team.name, &team.key, console, tz);
    let digest = digest::sample(&site.key, &site.name, console, tz);
    let kinds = match args.kind {
        Some(k) => vec![k],
        None => vec![Kind::Handoff, Kind::Lead, Kind::Digest],
    };
    let timeout = Duration::from_secs(args.timeout.max(1));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let client = http_client(timeout);
    let mut failed = 0;
    let mut out = std::io::stdout();
    for channel in channels {
        for &kind in &kinds {
            let result = runtime.block_on(async {
                match kind {
                    Kind::Handoff => deliver(&client, channel, &handoff, timeout).await,
                    Kind::Lead => deliver(&client, channel, &lead, timeout).await,
                    Kind::Digest => deliver_digest(&client, channel, &digest, timeout).await,
                }
            });
            let what = format!(
                "{} ({}) {}",
                channel.name,
                channel.kind.label(),
                kind.label()
            );
            let line = match result {
                Ok(()) => format!("{what}: delivered"),
                Err(e) => {
                    failed += 1;
                    format!("{what}: failed: {}", e.message)
                }
            };
            writeln!(out, "{line}")
                .and_then(|_| out.flush())
                .map_err(|e| format!("stdout: {e}"))?;
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
