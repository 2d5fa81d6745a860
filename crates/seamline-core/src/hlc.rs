//! The hybrid logical clock that orders every op, across devices.
//!
//! An [`Hlc`] packs 48 bits of wall-clock milliseconds and a 16-bit counter into one `u64`, so
//! comparing two stamps is comparing two integers. Ties between devices are broken by the
//! device id, which travels next to the stamp (the op's `device` column), not inside it.

use crate::error::{Error, Result};

/// How far ahead of its own clock reading a device may stamp an op. Beyond this, something is
/// wrong with some clock, and silently running ahead would let this device win every edit.
pub const MAX_AHEAD_MS: u64 = 5 * 60 * 1000;

const COUNTER_BITS: u32 = 16;
const COUNTER_MAX: u64 = (1 << COUNTER_BITS) - 1;
const WALL_MAX: u64 = (1 << 48) - 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc(u64);

impl Hlc {
    pub const ZERO: Hlc = Hlc(0);

    pub fn new(wall_ms: u64, counter: u16) -> Hlc {
        Hlc((wall_ms.min(WALL_MAX) << COUNTER_BITS) | counter as u64)
    }

    pub fn wall_ms(self) -> u64 {
        self.0 >> COUNTER_BITS
    }

    pub fn counter(self) -> u16 {
        (self.0 & COUNTER_MAX) as u16
    }

    /// The stamp as stored in SQLite (an INTEGER is a signed 64-bit value; 48 bits of
    /// milliseconds keep the top bit clear until the year 6429).
    pub fn to_i64(self) -> i64 {
        self.0 as i64
    }

    pub fn from_i64(v: i64) -> Hlc {
        Hlc(v as u64)
    }
}

/// The clock state of one device: the last stamp it issued or saw.
#[derive(Debug, Clone, Copy)]
pub struct HlcClock {
    last: Hlc,
}

impl HlcClock {
    pub fn new(last: Hlc) -> HlcClock {
        HlcClock { last }
    }

    pub fn last(&self) -> Hlc {
        self.last
    }

    /// Issues the next stamp for a local write, given the local clock reading `now_ms`.
    /// Refuses when the stamp would run more than [`MAX_AHEAD_MS`] ahead of `now_ms`: that
    /// only happens after seeing ops from a device whose clock is far ahead.
    pub fn tick(&mut self, now_ms: u64) -> Result<Hlc> {
        let last = self.last;
        let next = if now_ms > last.wall_ms() {
            Hlc::new(now_ms, 0)
        } else if (last.counter() as u64) < COUNTER_MAX {
            Hlc::new(last.wall_ms(), last.counter() + 1)
        } else {
            Hlc::new(last.wall_ms() + 1, 0)
        };
        if next.wall_ms() > now_ms.saturating_add(MAX_AHEAD_MS) {
            let ahead_s = (next.wall_ms() - now_ms) / 1000;
            return Err(Error::ClockSkew(format!(
                "another device's clock is {ahead_s} s ahead of this one; check the date and time \
                 settings on both devices (edits resume once the clocks agree within 5 minutes)"
            )));
        }
        self.last = next;
        Ok(next)
    }

    /// Takes in a stamp seen on another device's op. Never refuses: rejecting a remote op
    /// would stop the devices from converging.
    pub fn observe(&mut self, remote: Hlc) {
        if remote > self.last {
            self.last = remote;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn stamps_follow_the_wall_clock_and_count_within_a_millisecond() {
        let mut c = HlcClock::new(Hlc::ZERO);
        let a = c.tick(1_000).unwrap();
        let b = c.tick(1_000).unwrap();
        let d = c.tick(999).unwrap(); // the wall clock stepped back: order still holds
        let e = c.tick(2_000).unwrap();
        assert_eq!((a.wall_ms(), a.counter()), (1_000, 0));
        assert_eq!((b.wall_ms(), b.counter()), (1_000, 1));
        assert_eq!((d.wall_ms(), d.counter()), (1_000, 2));
        assert_eq!((e.wall_ms(), e.counter()), (2_000, 0));
    }

    #[test]
    fn refuses_to_run_more_than_five_minutes_ahead_but_accepts_any_remote_stamp() {
        let mut c = HlcClock::new(Hlc::ZERO);
        c.observe(Hlc::new(1_000 + MAX_AHEAD_MS + 1, 0));
        let err = c.tick(1_000).unwrap_err();
        assert!(matches!(err, Error::ClockSkew(_)));
        // within the window a remote stamp only pushes the clock forward
        let mut c = HlcClock::new(Hlc::ZERO);
        c.observe(Hlc::new(1_000 + MAX_AHEAD_MS, 7));
        assert_eq!(c.tick(1_000).unwrap(), Hlc::new(1_000 + MAX_AHEAD_MS, 8));
    }

    proptest! {
        #[test]
        fn every_stamp_is_later_than_everything_seen(steps in proptest::collection::vec((0u64..5_000, any::<bool>()), 1..200)) {
            let mut c = HlcClock::new(Hlc::ZERO);
            let mut seen = Hlc::ZERO;
            for (t, remote) in steps {
                if remote {
                    let r = Hlc::new(t, 3);
                    c.observe(r);
                    seen = seen.max(r);
                } else {
                    let s = c.tick(t).unwrap();
                    prop_assert!(s > seen);
                    seen = s;
                }
            }
        }
    }
}
