//! The open blockers of a project added up (the portfolio's escalation count and oldest per
//! class) from their count per (class, opened day, company waited on), with the same ages and
//! escalations as assessing each one.

use chrono::NaiveDate;

use super::oldest_key;
use crate::calendar::{business_days_between, past_threshold, Calendar};
use crate::kinds::BlockerClass;

/// What the open blockers of a project add up to, from their count per (class, opened day,
/// company waited on).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OpenTally {
    /// How many are past the threshold (escalated).
    pub escalated: u32,
    /// Per class that has an open blocker, in the classes' order: the day the oldest was
    /// opened, the company it waits on, and its age in business days.
    pub oldest: Vec<(BlockerClass, NaiveDate, crate::Side, u32)>,
}

/// Tallies open blockers given as `(class, opened, the company they wait on, how many)`, an
/// undated one counting as opened today (as a blocker reads). The same ages and escalations as
/// [`assess`] of each, in the business days of the company each waits on (`calendar`).
pub fn tally_open<'c>(
    groups: &[(BlockerClass, Option<NaiveDate>, crate::Side, u32)],
    today: NaiveDate,
    threshold_days: u32,
    calendar: impl Fn(crate::Side) -> &'c Calendar<'c>,
) -> OpenTally {
    let mut tally = OpenTally::default();
    for class in BlockerClass::ALL {
        let mut oldest: Option<(NaiveDate, crate::Side, u32)> = None;
        for (_, opened, side, n) in groups.iter().filter(|g| g.0 == *class) {
            let opened = opened.unwrap_or(today);
            let age = business_days_between(opened, today, calendar(*side)).max(0);
            if past_threshold(age, threshold_days) {
                tally.escalated += n;
            }
            let age = age as u32;
            if oldest.is_none_or(|(o, _, a)| oldest_key(age, opened) < oldest_key(a, o)) {
                oldest = Some((opened, *side, age));
            }
        }
        if let Some((opened, side, age)) = oldest {
            tally.oldest.push((*class, opened, side, age));
        }
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocker::{assess, BlockerFacts};
    use crate::kinds::Side;
    use chrono::Duration;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_oldest_waited_longest_and_ties_go_to_the_first_opened() {
        use BlockerClass::*;
        // Friday and Saturday have both waited one business day by Monday.
        let groups = [
            (Access, Some(d("2027-01-16")), Side::Ours, 1),
            (Access, Some(d("2027-01-15")), Side::Ours, 2),
            (Legal, None, Side::Partner, 1),
            (Decision, Some(d("2027-01-04")), Side::Ours, 3),
        ];
        let weekdays = Calendar::default();
        let t = tally_open(&groups, d("2027-01-18"), 5, |_| &weekdays);
        assert_eq!(
            t.oldest,
            [
                (Decision, d("2027-01-04"), Side::Ours, 10),
                (Access, d("2027-01-15"), Side::Ours, 1),
                (Legal, d("2027-01-18"), Side::Partner, 0)
            ]
        );
        assert_eq!(t.escalated, 3, "the three decisions opened two weeks ago");
    }

    proptest::proptest! {
        #[test]
        fn tallying_agrees_with_assessing_each_blocker(
            blockers in proptest::collection::vec((0usize..4, proptest::option::of(0i64..60), proptest::bool::ANY), 0..40),
            threshold in 1u32..10,
        ) {
            let today = d("2027-03-01");
            // The project's holiday, and one of the partner company's own; the partner works
            // Sunday to Thursday.
            let (ours, partner) = ([d("2027-02-15")], [d("2027-02-15"), d("2027-02-22")]);
            let ours = Calendar::weekdays(&ours);
            let partner = Calendar {
                week: crate::calendar::WorkWeek::parse("", "sun-thu").unwrap(),
                days_off: std::borrow::Cow::Borrowed(&partner),
            };
            let holidays = |side: Side| -> &Calendar<'_> { if side == Side::Ours { &ours } else { &partner } };
            let mut groups: Vec<(BlockerClass, Option<NaiveDate>, Side, u32)> = Vec::new();
            let mut escalated = 0;
            let mut oldest: Vec<(BlockerClass, NaiveDate, Side, u32)> = Vec::new();
            for (c, back, theirs) in &blockers {
                let class = BlockerClass::ALL[*c];
                let side = if *theirs { Side::Partner } else { Side::Ours };
                let opened = back.map(|b| today - Duration::days(b));
                match groups.iter_mut().find(|g| g.0 == class && g.1 == opened && g.2 == side) {
                    Some(g) => g.3 += 1,
                    None => groups.push((class, opened, side, 1)),
                }
                let f = BlockerFacts { class, waiting_on: side, opened: opened.unwrap_or(today), due: None, resolved_on: None };
                let a = assess(&f, today, threshold, holidays(side));
                escalated += a.escalated as u32;
                let key = oldest_key(a.age, f.opened);
                match oldest.iter_mut().find(|o| o.0 == class) {
                    Some(o) if key < oldest_key(o.3, o.1) => *o = (class, f.opened, side, a.age),
                    Some(_) => {}
                    None => oldest.push((class, f.opened, side, a.age)),
                }
            }
            oldest.sort_by_key(|o| BlockerClass::ALL.iter().position(|c| *c == o.0));
            let t = tally_open(&groups, today, threshold, holidays);
            proptest::prop_assert_eq!(t.escalated, escalated);
            proptest::prop_assert_eq!(t.oldest, oldest);
        }
    }
}
