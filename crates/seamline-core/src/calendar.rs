//! Business days: a company's work days (Monday to Friday unless it says otherwise), less its
//! holidays. Blocker ages and escalation are counted in these, because a blocker opened on
//! Friday has not been ignored for two days by Monday morning. A blocker ages in the business
//! days of the company it waits on ([`Calendar`]): its work week, the project's holidays (both
//! companies') and its own ([`of_company`]).

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

mod week;
pub use week::{ShownWeek, WorkWeek};

/// The days a company works on a project: its work week less its days off.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar<'a> {
    pub week: WorkWeek,
    /// The project's holidays and the company's own, in order, once each.
    pub days_off: Cow<'a, [NaiveDate]>,
}

impl<'a> Calendar<'a> {
    /// Monday to Friday, less `days_off`.
    pub fn weekdays(days_off: &'a [NaiveDate]) -> Calendar<'a> {
        Calendar { week: WorkWeek::MONDAY_TO_FRIDAY, days_off: Cow::Borrowed(days_off) }
    }

    pub fn is_business_day(&self, day: NaiveDate) -> bool {
        self.week.works(day.weekday()) && !self.days_off.contains(&day)
    }
}

/// A date written exactly `YYYY-MM-DD`, the one way Seamline stores and exchanges dates;
/// `None` for anything else (a sign, a short month, spaces, a day that does not exist).
///
/// Every list the screens show parses several dates per row, and chrono's general format
/// parser costs several times this.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

/// The days a company does not work on the project: the project's holidays and its own, in
/// order, once each. Borrowed when the company has none of its own (nearly always).
pub fn of_company<'a>(project: &'a [NaiveDate], own: &[NaiveDate]) -> Cow<'a, [NaiveDate]> {
    if own.is_empty() {
        return Cow::Borrowed(project);
    }
    let mut all: Vec<NaiveDate> = project.iter().chain(own).copied().collect();
    all.sort();
    all.dedup();
    Cow::Owned(all)
}

/// The business days that have passed from `from` to `to`: the business days in `(from, to]`.
/// Zero when `to` is not after `from`.
pub fn business_days_between(from: NaiveDate, to: NaiveDate, calendar: &Calendar<'_>) -> i64 {
    if to <= from {
        return 0;
    }
    let week = calendar.week;
    // Whole weeks hold the week's work days each; only the remainder needs walking.
    let days = (to - from).num_days();
    let mut count = (days / 7) * week.len();
    let mut d = from + chrono::Duration::days((days / 7) * 7);
    while d < to {
        d = d.succ_opt().expect("date in range");
        if week.works(d.weekday()) {
            count += 1;
        }
    }
    let holidays_inside = calendar
        .days_off
        .iter()
        .filter(|h| **h > from && **h <= to && week.works(h.weekday()))
        .collect::<std::collections::BTreeSet<_>>()
        .len() as i64;
    count - holidays_inside
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ages_skip_weekends_and_holidays() {
        // (opened, today, holidays, expected age)
        let cases: &[(&str, &str, &[&str], i64)] = &[
            ("2027-01-11", "2027-01-11", &[], 0), // Monday, same day
            ("2027-01-11", "2027-01-12", &[], 1),
            ("2027-01-15", "2027-01-18", &[], 1), // Friday to Monday
            ("2027-01-16", "2027-01-17", &[], 0), // Saturday to Sunday
            ("2027-01-11", "2027-01-18", &[], 5), // a whole week
            ("2027-01-11", "2027-01-25", &["2027-01-18"], 9),
            ("2027-01-11", "2027-01-25", &["2027-01-23"], 10), // a holiday on a Saturday
            ("2027-01-12", "2027-01-11", &[], 0),              // the future
        ];
        for (from, to, hol, want) in cases {
            let hol: Vec<_> = hol.iter().map(|h| d(h)).collect();
            assert_eq!(
                business_days_between(d(from), d(to), &Calendar::weekdays(&hol)),
                *want,
                "{from} -> {to}"
            );
        }
    }

    #[test]
    fn a_company_that_works_sunday_to_thursday_ages_on_sundays_not_fridays() {
        let week = WorkWeek::parse("work_week", "sun-thu").unwrap();
        let cal = Calendar { week, days_off: Cow::Borrowed(&[]) };
        // Thursday to the next Monday: Sunday and Monday passed.
        assert_eq!(business_days_between(d("2027-01-14"), d("2027-01-18"), &cal), 2);
        assert_eq!(business_days_between(d("2027-01-14"), d("2027-01-18"), &Calendar::default()), 2);
        // Thursday to Friday: none for them, one for a Monday-to-Friday company.
        assert_eq!(business_days_between(d("2027-01-14"), d("2027-01-15"), &cal), 0);
        assert_eq!(business_days_between(d("2027-01-14"), d("2027-01-15"), &Calendar::default()), 1);
        // A holiday on their Sunday counts; one on a Friday is already off.
        let off = [d("2027-01-17"), d("2027-01-22")];
        let cal = Calendar { week, days_off: Cow::Borrowed(&off) };
        assert_eq!(business_days_between(d("2027-01-14"), d("2027-01-28"), &cal), 9);
    }

    proptest! {
        #[test]
        fn agrees_with_counting_day_by_day(
            start in 0i64..3000,
            len in 0i64..400,
            hol in proptest::collection::vec(0i64..400, 0..6),
            week in 1u8..128,
        ) {
            let from = d("2025-01-01") + chrono::Duration::days(start);
            let to = from + chrono::Duration::days(len);
            let hol: Vec<_> = hol.iter().map(|h| from + chrono::Duration::days(*h)).collect();
            let week = WorkWeek::of(
                (0..7u8).filter(|i| week & (1 << i) != 0).map(|i| chrono::Weekday::try_from(i).unwrap()),
            )
            .unwrap();
            let cal = Calendar { week, days_off: Cow::Owned(hol) };
            let mut naive = 0;
            let mut x = from;
            while x < to {
                x = x.succ_opt().unwrap();
                if cal.is_business_day(x) { naive += 1; }
            }
            prop_assert_eq!(business_days_between(from, to, &cal), naive);
            if cal.is_business_day(to) {
                let back = add_business_days(to, -naive, &cal);
                prop_assert_eq!(business_days_between(back, to, &cal), naive);
            }
        }
    }
}

