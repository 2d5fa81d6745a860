//! Notes the ops whose values break their field's rule, as they arrive (and all of them once,
//! when a workspace made before the rules opens); `crate::invalid` lists them.

use rusqlite::{params, Connection};

use super::Op;
use crate::error::Result;
use crate::schema::Entity;

/// Notes the ops of a batch whose values break their field's rule.
pub(crate) fn note(conn: &Connection, ops: &[Op]) -> Result<()> {
    for op in ops {
        let Some(entity) = Entity::parse(&op.entity) else { continue };
        let Some(reason) = entity.check(&op.field, &op.value) else { continue };
        conn.prepare_cached(
            "INSERT OR IGNORE INTO invalid_values (project_id, entity, row_id, field, hlc, device, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            op.project_id,
            op.entity,
            op.row_id,
            op.field,
            op.hlc,
            op.device,
            reason
        ])?;
    }
    Ok(())
}

/// Notes every op of the log whose value breaks its field's rule (once, when a workspace
/// made before the rules opens).
pub(crate) fn note_all(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device, made_at FROM ops",
    )?;
    let mut rows = stmt.query([])?;
    let mut batch = Vec::with_capacity(1024);
    while let Some(r) = rows.next()? {
        batch.push(super::read_op(r)?);
        if batch.len() == 1024 {
            note(conn, &batch)?;
            batch.clear();
        }
    }
    note(conn, &batch)
}
