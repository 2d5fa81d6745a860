//! The facts `seamline_core::ownership` needs, read from the workspace: which company this
//! device is with, whether the partner's first device is in yet (from then on each company
//! changes only its own facts), the company a row belongs to, and since when the partner
//! writes. The local writer and the import both ask here, so the one rule holds in both.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use seamline_core::ownership;
use seamline_core::Side;
use serde_json::Value as Json;

use crate::error::{Error, Result};

/// Whether the partner company has a device in the project (admitted, or seen writing as one).
pub(crate) fn partner_in(conn: &Connection, project: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM trust_members WHERE project_id = ?1 AND side = 'partner')
                 OR EXISTS (SELECT 1 FROM device_sides WHERE project_id = ?1 AND side = 'partner')",
        )?
        .query_row([project], |r| r.get(0))?)
}

/// Which company this device is with in the project, if it said.
pub(crate) fn my_side(conn: &Connection, project: &str) -> Result<Option<Side>> {
    let side: Option<String> = conn
        .prepare_cached("SELECT side FROM memberships WHERE project_id = ?1")?
        .query_row([project], |r| r.get(0))
        .optional()?;
    Ok(side.and_then(|s| Side::parse("side", &s).ok()))
}

/// The company a row of a per-company entity belongs to: the side it has now, or the one the
/// write gives it.
pub(crate) fn row_side(
    conn: &Connection,
    entity: &str,
    row_id: &str,
    field: &str,
    value: &Json,
) -> Result<Option<Side>> {
    let table = match entity {
        "person" => "people",
        "raci_cell" => "raci_cells",
        "workflow_step" => "workflow_steps",
        _ => return Ok(None),
    };
    let current: Option<Option<String>> = conn
        .prepare_cached(&format!("SELECT side FROM {table} WHERE id = ?1"))?
        .query_row([row_id], |r| r.get(0))
        .optional()?;
    let current = current.flatten().and_then(|s| Side::parse("side", &s).ok());
    let given = (field == "side").then(|| value.as_str().and_then(|s| Side::parse("side", s).ok())).flatten();
    Ok(current.or(given))
}

/// What this device may change, per project, as a write goes.
#[derive(Default)]
pub(crate) struct Guard {
    /// Per project: this device's company (`None`: not said, as in a project of its own made
    /// before memberships existed) and whether the partner is in.
    known: HashMap<String, (Option<Side>, bool)>,
}

impl Guard {
    /// Refuses a local change of the other company's facts, with the sentence that says whose
    /// they are and to suggest it instead.
    pub(crate) fn check(
        &mut self,
        conn: &Connection,
        project: &str,
        entity: &str,
        row_id: &str,
        field: &str,
        value: &Json,
    ) -> Result<()> {
        if ownership::owner(entity, field, None) == ownership::Owner::Both
            && !matches!(entity, "person" | "raci_cell" | "workflow_step")
        {
            return Ok(());
        }
        let (mine, apart) = match self.known.get(project) {
            Some(k) => *k,
            None => {
                let mine = my_side(conn, project)?;
                let apart = mine == Some(Side::Partner) || partner_in(conn, project)?;
                self.known.insert(project.to_string(), (mine, apart));
                (mine, apart)
            }
        };
        let Some(mine) = mine else { return Ok(()) };
        let side = row_side(conn, entity, row_id, field, value)?;
        // A row moved to the other company's side is the other company's too.
        let given =
            (field == "side").then(|| value.as_str().and_then(|s| Side::parse("side", s).ok())).flatten();
        for side in [side, given] {
            if !ownership::may_change(entity, field, side, mine, apart) {
                let owner = match ownership::owner(entity, field, side) {
                    ownership::Owner::Company(s) => s,
                    ownership::Owner::Both => mine.other(),
                };
                let company = company_name(conn, project, owner)?;
                return Err(Error::NotYours(ownership::refusal(&company, entity, field)));
            }
        }
        Ok(())
    }
}

