//! Projects: the two companies, the archetype, the target launch, the escalation threshold,
//! the cadence, and who owns the work and takes escalations on each side.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use seamline_core::calendar::{Calendar, WorkWeek};
use seamline_core::kickoff::{self, Guide};
use seamline_core::{validate, Archetype, Side, SyncDay, WizardStep};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids;
use crate::schema::Entity;
use crate::workspace::{Workspace, Writer};

mod deletion;
mod summary;
mod update;
pub use deletion::{DeletedProject, Removal};
pub use update::ProjectPatch;

/// The playbook's default: past five business days a blocker escalates.
pub use seamline_core::vocabulary::DEFAULT_THRESHOLD_DAYS;

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

// The membership columns are this device's own (not synced): `id` inside them is the project's.
const COLUMNS: &str = "id, name, ours, partner, archetype, target_launch, threshold_days, channel_url,
    sync_day, holidays, owner_ours, owner_partner, escalation_ours, escalation_partner, created_at, wizard_step,
    (SELECT m.side FROM memberships m WHERE m.project_id = id),
    (SELECT m.person_id FROM memberships m WHERE m.project_id = id), status_day,
    (SELECT r.enabled FROM reminders r WHERE r.project_id = id), partner_left_at, holidays_ours, holidays_partner,
    work_week_ours, work_week_partner";
/// How many columns `COLUMNS` selects: a query may select more after them.
const COLUMN_COUNT: usize = 25;
/// A project the partner company left is gone from its devices: the ones this device lists.
const LISTED: &str = "deleted = 0 AND NOT (partner_left_at IS NOT NULL
    AND (SELECT m.side FROM memberships m WHERE m.project_id = id) = 'partner')";

fn read(r: &Row<'_>) -> rusqlite::Result<Project> {
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

impl Workspace {
    pub fn create_project(&mut self, input: NewProject) -> Result<Project> {
        let name = validate::name("name", &input.name)?;
        let ours = validate::name("ours", &input.ours)?;
        let partner = validate::name("partner", &input.partner)?;
        if ours.eq_ignore_ascii_case(&partner) {
            return Err(Error::validation("partner", "must be a different company from ours"));
        }
        let archetype = input.archetype.unwrap_or(Archetype::DataSync);
        let target = validate::optional_date("target_launch", input.target_launch.as_deref())?;
        let threshold = match input.threshold_days {
            None => DEFAULT_THRESHOLD_DAYS,
            Some(d) => validate::threshold_days("threshold_days", d.into())?,
        };
        let id = ids::new_id();
        let created_at = self.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.write(|w| {
            let p = |w: &mut Writer<'_>, field: &str, v: serde_json::Value| {
                w.set(&id, Entity::Project, &id, field, v)
            };
            p(w, "name", name.into())?;
            p(w, "ours", ours.into())?;
            p(w, "partner", partner.into())?;
            p(w, "archetype", archetype.as_str().into())?;
            if let Some(t) = target {
                p(w, "target_launch", t.to_string().into())?;
            }
            p(w, "threshold_days", threshold.into())?;
            p(w, "created_at", created_at.into())?;
            crate::raci::write_defaults(w, &id, archetype)?;
            crate::checklist::write_defaults(w, &id, archetype)?;
            // The device that creates a project is with the creating company, `ours`.
            w.conn()
                .execute("INSERT OR IGNORE INTO memberships (project_id, side) VALUES (?1, 'ours')", [&id])?;
            Ok(())
        })?;
        self.project(&id)
    }

    pub fn project(&self, id: &str) -> Result<Project> {
        let id = ids::resolve(self.conn(), Entity::Project, "project", id)?;
        self.conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM projects WHERE id = ?1"))?
            .query_row([&id], read)
            .optional()?
            .ok_or(Error::NotFound { what: "project", id })
    }

    pub fn projects(&self) -> Result<Vec<ProjectSummary>> {
        self.summaries(None)
    }

    /// One project's summary, as `projects` lists it (`None`: not listed, deleted or left).
    pub(crate) fn summary_of(&self, id: &str) -> Result<Option<ProjectSummary>> {
        Ok(self.summaries(Some(id))?.pop())
    }

    /// The full id of a live project (a unique prefix will do), without reading the project.
    pub(crate) fn project_exists(&self, id: &str) -> Result<String> {
        ids::resolve(self.conn(), Entity::Project, "project", id)
    }

    /// The full id of a project, live or deleted (sync keeps going for a deleted project, so
    /// a restore travels too).
    pub fn project_or_deleted(&self, id: &str) -> Result<String> {
        ids::resolve(self.conn(), Entity::Project, "project", id)
            .or_else(|_| ids::resolve_in(self.conn(), Entity::Project, "project", id, true))
    }

    /// The name of a project this workspace has ever held (also a deleted one), by full id.
    pub fn known_project_name(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT coalesce(name, '') FROM projects WHERE id = ?1", [id], |r| r.get(0))
            .optional()?)
    }

    /// Saves where the lead is in the kickoff wizard, so it resumes there.
    pub fn set_wizard_step(&mut self, project: &str, step: WizardStep) -> Result<()> {
        let p = self.project_exists(project)?;
        self.write(|w| w.set(&p, Entity::Project, &p, "wizard_step", step.as_str()))
    }

    /// What the wizard suggests for the project's archetype.
    pub fn guide(&self, project: &str) -> Result<Guide> {
        Ok(kickoff::guide(self.project(project)?.archetype))
    }

    /// Every live project's id (background work walks them).
    pub fn project_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare(&format!("SELECT id FROM projects WHERE {LISTED} ORDER BY id"))?;
        let ids = stmt.query_map(params![], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(ids)
    }
}
