//! The hybrid logical clock that orders every op, across devices.
//!
//! An [`Hlc`] packs 48 bits of wall-clock milliseconds and a 16-bit counter into one `u64`, so
//! comparing two stamps is comparing two integers. Ties between devices are broken by the
//! device id, which travels next to the stamp (the op's `device` column), not inside it.
//!
//! A wrong clock anywhere must never stop anyone editing: a device always issues a stamp above
//! every stamp it has issued or seen, whatever its own clock says, so an edit made after
//! seeing another is ordered after it (causally later edits win). A clock far ahead only
//! moves everyone's stamps forward; the time shown to people comes from each op's own
//! `made_at` reading, not from the stamp (see `seamline-store`'s history).

/// The last millisecond of the year 5999 (UTC). A stamp or a clock reading beyond it (or
/// below 1) is malformed: no real clock gives it, and accepting it would only push every
/// device's stamps towards the end of their range. (A stamp is stored as a signed 64-bit
/// integer, so its wall time must stay below 2^47 ms, the year 6429.)
pub const MAX_SANE_WALL_MS: u64 = 127_174_492_799_999;

/// How far two clocks may disagree before the app names the skew: less is ordinary drift.
pub const SKEW_NOTICE_MS: i64 = 5 * 60 * 1000;

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

    /// Whether a stamp read from elsewhere is one a real device could have issued: positive,
    /// with a wall time no later than the year 5999.
    pub fn is_sane(v: i64) -> bool {
        v > 0 && Hlc::from_i64(v).wall_ms() <= MAX_SANE_WALL_MS
    }
}

/// Whether a wall-clock reading in milliseconds (an op's `made_at`) is one a real clock gives.
pub fn is_sane_wall_ms(ms: i64) -> bool {
    ms > 0 && ms as u64 <= MAX_SANE_WALL_MS
}

/// A gap between clocks as people say it: "7 minutes", "3 hours", "12 days", "about 1 year".
pub fn human_gap(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let (n, unit, about) = match s {
        0..=5_399 => (s.div_ceil(60).max(1), "minute", false),
        5_400..=172_799 => ((s + 1_800) / 3_600, "hour", false),
        172_800..=5_183_999 => ((s + 43_200) / 86_400, "day", false),
        5_184_000..=31_103_999 => ((s + 1_296_000) / 2_592_000, "month", true),
        _ => ((s + 15_768_000) / 31_536_000, "year", true),
    };
    format!("{}{n} {unit}{}", if about { "about " } else { "" }, if n == 1 { "" } else { "s" })
}

/// What to tell the user about a clock that disagrees with this device's. `ahead_seconds` is
/// how far that clock runs ahead of this device's (negative: behind); for this device itself,
/// how far ahead of its own clock the newest stamp it has seen runs (always negative).
pub fn skew_message(user_name: &str, this_device: bool, ahead_seconds: i64) -> String {
    let gap = human_gap(ahead_seconds);
    let who =
        if user_name.trim().is_empty() { "Another device".to_string() } else { user_name.trim().to_string() };
    if this_device {
        format!(
            "This device's clock runs {gap} behind the newest edit it has seen; check its date and time settings. Editing goes on as usual."
        )
    } else if ahead_seconds > 0 {
        format!(
            "{} clock runs {gap} ahead of this device's; check the date and time settings on both. Editing goes on as usual, and times are shown as each edit was made.",
            crate::sides::possessive(&who)
        )
    } else {
        format!(
            "{} clock runs {gap} behind this device's; check the date and time settings on both. Editing goes on as usual.",
            crate::sides::possessive(&who)
        )
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

    /// Issues the next stamp for a local write, given the local clock reading `now_ms`. Never
    /// refuses: when the newest stamp seen runs ahead of `now_ms` (another device's clock is
    /// ahead, or this one was set back), the stamp continues from it instead. At the end of
    /// the sane range the stamp stays there (ties then fall to the device id).
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        let now_ms = now_ms.min(MAX_SANE_WALL_MS);
        let last = self.last;
        let next = if now_ms > last.wall_ms() {
            Hlc::new(now_ms, 0)
        } else if (last.counter() as u64) < COUNTER_MAX {
            Hlc::new(last.wall_ms(), last.counter() + 1)
        } else if last.wall_ms() < MAX_SANE_WALL_MS {
            Hlc::new(last.wall_ms() + 1, 0)
        } else {
            last
        };
        self.last = next;
        next
    }

    /// Takes in a stamp seen on another device's op. Never refuses: rejecting a remote op
    /// would stop the devices from converging (malformed stamps are refused before this, by
    /// [`Hlc::is_sane`]).
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
        let a = c.tick(1_000);
        let b = c.tick(1_000);
        let d = c.tick(999); // the wall clock stepped back: order still holds
        let e = c.tick(2_000);
        assert_eq!((a.wall_ms(), a.counter()), (1_000, 0));
        assert_eq!((b.wall_ms(), b.counter()), (1_000, 1));
        assert_eq!((d.wall_ms(), d.counter()), (1_000, 2));
        assert_eq!((e.wall_ms(), e.counter()), (2_000, 0));
    }

    #[test]
    fn a_stamp_from_a_clock_a_year_ahead_never_stops_local_stamps() {
        const YEAR_MS: u64 = 365 * 24 * 3600 * 1000;
        let mut c = HlcClock::new(Hlc::ZERO);
        let remote = Hlc::new(1_000 + YEAR_MS, 7);
        c.observe(remote);
        let next = c.tick(1_000);
        assert!(next > remote, "an edit made after seeing the remote one is ordered after it");
        assert_eq!(next, Hlc::new(1_000 + YEAR_MS, 8));
    }

    #[test]
    fn sane_stamps_are_positive_and_before_the_year_6000() {
        assert!(!Hlc::is_sane(0));
        assert!(!Hlc::is_sane(-5));
        assert!(Hlc::is_sane(Hlc::new(MAX_SANE_WALL_MS, 65_535).to_i64()));
        assert!(!Hlc::is_sane(Hlc::new(MAX_SANE_WALL_MS + 1, 0).to_i64()));
        assert!(!is_sane_wall_ms(0));
        assert!(is_sane_wall_ms(1_800_000_000_000));
        assert!(!is_sane_wall_ms(MAX_SANE_WALL_MS as i64 + 1));
    }

    #[test]
    fn at_the_end_of_the_sane_range_stamps_stay_sane() {
        let mut c = HlcClock::new(Hlc::new(MAX_SANE_WALL_MS, u16::MAX));
        let s = c.tick(u64::MAX);
        assert!(Hlc::is_sane(s.to_i64()));
    }

    #[test]
    fn clock_gaps_read_as_people_say_them() {
        let cases = [
            (61, "2 minutes"),
            (300, "5 minutes"),
            (7_200, "2 hours"),
            (3 * 86_400, "3 days"),
            (-90 * 86_400, "about 3 months"),
            (31_532_340, "about 1 year"),
            (2 * 31_536_000, "about 2 years"),
        ];
        for (s, expect) in cases {
            assert_eq!(human_gap(s), expect, "{s} s");
        }
        assert_eq!(
            skew_message("Lukas Weber", false, 31_532_340),
            "Lukas Weber's clock runs about 1 year ahead of this device's; check the date and time settings on both. Editing goes on as usual, and times are shown as each edit was made."
        );
        assert_eq!(
            skew_message("James Harris", false, -7_200),
            "James Harris' clock runs 2 hours behind this device's; check the date and time settings on both. Editing goes on as usual."
        );
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
                    let s = c.tick(t);
                    prop_assert!(s > seen);
                    seen = s;
                }
            }
        }
    }
}
