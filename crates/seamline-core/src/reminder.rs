//! The cadence's reminders: on the project's weekly sync day the app reminds the lead of the
//! sync with its agenda, and on the status day (by default the business day before the sync)
//! that the weekly status is ready to publish. Each is raised once a day, on each device whose
//! user left reminders on.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

use crate::kinds::SyncDay;

/// Which reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ReminderKind {
    WeeklySync,
    StatusDay,
}

impl ReminderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::WeeklySync => "weekly-sync",
            ReminderKind::StatusDay => "status-day",
        }
    }
}

/// What the reminders are worded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderFacts {
    pub project: String,
    pub today: NaiveDate,
    pub sync_day: Option<SyncDay>,
    /// The day set for the status; `None` means the business day before the sync.
    pub status_day: Option<SyncDay>,
    /// Decisions waiting, and blockers past the threshold (the agenda's first two sections).
    pub decisions_pending: usize,
    pub escalated: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub kind: ReminderKind,
    pub title: String,
    pub body: String,
}

fn weekday(d: SyncDay) -> Weekday {
    match d {
        SyncDay::Monday => Weekday::Mon,
        SyncDay::Tuesday => Weekday::Tue,
        SyncDay::Wednesday => Weekday::Wed,
        SyncDay::Thursday => Weekday::Thu,
        SyncDay::Friday => Weekday::Fri,
    }
}

/// The business day before the sync: the status goes out the day before it is discussed.
pub fn default_status_day(sync: SyncDay) -> SyncDay {
    match sync {
        SyncDay::Monday => SyncDay::Friday,
        SyncDay::Tuesday => SyncDay::Monday,
        SyncDay::Wednesday => SyncDay::Tuesday,
        SyncDay::Thursday => SyncDay::Wednesday,
        SyncDay::Friday => SyncDay::Thursday,
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The reminders due today, in order: the sync's on its day, the status's on the status day
/// (set, or the business day before the sync); none while neither day is known.
pub fn due(f: &ReminderFacts) -> Vec<Reminder> {
    let status = f.status_day.or(f.sync_day.map(default_status_day));
    let today = f.today.weekday();
    let mut out = Vec::new();
    if f.sync_day.is_some_and(|sync| today == weekday(sync)) {
        out.push(Reminder {
            kind: ReminderKind::WeeklySync,
            title: format!("Weekly sync today: {}", f.project),
            body: format!(
                "On the agenda: {} and {}. The agenda is on the Cadence screen.",
                count(f.decisions_pending, "decision pending", "decisions pending"),
                count(f.escalated, "escalated blocker", "escalated blockers"),
            ),
        });
    }
    if status.is_some_and(|status| today == weekday(status)) {
        out.push(Reminder {
            kind: ReminderKind::StatusDay,
            title: format!("Weekly status: {}", f.project),
            body: "This week's status is drafted from the data: read it, edit it, publish it on the Cadence screen."
                .into(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(today: &str) -> ReminderFacts {
        ReminderFacts {
            project: "SSO".into(),
            today: NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap(),
            sync_day: Some(SyncDay::Tuesday),
            status_day: None,
            decisions_pending: 1,
            escalated: 2,
        }
    }

    #[test]
    fn the_sync_day_and_the_day_before_remind() {
        // 2027-01-11 is a Monday, the 12th a Tuesday.
        let monday = due(&facts("2027-01-11"));
        assert_eq!(monday.iter().map(|r| r.kind).collect::<Vec<_>>(), [ReminderKind::StatusDay]);
        let tuesday = due(&facts("2027-01-12"));
        assert_eq!(tuesday.iter().map(|r| r.kind).collect::<Vec<_>>(), [ReminderKind::WeeklySync]);
        assert_eq!(tuesday[0].title, "Weekly sync today: SSO");
        assert_eq!(
            tuesday[0].body,
            "On the agenda: 1 decision pending and 2 escalated blockers. The agenda is on the Cadence screen."
        );
        assert!(due(&facts("2027-01-13")).is_empty(), "Wednesday: nothing");
    }

    #[test]
    fn a_status_day_set_apart_and_a_monday_sync() {
        let f = ReminderFacts { status_day: Some(SyncDay::Friday), ..facts("2027-01-15") };
        assert_eq!(due(&f).iter().map(|r| r.kind).collect::<Vec<_>>(), [ReminderKind::StatusDay]);
        let same = ReminderFacts { status_day: Some(SyncDay::Tuesday), ..facts("2027-01-12") };
        assert_eq!(due(&same).len(), 2, "both on one day");
        assert_eq!(default_status_day(SyncDay::Monday), SyncDay::Friday);
        assert!(due(&ReminderFacts { sync_day: None, ..facts("2027-01-12") }).is_empty());
        let no_sync =
            ReminderFacts { sync_day: None, status_day: Some(SyncDay::Friday), ..facts("2027-01-15") };
        assert_eq!(due(&no_sync).iter().map(|r| r.kind).collect::<Vec<_>>(), [ReminderKind::StatusDay]);
    }
}
