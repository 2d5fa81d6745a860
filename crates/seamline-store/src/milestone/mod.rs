//! The legal and build tracks: milestones on one timeline in two lanes. Only go-live and the
//! marketplace listing are gated on the signed agreement (`seamline_core::tracks`).

use std::ops::Deref;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use seamline_core::kickoff::{self, PlannedMilestone};
use seamline_core::tracks::{check_gate, check_reopen_agreement, weeks_saved, Dated};
use seamline_core::{validate, MilestoneKind, Track};
use serde::{Deserialize, Serialize};

use crate::columns::{date_at, text_at};
use crate::error::{Error, Result};
use crate::ids;
use crate::schema::Entity;
use crate::workspace::{MilestonesRoom, Workspace, Writer};

mod export;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Milestone {
    pub id: String,
    pub project_id: String,
    pub track: Track,
    pub kind: MilestoneKind,
    pub title: String,
    pub planned: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    /// Waits for the signed agreement.
    pub gated: bool,
    /// Planned in the past and not done.
    pub late: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewMilestone {
    pub track: Track,
    pub kind: MilestoneKind,
    /// Blank means the kind's name.
    pub title: Option<String>,
    pub planned: Option<String>,
}

/// The tracks as the timeline shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Tracks {
    pub milestones: Vec<Milestone>,
    pub agreement_signed: bool,
    /// Weeks saved by running legal and build in parallel rather than in series.
    pub weeks_saved: Option<u32>,
    pub today: NaiveDate,
}

const COLUMNS: &str = "id, project_id, track, kind, coalesce(title, ''), planned, done_on";

/// A milestone row as stored: id, project, track, kind, title, planned, done.
type Stored = (String, String, Track, MilestoneKind, String, Option<NaiveDate>, Option<NaiveDate>);

fn read(r: &Row<'_>) -> rusqlite::Result<Stored> {
    Ok((
        r.get(0)?,
        r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        text_at(r, 2)?.and_then(|t| Track::parse("track", t).ok()).unwrap_or(Track::Build),
        text_at(r, 3)?.and_then(|k| MilestoneKind::parse("kind", k).ok()).unwrap_or(MilestoneKind::Custom),
        r.get(4)?,
        date_at(r, 5)?,
        date_at(r, 6)?,
    ))
}

impl Workspace {
    fn to_milestone(&self, (id, project_id, track, kind, title, planned, done): Stored) -> Milestone {
        let today = self.today();
        Milestone {
            late: done.is_none() && planned.is_some_and(|p| p < today),
            gated: kind.gated_on_agreement(),
            id,
            project_id,
            track,
            kind,
            title,
            planned,
            done,
        }
    }

    fn agreement_signed(&self, project: &str) -> Result<bool> {
        Ok(self.conn().prepare_cached(
            "SELECT 1 FROM milestones WHERE project_id = ?1 AND deleted = 0 AND kind = 'agreement-signed' AND done_on IS NOT NULL",
        )?
        .exists([project])?)
    }

    /// Validates a new milestone without writing it.
    pub(crate) fn check_milestone(&self, input: NewMilestone) -> Result<CheckedMilestone> {
        let (track, kind) = (input.track, input.kind);
        if let Some(home) = kind.track().filter(|t| *t != track) {
            return Err(Error::validation(
                "track",
                format!("{} belongs on the {} track", kind.label(), home),
            ));
        }
        let title = match validate::optional_name("title", input.title.as_deref())? {
            Some(t) => t,
            None => kind.label().to_string(),
        };
        let planned = validate::optional_date("planned", input.planned.as_deref())?;
        Ok(CheckedMilestone { track, kind, title, planned })
    }
}

impl<W: Deref<Target = Workspace>> MilestonesRoom<W> {
    /// Both tracks' milestones, by date (done, else planned); undated last.
    pub fn list(&self, project: &str) -> Result<Vec<Milestone>> {
        let project = self.ws.project_exists(project)?;
        let mut stmt = self.ws.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM milestones WHERE project_id = ?1 AND deleted = 0
             ORDER BY coalesce(done_on, planned) IS NULL, coalesce(done_on, planned), track, id"
        ))?;
        let rows: Vec<_> = stmt.query_map([project], read)?.collect::<Result<_, _>>()?;
        Ok(rows.into_iter().map(|r| self.ws.to_milestone(r)).collect())
    }

    pub fn get(&self, id: &str) -> Result<Milestone> {
        let id = ids::resolve(self.ws.conn(), Entity::Milestone, "milestone", id)?;
        let row = self
            .ws
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM milestones WHERE id = ?1"))?
            .query_row([&id], read)
            .optional()?
            .ok_or(Error::NotFound { what: "milestone", id })?;
        Ok(self.ws.to_milestone(row))
    }

    pub fn tracks(&self, project: &str) -> Result<Tracks> {
        let project = self.ws.project_exists(project)?;
        let milestones = self.list(&project)?;
        let dated: Vec<Dated> = milestones
            .iter()
            .filter_map(|m| Some(Dated { track: m.track, date: m.done.or(m.planned)? }))
            .collect();
        Ok(Tracks {
            agreement_signed: self.ws.agreement_signed(&project)?,
            weeks_saved: weeks_saved(&dated).map(|w| w as u32),
            today: self.ws.today(),
            milestones,
        })
    }
}

