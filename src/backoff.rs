//! Reconnection delays: exponential with full jitter, so a hub restart is not met by every
//! widget at the same instant.

/// First delay's ceiling, in milliseconds.
pub const BASE_MS: u32 = 500;
/// Longest delay, in milliseconds.
pub const MAX_MS: u32 = 30_000;

/// The delay before attempt `attempt` (0 for the first retry), given a random `unit` in
/// `0.0..1.0`: uniformly between half the ceiling and the ceiling, where the ceiling
/// doubles from [`BASE_MS`] up to [`MAX_MS`].
pub fn delay_ms(attempt: u32, unit: f64) -> u32 {
    let ceiling = (BASE_MS as u64)
        .saturating_mul(1u64 << attempt.min(16))
        .min(MAX_MS as u64) as f64;
    let unit = if unit.is_finite() {
        unit.clamp(0.0, 1.0)
    } else {
        0.5
    };
    (ceiling / 2.0 + unit * ceiling / 2.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_then_caps() {
        assert_eq!(delay_ms(0, 1.0), 500);
        assert_eq!(delay_ms(1, 1.0), 1000);
        assert_eq!(delay_ms(3, 1.0), 4000);
        assert_eq!(delay_ms(10, 1.0), MAX_MS);
        assert_eq!(delay_ms(u32::MAX, 1.0), MAX_MS);
    }

    #[test]
    fn jitter_spreads_within_half_to_full() {
        assert_eq!(delay_ms(2, 0.0), 1000);
        assert_eq!(delay_ms(2, 0.5), 1500);
        assert_eq!(delay_ms(2, f64::NAN), 1500);
        assert_eq!(delay_ms(2, 7.0), 2000);
    }
}
