//! A project's types: the project as screens read it, what creating one takes, the line the
//! portfolio lists, and how a row of `projects` is read. No workspace here, so what only
//! needs the types (the portfolio's cache, held by the workspace) takes them from below it.

use chrono::NaiveDate;
use rusqlite::Row;
use seamline_core::calendar::{Calendar, WorkWeek};
use seamline_core::{Archetype, Side, SyncDay, WizardStep};
use serde::{Deserialize, Serialize};

use seamline_core::vocabulary::DEFAULT_THRESHOLD_DAYS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Project {
    pub id: String,
    pub name: String,
    /// Our company's name.
    pub ours: String,
    /// The partner company's name.
    pub partner: String,
    pub archetype: Archetype,
    pub target_launch: Option<NaiveDate>,
    pub threshold_days: u32,
    pub channel_url: Option<String>,
    pub sync_day: Option<SyncDay>,
    /// The project's holidays: neither company works on them.
    pub holidays: Vec<NaiveDate>,
    /// Each company's own holidays (its fact: only its devices change them).
    pub holidays_ours: Vec<NaiveDate>,
    pub holidays_partner: Vec<NaiveDate>,
    /// Each company's work week (its fact too): the weekdays its blockers age on.
    #[cfg_attr(feature = "specta", specta(type = seamline_core::calendar::ShownWeek))]
    pub work_week_ours: WorkWeek,
    #[cfg_attr(feature = "specta", specta(type = seamline_core::calendar::ShownWeek))]
    pub work_week_partner: WorkWeek,
    pub owner_ours: Option<String>,
    pub owner_partner: Option<String>,
    pub escalation_ours: Option<String>,
    pub escalation_partner: Option<String>,
    pub created_at: String,
    /// Where the kickoff wizard stands; `None` for a project made without it.
    pub wizard_step: Option<WizardStep>,
    /// The company (stored side) this device is with; `None` until its user says.
    pub my_side: Option<Side>,
    /// That company's name.
    pub my_company: Option<String>,
    /// The person of that company this device's user is, when they said.
    pub me: Option<String>,
    /// The weekday the weekly status is due; `None`: the business day before the sync.
    pub status_day: Option<SyncDay>,
    /// This device reminds its user of the sync and the status day (local, on by default).
    pub reminders: bool,
    /// When the partner company left the project (RFC 3339): gone from its devices, still
    /// the creating company's.
    pub partner_left_at: Option<String>,
}

impl Project {
    pub fn owner(&self, side: Side) -> Option<&str> {
        match side {
            Side::Ours => self.owner_ours.as_deref(),
            Side::Partner => self.owner_partner.as_deref(),
        }
    }

    pub fn escalation(&self, side: Side) -> Option<&str> {
        match side {
            Side::Ours => self.escalation_ours.as_deref(),
            Side::Partner => self.escalation_partner.as_deref(),
        }
    }

    pub fn company(&self, side: Side) -> &str {
        match side {
            Side::Ours => &self.ours,
            Side::Partner => &self.partner,
        }
    }

    /// The days the company of `side` works on the project (its work week, less the project's
    /// holidays and its own): its blockers age on them.
    pub fn calendar_of(&self, side: Side) -> Calendar<'_> {
        let (own, week) = match side {
            Side::Ours => (&self.holidays_ours, self.work_week_ours),
            Side::Partner => (&self.holidays_partner, self.work_week_partner),
        };
        Calendar { week, days_off: seamline_core::calendar::of_company(&self.holidays, own) }
    }
}

/// What a person types to create a project. Raw text: the store validates every field, so
/// the app and the command refuse the same inputs with the same messages.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewProject {
    pub name: String,
    pub ours: String,
    pub partner: String,
    /// None means data-sync.
    pub archetype: Option<Archetype>,
    /// `YYYY-MM-DD`; blank means not set yet.
    pub target_launch: Option<String>,
    pub threshold_days: Option<i32>,
}

/// A project as the portfolio lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProjectSummary {
    pub id: String,
    pub name: String,
    pub ours: String,
    pub partner: String,
    pub archetype: Archetype,
    pub target_launch: Option<NaiveDate>,
    pub people: u32,
    /// Both sides have a named owner and an escalation contact.
    pub roles_complete: bool,
    pub open_blockers: u32,
    /// Where the kickoff wizard stands; `None` when it was not used, `done` when finished.
    pub wizard_step: Option<WizardStep>,
    /// The company (stored side) this device is with; `None` until its user says.
    pub my_side: Option<Side>,
    /// Open blockers waiting on this device's company (0 while it is not known).
    pub waiting_on_my_side: u32,
    /// Open blockers the user owns or that were escalated to them (0 until they say which
    /// person they are).
    pub mine: u32,
    /// The other company's open suggestions for this device's company to accept or decline.
    pub suggestions: u32,
}