impl MilestonesRoom<&mut Workspace> {
    pub fn add(&mut self, project: &str, input: NewMilestone) -> Result<Milestone> {
        let project = self.ws.project_exists(project)?;
        let checked = self.ws.check_milestone(input)?;
        let id = self.ws.write(|w| write_new(w, &project, &checked))?;
        self.get(&id)
    }

    /// Marks a milestone done on `on` (default today). Go-live and the listing are refused
    /// until the agreement is signed.
    pub fn complete(&mut self, id: &str, on: Option<NaiveDate>) -> Result<Milestone> {
        let m = self.get(id)?;
        let today = self.ws.today();
        let on = on.unwrap_or(today);
        if on > today {
            return Err(Error::validation(
                "on",
                format!("must not be in the future (got {on}, today is {today})"),
            ));
        }
        check_gate(m.kind, self.ws.agreement_signed(&m.project_id)?)?;
        self.ws.write(|w| w.set(&m.project_id, Entity::Milestone, &m.id, "done_on", on.to_string()))?;
        self.get(&m.id)
    }

    /// Marks a milestone not done. The agreement cannot be un-signed while a milestone that
    /// waited for it is done.
    pub fn reopen(&mut self, id: &str) -> Result<Milestone> {
        let m = self.get(id)?;
        if m.kind == MilestoneKind::AgreementSigned {
            let gated_done = self.list(&m.project_id)?.into_iter().find(|x| x.gated && x.done.is_some());
            let others_signed: i64 = self.ws.conn().query_row(
                "SELECT count(*) FROM milestones WHERE project_id = ?1 AND deleted = 0 AND kind = 'agreement-signed'
                 AND done_on IS NOT NULL AND id <> ?2",
                params![m.project_id, m.id],
                |r| r.get(0),
            )?;
            check_reopen_agreement(gated_done.as_ref().map(|g| g.title.as_str()), others_signed > 0)?;
        }
        self.ws
            .write(|w| w.set(&m.project_id, Entity::Milestone, &m.id, "done_on", serde_json::Value::Null))?;
        self.get(&m.id)
    }

    /// Renames a milestone (its kind stays).
    pub fn rename(&mut self, id: &str, title: &str) -> Result<Milestone> {
        let m = self.get(id)?;
        let title = validate::name("title", title)?;
        self.ws.write(|w| w.set(&m.project_id, Entity::Milestone, &m.id, "title", &title))?;
        self.get(&m.id)
    }

    /// Moves a milestone's planned date (`None` clears it).
    pub fn reschedule(&mut self, id: &str, planned: Option<NaiveDate>) -> Result<Milestone> {
        let m = self.get(id)?;
        self.ws.write(|w| {
            w.set(&m.project_id, Entity::Milestone, &m.id, "planned", planned.map(|d| d.to_string()))
        })?;
        self.get(&m.id)
    }

    pub fn delete(&mut self, id: &str) -> Result<()> {
        let m = self.get(id)?;
        self.ws.write(|w| w.delete(&m.project_id, Entity::Milestone, &m.id))
    }
}

/// A new milestone whose input passed the checks.
pub(crate) struct CheckedMilestone {
    track: Track,
    kind: MilestoneKind,
    title: String,
    planned: Option<NaiveDate>,
}

/// Writes a checked milestone; returns its id.
pub(crate) fn write_new(w: &mut Writer<'_>, project: &str, m: &CheckedMilestone) -> Result<String> {
    let id = ids::new_id();
    w.set(project, Entity::Milestone, &id, "track", m.track.as_str())?;
    w.set(project, Entity::Milestone, &id, "kind", m.kind.as_str())?;
    w.set(project, Entity::Milestone, &id, "title", &m.title)?;
    if let Some(p) = m.planned {
        w.set(project, Entity::Milestone, &id, "planned", p.to_string())?;
    }
    Ok(id)
}

impl<W: Deref<Target = Workspace>> MilestonesRoom<W> {
    /// The typical milestones of the project's archetype dated back from its target launch,
    /// leaving out the kinds the project already has.
    pub fn plan(&self, project: &str) -> Result<Vec<PlannedMilestone>> {
        let p = self.ws.projects().get(project)?;
        let have: Vec<_> = self.list(&p.id)?.into_iter().map(|m| m.kind).collect();
        Ok(kickoff::milestone_plan(p.archetype, p.target_launch)
            .into_iter()
            .filter(|m| !have.contains(&m.kind))
            .collect())
    }
}

impl MilestonesRoom<&mut Workspace> {
    /// Adds several milestones at once (the wizard's plan): all of them, or none when one is
    /// refused.
    pub fn add_many(&mut self, project: &str, list: Vec<NewMilestone>) -> Result<Vec<Milestone>> {
        let project = self.ws.project_exists(project)?;
        let checked = list
            .into_iter()
            .enumerate()
            .map(|(i, m)| self.ws.check_milestone(m).map_err(|e| in_row(e, i)))
            .collect::<Result<Vec<_>>>()?;
        let ids: Vec<String> = self
            .ws
            .write(|w| checked.iter().map(|m| crate::milestone::write_new(w, &project, m)).collect())?;
        let all = self.list(&project)?;
        Ok(all.into_iter().filter(|m| ids.contains(&m.id)).collect())
    }
}

/// Says which row of a batch an error is about.
fn in_row(e: Error, row: usize) -> Error {
    match e {
        Error::Validation { field, message } => {
            Error::Validation { field, message: format!("{message} (milestone {})", row + 1) }
        }
        other => other,
    }
}
