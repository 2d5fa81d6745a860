//! Projects: the two companies, the archetype, the target launch, the escalation threshold,
//! the cadence, and who owns the work and takes escalations on each side.

use std::ops::Deref;

use rusqlite::{params, OptionalExtension};
use seamline_core::kickoff::{self, Guide};
use seamline_core::{validate, Archetype, WizardStep};

use crate::error::{Error, Result};
use crate::ids;
use crate::schema::Entity;
use crate::workspace::{ProjectsRoom, Workspace, Writer};

mod deletion;
pub(crate) mod model;
mod summary;
mod update;
pub use deletion::{DeletedProject, Removal};
use model::{read, COLUMNS, COLUMN_COUNT, LISTED};
pub use model::{NewProject, Project, ProjectSummary};
pub use update::ProjectPatch;

/// The playbook's default: past five business days a blocker escalates.
pub use seamline_core::vocabulary::DEFAULT_THRESHOLD_DAYS;

impl Workspace {
    /// One project's summary, as `ProjectsRoom::list` lists it but without its open blockers
    /// counted (`None`: not listed, deleted or left).
    pub(crate) fn uncounted_summary_of(&self, id: &str) -> Result<Option<ProjectSummary>> {
        Ok(self.summaries(Some(id), false)?.pop())
    }

    /// The two companies' names (ours, the partner) of a live project, without reading the
    /// rest of it (the RACI's check names them in its messages).
    pub(crate) fn company_names(&self, id: &str) -> Result<(String, String)> {
        let id = self.project_exists(id)?;
        Ok(self
            .conn()
            .prepare_cached("SELECT coalesce(ours, ''), coalesce(partner, '') FROM projects WHERE id = ?1")?
            .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }

    /// The full id of a live project (a unique prefix will do), without reading the project.
    pub(crate) fn project_exists(&self, id: &str) -> Result<String> {
        ids::resolve(self.conn(), Entity::Project, "project", id)
    }
}

impl<W: Deref<Target = Workspace>> ProjectsRoom<W> {
    pub fn get(&self, id: &str) -> Result<Project> {
        let id = ids::resolve(self.ws.conn(), Entity::Project, "project", id)?;
        self.ws
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM projects WHERE id = ?1"))?
            .query_row([&id], read)
            .optional()?
            .ok_or(Error::NotFound { what: "project", id })
    }

    pub fn list(&self) -> Result<Vec<ProjectSummary>> {
        self.ws.summaries(None, true)
    }

    /// The full id of a project, live or deleted (sync keeps going for a deleted project, so
    /// a restore travels too).
    pub fn get_or_deleted(&self, id: &str) -> Result<String> {
        ids::resolve(self.ws.conn(), Entity::Project, "project", id)
            .or_else(|_| ids::resolve_in(self.ws.conn(), Entity::Project, "project", id, true))
    }

    /// The name of a project this workspace has ever held (also a deleted one), by full id.
    pub fn known_name(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .ws
            .conn()
            .query_row("SELECT coalesce(name, '') FROM projects WHERE id = ?1", [id], |r| r.get(0))
            .optional()?)
    }

    /// What the wizard suggests for the project's archetype.
    pub fn guide(&self, project: &str) -> Result<Guide> {
        Ok(kickoff::guide(self.get(project)?.archetype))
    }

    /// Every live project's id (background work walks them).
    pub fn ids(&self) -> Result<Vec<String>> {
        let mut stmt =
            self.ws.conn().prepare(&format!("SELECT id FROM projects WHERE {LISTED} ORDER BY id"))?;
        let ids = stmt.query_map(params![], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(ids)
    }
}

impl ProjectsRoom<&mut Workspace> {
    pub fn create(&mut self, input: NewProject) -> Result<Project> {
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
        let created_at = self.ws.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.ws.write(|w| {
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
        self.get(&id)
    }

    /// Saves where the lead is in the kickoff wizard, so it resumes there.
    pub fn set_wizard_step(&mut self, project: &str, step: WizardStep) -> Result<()> {
        let p = self.ws.project_exists(project)?;
        self.ws.write(|w| w.set(&p, Entity::Project, &p, "wizard_step", step.as_str()))
    }
}
