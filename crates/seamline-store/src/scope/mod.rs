//! The scope both companies sign: user stories, the workflow map, acceptance criteria on
//! either side of the cut line, and boundaries.

pub(crate) mod criterion;
pub(crate) mod lists;
pub mod signature;

use std::ops::Deref;

use rusqlite::Connection;
use seamline_core::scope::ScopeContent;
use seamline_core::Cut;
use serde::Serialize;

use crate::error::Result;
use crate::workspace::{ScopeRoom, Workspace};
use lists::List;

pub use criterion::{Criterion, CutMove};
pub use lists::{ScopeItem, WorkflowStep};
pub use signature::{Recorded, Signature};

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

impl<W: Deref<Target = Workspace>> ScopeRoom<W> {
    pub fn get(&self, project: &str) -> Result<Scope> {
        let project = self.ws.project_exists(project)?;
        Ok(Scope {
            hash: crate::scope::content(self.ws.conn(), &project)?.hash(),
            stories: self.ws.scope_items(List::Story, &project)?,
            workflow: self.workflow(&project)?,
            criteria: self.criteria(&project)?,
            boundaries: self.ws.scope_items(List::Boundary, &project)?,
            signatures: self.signatures(&project)?,
            moves: self.cut_moves(&project)?,
        })
    }
}

/// What a signature of `project_id` covers right now.
pub(crate) fn content(conn: &Connection, project_id: &str) -> Result<ScopeContent> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(text, ''), coalesce(cut, 'v1') FROM criteria WHERE project_id = ?1 AND deleted = 0",
    )?;
    let criteria = stmt
        .query_map([project_id], |r| {
            let cut: String = r.get(1)?;
            Ok((r.get(0)?, Cut::parse("cut", &cut).unwrap_or(Cut::V1)))
        })?
        .collect::<Result<_, _>>()?;
    with_criteria(conn, project_id, criteria)
}

/// [`content`] with the project's criteria already read (as `ScopeRoom::criteria` reads them:
/// the same text and cut), so the portfolio does not read them twice.
pub(crate) fn content_with(
    conn: &Connection,
    project_id: &str,
    criteria: &[Criterion],
) -> Result<ScopeContent> {
    with_criteria(conn, project_id, criteria.iter().map(|c| (c.text.clone(), c.cut)).collect())
}

fn with_criteria(conn: &Connection, project_id: &str, criteria: Vec<(String, Cut)>) -> Result<ScopeContent> {
    Ok(ScopeContent {
        stories: texts(conn, "stories", project_id)?,
        criteria,
        boundaries: texts(conn, "boundaries", project_id)?,
    })
}

fn texts(conn: &Connection, table: &str, project_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT coalesce(text, '') FROM {table} WHERE project_id = ?1 AND deleted = 0"
    ))?;
    let rows = stmt.query_map([project_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
