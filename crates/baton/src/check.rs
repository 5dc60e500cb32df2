//! `baton check`: validates a site file exactly as `baton serve` does (the same
//! `hub::site::load_sites`) and prints what each site will do now.
//!
//! ```text
//! baton check --config FILE [--data DIR | --database URL] [--at 2026-12-25T10:00:00Z]
//! ```
//!
//! Exit 0 when the file is valid, 1 with the error (site, table, line, key) when it is not.
//! Who is online is read, read-only, from the hub's database: `--database URL`, else
//! `DATABASE_URL`, else `DIR/baton.sqlite` when `--data` names one.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::Args;
use hub::db::{Db, Location};
use hub::overview::{site_now, Presence, SiteNow};
use hub::site::SiteRuntime;

/// `baton check` options.
#[derive(Args)]
pub struct CheckArgs {
    /// Site configuration (TOML).
    #[arg(long, value_name = "FILE", default_value = "demo/baton.toml")]
    config: PathBuf,
    /// The hub's data directory, to read who is online from its database.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The hub's database, to read who is online: postgres://USER:PASSWORD@HOST:PORT/DB or
    /// sqlite:PATH (default: DATABASE_URL, else DIR/baton.sqlite with --data).
    #[arg(long, value_name = "URL")]
    database: Option<String>,
    /// Answer for the hours at this instant (RFC 3339, e.g. 2026-12-25T10:00:00Z) instead of
    /// now; who is online is always now.
    #[arg(long, value_name = "TIME")]
    at: Option<DateTime<Utc>>,
}

/// Runs `baton check`.
pub fn run(args: CheckArgs) -> Result<ExitCode, String> {
    let sites = match hub::site::load_sites(&args.config) {
        Ok(sites) => sites,
        Err(e) => {
            eprintln!("baton: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let now = args.at.unwrap_or_else(Utc::now);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let overviews: Vec<SiteNow> = runtime.block_on(async {
        let db = match (
            hub::server::database_location(args.database.as_deref()),
            &args.data,
        ) {
            (Err(e), _) => Err(e),
            (Ok(Some(location)), _) => open(&location).await,
            (Ok(None), None) => Err("no --data given".to_string()),
            (Ok(None), Some(dir)) => open(&Location::Sqlite(dir.join("baton.sqlite"))).await,
        };
        let mut out = Vec::new();
        for site in &sites {
            out.push(site_now(site, now, &presence(&db, site).await));
        }
        if let Ok(db) = db {
            db.close().await;
        }
        out
    });
    let mut stdout = io::stdout().lock();
    print(&mut stdout, &args.config, &overviews).map_err(|e| format!("writing output: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

async fn open(location: &Location) -> Result<Db, String> {
    if let Location::Sqlite(path) = location {
        if !path.is_file() {
            return Err(format!("no database at {}", path.display()));
        }
    }
    // Location's Display hides a Postgres URL's password.
    Db::open_read_only_at(location)
        .await
        .map_err(|e| format!("cannot open {location}: {e}"))
}

async fn presence(db: &Result<Db, String>, site: &SiteRuntime) -> Presence {
    match db {
        Err(why) => Presence::Unknown(why.clone()),
        Ok(db) => match db.agents_online(&site.site.key).await {
            Ok(online) => Presence::Known(online),
            Err(e) => Presence::Unknown(format!("cannot read it: {e}")),
        },
    }
}

fn print(out: &mut impl Write, config: &Path, sites: &[SiteNow]) -> io::Result<()> {
    let count = if sites.len() == 1 {
        "1 site".to_string()
    } else {
        format!("{} sites", sites.len())
    };
    writeln!(out, "{} is valid: {count}.", config.display())?;
    for site in sites {
        writeln!(out)?;
        writeln!(out, "site {} ({})", site.key, site.name)?;
        writeln!(out, "  hours:      {}", site.hours)?;
        list(out, "teams:", &site.teams)?;
        writeln!(out, "  bot:        {}", site.bot)?;
        if site.channels.is_empty() {
            writeln!(out, "  notify:     no channels")?;
        } else {
            list(out, "notify:", &site.channels)?;
        }
        if let Some(when) = &site.notify_now {
            writeln!(out, "              now counts as {when} for the rules")?;
        }
        writeln!(out, "  embeds on:  {}", site.allowed_origins)?;
        // What a visitor asking for a person is told now: the handoff wording fills it.
        if let Some(told) = &site.person_request {
            writeln!(out, "  a visitor asking for a person now is told: {told}")?;
        }
        writeln!(out, "  languages:  {}", site.languages)?;
        for warning in &site.language_warnings {
            writeln!(out, "  warning:    {warning}")?;
        }
    }
    Ok(())
}

/// `label` and the first item on one line, the rest aligned under it.
fn list(out: &mut impl Write, label: &str, items: &[String]) -> io::Result<()> {
    for (i, item) in items.iter().enumerate() {
        let label = if i == 0 { label } else { "" };
        writeln!(out, "  {label:<11} {item}")?;
    }
    Ok(())
}
