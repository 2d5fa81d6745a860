//! Kickoff: writing the scope (user stories, the workflow map, criteria, boundaries), signing
//! it, the wizard's saved step, and the milestone plan counted back from the target launch.
//! The rules (hashing, defaults per archetype) live in `seamline_core`.

use rusqlite::OptionalExtension;
use seamline_core::kickoff::{self, Guide, PlannedMilestone};
use seamline_core::{validate, Side, WizardStep};
use serde::Serialize;
use serde_json::Value as Json;

use crate::cadence::CutMove;
use crate::error::{Error, Result};
use crate::ids;
use crate::milestone::{Milestone, NewMilestone};
use crate::reads::{Criterion, Signature};
use crate::schema::Entity;
use crate::workspace::Workspace;

/// A user story or a boundary: ordered text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScopeItem {
    pub id: String,
    pub text: String,
}

/// One step of the workflow map, and the side that acts in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorkflowStep {
    pub id: String,
    pub side: Side,
    pub text: String,
}

/// The whole scope of a project as the scope screen and `scope show` present it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Scope {
    /// The hash a signature made now would cover.
    pub hash: String,
    pub stories: Vec<ScopeItem>,
    pub workflow: Vec<WorkflowStep>,
    pub criteria: Vec<Criterion>,
    pub boundaries: Vec<ScopeItem>,
    pub signatures: Vec<Signature>,
    /// Moves across the cut line, newest first.
    pub moves: Vec<CutMove>,
}

/// The ordered text lists of a scope share their add/edit/remove/move code.
#[derive(Clone, Copy)]
enum List {
    Story,
    Boundary,
    Step,
    Criterion,
}

impl List {
    fn entity(self) -> Entity {
        match self {
            List::Story => Entity::Story,
            List::Boundary => Entity::Boundary,
            List::Step => Entity::WorkflowStep,
            List::Criterion => Entity::Criterion,
        }
    }

    /// The input's name in messages (matches the command's flag and the form's field).
    fn field(self) -> &'static str {
        match self {
            List::Story => "story",
            List::Boundary => "boundary",
            List::Step => "step",
            List::Criterion => "criterion",
        }
    }
}

impl Workspace {
    /// A live row of `list` and the project it belongs to.
    fn list_row(&self, list: List, id: &str) -> Result<(String, String)> {
        let id = ids::resolve(self.conn(), list.entity(), list.field(), id)?;
        let project: String = self.conn().query_row(
            &format!("SELECT project_id FROM {} WHERE id = ?1", list.entity().table()),
            [&id],
            |r| r.get(0),
        )?;
        Ok((id, project))
    }

    fn next_position(&self, list: List, project: &str) -> Result<f64> {
        Ok(self.conn().query_row(
            &format!(
                "SELECT coalesce(max(position), 0) + 1 FROM {} WHERE project_id = ?1 AND deleted = 0",
                list.entity().table()
            ),
            [project],
            |r| r.get(0),
        )?)
    }

    fn add_text(&mut self, list: List, project: &str, text: &str, extra: &[(&str, Json)]) -> Result<String> {
        let project = self.project_exists(project)?;
        let text = validate::text("text", text)?;
        let position = self.next_position(list, &project)?;
        let id = ids::new_id();
        let entity = list.entity();
        self.write(|w| {
            w.set(&project, entity, &id, "text", &text)?;
            w.set(&project, entity, &id, "position", position)?;
            for (field, value) in extra {
                w.set(&project, entity, &id, field, value)?;
            }
            Ok(())
        })?;
        Ok(id)
    }

    fn edit_text(&mut self, list: List, id: &str, text: &str) -> Result<String> {
        let (id, project) = self.list_row(list, id)?;
        let text = validate::text("text", text)?;
        self.write(|w| w.set(&project, list.entity(), &id, "text", &text))?;
        Ok(id)
    }

