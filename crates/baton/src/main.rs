//! `baton`: the command-line entry to Baton.
//!
//! ```text
//! baton serve [--config FILE] [--data DIR] [--addr 127.0.0.1:PORT] [--console DIR] [--public-url URL]
//! baton check [--config FILE] [--data DIR] [--at TIME]
//! baton agent add --email E --name N --teams SITE:TEAM[,SITE:TEAM...] [--data DIR] [--config FILE]
//! baton notify test --site KEY [--channel NAME] [--config FILE]
//! baton triage classify [--config FILE [--site KEY]] < messages.jsonl
//! baton triage replay TRANSCRIPTS.jsonl [--config FILE] [--compare FILE] [--site KEY] [--json]
//! baton triage eval [--datasets DIR] [--split tune|validate|all] [--json]
//! baton faq eval [--datasets DIR]
//! ```
//!
//! Exit codes: 0 success; 1 some input lines were rejected (each named on stderr), or the
//! site file `baton check` checked is invalid; 2 the command line or the configuration is
//! invalid.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use protocol::triage_config::TriageFile;
use triage::{Config, Engine};

mod agent;
mod check;
mod classify;
mod db;
mod eval;
mod faq_eval;
mod notify;
mod replay;
mod serve;
mod train;

#[derive(Parser)]
#[command(
    name = "baton",
    version,
    about = "Baton: the chat widget that hands visitors to a human at the right moment"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the hub: the API, the streams, the demo page and the widget.
    Serve(serve::ServeArgs),
    /// Validate a site file as `baton serve` does and say what each site does now.
    Check(check::CheckArgs),
    /// Manage the agents who sign in to the console.
    Agent {
        #[command(subcommand)]
        command: agent::AgentCommand,
    },
    /// Move the hub's data into a new database (SQLite to Postgres, or back).
    Db {
        #[command(subcommand)]
        command: db::DbCommand,
    },
    /// Check the site's notification channels.
    Notify {
        #[command(subcommand)]
        command: notify::NotifyCommand,
    },
    /// Measure the built-in FAQ assistant.
    Faq {
        #[command(subcommand)]
        command: faq_eval::FaqCommand,
    },
    /// Run the triage engine over messages or past conversations.
    Triage {
        #[command(subcommand)]
        command: TriageCommand,
    },
}

#[derive(Subcommand)]
enum TriageCommand {
    /// Classify JSON lines {"id", "text"} from stdin, one JSON verdict per line on stdout.
    Classify {
        /// Triage rules (TOML, or JSON when the name ends in .json), or a hub's site file
        /// (`baton.toml`, with `--site`); defaults otherwise.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// With a site file: the site whose rules to use (needed when it has several).
        #[arg(long, value_name = "KEY")]
        site: Option<String>,
    },
    /// Replay past conversations against the rules: where would each have escalated, and why?
    Replay {
        /// JSON lines, one conversation per line (see `protocol::triage_lines`).
        transcripts: PathBuf,
        /// Triage rules (TOML, or JSON when the name ends in .json), or a hub's site file
        /// (`baton.toml`, with `--site`); defaults otherwise.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// A second set of rules to compare against --config (or the defaults).
        #[arg(long, value_name = "FILE")]
        compare: Option<PathBuf>,
        /// With a site file: the site whose rules to use (needed when it has several).
        #[arg(long, value_name = "KEY")]
        site: Option<String>,
        /// Write JSON lines (one per conversation, then a summary) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Measure the default rules on public labelled text: per source and trigger, precision,
    /// recall, F1 and false handoffs, split into tuning and validation sources.
    Eval(eval::EvalArgs),
    /// Fit the learned frustration scorer to labelled lines (the public TUNE rows, and your
    /// own with --add) and write it into a pack or a site's model file.
    Train(train::TrainArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("baton: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let command = match cli.command {
        Command::Serve(args) => return serve::run(args),
        Command::Check(args) => return check::run(args),
        Command::Agent { command } => return agent::run(command),
        Command::Db { command } => return db::run(command),
        Command::Notify { command } => return notify::run(command),
        Command::Faq { command } => return faq_eval::run(command),
        Command::Triage { command } => command,
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let failed = match command {
        TriageCommand::Eval(args) => {
            eval::run(args, &mut out).map_err(|e| format!("writing output: {e}"))?;
            0
        }
        TriageCommand::Train(args) => {
            train::run(args, &mut out)?;
            0
        }
        TriageCommand::Classify { config, site } => {
            let engine = engine(config.as_deref(), site.as_deref())?;
            let stdin = io::stdin();
            classify::run(&engine, stdin.lock(), &mut out, &mut io::stderr())
                .map_err(|e| format!("writing output: {e}"))?
        }
        TriageCommand::Replay {
            transcripts,
            config,
            compare,
            site,
            json,
        } => {
            let base = engine(config.as_deref(), site.as_deref())?;
            let other = match &compare {
                Some(path) => Some(engine(Some(path), site.as_deref())?),
                None => None,
            };
            let text = std::fs::read_to_string(&transcripts)
                .map_err(|e| format!("cannot read {}: {e}", transcripts.display()))?;
            let labels = replay::Labels {
                base: config
                    .as_deref()
                    .map_or("defaults".to_string(), |p| p.display().to_string()),
                other: compare.as_deref().map(|p| p.display().to_string()),
            };
            let format = if json {
                replay::Format::Json
            } else {
                replay::Format::Table
            };
            replay::run(
                &base,
                other.as_ref(),
                &labels,
                &text,
                format,
                &mut out,
                &mut io::stderr(),
            )
            .map_err(|e| format!("writing output: {e}"))?
        }
    };
    out.flush().map_err(|e| format!("writing output: {e}"))?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The rules in `path`: a triage rules file, or the rules of site `site` in a hub's site file
/// (validated as `baton serve` would); the defaults without a file.
fn engine(path: Option<&Path>, site: Option<&str>) -> Result<Engine, String> {
    let config = match path {
        None => Config::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            if text.lines().any(|l| l.trim() == "[[sites]]") {
                return site_engine(path, site);
            }
            TriageFile::from_file_text(&path.to_string_lossy(), &text)
                .and_then(|file| file.to_config())
                .map_err(|e| format!("{}: {e}", path.display()))?
        }
    };
    Engine::new(config).map_err(|e| e.to_string())
}

/// Site `site`'s compiled rules from the site file at `path`; without `--site`, the file's
/// only site.
fn site_engine(path: &Path, site: Option<&str>) -> Result<Engine, String> {
    let sites = hub::site::load_sites(path)?;
    let keys: Vec<String> = sites.iter().map(|s| s.site.key.clone()).collect();
    let chosen = match site {
        Some(key) => sites
            .into_iter()
            .find(|s| s.site.key == key)
            .ok_or_else(|| {
                format!(
                    "{}: no site {key:?}; its sites are {}",
                    path.display(),
                    keys.join(", ")
                )
            })?,
        None if sites.len() == 1 => sites.into_iter().next().expect("one site"),
        None => {
            return Err(format!(
                "{} holds several sites ({}); choose one with --site KEY",
                path.display(),
                keys.join(", ")
            ))
        }
    };
    Ok(chosen.engine)
}
