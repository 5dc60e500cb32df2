//! How many event streams may be open at once: per client address and in all. An open
//! stream holds a connection and a file descriptor for as long as the client likes, so
//! without a bound four addresses opened 19,973 idle streams until the process reached its
//! file limit, and every new visitor and agent was refused after that.
//!
//! A stream takes a [`Slot`] before it starts and gives it back when the client goes away
//! (the slot lives in the response body). Past the address's share the answer is 429
//! `rate_limited`; past the hub's total, 503 `busy`; both with `Retry-After`.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

use crate::error::AppError;

/// Seconds a refused client is asked to wait.
const RETRY_AFTER: u64 = 30;

/// The bounds (production defaults in `Options`).
#[derive(Clone, Copy, Debug)]
pub struct StreamLimits {
    /// Streams one client address may hold (many visitors can share an office's address).
    pub per_address: usize,
    /// Streams the hub holds in all.
    pub total: usize,
}

impl Default for StreamLimits {
    fn default() -> StreamLimits {
        StreamLimits {
            per_address: 200,
            total: 10_000,
        }
    }
}

/// The open streams, by client address.
#[derive(Default)]
pub struct StreamSlots {
    open: Arc<Mutex<Open>>,
}

#[derive(Default)]
struct Open {
    by_address: HashMap<IpAddr, usize>,
    total: usize,
}

/// One open stream's place; given back when dropped.
pub struct Slot {
    open: Arc<Mutex<Open>>,
    peer: IpAddr,
}

impl StreamSlots {
    /// A place for one more stream from `peer`, or why not.
    pub fn take(&self, peer: IpAddr, limits: StreamLimits) -> Result<Slot, AppError> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.by_address.get(&peer).copied().unwrap_or(0) >= limits.per_address {
            return Err(AppError::RateLimited {
                retry_after: RETRY_AFTER,
            });
        }
        if open.total >= limits.total {
            tracing::warn!(
                total = open.total,
                "event streams: the hub's bound is reached"
            );
            return Err(AppError::Busy {
                retry_after: RETRY_AFTER,
            });
        }
        open.total += 1;
        *open.by_address.entry(peer).or_default() += 1;
        Ok(Slot {
            open: self.open.clone(),
            peer,
        })
    }

    /// Streams open now.
    pub fn open(&self) -> usize {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .total
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.by_address.get_mut(&self.peer) {
            *n -= 1;
            if *n == 0 {
                open.by_address.remove(&self.peer);
            }
        }
    }
}

/// `stream`, holding `slot` until the client goes away.
pub fn holding<S: futures_util::Stream>(
    stream: S,
    slot: Slot,
) -> impl futures_util::Stream<Item = S::Item> {
    use futures_util::StreamExt;
    stream.map(move |item| {
        let _ = &slot;
        item
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_share_the_hub_its_total_and_a_closed_stream_gives_its_place_back() {
        let slots = StreamSlots::default();
        let limits = StreamLimits {
            per_address: 2,
            total: 3,
        };
        let (a, b, c) = (
            IpAddr::from([10, 0, 0, 1]),
            IpAddr::from([10, 0, 0, 2]),
            IpAddr::from([10, 0, 0, 3]),
        );
        let first = slots.take(a, limits).unwrap();
        let _second = slots.take(a, limits).unwrap();
        assert!(matches!(
            slots.take(a, limits),
            Err(AppError::RateLimited { .. })
        ));
        let _third = slots.take(b, limits).unwrap();
        assert!(matches!(slots.take(c, limits), Err(AppError::Busy { .. })));
        drop(first);
        assert_eq!(slots.open(), 2);
        assert!(slots.take(c, limits).is_ok());
    }
}
