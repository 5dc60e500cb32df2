//! Moving a site's data between databases (`baton db copy`): every row of every table from
//! one database into another that has none, in an order that keeps references valid, in one
//! transaction on the target. Either backend on either side: a SQLite file that outgrew one
//! machine moves to Postgres, and a Postgres database can come back to a file.
//!
//! Rows are copied column by column as stored (ids, token hashes, timestamps as text), so
//! visitors' tokens, agents' passwords and sessions, and the notification outbox keep
//! working on the new database.

use std::fmt;

use sqlx::any::AnyRow;
use sqlx::{Column, Row, TypeInfo};

use super::{Db, DbError};

/// Every table, parents before children. `tests::every_table_is_copied` fails when a
/// migration adds a table that is not here.
pub const TABLES: &[&str] = &[
    "agents",
    "agent_sessions",
    "agent_teams",
    "presence",
    "conversations",
    "messages",
    "whatsapp_inbound",
    "handoffs",
    "leads",
    "notification_outbox",
    "whatsapp_outbound",
    "ratings",
];

/// Rows copied from one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copied {
    /// The table.
    pub table: &'static str,
    /// How many rows.
    pub rows: u64,
}

/// Why nothing was copied.
#[derive(Debug)]
pub enum CopyError {
    /// The target already holds rows (in this table): copying would mix two sites' data.
    TargetNotEmpty(&'static str),
    /// A query failed; the target's transaction was rolled back.
    Db(DbError),
}

impl fmt::Display for CopyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CopyError::TargetNotEmpty(table) => write!(
                f,
                "the target database is not empty (table {table} has rows); copy into a new database"
            ),
            CopyError::Db(e) => write!(f, "{e}; nothing was copied"),
        }
    }
}

impl std::error::Error for CopyError {}

impl From<sqlx::Error> for CopyError {
    fn from(e: sqlx::Error) -> CopyError {
        CopyError::Db(e.into())
    }
}

/// One stored value, as the `Any` driver carries it.
enum Value {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
}

impl Db {
    /// Copies every row of `from` into this database, which must have none, and returns the
    /// rows copied per table. All or nothing: one transaction on this side.
    pub async fn copy_from(&self, from: &Db) -> Result<Vec<Copied>, CopyError> {
        for table in TABLES {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&self.pool)
                .await?;
            if n > 0 {
                return Err(CopyError::TargetNotEmpty(table));
            }
        }
        let mut tx = self.pool.begin().await?;
        let mut copied = Vec::new();
        for table in TABLES {
            let rows = sqlx::query(&format!("SELECT * FROM {table}"))
                .fetch_all(&from.pool)
                .await?;
            for row in &rows {
                insert(&mut tx, table, row).await?;
            }
            copied.push(Copied {
                table,
                rows: rows.len() as u64,
            });
        }
        tx.commit().await?;
        Ok(copied)
    }
}

/// Inserts `row` (read from another database's `table`) into `table`.
async fn insert(tx: &mut super::Tx<'_>, table: &str, row: &AnyRow) -> Result<(), CopyError> {
    let columns: Vec<&str> = row.columns().iter().map(|c| c.name()).collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        super::numbered(1, columns.len())
    );
    let mut q = sqlx::query(&sql);
    for i in 0..columns.len() {
        q = match value(row, i)? {
            Value::Int(v) => q.bind(v),
            Value::Real(v) => q.bind(v),
            Value::Text(v) => q.bind(v),
        };
    }
    // Not cached: a NULL's type differs from row to row (see `conversations::append`).
    q.persistent(false).execute(&mut **tx).await?;
    Ok(())
}

/// Column `i` of `row`: an integer, a real or text as stored; a NULL typed as its column
/// is declared, so the target accepts it.
fn value(row: &AnyRow, i: usize) -> Result<Value, CopyError> {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        if v.is_some() {
            return Ok(Value::Int(v));
        }
        let declared = row.columns()[i].type_info().name().to_ascii_uppercase();
        return Ok(if declared.contains("TEXT") || declared.contains("CHAR") {
            Value::Text(None)
        } else if declared.contains("REAL")
            || declared.contains("DOUBLE")
            || declared.contains("FLOAT")
        {
            Value::Real(None)
        } else {
            Value::Int(None)
        });
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
        return Ok(Value::Real(v));
    }
    Ok(Value::Text(row.try_get::<Option<String>, _>(i)?))
}

#[cfg(test)]
mod tests {
    use super::TABLES;

    /// Every `CREATE TABLE` of the migrations (a table rebuilt under a temporary name and
    /// renamed back counts under its final name).
    #[test]
    fn every_table_is_copied() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        for backend in ["sqlite", "postgres"] {
            let mut created = std::collections::BTreeSet::new();
            for entry in std::fs::read_dir(dir.join(backend)).expect("migrations") {
                let sql = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
                for line in sql.lines() {
                    if let Some(rest) = line.trim().strip_prefix("CREATE TABLE ") {
                        let name = rest.split([' ', '(']).next().unwrap_or_default();
                        created.insert(
                            name.trim_end_matches("_v4")
                                .trim_end_matches("_v7")
                                .to_string(),
                        );
                    }
                }
            }
            let listed: std::collections::BTreeSet<String> =
                TABLES.iter().map(|t| t.to_string()).collect();
            assert_eq!(created, listed, "{backend}: tables vs db::copy::TABLES");
        }
    }
}