impl ProjectSummary {
    /// The same listing as `uncounted`, a summary whose open blockers were not counted.
    pub(crate) fn listed_as(&self, uncounted: &ProjectSummary) -> bool {
        ProjectSummary { open_blockers: 0, waiting_on_my_side: 0, mine: 0, ..self.clone() } == *uncounted
    }
}

// The membership columns are this device's own (not synced): `id` inside them is the project's.
pub(super) const COLUMNS: &str = "id, name, ours, partner, archetype, target_launch, threshold_days, channel_url,
    sync_day, holidays, owner_ours, owner_partner, escalation_ours, escalation_partner, created_at, wizard_step,
    (SELECT m.side FROM memberships m WHERE m.project_id = id),
    (SELECT m.person_id FROM memberships m WHERE m.project_id = id), status_day,
    (SELECT r.enabled FROM reminders r WHERE r.project_id = id), partner_left_at, holidays_ours, holidays_partner,
    work_week_ours, work_week_partner";
/// How many columns `COLUMNS` selects: a query may select more after them.
pub(super) const COLUMN_COUNT: usize = 25;
/// A project the partner company left is gone from its devices: the ones this device lists.
pub(super) const LISTED: &str = "deleted = 0 AND NOT (partner_left_at IS NOT NULL
    AND (SELECT m.side FROM memberships m WHERE m.project_id = id) = 'partner')";

pub(super) fn read(r: &Row<'_>) -> rusqlite::Result<Project> {
    let archetype: Option<String> = r.get(4)?;
    let date = crate::columns::date;
    // A JSON list of dates; what cannot be read (a newer device's form) reads as none.
    let days = |i: usize| -> rusqlite::Result<Vec<NaiveDate>> {
        let list: Option<String> = r.get(i)?;
        let list: Vec<String> = list.and_then(|h| serde_json::from_str(&h).ok()).unwrap_or_default();
        Ok(list.into_iter().filter_map(|h| crate::columns::date(Some(h))).collect())
    };
    // Unset or unreadable (a newer device's form): Monday to Friday.
    let week = |i: usize| -> rusqlite::Result<WorkWeek> {
        let text: Option<String> = r.get(i)?;
        Ok(text.and_then(|t| WorkWeek::parse("", &t).ok()).unwrap_or_default())
    };
    let sync_day: Option<String> = r.get(8)?;
    Ok(Project {
        id: r.get(0)?,
        name: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        ours: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        partner: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        // A value this build does not know (a newer device's archetype) reads as the default.
        archetype: archetype
            .and_then(|a| Archetype::parse("archetype", &a).ok())
            .unwrap_or(Archetype::DataSync),
        target_launch: date(r.get(5)?),
        threshold_days: r
            .get::<_, Option<i64>>(6)?
            .and_then(|d| u32::try_from(d).ok())
            .unwrap_or(DEFAULT_THRESHOLD_DAYS),
        channel_url: r.get(7)?,
        sync_day: sync_day.and_then(|d| SyncDay::parse("sync_day", &d).ok()),
        holidays: days(9)?,
        holidays_ours: days(21)?,
        holidays_partner: days(22)?,
        work_week_ours: week(23)?,
        work_week_partner: week(24)?,
        owner_ours: r.get(10)?,
        owner_partner: r.get(11)?,
        escalation_ours: r.get(12)?,
        escalation_partner: r.get(13)?,
        created_at: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
        wizard_step: r.get::<_, Option<String>>(15)?.and_then(|s| WizardStep::parse("step", &s).ok()),
        my_side: None,
        my_company: None,
        me: r.get(17)?,
        status_day: r.get::<_, Option<String>>(18)?.and_then(|d| SyncDay::parse("status_day", &d).ok()),
        reminders: r.get::<_, Option<i64>>(19)?.is_none_or(|on| on != 0),
        partner_left_at: r.get(20)?,
    })
    .map(|mut p| {
        p.my_side = crate::columns::text_at(r, 16).ok().flatten().and_then(|s| Side::parse("side", s).ok());
        p.my_company = p.my_side.map(|s| p.company(s).to_string());
        p
    })
}
