//! Taking back edits already taken: a removed device's edits stamped after its cut, once this
//! workspace learns of the removal (whenever that is: a removal held back from the folder
//! arrives late). They leave the log for `refused_ops`, with the reason, and every row they
//! touched is projected again from the ops that remain, as if they had never arrived.

use std::collections::BTreeSet;

use rusqlite::{params, Connection};
use serde_json::Value as Json;

use super::batch::{insert_new_row, row_winners};
use super::{Op, Stamps};
use crate::error::Result;
use crate::schema::{Entity, DELETED};

/// Moves `device`'s ops of `project` stamped after `cut_hlc` out of the log and re-projects
/// what they touched. Returns how many it took back.
pub fn refuse_after(
    conn: &Connection,
    project: &str,
    device: &str,
    cut_hlc: i64,
    reason: &str,
) -> Result<usize> {
    let moved = conn.execute(
        "INSERT OR IGNORE INTO refused_ops (hlc, device, project_id, entity, row_id, field, value, reason)
         SELECT hlc, device, project_id, entity, row_id, field, value, ?4 FROM ops
         WHERE project_id = ?1 AND device = ?2 AND hlc > ?3",
        params![project, device, cut_hlc, reason],
    )?;
    if moved == 0 {
        return Ok(0);
    }
    let rows: BTreeSet<(String, String)> = conn
        .prepare(
            "SELECT DISTINCT entity, row_id FROM ops WHERE project_id = ?1 AND device = ?2 AND hlc > ?3",
        )?
        .query_map(params![project, device, cut_hlc], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let taken = conn.execute(
        "DELETE FROM ops WHERE project_id = ?1 AND device = ?2 AND hlc > ?3",
        params![project, device, cut_hlc],
    )?;
    for (entity, row) in &rows {
        if let Some(entity) = Entity::parse(entity) {
            reproject_row(conn, entity, row, project)?;
        }
    }
    // What is kept about the device's ops follows the log (the status page's day is a
    // function of the ops alone).
    super::activity::recount_activity(conn, project, device)?;
    Ok(taken)
}

/// Projects one row again from every op of it in the log (none left: the row goes).
pub(crate) fn reproject_row(conn: &Connection, entity: Entity, row_id: &str, project: &str) -> Result<()> {
    conn.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", entity.table()))?.execute([row_id])?;
    let winners = row_winners(conn, entity.as_str(), row_id)?;
    let touched: Option<i64> = conn
        .prepare_cached("SELECT max(hlc) FROM ops WHERE entity = ?1 AND row_id = ?2 AND field <> ?3")?
        .query_row(params![entity.as_str(), row_id, DELETED], |r| r.get(0))?;
    let ops: Vec<Op> = winners
        .into_iter()
        .filter(|(field, _)| field == DELETED || entity.field_kind(field).is_some())
        .map(|(field, (hlc, value))| Op {
            hlc,
            device: String::new(),
            project_id: project.to_string(),
            entity: entity.as_str().to_string(),
            row_id: row_id.to_string(),
            field,
            value: serde_json::from_str(&value).unwrap_or(Json::Null),
            prev_hlc: None,
            prev_device: None,
            made_at: None,
        })
        .collect();
    if ops.is_empty() {
        return Ok(());
    }
    let written: Option<i64> = match entity.written_by() {
        Some(by) => conn
            .prepare_cached(&format!(
                "SELECT min({}) FROM ops WHERE entity = ?1 AND row_id = ?2 AND field = ?3",
                super::SHOWN_MS
            ))?
            .query_row(params![entity.as_str(), row_id, by], |r| r.get(0))?,
        None => None,
    };
    let refs: Vec<&Op> = ops.iter().collect();
    let mut arrival = super::open_counts::Arrivals::default();
    insert_new_row(conn, entity, row_id, project, &refs, Stamps { touched, written }, &mut arrival)?;
    arrival.write(conn)?;
    Ok(())
}
