//! `baton agent add`: creates a console agent in the hub's database.
//!
//! ```text
//! baton agent add --email maria@example.com --name Maria --teams demo:support,demo:billing \
//!     [--data DIR | --database URL] [--config FILE] < password.txt
//! ```
//!
//! The password is one line on stdin, or `BATON_AGENT_PASSWORD` for scripts; at least 10
//! characters. With `--config`, every SITE:TEAM must exist in that configuration. The
//! database is `--database URL`, else `DATABASE_URL`, else `DIR/baton.sqlite` (as `baton
//! serve` chooses).

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use hub::config::HubConfig;
use hub::console::accounts::{self, NewAgent};
use hub::db::{Db, Location};

/// `baton agent …`.
#[derive(Subcommand)]
pub enum AgentCommand {
    /// Create an agent who can sign in to the console.
    Add(AddArgs),
}

/// `baton agent add` options.
#[derive(Args)]
pub struct AddArgs {
    /// Login email.
    #[arg(long)]
    email: String,
    /// Display name, shown to visitors ("Maria joined").
    #[arg(long)]
    name: String,
    /// Teams served, as SITE:TEAM[,SITE:TEAM…].
    #[arg(long, value_name = "SITE:TEAM,...")]
    teams: String,
    /// Data directory; the database is DIR/baton.sqlite unless --database or DATABASE_URL
    /// names another.
    #[arg(long, value_name = "DIR", default_value = "./data")]
    data: PathBuf,
    /// The database: postgres://USER:PASSWORD@HOST:PORT/DB or sqlite:PATH (default:
    /// DATABASE_URL, else DIR/baton.sqlite).
    #[arg(long, value_name = "URL")]
    database: Option<String>,
    /// Site configuration to check the teams against.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// Runs `baton agent …`.
pub fn run(command: AgentCommand) -> Result<ExitCode, String> {
    let AgentCommand::Add(args) = command;
    let teams = accounts::parse_teams(&args.teams)?;
    let config = match &args.config {
        Some(path) => Some(HubConfig::load(path).map_err(|e| e.to_string())?),
        None => None,
    };
    let password = password(&args.email)?;
    let agent = NewAgent {
        email: args.email,
        name: args.name,
        teams,
        password,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let id = runtime.block_on(async {
        let location = match hub::server::database_location(args.database.as_deref())? {
            Some(location) => location,
            None => {
                std::fs::create_dir_all(&args.data)
                    .map_err(|e| format!("cannot create {}: {e}", args.data.display()))?;
                Location::Sqlite(args.data.join("baton.sqlite"))
            }
        };
        // Location's Display hides a Postgres URL's password.
        let db = Db::open_at(&location)
            .await
            .map_err(|e| format!("cannot open {location}: {e}"))?;
        let result = accounts::add(&db, config.as_ref(), &agent).await;
        db.close().await;
        result
    })?;
    println!(
        "baton: agent {} ({}) added with id {id}",
        agent.name.trim(),
        agent.email.trim().to_lowercase()
    );
    Ok(ExitCode::SUCCESS)
}

/// `BATON_AGENT_PASSWORD`, or one line from stdin (prompting when it is a terminal).
fn password(email: &str) -> Result<String, String> {
    if let Ok(p) = std::env::var("BATON_AGENT_PASSWORD") {
        return Ok(p);
    }
    let stdin = io::stdin();
    if stdin.is_terminal() {
        let mut err = io::stderr();
        // The prompt is a courtesy; a failure to print it changes nothing.
        drop(write!(err, "Password for {email}: ").and_then(|_| err.flush()));
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from stdin: {e}"))?;
    let line = line.strip_suffix('\n').unwrap_or(&line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.is_empty() {
        return Err("no password: give one line on stdin or set BATON_AGENT_PASSWORD".into());
    }
    Ok(line.to_string())
}
