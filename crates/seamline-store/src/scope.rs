//! The project's scope as stored: user stories, acceptance criteria with their cut, and
//! boundaries. The signing rules themselves live in `seamline_core::scope`.

use rusqlite::Connection;
use seamline_core::scope::ScopeContent;
use seamline_core::Cut;

use crate::error::Result;
use crate::reads::Criterion;

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

/// [`content`] with the project's criteria already read (as `Workspace::criteria` reads them:
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
