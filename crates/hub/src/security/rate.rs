//! Rate limits: token buckets in memory per (what, scope, client address), IPv6 clients
//! by /64.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::Instant;

use crate::error::AppError;

/// One token bucket's shape: `burst` requests at once, refilled at `per_second`.
#[derive(Clone, Copy, Debug)]
pub struct Rate {
    /// Bucket size.
    pub burst: u32,
    /// Refill per second.
    pub per_second: f64,
}

/// The limits per site and client.
#[derive(Clone, Debug)]
pub struct Rates {
    /// New conversations, per site and peer.
    pub conversations: Rate,
    /// Messages, per conversation and peer.
    pub messages: Rate,
    /// Leads, per conversation and peer.
    pub leads: Rate,
}

impl Default for Rates {
    fn default() -> Rates {
        Rates {
            conversations: Rate {
                burst: 10,
                per_second: 1.0 / 30.0,
            },
            messages: Rate {
                burst: 20,
                per_second: 1.0,
            },
            leads: Rate {
                burst: 5,
                per_second: 1.0 / 60.0,
            },
        }
    }
}

/// What is being limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Limited {
    /// `POST /api/sites/{site}/conversations`.
    Conversations,
    /// `POST …/messages`.
    Messages,
    /// `POST …/leads`.
    Leads,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets in memory, keyed by (what, scope, peer).
pub struct RateLimiter {
    rates: Rates,
    buckets: Mutex<HashMap<(Limited, String, IpAddr), Bucket>>,
}

/// Past this many buckets, full ones are dropped (they carry no information).
const PRUNE_AT: usize = 50_000;

impl RateLimiter {
    /// A limiter with `rates`.
    pub fn new(rates: Rates) -> RateLimiter {
        RateLimiter {
            rates,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `what` in `scope` (site or conversation) from `peer`, or says
    /// how long to wait.
    pub fn check(&self, what: Limited, scope: &str, peer: IpAddr) -> Result<(), AppError> {
        let rate = match what {
            Limited::Conversations => self.rates.conversations,
            Limited::Messages => self.rates.messages,
            Limited::Leads => self.rates.leads,
        };
        let now = Instant::now();
        let mut buckets = self
            .buckets
            .lock()
            .map_err(|_| AppError::Internal("rate limiter lock poisoned".into()))?;
        if buckets.len() >= PRUNE_AT {
            let rates = self.rates.clone();
            buckets.retain(|(what, _, _), b| {
                let r = match what {
                    Limited::Conversations => rates.conversations,
                    Limited::Messages => rates.messages,
                    Limited::Leads => rates.leads,
                };
                b.tokens + now.duration_since(b.at).as_secs_f64() * r.per_second < r.burst as f64
            });
        }
        let bucket = buckets
            .entry((what, scope.to_string(), client_key(peer)))
            .or_insert(Bucket {
                tokens: rate.burst as f64,
                at: now,
            });
        bucket.tokens = (bucket.tokens
            + now.duration_since(bucket.at).as_secs_f64() * rate.per_second)
            .min(rate.burst as f64);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = if rate.per_second > 0.0 {
                (1.0 - bucket.tokens) / rate.per_second
            } else {
                3600.0
            };
            Err(AppError::RateLimited {
                retry_after: wait.ceil().max(1.0) as u64,
            })
        }
    }
}

/// IPv6 clients get a /64 each, so one host cannot dodge the limit by rotating addresses.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}