/// A company's name in the project.
pub(crate) fn company_name(conn: &Connection, project: &str, side: Side) -> Result<String> {
    let column = if side == Side::Ours { "ours" } else { "partner" };
    let name: Option<Option<String>> = conn
        .prepare_cached(&format!("SELECT {column} FROM projects WHERE id = ?1"))?
        .query_row([project], |r| r.get(0))
        .optional()?;
    Ok(name.flatten().filter(|n| !n.is_empty()).unwrap_or_else(|| side.as_str().to_string()))
}

/// The first stamp a device of the partner company wrote in the project: before it, the
/// creating company filled in both sides; after it, each changes only its own.
pub(crate) fn partner_since(conn: &Connection, project: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT min(o.hlc) FROM ops o
             WHERE o.project_id = ?1 AND o.device IN (
                SELECT device FROM device_sides WHERE project_id = ?1 AND side = 'partner'
                UNION SELECT device FROM trust_members WHERE project_id = ?1 AND side = 'partner')",
        )?
        .query_row(params![project], |r| r.get(0))?)
}

/// Takes out of an imported chunk every edit of the other company's facts (its people, owner,
/// escalation contact, RACI letters, workflow steps, its place in the project): kept in
/// `refused_ops` with the attempt in words, never applied, never winning a conflict. The
/// creating company's edits of the partner's facts count until the partner first wrote.
/// `writer` is the company of the device whose file it is; `sides` the company each
/// per-company row of the file says it belongs to; `since` caches when the partner first wrote.
pub(crate) fn refuse_in_chunk(
    conn: &Connection,
    project: &str,
    writer: Option<Side>,
    buffer: &mut Vec<crate::oplog::Op>,
    sides: &HashMap<String, Side>,
    since: &mut Option<Option<i64>>,
) -> Result<()> {
    let owned = |op: &crate::oplog::Op| {
        ownership::owner(&op.entity, &op.field, Some(Side::Ours)) != ownership::Owner::Both
    };
    let Some(writer) = writer else {
        // A device that has not said its company: only its edits of side-owned facts wait.
        return if buffer.iter().any(owned) {
            Err(Error::Deferred(
                "holds changes to a company's own facts from a device that has not said which company it is with yet; read again at the next sync".into(),
            ))
        } else {
            Ok(())
        };
    };
    let mut refused = Vec::new();
    let mut i = 0;
    while i < buffer.len() {
        let op = &buffer[i];
        if !owned(op) {
            i += 1;
            continue;
        }
        let row_side = match sides.get(&op.row_id) {
            Some(s) => Some(*s),
            None => row_side(conn, &op.entity, &op.row_id, &op.field, &op.value)?,
        };
        let ownership::Owner::Company(owner) = ownership::owner(&op.entity, &op.field, row_side) else {
            i += 1;
            continue;
        };
        let allowed = owner == writer
            || (writer == Side::Ours && {
                let first = match since {
                    Some(s) => *s,
                    None => *since.insert(partner_since(conn, project)?),
                };
                first.is_none_or(|t| op.hlc < t)
            });
        if allowed {
            i += 1;
        } else {
            refused.push(buffer.swap_remove(i));
        }
    }
    if refused.is_empty() {
        return Ok(());
    }
    let writer_company = company_name(conn, project, writer)?;
    let owner_company = company_name(conn, project, writer.other())?;
    for op in refused {
        let reason = ownership::attempt(&writer_company, &owner_company, &op.entity, &op.field);
        conn.prepare_cached(
            "INSERT OR IGNORE INTO refused_ops (hlc, device, project_id, entity, row_id, field, value, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![op.hlc, op.device, op.project_id, op.entity, op.row_id, op.field, op.value.to_string(), reason])?;
    }
    Ok(())
}

impl crate::workspace::Workspace {
    /// Refuses, before anything else is checked, a change of the other company's facts (the
    /// writer refuses it anyway; this gives the reason first).
    pub(crate) fn check_ownership(
        &self,
        project: &str,
        entity: &str,
        row: &str,
        field: &str,
        value: &Json,
    ) -> Result<()> {
        Guard::default().check(self.conn(), project, entity, row, field, value)
    }
}
