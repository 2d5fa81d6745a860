//! The scope's three text lists: user stories, the workflow map (ordered steps, each with the
//! side that acts) and boundaries (what the integration will not do). Criteria share the
//! row helpers (`List`).

use std::ops::Deref;

use seamline_core::{validate, Side};
use serde::Serialize;
use serde_json::Value as Json;

use crate::error::Result;
use crate::ids;
use crate::schema::Entity;
use crate::workspace::{ScopeRoom, Workspace};

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

/// The ordered text lists of a scope share their add/edit/remove/move code.
#[derive(Clone, Copy)]
pub(crate) enum List {
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
    pub(crate) fn list_row(&self, list: List, id: &str) -> Result<(String, String)> {
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

    pub(crate) fn scope_items(&self, list: List, project: &str) -> Result<Vec<ScopeItem>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT id, coalesce(text, '') FROM {} WHERE project_id = ?1 AND deleted = 0 ORDER BY position, id",
            list.entity().table()
        ))?;
        let rows = stmt
            .query_map([project], |r| Ok(ScopeItem { id: r.get(0)?, text: r.get(1)? }))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    fn scope_item(&self, list: List, id: &str) -> Result<ScopeItem> {
        Ok(self.conn().query_row(
            &format!("SELECT id, coalesce(text, '') FROM {} WHERE id = ?1", list.entity().table()),
            [id],
            |r| Ok(ScopeItem { id: r.get(0)?, text: r.get(1)? }),
        )?)
    }

    fn workflow_step(&self, id: &str) -> Result<WorkflowStep> {
        Ok(self.conn().query_row(
            "SELECT id, side, coalesce(text, '') FROM workflow_steps WHERE id = ?1",
            [id],
            step_row,
        )?)
    }
}

impl<W: Deref<Target = Workspace>> ScopeRoom<W> {
    pub fn stories(&self, project: &str) -> Result<Vec<ScopeItem>> {
        let project = self.ws.project_exists(project)?;
        self.ws.scope_items(List::Story, &project)
    }

    pub fn boundaries(&self, project: &str) -> Result<Vec<ScopeItem>> {
        let project = self.ws.project_exists(project)?;
        self.ws.scope_items(List::Boundary, &project)
    }

    pub fn workflow(&self, project: &str) -> Result<Vec<WorkflowStep>> {
        let project = self.ws.project_exists(project)?;
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT id, side, coalesce(text, '') FROM workflow_steps WHERE project_id = ?1 AND deleted = 0
             ORDER BY position, id",
        )?;
        let rows = stmt.query_map([&project], step_row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

impl ScopeRoom<&mut Workspace> {
    // ---- user stories -------------------------------------------------------------------

    pub fn add_story(&mut self, project: &str, text: &str) -> Result<ScopeItem> {
        let id = self.ws.add_text(List::Story, project, text, &[])?;
        self.ws.scope_item(List::Story, &id)
    }

    pub fn update_story(&mut self, id: &str, text: &str) -> Result<ScopeItem> {
        let id = self.ws.edit_text(List::Story, id, text)?;
        self.ws.scope_item(List::Story, &id)
    }

    /// Removes a story; its criteria stay in the scope, no longer under a story.
    pub fn remove_story(&mut self, id: &str) -> Result<()> {
        let (id, project) = self.ws.list_row(List::Story, id)?;
        let mut stmt = self
            .ws
            .conn()
            .prepare("SELECT id FROM criteria WHERE project_id = ?1 AND story_id = ?2 AND deleted = 0")?;
        let criteria: Vec<String> =
            stmt.query_map([&project, &id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        drop(stmt);
        self.ws.write(|w| {
            for c in &criteria {
                w.set(&project, Entity::Criterion, c, "story_id", Json::Null)?;
            }
            w.delete(&project, Entity::Story, &id)
        })
    }

    // ---- boundaries ---------------------------------------------------------------------

    pub fn add_boundary(&mut self, project: &str, text: &str) -> Result<ScopeItem> {
        let id = self.ws.add_text(List::Boundary, project, text, &[])?;
        self.ws.scope_item(List::Boundary, &id)
    }

    pub fn update_boundary(&mut self, id: &str, text: &str) -> Result<ScopeItem> {
        let id = self.ws.edit_text(List::Boundary, id, text)?;
        self.ws.scope_item(List::Boundary, &id)
    }

    pub fn remove_boundary(&mut self, id: &str) -> Result<()> {
        let (id, project) = self.ws.list_row(List::Boundary, id)?;
        self.ws.write(|w| w.delete(&project, Entity::Boundary, &id))
    }

    // ---- the workflow map ---------------------------------------------------------------

    pub fn add_workflow_step(&mut self, project: &str, side: Side, text: &str) -> Result<WorkflowStep> {
        let id = self.ws.add_text(List::Step, project, text, &[("side", side.as_str().into())])?;
        self.ws.workflow_step(&id)
    }

    /// Rewords a step and sets the side that acts: one write, both or neither.
    pub fn update_workflow_step(&mut self, id: &str, side: Side, text: &str) -> Result<WorkflowStep> {
        let (id, project) = self.ws.list_row(List::Step, id)?;
        let text = validate::text("text", text)?;
        self.ws.write(|w| {
            w.set(&project, Entity::WorkflowStep, &id, "text", &text)?;
            w.set(&project, Entity::WorkflowStep, &id, "side", side.as_str())
        })?;
        self.ws.workflow_step(&id)
    }

    pub fn move_workflow_step(&mut self, id: &str, index: u32) -> Result<()> {
        self.ws.move_row(List::Step, id, index)
    }

    pub fn remove_workflow_step(&mut self, id: &str) -> Result<()> {
        let (id, project) = self.ws.list_row(List::Step, id)?;
        self.ws.write(|w| w.delete(&project, Entity::WorkflowStep, &id))
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
