//! Security defaults, one concern per module: request limits and text checks
//! ([`limits`]), visitor tokens ([`tokens`]), the client's address ([`peer`]), rate limits
//! keyed by it ([`rate`]), the per-site CORS allowlist ([`cors`]) and the headers every
//! response carries ([`headers`]).

pub mod cors;
pub mod headers;
pub mod limits;
pub mod peer;
pub mod rate;
pub mod tokens;

pub use cors::cors;
pub use headers::{headers, json_errors};
pub use limits::{
    check_client_id, check_controls, check_message, MAX_BODY, MAX_CLIENT_ID, MAX_MESSAGE_CHARS,
};
pub use peer::{Peer, TrustedProxies};
pub use rate::{Limited, Rate, RateLimiter, Rates};
pub use tokens::{bearer, new_token, token_hash};