    /// Moves a row to `index` (0 = first), renumbering the list (see `move_workstream`).
    fn move_row(&mut self, list: List, id: &str, index: u32) -> Result<()> {
        let (id, project) = self.list_row(list, id)?;
        let table = list.entity().table();
        let mut stmt = self.conn().prepare(&format!(
            "SELECT id FROM {table} WHERE project_id = ?1 AND deleted = 0 ORDER BY position, id"
        ))?;
        let mut order: Vec<String> = stmt.query_map([&project], |r| r.get(0))?.collect::<Result<_, _>>()?;
        drop(stmt);
        order.retain(|r| *r != id);
        order.insert((index as usize).min(order.len()), id);
        self.write(|w| {
            for (i, row) in order.iter().enumerate() {
                w.set(&project, list.entity(), row, "position", (i + 1) as f64)?;
            }
            Ok(())
        })
    }

    fn scope_items(&self, list: List, project: &str) -> Result<Vec<ScopeItem>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT id, coalesce(text, '') FROM {} WHERE project_id = ?1 AND deleted = 0 ORDER BY position, id",
            list.entity().table()
        ))?;
        let rows = stmt
            .query_map([project], |r| Ok(ScopeItem { id: r.get(0)?, text: r.get(1)? }))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    // ---- user stories -------------------------------------------------------------------

    pub fn add_story(&mut self, project: &str, text: &str) -> Result<ScopeItem> {
        let id = self.add_text(List::Story, project, text, &[])?;
        self.scope_item(List::Story, &id)
    }

    pub fn update_story(&mut self, id: &str, text: &str) -> Result<ScopeItem> {
        let id = self.edit_text(List::Story, id, text)?;
        self.scope_item(List::Story, &id)
    }

    /// Removes a story; its criteria stay in the scope, no longer under a story.
    pub fn remove_story(&mut self, id: &str) -> Result<()> {
        let (id, project) = self.list_row(List::Story, id)?;
        let mut stmt = self
            .conn()
            .prepare("SELECT id FROM criteria WHERE project_id = ?1 AND story_id = ?2 AND deleted = 0")?;
        let criteria: Vec<String> =
            stmt.query_map([&project, &id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        drop(stmt);
        self.write(|w| {
            for c in &criteria {
                w.set(&project, Entity::Criterion, c, "story_id", Json::Null)?;
            }
            w.delete(&project, Entity::Story, &id)
        })
    }

    pub fn stories(&self, project: &str) -> Result<Vec<ScopeItem>> {
        let project = self.project_exists(project)?;
        self.scope_items(List::Story, &project)
    }

    // ---- boundaries ---------------------------------------------------------------------

    pub fn add_boundary(&mut self, project: &str, text: &str) -> Result<ScopeItem> {
        let id = self.add_text(List::Boundary, project, text, &[])?;
        self.scope_item(List::Boundary, &id)
    }

    pub fn update_boundary(&mut self, id: &str, text: &str) -> Result<ScopeItem> {
        let id = self.edit_text(List::Boundary, id, text)?;
        self.scope_item(List::Boundary, &id)
    }

    pub fn remove_boundary(&mut self, id: &str) -> Result<()> {
        let (id, project) = self.list_row(List::Boundary, id)?;
        self.write(|w| w.delete(&project, Entity::Boundary, &id))
    }

    pub fn boundaries(&self, project: &str) -> Result<Vec<ScopeItem>> {
        let project = self.project_exists(project)?;
        self.scope_items(List::Boundary, &project)
    }

    fn scope_item(&self, list: List, id: &str) -> Result<ScopeItem> {
        Ok(self.conn().query_row(
            &format!("SELECT id, coalesce(text, '') FROM {} WHERE id = ?1", list.entity().table()),
            [id],
            |r| Ok(ScopeItem { id: r.get(0)?, text: r.get(1)? }),
        )?)
    }

    // ---- the workflow map ---------------------------------------------------------------

    pub fn add_workflow_step(&mut self, project: &str, side: Side, text: &str) -> Result<WorkflowStep> {
        let id = self.add_text(List::Step, project, text, &[("side", side.as_str().into())])?;
        self.workflow_step(&id)
    }

    /// Rewords a step and sets the side that acts: one write, both or neither.
    pub fn update_workflow_step(&mut self, id: &str, side: Side, text: &str) -> Result<WorkflowStep> {
        let (id, project) = self.list_row(List::Step, id)?;
        let text = validate::text("text", text)?;
        self.write(|w| {
            w.set(&project, Entity::WorkflowStep, &id, "text", &text)?;
            w.set(&project, Entity::WorkflowStep, &id, "side", side.as_str())
        })?;
        self.workflow_step(&id)
    }

    pub fn move_workflow_step(&mut self, id: &str, index: u32) -> Result<()> {
        self.move_row(List::Step, id, index)
    }

    pub fn remove_workflow_step(&mut self, id: &str) -> Result<()> {
        let (id, project) = self.list_row(List::Step, id)?;
        self.write(|w| w.delete(&project, Entity::WorkflowStep, &id))
    }

    pub fn workflow(&self, project: &str) -> Result<Vec<WorkflowStep>> {
        let project = self.project_exists(project)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, side, coalesce(text, '') FROM workflow_steps WHERE project_id = ?1 AND deleted = 0
             ORDER BY position, id",
        )?;
        let rows = stmt.query_map([&project], step_row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    fn workflow_step(&self, id: &str) -> Result<WorkflowStep> {
        Ok(self.conn().query_row(
            "SELECT id, side, coalesce(text, '') FROM workflow_steps WHERE id = ?1",
            [id],
            step_row,
        )?)
    }

    // ---- criteria (add, met and cut live in `cadence`) -----------------------------------

    /// Rewords a criterion and (with `Some`) files it under a story; `Some("")` takes it out.
    /// Every input (the text, the story) is checked before the one write: a refused edit
    /// changes nothing.
    pub fn update_criterion(&mut self, id: &str, text: &str, story: Option<&str>) -> Result<Criterion> {
        let (id, project) = self.list_row(List::Criterion, id)?;
        let text = validate::text("text", text)?;
        let story = match story.map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(s) => {
                let (story, story_project) = self.list_row(List::Story, s)?;
                if story_project != project {
                    return Err(Error::validation("story", "must be a user story of the same project"));
                }
                Some(Some(story))
            }
        };
        self.write(|w| {
            w.set(&project, Entity::Criterion, &id, "text", &text)?;
            match story {
                Some(story) => w.set(&project, Entity::Criterion, &id, "story_id", story),
                None => Ok(()),
            }
        })?;
        self.criterion(&id)
    }

    pub fn remove_criterion(&mut self, id: &str) -> Result<()> {
        let (id, project) = self.list_row(List::Criterion, id)?;
        self.write(|w| w.delete(&project, Entity::Criterion, &id))
    }

    // ---- signing ------------------------------------------------------------------------

    /// Signs the scope as it is now for one side, through one of that side's people. The
    /// signature's id comes from project × side, so signing again (after a change made the
    /// signature stale) replaces it, also when the other device signed too.
    pub fn sign_scope(&mut self, project: &str, side: Side, person: &str) -> Result<Signature> {
        let p = self.project(project)?;
        let person = self.person_on(&p, "person", person)?;
        if person.side != side {
            return Err(Error::validation(
                "person",
                format!(
                    "must be on the {side} side ({}) to sign for it; {} is on the {} side ({})",
                    p.company(side),
                    person.name,
                    person.side,
                    p.company(person.side)
                ),
            ));
        }
        let content = crate::scope::content(self.conn(), &p.id)?;
        if content.criteria.is_empty() {
            return Err(Error::validation(
                "scope",
                "has no acceptance criteria yet; write what done means before signing it",
            ));
        }
        let hash = content.hash();
        let at = self.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let id = ids::natural_id(Entity::Signoff, &[&p.id, side.as_str()]);
        self.write(|w| {
            w.set(&p.id, Entity::Signoff, &id, "side", side.as_str())?;
            w.set(&p.id, Entity::Signoff, &id, "person_id", &person.id)?;
            w.set(&p.id, Entity::Signoff, &id, "signed_at", &at)?;
            w.set(&p.id, Entity::Signoff, &id, "scope_hash", &hash)?;
            // A withdrawn signature is a deleted row; signing again brings it back.
            w.set(&p.id, Entity::Signoff, &id, crate::schema::DELETED, false)
        })?;
        self.signatures(&p.id)?
            .into_iter()
            .find(|s| s.side == side)
            .ok_or(Error::Internal("signature vanished".into()))
    }

    /// Withdraws one side's signature.
    pub fn unsign_scope(&mut self, project: &str, side: Side) -> Result<()> {
        let p = self.project(project)?;
        let id = ids::natural_id(Entity::Signoff, &[&p.id, side.as_str()]);
        let exists = self
            .conn()
            .query_row("SELECT 1 FROM signoffs WHERE id = ?1 AND deleted = 0", [&id], |_| Ok(()))
            .optional()?
            .is_some();
        if !exists {
            return Err(Error::NotFound { what: "signature", id: format!("{} side", side) });
        }
        self.write(|w| w.delete(&p.id, Entity::Signoff, &id))
    }

    pub fn scope(&self, project: &str) -> Result<Scope> {
        let project = self.project_exists(project)?;
        Ok(Scope {
            hash: crate::scope::content(self.conn(), &project)?.hash(),
            stories: self.scope_items(List::Story, &project)?,
            workflow: self.workflow(&project)?,
            criteria: self.criteria(&project)?,
            boundaries: self.scope_items(List::Boundary, &project)?,
            signatures: self.signatures(&project)?,
            moves: self.cut_moves(&project)?,
        })
    }

    // ---- the wizard ---------------------------------------------------------------------

    /// Saves where the lead is in the kickoff wizard, so it resumes there.
    pub fn set_wizard_step(&mut self, project: &str, step: WizardStep) -> Result<()> {
        let p = self.project_exists(project)?;
        self.write(|w| w.set(&p, Entity::Project, &p, "wizard_step", step.as_str()))
    }

    /// What the wizard suggests for the project's archetype.
    pub fn guide(&self, project: &str) -> Result<Guide> {
        Ok(kickoff::guide(self.project(project)?.archetype))
    }

    /// The typical milestones of the project's archetype dated back from its target launch,
    /// leaving out the kinds the project already has.
    pub fn milestone_plan(&self, project: &str) -> Result<Vec<PlannedMilestone>> {
        let p = self.project(project)?;
        let have: Vec<_> = self.milestones(&p.id)?.into_iter().map(|m| m.kind).collect();
        Ok(kickoff::milestone_plan(p.archetype, p.target_launch)
            .into_iter()
            .filter(|m| !have.contains(&m.kind))
            .collect())
    }

    /// Adds several milestones at once (the wizard's plan): all of them, or none when one is
    /// refused.
    pub fn add_milestones(&mut self, project: &str, list: Vec<NewMilestone>) -> Result<Vec<Milestone>> {
        let project = self.project_exists(project)?;
        let checked = list
            .into_iter()
            .enumerate()
            .map(|(i, m)| self.check_milestone(m).map_err(|e| in_row(e, i)))
            .collect::<Result<Vec<_>>>()?;
        let ids: Vec<String> =
            self.write(|w| checked.iter().map(|m| crate::milestone::write_new(w, &project, m)).collect())?;
        let all = self.milestones(&project)?;
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

fn step_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<WorkflowStep> {
    let side: Option<String> = r.get(1)?;
    Ok(WorkflowStep {
        id: r.get(0)?,
        side: side.and_then(|s| Side::parse("side", &s).ok()).unwrap_or(Side::Ours),
        text: r.get(2)?,
    })
}
