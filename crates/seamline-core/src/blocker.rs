//! Blocker rules: how old a blocker is, when it escalates and to whom, and what each class
//! asks of the lead. The oldest blocker, not the count, drives the date.

use chrono::{Datelike, Duration, NaiveDate};

use crate::calendar::{business_days_between, past_threshold, Calendar};
use crate::kinds::{BlockerClass, Side};

mod bands;
mod moves;
mod tally;

pub use bands::{age_band, aging_from, band_label, AgeBand};
pub use moves::{next_move, Acting, Move};
pub use tally::{tally_open, OpenTally};

/// What the rules need to know about one blocker.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockerFacts {
    pub class: BlockerClass,
    pub waiting_on: Side,
    pub opened: NaiveDate,
    pub due: Option<NaiveDate>,
    pub resolved_on: Option<NaiveDate>,
}

/// What the rules say about it today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// Business days it has waited (to its resolution, if resolved).
    pub age: u32,
    /// Open and older than the project's threshold: it escalates to the escalation contact
    /// of the side it waits on.
    pub escalated: bool,
    pub overdue: bool,
}

pub fn assess(
    b: &BlockerFacts,
    today: NaiveDate,
    threshold_days: u32,
    calendar: &Calendar<'_>,
) -> Assessment {
    let until = b.resolved_on.unwrap_or(today);
    let age = business_days_between(b.opened, until, calendar).max(0);
    let open = b.resolved_on.is_none();
    // What is missing (a dependency's date, an access deadline) is said by the move itself
    // (`next_move`): a warning beside it once repeated it.
    Assessment {
        age: age as u32,
        escalated: open && past_threshold(age, threshold_days),
        overdue: open && b.due.is_some_and(|d| d < today),
    }
}

/// How blockers rank as "oldest", as a key to take the minimum of: the most business days
/// waited first; of two that waited as long, the one opened first. Every screen that names
/// the oldest blocker (the portfolio, the project page, the metrics, the status) ranks by it.
pub fn oldest_key(age: u32, opened: NaiveDate) -> (std::cmp::Reverse<u32>, NaiveDate) {
    (std::cmp::Reverse(age), opened)
}

/// Whether a blocker is the user's (the blockers' **Mine** filter, the portfolio's "yours"
/// count, the project list's): they own it, or it was escalated to them (the contact recorded
/// when it passed the threshold). `me` is the person the user said they are in the project.
pub fn is_mine(me: Option<&str>, owner: Option<&str>, escalated_to: Option<&str>) -> bool {
    me.is_some_and(|me| owner == Some(me) || escalated_to == Some(me))
}

/// A blocker that has just escalated, as a desktop notification tells of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalated {
    pub project: String,
    pub title: String,
    /// The company it waits on.
    pub waiting_on: String,
    pub age_business_days: u32,
    /// The escalation contact's name; empty when none is named yet.
    pub escalate_to: String,
    /// The user of this device is that escalation contact: the move is theirs to make.
    pub to_me: bool,
}

/// A desktop notification: its title and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

/// At most this many notifications come of one escalation pass: a workspace opened after a
/// long break (or joined with a partner's backlog) may have hundreds of fresh escalations,
/// and a notification per blocker would bury the desktop.
pub const MAX_NOTICES: usize = 3;

