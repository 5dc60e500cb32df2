//! What an operator's load balancer or monitor reads: `GET /health`.

use serde::{Deserialize, Serialize};

/// `GET /health`: 200 when this hub can serve, 503 when it cannot (or, behind a load
/// balancer, should not: its database is unreachable, or it is not hearing the other hubs).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Health {
    /// `ok` or `unavailable`.
    pub status: String,
    /// Whether the database answered just now.
    pub database: bool,
    /// On Postgres, whether this hub is listening to the other hubs' changes (absent on
    /// SQLite, where one hub serves the file).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bus: Option<bool>,
}
