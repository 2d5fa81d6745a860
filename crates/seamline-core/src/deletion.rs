//! How long a deleted project (or one the partner's company left) is offered for restoring on
//! the portfolio. Restoring itself has no deadline (`seamline project restore` brings back any
//! deleted project); the offer stops so the portfolio does not fill with old deletions.

use chrono::{DateTime, Duration, FixedOffset};

/// The portfolio offers a deleted project for restoring for this many days after its deletion.
pub const RESTORE_OFFER_DAYS: i64 = 30;

/// Whether a project deleted at `deleted_at` is still offered for restoring at `now`. A deletion
/// time that cannot be read is offered (showing too much beats hiding a way back), and so is one
/// in the future (a deleting device's clock ahead of this one's).
pub fn offered(deleted_at: &str, now: DateTime<FixedOffset>) -> bool {
    DateTime::parse_from_rfc3339(deleted_at).map_or(true, |at| now - at <= Duration::days(RESTORE_OFFER_DAYS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offered_for_thirty_days_then_not() {
        let now = DateTime::parse_from_rfc3339("2027-03-01T12:00:00Z").unwrap();
        assert!(offered("2027-01-30T12:00:00Z", now), "30 days ago");
        assert!(!offered("2027-01-30T11:59:59Z", now), "a second more");
        assert!(offered("2027-03-02T00:00:00Z", now), "a clock ahead");
        assert!(offered("not a date", now));
    }
}
