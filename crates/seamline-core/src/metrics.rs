//! The three numbers of every weekly status, and the forecast that makes the date visible:
//! the acceptance-criteria burn-down, the oldest open blocker by class, and days to app review.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A v1 criterion as the burn-down sees it: when it was met, if it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CriterionFacts {
    pub met_on: Option<NaiveDate>,
}

/// The Friday that ends the week holding `day` (weeks run Saturday to Friday, so a status
/// written on Friday covers its own week).
pub fn week_end(day: NaiveDate) -> NaiveDate {
    let ahead =
        (Weekday::Fri.num_days_from_monday() as i64 - day.weekday().num_days_from_monday() as i64 + 7) % 7;
    day + Duration::days(ahead)
}

/// One point of the burn-down: v1 criteria not yet met at the end of a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BurnPoint {
    pub week: NaiveDate,
    pub remaining: u32,
}

/// v1 criteria remaining at the end of each week from the week of `start` to the week of
/// `today`.
pub fn burndown(criteria: &[CriterionFacts], start: NaiveDate, today: NaiveDate) -> Vec<BurnPoint> {
    let total = criteria.len() as u32;
    let mut out = Vec::new();
    let mut week = week_end(start.min(today));
    let last = week_end(today);
    while week <= last {
        let met = criteria.iter().filter(|c| c.met_on.is_some_and(|m| m <= week)).count() as u32;
        out.push(BurnPoint { week, remaining: total - met });
        week += Duration::days(7);
    }
    out
}

/// The playbook's alarm: no criterion met for two weeks while some remain is a hidden blocker.
/// Needs three points (two whole weeks of flatness).
pub fn flat_for_two_weeks(points: &[BurnPoint]) -> bool {
    match points {
        [.., a, _, c] => a.remaining == c.remaining && c.remaining > 0,
        _ => false,
    }
}

/// Criteria met per week over the last `weeks` completed weeks of the burn-down.
pub fn velocity(points: &[BurnPoint], weeks: usize) -> f64 {
    if points.len() < 2 {
        return 0.0;
    }
    let n = weeks.min(points.len() - 1);
    let recent = &points[points.len() - 1 - n..];
    let burned = recent.first().map(|p| p.remaining).unwrap_or(0) as f64
        - recent.last().map(|p| p.remaining).unwrap_or(0) as f64;
    (burned / n as f64).max(0.0)
}

/// The forecast v1 date at the recent velocity: `None` while there are no v1 criteria or
/// nothing is being met (no criteria or no velocity means no date, and that is the honest
/// answer; "today" would claim a v1 that was never defined).
pub fn forecast(total: u32, remaining: u32, velocity: f64, today: NaiveDate) -> Option<NaiveDate> {
    if total == 0 {
        return None;
    }
    if remaining == 0 {
        return Some(today);
    }
    if velocity <= 0.0 {
        return None;
    }
    let weeks = (remaining as f64 / velocity).ceil() as i64;
    Some(week_end(today) + Duration::days(7 * weeks))
}

/// Whether the target launch is at risk: a forecast after it, or no forecast at all while
/// criteria remain.
pub fn at_risk(remaining: u32, forecast: Option<NaiveDate>, target: Option<NaiveDate>) -> bool {
    match (target, forecast) {
        (Some(t), Some(f)) => f > t,
        (Some(_), None) => remaining > 0,
        (None, _) => false,
    }
}

/// How many unmet v1 criteria to move to v1.1 so the rest fits before the target at the
/// recent velocity. Cut scope, not quality.
pub fn criteria_to_cut(remaining: u32, velocity: f64, today: NaiveDate, target: NaiveDate) -> u32 {
    let weeks_left = ((week_end(target) - week_end(today)).num_days() / 7).max(0) as f64;
    let fits = (velocity * weeks_left).floor() as u32;
    remaining.saturating_sub(fits)
}

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

    fn met(dates: &[Option<&str>]) -> Vec<CriterionFacts> {
        dates.iter().map(|m| CriterionFacts { met_on: m.map(d) }).collect()
    }

    #[test]
    fn weeks_end_on_friday() {
        for (day, end) in [
            ("2027-01-11", "2027-01-15"),
            ("2027-01-15", "2027-01-15"),
            ("2027-01-16", "2027-01-22"),
            ("2027-01-17", "2027-01-22"),
        ] {
            assert_eq!(week_end(d(day)), d(end), "{day}");
        }
    }

    #[test]
    fn burndown_counts_v1_criteria_left_each_week() {
        let c = met(&[Some("2027-01-06"), Some("2027-01-13"), Some("2027-01-14"), None, None]);
        let points = burndown(&c, d("2027-01-04"), d("2027-01-27"));
        let shown: Vec<(String, u32)> = points.iter().map(|p| (p.week.to_string(), p.remaining)).collect();
        assert_eq!(
            shown,
            [
                ("2027-01-08".into(), 4),
                ("2027-01-15".into(), 2),
                ("2027-01-22".into(), 2),
                ("2027-01-29".into(), 2)
            ]
        );
        assert!(flat_for_two_weeks(&points), "nothing met since the 15th");
        assert!(!flat_for_two_weeks(&points[..3]));
        assert_eq!(velocity(&points[..2], 3), 2.0);
        assert!((velocity(&points, 3) - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn forecast_at_risk_and_the_cut() {
        let today = d("2027-01-13");
        // (remaining, velocity, target) -> (forecast, at risk, to cut)
        let cases = [
            (4, 2.0, "2027-02-26", (Some("2027-01-29"), false, 0)),
            (10, 1.0, "2027-02-12", (Some("2027-03-26"), true, 6)),
            (3, 0.0, "2027-02-12", (None, true, 3)),
            (0, 0.0, "2027-02-12", (Some("2027-01-13"), false, 0)),
        ];
        assert_eq!(forecast(0, 0, 0.0, today), None, "no v1 criteria, no forecast");
        assert!(!at_risk(0, None, Some(d("2027-02-12"))), "nor a risk");
        for (remaining, v, target, (f, risk, cut)) in cases {
            let got = forecast(10, remaining, v, today);
            assert_eq!(got, f.map(d), "forecast for {remaining} at {v}/week");
            assert_eq!(at_risk(remaining, got, Some(d(target))), risk);
            assert_eq!(
                criteria_to_cut(remaining, v, today, d(target)),
                cut,
                "cut for {remaining} at {v}/week"
            );
        }
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