/// The business day `n` business days after `from` (before it when `n` is negative). The
/// start day itself need not be a business day.
pub fn add_business_days(from: NaiveDate, n: i64, calendar: &Calendar<'_>) -> NaiveDate {
    let step = if n >= 0 { chrono::Duration::days(1) } else { chrono::Duration::days(-1) };
    let mut left = n.abs();
    let mut d = from;
    while left > 0 {
        d += step;
        if calendar.is_business_day(d) {
            left -= 1;
        }
    }
    d
}

#[cfg(test)]
mod parse_tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_dates_written_yyyy_mm_dd_are_read() {
        let ok = |s: &str| parse_date(s).map(|d| d.to_string());
        assert_eq!(ok("2027-01-15").as_deref(), Some("2027-01-15"));
        assert_eq!(ok("2028-02-29").as_deref(), Some("2028-02-29"));
        for bad in [
            "",
            "2027-1-15",
            "2027-01-5",
            "27-01-15",
            "2027/01/15",
            "2027-02-30",
            "2027-13-01",
            "2027-00-10",
            " 2027-01-15",
            "2027-01-15 ",
            "+027-01-15",
            "2027-0a-15",
            "2027-01-15T10:00",
            "２０２７-01-15",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn reads_back_every_date_it_writes(days in 0i64..3_000_000) {
            let d = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Duration::days(days);
            prop_assume!(d.year() <= 9999);
            prop_assert_eq!(parse_date(&d.to_string()), Some(d));
        }

        #[test]
        fn agrees_with_chrono_on_any_ten_characters(s in "[0-9+ -]{10}") {
            let chrono = NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok().filter(|d| d.to_string() == s);
            prop_assert_eq!(parse_date(&s), chrono);
        }
    }
}

#[cfg(test)]
mod add_tests {
    use super::*;

    #[test]
    fn stepping_back_and_forth_in_business_days() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let cal = Calendar::default();
        assert_eq!(add_business_days(d("2027-01-18"), -1, &cal), d("2027-01-15")); // Mon -> Fri
        assert_eq!(add_business_days(d("2027-01-15"), 1, &cal), d("2027-01-18"));
        assert_eq!(add_business_days(d("2027-01-13"), 0, &cal), d("2027-01-13"));
        let back = add_business_days(d("2027-01-20"), -7, &cal);
        assert_eq!(business_days_between(back, d("2027-01-20"), &cal), 7);
    }
}

/// Whether a blocker of this age has passed the project's escalation threshold: the playbook
/// escalates once a blocker has waited *more* than the threshold's business days.
pub fn past_threshold(age_business_days: i64, threshold_days: u32) -> bool {
    age_business_days > threshold_days as i64
}

#[cfg(test)]
mod threshold_tests {
    use super::past_threshold;

    #[test]
    fn escalation_starts_the_day_after_the_threshold() {
        assert!(!past_threshold(4, 5));
        assert!(!past_threshold(5, 5));
        assert!(past_threshold(6, 5));
        assert!(past_threshold(2, 1));
    }
}
