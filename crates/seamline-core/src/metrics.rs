//! The three numbers of every weekly status, and the forecast that makes the date visible:
//! the acceptance-criteria burn-down, the oldest open blocker by class, and days to app review.

mod app_review;

pub use app_review::{app_review, AppReview};

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

/// How long the burn-down stays flat before the playbook calls it a hidden blocker.
pub const FLAT_DAYS: i64 = 14;

/// When the burn-down's history starts: the day the first v1 criterion was written, or the
/// earliest day one was met if that is earlier (a criterion recorded as met before it was
/// typed in). `None` without v1 criteria: there is no history at all.
pub fn history_start(criteria: &[CriterionFacts], first_written: Option<NaiveDate>) -> Option<NaiveDate> {
    let earliest_met = criteria.iter().filter_map(|c| c.met_on).min();
    if criteria.is_empty() {
        return None;
    }
    [first_written, earliest_met].into_iter().flatten().min()
}

/// The playbook's alarm: v1 criteria remain and none was met in the last two weeks. Nothing
/// met in the two weeks since the history started counts as flat; a history younger than two
/// weeks is not flat, it is new.
pub fn flat_for_two_weeks(
    criteria: &[CriterionFacts],
    first_written: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    let Some(start) = history_start(criteria, first_written) else { return false };
    let since = today - Duration::days(FLAT_DAYS);
    criteria.iter().any(|c| c.met_on.is_none())
        && start <= since
        && !criteria.iter().any(|c| c.met_on.is_some_and(|m| m > since))
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

/// What the burn-down says about the v1 date. Only a burn-down flat for two weeks or a forecast
/// past the target puts the date at risk; a project with no history to judge from is neither
/// at risk nor on track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Outlook {
    /// No v1 criteria, or none met yet and not two weeks old: nothing to forecast from.
    NotEnoughData,
    /// Every v1 criterion met, or the forecast lands by the target (or there is no target).
    OnTrack,
    /// Nothing met for two weeks while v1 criteria remain: a hidden blocker.
    Flat,
    /// The forecast lands after the target launch.
    Late,
}

/// The outlook from the v1 counts, the flat alarm, the forecast and the target.
pub fn outlook(
    total: u32,
    remaining: u32,
    flat: bool,
    forecast: Option<NaiveDate>,
    target: Option<NaiveDate>,
) -> Outlook {
    match (forecast, target) {
        _ if total == 0 => Outlook::NotEnoughData,
        _ if remaining == 0 => Outlook::OnTrack,
        _ if flat => Outlook::Flat,
        (None, _) => Outlook::NotEnoughData,
        (Some(f), Some(t)) if f > t => Outlook::Late,
        _ => Outlook::OnTrack,
    }
}

impl Outlook {
    pub fn at_risk(self) -> bool {
        matches!(self, Outlook::Flat | Outlook::Late)
    }

    /// The word a screen shows beside the target ("At risk").
    pub fn label(self) -> &'static str {
        match self {
            Outlook::NotEnoughData => "Not enough data yet",
            Outlook::OnTrack => "On track",
            Outlook::Flat | Outlook::Late => "At risk",
        }
    }
}

/// How many unmet v1 criteria to move to v1.1 so the rest fits before the target at the
/// recent velocity. Cut scope, not quality. None unless the date is at risk and there is a
/// forecast and a target to cut against.
pub fn criteria_to_cut(
    outlook: Outlook,
    remaining: u32,
    velocity: f64,
    forecast: Option<NaiveDate>,
    today: NaiveDate,
    target: Option<NaiveDate>,
) -> u32 {
    let (true, Some(_), Some(target)) = (outlook.at_risk(), forecast, target) else { return 0 };
    let weeks_left = ((week_end(target) - week_end(today)).num_days() / 7).max(0) as f64;
    let fits = (velocity * weeks_left).floor() as u32;
    remaining.saturating_sub(fits)
}

/// Velocity is measured over this many recent weeks.
pub const VELOCITY_WEEKS: usize = 3;

/// Everything the metrics say about the v1 date.
#[derive(Debug, Clone, PartialEq)]
pub struct V1Forecast {
    pub burndown: Vec<BurnPoint>,
    pub total: u32,
    pub remaining: u32,
    pub flat_for_two_weeks: bool,
    /// v1 criteria met per week, recently.
    pub velocity: f64,
    pub forecast: Option<NaiveDate>,
    pub outlook: Outlook,
    /// How many unmet v1 criteria to propose moving to v1.1 (`report::cut_proposal` picks them).
    pub to_cut: u32,
}

/// The v1 date from the v1 criteria, the day the first of them was written, the target and
/// today: the burn-down from the history's start, the velocity, the forecast, whether the
/// date is at risk and how much to cut to hold it.
pub fn v1_forecast(
    criteria: &[CriterionFacts],
    first_written: Option<NaiveDate>,
    target: Option<NaiveDate>,
    today: NaiveDate,
) -> V1Forecast {
    let total = criteria.len() as u32;
    let remaining = criteria.iter().filter(|c| c.met_on.is_none()).count() as u32;
    let start = history_start(criteria, first_written).unwrap_or(today);
    let burndown = burndown(criteria, start, today);
    let flat = flat_for_two_weeks(criteria, first_written, today);
    let velocity = velocity(&burndown, VELOCITY_WEEKS);
    let forecast = forecast(total, remaining, velocity, today);
    let outlook = outlook(total, remaining, flat, forecast, target);
    let to_cut = criteria_to_cut(outlook, remaining, velocity, forecast, today, target);
    V1Forecast { burndown, total, remaining, flat_for_two_weeks: flat, velocity, forecast, outlook, to_cut }
}