/// The notifications for the escalations one pass has just recorded, in their order: one per
/// blocker when there are few, else one per project, else one for them all. The blockers stay
/// listed, escalated, in the app.
pub fn escalation_notices(fresh: &[Escalated]) -> Vec<Notice> {
    let days = |n: u32| if n == 1 { "1 business day".to_string() } else { format!("{n} business days") };
    if fresh.len() <= MAX_NOTICES {
        return fresh
            .iter()
            .map(|b| {
                let to = if b.escalate_to.is_empty() {
                    "the escalation contact (not named yet)"
                } else {
                    &b.escalate_to
                };
                let waited =
                    format!("{}: waiting on {} for {}.", b.project, b.waiting_on, days(b.age_business_days));
                if b.to_me {
                    Notice {
                        title: format!("Escalated to you: {}", b.title),
                        body: format!("{waited} You are the escalation contact: it is yours to unblock."),
                    }
                } else {
                    Notice {
                        title: format!("Escalate: {}", b.title),
                        body: format!("{waited} Escalate to {to}."),
                    }
                }
            })
            .collect();
    }
    let mut projects: Vec<(&str, Vec<&Escalated>)> = Vec::new();
    for b in fresh {
        match projects.iter_mut().find(|(p, _)| *p == b.project) {
            Some((_, list)) => list.push(b),
            None => projects.push((&b.project, vec![b])),
        }
    }
    if projects.len() <= MAX_NOTICES {
        return projects
            .iter()
            .map(|(project, list)| {
                let first =
                    list.iter().max_by_key(|b| b.age_business_days).expect("a project listed has a blocker");
                let mine = list.iter().filter(|b| b.to_me).count();
                let yours = match mine {
                    0 => String::new(),
                    n if n == list.len() => " You are the escalation contact of them all.".to_string(),
                    n => format!(" You are the escalation contact of {n}."),
                };
                Notice {
                    title: match list.len() {
                        1 => format!("1 blocker escalated in {project}"),
                        n => format!("{n} blockers escalated in {project}"),
                    },
                    body: format!(
                        "The oldest, \"{}\", has waited {}.{yours} Open the project's blockers to escalate them.",
                        first.title,
                        days(first.age_business_days)
                    ),
                }
            })
            .collect();
    }
    let oldest = fresh.iter().map(|b| b.age_business_days).max().unwrap_or(0);
    let yours = match fresh.iter().filter(|b| b.to_me).count() {
        0 => String::new(),
        n => format!(" {n} are escalated to you."),
    };
    vec![Notice {
        title: format!("{} blockers escalated in {} projects", fresh.len(), projects.len()),
        body: format!(
            "The oldest has waited {}.{yours} The portfolio lists the projects with escalations first.",
            days(oldest)
        ),
    }]
}

