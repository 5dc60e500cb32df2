//! The login rate limit: token buckets per client address and per address and email, so one
//! machine cannot guess passwords quickly — and no stranger can lock an agent out: attempts
//! from elsewhere never use up the agent's own. Many machines aimed at one account are held
//! back by the bound on password checks running at once (`password::CHECKS_AT_ONCE`, each
//! an argon2id verification) and the 10-character minimum.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use crate::error::AppError;

/// Attempts allowed at once per address and per email.
const BURST: f64 = 10.0;
/// Refill: one attempt every 30 s.
const PER_SECOND: f64 = 1.0 / 30.0;
/// Past this many buckets, full ones are dropped (they carry no information).
const PRUNE_AT: usize = 10_000;

/// Login attempt buckets.
#[derive(Default)]
pub struct LoginLimiter {
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl LoginLimiter {
    /// Takes one attempt for `peer` and one for `peer` with `email`, or says how long to wait.
    pub fn check(&self, peer: IpAddr, email: &str) -> Result<(), AppError> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() >= PRUNE_AT {
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * PER_SECOND < BURST
            });
        }
        let keys = [
            format!("ip {peer}"),
            format!("ip {peer} email {}", email.trim().to_lowercase()),
        ];
        let mut wait: f64 = 0.0;
        for key in &keys {
            let (tokens, at) = buckets.entry(key.clone()).or_insert((BURST, now));
            *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * PER_SECOND).min(BURST);
            *at = now;
            if *tokens < 1.0 {
                wait = wait.max((1.0 - *tokens) / PER_SECOND);
            }
        }
        if wait > 0.0 {
            return Err(AppError::RateLimited {
                retry_after: wait.ceil().max(1.0) as u64,
            });
        }
        for key in &keys {
            if let Some((tokens, _)) = buckets.get_mut(key) {
                *tokens -= 1.0;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_attempts_then_wait() {
        let limiter = LoginLimiter::default();
        let ip = IpAddr::from([10, 0, 0, 1]);
        for _ in 0..10 {
            assert!(limiter.check(ip, "sam@example.com").is_ok());
        }
        assert!(matches!(
            limiter.check(ip, "sam@example.com"),
            Err(AppError::RateLimited { .. })
        ));
        // The first address is limited for any account.
        assert!(limiter.check(ip, "other@example.com").is_err());
        // A stranger's attempts never lock the agent out: from their own address they still
        // get in.
        assert!(limiter
            .check(IpAddr::from([10, 0, 0, 2]), "SAM@example.com")
            .is_ok());
        assert!(limiter
            .check(IpAddr::from([10, 0, 0, 3]), "other@example.com")
            .is_ok());
    }
}
