//! How old an open blocker is against its project's escalation threshold, as the Metrics
//! chart bands them: fresh, aging (the last two-fifths of the way), escalating (past the
//! threshold). One rule for every screen: a project that escalates after 2 business days bands
//! its blockers by 2, not by the default 5.

use serde::Serialize;

use crate::calendar::past_threshold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    Fresh,
    Aging,
    Escalates,
}

impl AgeBand {
    pub const ALL: [AgeBand; 3] = [AgeBand::Fresh, AgeBand::Aging, AgeBand::Escalates];
}

/// The first age (in business days) that counts as aging for a project that escalates after
/// `threshold` days: 3 for 5, 6 for 10, the threshold itself for 1 or 2.
pub fn aging_from(threshold: u32) -> u32 {
    threshold - threshold * 2 / 5
}

/// Which band an open blocker `age` business days old is in.
pub fn age_band(age: u32, threshold: u32) -> AgeBand {
    if past_threshold(age as i64, threshold) {
        AgeBand::Escalates
    } else if age >= aging_from(threshold) {
        AgeBand::Aging
    } else {
        AgeBand::Fresh
    }
}

/// The band's label in the chart's legend ("Under 3 business days", "3 to 5", "Past 5
/// (escalates)" for a 5-day threshold).
pub fn band_label(band: AgeBand, threshold: u32) -> String {
    let days = |n: u32| if n == 1 { "business day" } else { "business days" };
    let from = aging_from(threshold);
    match band {
        AgeBand::Fresh => format!("Under {from} {}", days(from)),
        AgeBand::Aging if from == threshold => format!("{from} {}", days(from)),
        AgeBand::Aging => format!("{from} to {threshold}"),
        AgeBand::Escalates => format!("Past {threshold} (escalates)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bands_follow_the_project_s_threshold() {
        // (threshold, labels, ages that fall in each band)
        let cases = [
            (5, ["Under 3 business days", "3 to 5", "Past 5 (escalates)"], [2, 3, 6]),
            (2, ["Under 2 business days", "2 business days", "Past 2 (escalates)"], [1, 2, 3]),
            (1, ["Under 1 business day", "1 business day", "Past 1 (escalates)"], [0, 1, 2]),
            (10, ["Under 6 business days", "6 to 10", "Past 10 (escalates)"], [5, 10, 11]),
        ];
        for (threshold, labels, ages) in cases {
            for (i, band) in AgeBand::ALL.into_iter().enumerate() {
                assert_eq!(band_label(band, threshold), labels[i], "threshold {threshold}");
                assert_eq!(age_band(ages[i], threshold), band, "age {} at threshold {threshold}", ages[i]);
            }
        }
        // The escalating band is exactly the blockers that escalate.
        for threshold in 1..=65 {
            for age in 0..80 {
                assert_eq!(
                    age_band(age, threshold) == AgeBand::Escalates,
                    past_threshold(age as i64, threshold)
                );
            }
        }
    }
}