/// The default deadline of an access blocker: the last business day of the week it was
/// opened in ("a same-week deadline"), in the work week of the company it waits on (Friday,
/// or Thursday for a company that works Sunday to Thursday); opened on its weekend, the next
/// week's.
pub fn same_week_deadline(opened: NaiveDate, calendar: &Calendar<'_>) -> NaiveDate {
    let last = calendar.week.last_day();
    let mut end = opened;
    while end.weekday() != last {
        end += Duration::days(1);
    }
    // A holiday on that day moves the deadline back to the last working day, never past the week.
    let mut d = end;
    while !calendar.is_business_day(d) && d > opened {
        d -= Duration::days(1);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn facts(class: BlockerClass, opened: &str, due: Option<&str>, resolved: Option<&str>) -> BlockerFacts {
        BlockerFacts {
            class,
            waiting_on: Side::Partner,
            opened: d(opened),
            due: due.map(d),
            resolved_on: resolved.map(d),
        }
    }

    #[test]
    fn assessment_by_case() {
        use BlockerClass::*;
        // (blocker, today, threshold, expect: age, escalated, overdue)
        let cases = [
            (facts(Decision, "2027-01-11", None, None), "2027-01-15", 5, (4, false, false)),
            (facts(Decision, "2027-01-11", None, None), "2027-01-18", 5, (5, false, false)), // at the threshold
            (facts(Decision, "2027-01-11", None, None), "2027-01-19", 5, (6, true, false)),  // past it
            (facts(Decision, "2027-01-11", None, Some("2027-01-13")), "2027-02-19", 5, (2, false, false)),
            (facts(Dependency, "2027-01-11", None, None), "2027-01-12", 5, (1, false, false)),
            (facts(Dependency, "2027-01-11", Some("2027-01-12"), None), "2027-01-13", 5, (2, false, true)),
            (facts(Access, "2027-01-11", None, None), "2027-01-12", 5, (1, false, false)),
            (facts(Legal, "2027-01-04", Some("2027-03-01"), None), "2027-01-12", 3, (6, true, false)),
        ];
        for (b, today, threshold, (age, escalated, overdue)) in cases {
            let a = assess(&b, d(today), threshold, &Calendar::default());
            assert_eq!((a.age, a.escalated, a.overdue), (age, escalated, overdue), "{b:?} on {today}");
        }
    }

    #[test]
    fn a_few_escalations_are_told_one_by_one_and_many_together() {
        let b = |project: &str, title: &str, age: u32, to: &str| Escalated {
            project: project.into(),
            title: title.into(),
            waiting_on: "Globex".into(),
            age_business_days: age,
            escalate_to: to.into(),
            to_me: false,
        };
        let mine = |e: Escalated| Escalated { to_me: true, ..e };
        let one = escalation_notices(&[b("SSO", "Sandbox keys", 6, "Lee Chen")]);
        assert_eq!(
            one,
            [Notice {
                title: "Escalate: Sandbox keys".into(),
                body: "SSO: waiting on Globex for 6 business days. Escalate to Lee Chen.".into()
            }]
        );
        assert!(escalation_notices(&[b("SSO", "Keys", 6, "")])[0]
            .body
            .ends_with("the escalation contact (not named yet)."));
        assert!(escalation_notices(&[]).is_empty());
        // The user is the escalation contact: the notice says the move is theirs.
        assert_eq!(
            escalation_notices(&[mine(b("SSO", "Sandbox keys", 6, "Lee Chen"))]),
            [Notice {
                title: "Escalated to you: Sandbox keys".into(),
                body: "SSO: waiting on Globex for 6 business days. You are the escalation contact: it is yours to unblock.".into()
            }]
        );

        // Four in two projects: one notification per project, naming its oldest.
        let two = escalation_notices(&[
            b("SSO", "Keys", 6, "Lee"),
            b("Billing", "DPA", 9, "Kim"),
            b("SSO", "Questionnaire", 12, "Lee"),
            b("SSO", "Scopes", 7, "Lee"),
        ]);
        let titles: Vec<&str> = two.iter().map(|n| n.title.as_str()).collect();
        assert_eq!(titles, ["3 blockers escalated in SSO", "1 blocker escalated in Billing"]);
        assert!(two[0].body.contains("\"Questionnaire\", has waited 12 business days"), "{}", two[0].body);
        assert!(!two[0].body.contains("You are"), "{}", two[0].body);
        let some_mine = escalation_notices(&[
            mine(b("SSO", "Keys", 6, "Lee")),
            b("Billing", "DPA", 9, "Kim"),
            b("SSO", "Questionnaire", 12, "Lee"),
            b("SSO", "Scopes", 7, "Lee"),
        ]);
        assert!(some_mine[0].body.contains("You are the escalation contact of 1."), "{}", some_mine[0].body);

        // A backlog across many projects: one notification in all.
        let many: Vec<Escalated> =
            (0..400).map(|i| b(&format!("P{}", i % 50), "B", 6 + i % 30, "X")).collect();
        let all = escalation_notices(&many);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].title, "400 blockers escalated in 50 projects");
        assert!(all[0].body.contains("35 business days"), "{}", all[0].body);
    }

    #[test]
    fn holidays_slow_the_age_and_the_escalation() {
        let b = facts(BlockerClass::Legal, "2027-01-11", None, None);
        assert!(assess(&b, d("2027-01-19"), 5, &Calendar::default()).escalated);
        let monday = [d("2027-01-18")];
        assert!(
            !assess(&b, d("2027-01-19"), 5, &Calendar::weekdays(&monday)).escalated,
            "Monday was a holiday"
        );
    }

    #[test]
    fn access_deadlines_fall_in_the_same_week() {
        let cases = [
            ("2027-01-11", &[][..], "2027-01-15"),             // Monday -> Friday
            ("2027-01-15", &[][..], "2027-01-15"),             // Friday -> that Friday
            ("2027-01-16", &[][..], "2027-01-22"),             // Saturday -> next Friday
            ("2027-01-11", &["2027-01-15"][..], "2027-01-14"), // holiday Friday -> Thursday
        ];
        for (opened, hol, want) in cases {
            let hol: Vec<_> = hol.iter().map(|h| d(h)).collect();
            assert_eq!(same_week_deadline(d(opened), &Calendar::weekdays(&hol)), d(want), "opened {opened}");
        }
        // A company that works Sunday to Thursday: its week ends on Thursday.
        let week = crate::calendar::WorkWeek::parse("", "sun-thu").unwrap();
        for (opened, hol, want) in [
            ("2027-01-10", &[][..], "2027-01-14"),             // Sunday -> Thursday
            ("2027-01-14", &[][..], "2027-01-14"),             // Thursday -> that Thursday
            ("2027-01-15", &[][..], "2027-01-21"),             // Friday -> next Thursday
            ("2027-01-10", &["2027-01-14"][..], "2027-01-13"), // holiday Thursday -> Wednesday
        ] {
            let hol: Vec<_> = hol.iter().map(|h| d(h)).collect();
            let cal = Calendar { week, days_off: std::borrow::Cow::Owned(hol) };
            assert_eq!(same_week_deadline(d(opened), &cal), d(want), "opened {opened}");
        }
    }
}
