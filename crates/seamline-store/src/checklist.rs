//! The four checklists (app review, integration test cases, rollout, runbook): pre-filled per
//! archetype when a project is created (`seamline_core::kickoff`), then checkable, annotated
//! and edited like any other synced data.

use std::ops::Deref;

use seamline_core::kickoff::checklist_defaults;
use seamline_core::{validate, Archetype, ChecklistKind};
use serde::Serialize;
use serde_json::Value as Json;

use crate::error::Result;
use crate::ids;
use crate::schema::Entity;
use crate::workspace::{ChecklistsRoom, Workspace, Writer};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChecklistItem {
    pub id: String,
    pub list: ChecklistKind,
    pub text: String,
    pub done: bool,
    pub note: String,
}

/// Writes an archetype's default items into a new project.
pub(crate) fn write_defaults(w: &mut Writer<'_>, project: &str, archetype: Archetype) -> Result<()> {
    for (i, (list, text)) in checklist_defaults(archetype).into_iter().enumerate() {
        let id = ids::new_id();
        w.set(project, Entity::ChecklistItem, &id, "list", list.as_str())?;
        w.set(project, Entity::ChecklistItem, &id, "text", text)?;
        w.set(project, Entity::ChecklistItem, &id, "position", (i + 1) as f64)?;
    }
    Ok(())
}

impl Workspace {
    fn checklist_item(&self, id: &str) -> Result<(ChecklistItem, String)> {
        let id = ids::resolve(self.conn(), Entity::ChecklistItem, "item", id)?;
        let project: String =
            self.conn()
                .query_row("SELECT project_id FROM checklist_items WHERE id = ?1", [&id], |r| r.get(0))?;
        let item = self
            .checklists()
            .list(&project)?
            .into_iter()
            .find(|i| i.id == id)
            .ok_or(crate::Error::NotFound { what: "checklist item", id: id.clone() })?;
        Ok((item, project))
    }
}

impl<W: Deref<Target = Workspace>> ChecklistsRoom<W> {
    /// Every item of a project's checklists, list by list in the playbook's order.
    pub fn list(&self, project: &str) -> Result<Vec<ChecklistItem>> {
        let project = self.ws.project_exists(project)?;
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT id, list, coalesce(text, ''), coalesce(done, 0), coalesce(note, '')
             FROM checklist_items WHERE project_id = ?1 AND deleted = 0 ORDER BY position, id",
        )?;
        let mut items: Vec<ChecklistItem> = stmt
            .query_map([&project], |r| {
                let list: Option<String> = r.get(1)?;
                Ok((list, r.get(0)?, r.get(2)?, r.get::<_, i64>(3)? != 0, r.get(4)?))
            })?
            .filter_map(|row| match row {
                // An item of a list this build does not know (a newer device's) is not shown.
                Ok((list, id, text, done, note)) => list
                    .and_then(|l| ChecklistKind::parse("list", &l).ok())
                    .map(|list| Ok(ChecklistItem { id, list, text, done, note })),
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<_, _>>()?;
        items.sort_by_key(|i| i.list);
        Ok(items)
    }
}

impl ChecklistsRoom<&mut Workspace> {
    pub fn add_item(&mut self, project: &str, list: ChecklistKind, text: &str) -> Result<ChecklistItem> {
        let project = self.ws.project_exists(project)?;
        let text = validate::text("text", text)?;
        let position: f64 = self.ws.conn().query_row(
            "SELECT coalesce(max(position), 0) + 1 FROM checklist_items WHERE project_id = ?1",
            [&project],
            |r| r.get(0),
        )?;
        let id = ids::new_id();
        self.ws.write(|w| {
            w.set(&project, Entity::ChecklistItem, &id, "list", list.as_str())?;
            w.set(&project, Entity::ChecklistItem, &id, "text", &text)?;
            w.set(&project, Entity::ChecklistItem, &id, "position", position)
        })?;
        Ok(self.ws.checklist_item(&id)?.0)
    }

    /// Checks or unchecks an item.
    pub fn check_item(&mut self, id: &str, done: bool) -> Result<ChecklistItem> {
        let (item, project) = self.ws.checklist_item(id)?;
        self.ws.write(|w| w.set(&project, Entity::ChecklistItem, &item.id, "done", done))?;
        Ok(self.ws.checklist_item(&item.id)?.0)
    }

    /// Rewords an item and/or sets its note (`Some("")` clears the note).
    pub fn update_item(&mut self, id: &str, text: Option<&str>, note: Option<&str>) -> Result<ChecklistItem> {
        let (item, project) = self.ws.checklist_item(id)?;
        let text = text.map(|t| validate::text("text", t)).transpose()?;
        let note: Option<Json> = match note.map(str::trim) {
            None => None,
            Some("") => Some(Json::Null),
            Some(n) => Some(validate::text("note", n)?.into()),
        };
        self.ws.write(|w| {
            if let Some(t) = &text {
                w.set(&project, Entity::ChecklistItem, &item.id, "text", t)?;
            }
            if let Some(n) = &note {
                w.set(&project, Entity::ChecklistItem, &item.id, "note", n)?;
            }
            Ok(())
        })?;
        Ok(self.ws.checklist_item(&item.id)?.0)
    }

    pub fn remove_item(&mut self, id: &str) -> Result<()> {
        let (item, project) = self.ws.checklist_item(id)?;
        self.ws.write(|w| w.delete(&project, Entity::ChecklistItem, &item.id))
    }
}
