//! Days to app review: days until the submission, then days in the partner's queue against the
//! review time the plan allowed.

use chrono::NaiveDate;

/// Where app review stands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "stage", rename_all = "kebab-case")]
pub enum AppReview {
    /// No app-review milestones yet.
    NotPlanned,
    /// Days until the planned submission (negative: overdue).
    UntilSubmission {
        days: i32,
    },
    /// Submitted: days in the partner's queue, against the expected review time.
    InQueue {
        days: i32,
        expected_days: Option<i32>,
    },
    Approved {
        on: NaiveDate,
    },
}

pub fn app_review(
    today: NaiveDate,
    submitted_planned: Option<NaiveDate>,
    submitted_on: Option<NaiveDate>,
    approved_planned: Option<NaiveDate>,
    approved_on: Option<NaiveDate>,
) -> AppReview {
    if let Some(on) = approved_on {
        return AppReview::Approved { on };
    }
    if let Some(sub) = submitted_on {
        // The review time the plan allowed. A plan with the approval on or before the
        // submission (dates entered out of order, or never revisited) allows none worth
        // comparing against.
        let expected = match (submitted_planned, approved_planned) {
            (Some(s), Some(a)) if a > s => Some((a - s).num_days() as i32),
            _ => None,
        };
        return AppReview::InQueue { days: (today - sub).num_days() as i32, expected_days: expected };
    }
    match submitted_planned {
        Some(p) => AppReview::UntilSubmission { days: (p - today).num_days() as i32 },
        None => AppReview::NotPlanned,
    }
}

impl AppReview {
    /// The line the weekly status prints.
    /// The short line a screen shows ("33 days until submission"). For an approved review it
    /// is "Approved": the screen adds the date in the reader's own format.
    pub fn short_line(&self) -> String {
        match self {
            AppReview::NotPlanned => "No submission planned yet".into(),
            AppReview::UntilSubmission { days } if *days >= 0 => format!("{days} days until submission"),
            AppReview::UntilSubmission { days } => format!("Submission {} days late", -days),
            AppReview::InQueue { days, expected_days: Some(e) } => {
                format!("{days} days in the partner's queue (expected {e})")
            }
            AppReview::InQueue { days, expected_days: None } => format!("{days} days in the partner's queue"),
            AppReview::Approved { .. } => "Approved".into(),
        }
    }

    pub fn line(&self) -> String {
        match self {
            AppReview::NotPlanned => "Days to app review: no submission planned yet".into(),
            AppReview::UntilSubmission { days } if *days >= 0 => {
                format!("Days to app review: {days} until submission")
            }
            AppReview::UntilSubmission { days } => {
                format!("Days to app review: submission is {} days late", -days)
            }
            AppReview::InQueue { days, expected_days: Some(e) } => {
                format!("Days to app review: {days} days in the partner's queue (expected {e})")
            }
            AppReview::InQueue { days, expected_days: None } => {
                format!("Days to app review: {days} days in the partner's queue")
            }
            AppReview::Approved { on } => format!("Days to app review: approved on {on}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn app_review_stages() {
        let t = d("2027-02-01");
        assert_eq!(app_review(t, None, None, None, None), AppReview::NotPlanned);
        assert_eq!(
            app_review(t, Some(d("2027-02-15")), None, None, None).line(),
            "Days to app review: 14 until submission"
        );
        assert_eq!(
            app_review(t, Some(d("2027-01-29")), None, None, None).line(),
            "Days to app review: submission is 3 days late"
        );
        assert_eq!(
            app_review(t, Some(d("2027-01-20")), Some(d("2027-01-22")), Some(d("2027-02-19")), None).line(),
            "Days to app review: 10 days in the partner's queue (expected 30)"
        );
        assert_eq!(
            app_review(t, Some(d("2027-01-20")), Some(d("2027-01-22")), Some(d("2027-01-10")), None).line(),
            "Days to app review: 10 days in the partner's queue",
            "an approval planned before the submission sets no expectation"
        );
        assert_eq!(
            app_review(t, None, Some(d("2027-01-22")), None, Some(d("2027-01-30"))).line(),
            "Days to app review: approved on 2027-01-30"
        );
    }
}
