//! `baton db copy`: moves a hub's data into a new database.
//!
//! ```text
//! baton db copy --from sqlite:data/baton.sqlite --to postgres://baton:PASSWORD@db:5432/baton
//! ```
//!
//! Stop the hub first: rows written during the copy would be left behind. The target is
//! created (a SQLite file) or must exist empty (a Postgres database; the tables are created
//! here); a target that already holds rows is refused. The source is opened read-only. One
//! transaction on the target: a failure leaves it as it was.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use hub::db::{Db, Location};

/// `baton db …`.
#[derive(Subcommand)]
pub enum DbCommand {
    /// Copy every conversation, handoff, lead, agent and notification into a new database.
    Copy(CopyArgs),
}

/// `baton db copy` options.
#[derive(Args)]
pub struct CopyArgs {
    /// The database to read: sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB.
    #[arg(long, value_name = "URL")]
    from: String,
    /// The new database: postgres://… (existing, empty) or sqlite:PATH (created).
    #[arg(long, value_name = "URL")]
    to: String,
}

/// Runs `baton db …`.
pub fn run(command: DbCommand) -> Result<ExitCode, String> {
    let DbCommand::Copy(args) = command;
    let from = Location::parse(&args.from).map_err(|e| format!("--from: {e}"))?;
    let to = Location::parse(&args.to).map_err(|e| format!("--to: {e}"))?;
    if from == to {
        return Err("--from and --to name the same database".into());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let copied = runtime.block_on(async {
        // Location's Display hides a Postgres URL's password.
        let source = Db::open_read_only_at(&from)
            .await
            .map_err(|e| format!("cannot open {from}: {e}"))?;
        let target = Db::open_at(&to)
            .await
            .map_err(|e| format!("cannot open {to}: {e}"))?;
        let copied = target
            .copy_from(&source)
            .await
            .map_err(|e| format!("cannot copy into {to}: {e}"));
        source.close().await;
        target.close().await;
        copied
    })?;
    println!("Copied {from} into {to}:");
    for c in &copied {
        println!("  {:<20} {:>8} rows", c.table, c.rows);
    }
    println!("Start the hub on it with --database URL (or DATABASE_URL).");
    Ok(ExitCode::SUCCESS)
}
