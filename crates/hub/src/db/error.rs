//! The storage layer's one error type. Callers may ask what kind of failure it was (no such
//! row, a clash with a unique key) and log its message; the driver's error stays inside
//! `db/`, so nothing outside it depends on which database answered.

use std::fmt;

/// A failed query, migration or connection.
#[derive(Debug)]
pub struct DbError(sqlx::Error);

/// A storage result.
pub type DbResult<T> = Result<T, DbError>;

impl DbError {
    /// The row that had to be there is not.
    pub fn is_not_found(&self) -> bool {
        matches!(self.0, sqlx::Error::RowNotFound)
    }

    /// A unique key already holds the value: a retry or a clash, not a failure.
    pub fn is_unique_violation(&self) -> bool {
        matches!(&self.0, sqlx::Error::Database(d) if d.is_unique_violation())
    }

    /// A stored value that does not read as what it should be.
    pub(crate) fn corrupt(what: String) -> DbError {
        DbError(sqlx::Error::Decode(what.into()))
    }

    /// A database location or option that does not make sense.
    pub(crate) fn config(e: impl std::error::Error + Send + Sync + 'static) -> DbError {
        DbError(sqlx::Error::Configuration(Box::new(e)))
    }

    /// No such row.
    pub(crate) fn not_found() -> DbError {
        DbError(sqlx::Error::RowNotFound)
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "database: {}", self.0)
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> DbError {
        DbError(e)
    }
}

impl From<sqlx::migrate::MigrateError> for DbError {
    fn from(e: sqlx::migrate::MigrateError) -> DbError {
        DbError(sqlx::Error::Migrate(Box::new(e)))
    }
}
