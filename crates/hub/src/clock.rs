//! Now, as one injected function: the hub's handlers, the storage layer and the worker all
//! read the same clock, so a test can stand the whole hub at a chosen instant (a Sunday, a
//! holiday, half past eleven at night) and every stored time agrees with it.

use std::sync::Arc;

use chrono::{DateTime, Utc};

/// A clock.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The system's clock.
pub fn system() -> Clock {
    Arc::new(Utc::now)
}

/// A UTC instant as RFC 3339 with a `Z`, as the APIs carry times.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