impl V1Forecast {
    /// Why the outlook is what it is, in a sentence, with the weeks to spare or over when there
    /// is a forecast and a target.
    pub fn note(&self, target: Option<NaiveDate>) -> String {
        let weeks = |days: i64| {
            let w = (days + 6) / 7;
            if w == 1 {
                "1 week".to_string()
            } else {
                format!("{w} weeks")
            }
        };
        match (self.outlook, self.forecast, target) {
            (Outlook::NotEnoughData, ..) if self.total == 0 => {
                "No v1 acceptance criteria yet: add them on the Scope screen.".into()
            }
            (Outlook::NotEnoughData, ..) if self.remaining == self.total => {
                "No v1 criterion met yet: the forecast starts from the first ones met.".into()
            }
            (Outlook::NotEnoughData, ..) => {
                "Too early to forecast: the pace needs more weeks of the burn-down.".into()
            }
            (Outlook::OnTrack, ..) if self.remaining == 0 => "Every v1 criterion is met.".into(),
            (Outlook::OnTrack, Some(f), Some(t)) if t >= f + Duration::days(7) => {
                format!("{} to spare at the recent pace.", weeks((t - f).num_days() - 6))
            }
            (Outlook::OnTrack, _, Some(_)) => "Lands in the target's week at the recent pace.".into(),
            (Outlook::OnTrack, ..) => "No target launch set to hold the forecast to.".into(),
            (Outlook::Flat, ..) => {
                "No v1 criterion met for two weeks: that is usually a hidden blocker.".into()
            }
            (Outlook::Late, Some(f), Some(t)) => {
                format!("{} after the target at the recent pace.", weeks((f - t).num_days()))
            }
            (Outlook::Late, ..) => "At the recent pace the v1 scope lands after the target launch.".into(),
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
        assert_eq!(velocity(&points[..2], 3), 2.0);
        assert!((velocity(&points, 3) - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn the_date_is_at_risk_only_when_the_burn_down_is_flat_for_two_weeks_or_the_forecast_is_late() {
        let today = d("2027-01-27");
        // (what, met dates, first written, target) -> (outlook, forecast, criteria to cut)
        type Case<'a> = (
            &'a str,
            &'a [Option<&'a str>],
            Option<&'a str>,
            Option<&'a str>,
            (Outlook, Option<&'a str>, u32),
        );
        let cases: [Case; 9] = [
            ("no v1 criteria", &[], None, Some("2027-02-12"), (Outlook::NotEnoughData, None, 0)),
            (
                "two criteria written today: no history",
                &[None, None],
                Some("2027-01-27"),
                Some("2027-02-12"),
                (Outlook::NotEnoughData, None, 0),
            ),
            (
                "written 13 days ago, nothing met: still new",
                &[None, None],
                Some("2027-01-14"),
                Some("2027-02-12"),
                (Outlook::NotEnoughData, None, 0),
            ),
            (
                "written 14 days ago, nothing met since: flat",
                &[None, None],
                Some("2027-01-13"),
                Some("2027-02-12"),
                (Outlook::Flat, None, 0),
            ),
            (
                "met 15 days ago, nothing since: flat, the old pace still forecasts",
                &[Some("2027-01-12"), Some("2027-01-12"), None, None],
                Some("2027-01-04"),
                Some("2027-02-12"),
                (Outlook::Flat, Some("2027-02-19"), 1),
            ),
            (
                "a steady pace that lands by the target",
                &[Some("2027-01-13"), Some("2027-01-20"), Some("2027-01-26"), None, None],
                Some("2027-01-06"),
                Some("2027-03-26"),
                (Outlook::OnTrack, Some("2027-02-12"), 0),
            ),
            (
                "the same pace against an earlier target: late, cut what does not fit",
                &[Some("2027-01-13"), Some("2027-01-20"), Some("2027-01-26"), None, None],
                Some("2027-01-06"),
                Some("2027-02-05"),
                (Outlook::Late, Some("2027-02-12"), 1),
            ),
            (
                "no target: nothing to be late for",
                &[Some("2027-01-20"), None],
                Some("2027-01-06"),
                None,
                (Outlook::OnTrack, Some("2027-02-19"), 0),
            ),
            (
                "all met",
                &[Some("2027-01-20")],
                Some("2027-01-06"),
                Some("2027-01-08"),
                (Outlook::OnTrack, Some("2027-01-27"), 0),
            ),
        ];
        for (what, dates, first, target, (outlook, forecast, to_cut)) in cases {
            let f = v1_forecast(&met(dates), first.map(d), target.map(d), today);
            assert_eq!(
                (f.outlook, f.forecast, f.to_cut),
                (outlook, forecast.map(d), to_cut),
                "{what}: {f:?}"
            );
            assert_eq!(f.outlook.at_risk(), matches!(outlook, Outlook::Flat | Outlook::Late), "{what}");
        }
        let new = v1_forecast(&met(&[None, None]), Some(d("2027-01-27")), Some(d("2027-02-12")), today);
        assert_eq!(new.outlook.label(), "Not enough data yet");
        assert_eq!(
            new.note(Some(d("2027-02-12"))),
            "No v1 criterion met yet: the forecast starts from the first ones met."
        );
        let steady = met(&[Some("2027-01-13"), Some("2027-01-20"), Some("2027-01-26"), None, None]);
        let f = v1_forecast(&steady, Some(d("2027-01-06")), Some(d("2027-03-26")), today);
        assert_eq!(f.note(Some(d("2027-03-26"))), "6 weeks to spare at the recent pace.");
        let f = v1_forecast(&steady, Some(d("2027-01-06")), Some(d("2027-02-05")), today);
        assert_eq!(f.note(Some(d("2027-02-05"))), "1 week after the target at the recent pace.");
        assert_eq!(new.burndown.len(), 1, "the history starts the week the first criterion was written");
    }
}
