//! The op log: every change to user data is a set of ops, one per field written, appended in
//! the same SQLite transaction as the projection rows they change.
//!
//! The merge rule lives here and only here: for each (entity, row, field) the op with the
//! highest (hlc, device) wins. Applying an op is idempotent and commutative, so applying the
//! log in any order, any number of times, gives the same tables as [`rebuild`].

use rusqlite::{params, Connection, OptionalExtension};
use seamline_core::Hlc;
use serde_json::Value as Json;

use crate::error::Result;
use crate::schema::{Entity, DELETED};

pub(crate) mod activity;
mod batch;
pub(crate) mod invalid;
pub(crate) mod open_counts;
mod rebuild;
mod refuse;
pub use batch::append_batch;
pub(crate) use batch::Stamps;
pub use rebuild::rebuild;
pub use refuse::refuse_after;

/// One field write, as stored in the log and carried between devices.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Op {
    pub hlc: i64,
    pub device: String,
    pub project_id: String,
    pub entity: String,
    pub row_id: String,
    pub field: String,
    pub value: Json,
    /// The winning op this edit replaced when it was made, if any. Two ops that replaced the
    /// same op raced: the loser is kept and shown for review.
    pub prev_hlc: Option<i64>,
    pub prev_device: Option<String>,
    /// The writing device's own clock reading when the edit was made, in milliseconds since
    /// 1970 (absent from ops written before it was recorded). Shown to people as "when"; the
    /// stamp only orders edits, and runs ahead after a device has seen a clock far ahead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made_at: Option<i64>,
}

/// What logging an op found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Logged {
    /// New to the log.
    New,
    /// The log held this very op already (a file read twice): nothing to do.
    Same,
    /// The log held another op under the same key (entity, row, field, stamp, device): one
    /// device cannot have written both, so one of them is forged or damaged.
    Different,
}

/// The SQL expression of an op's shown time in milliseconds, over columns of `ops`: when it
/// was made by its device's clock, never after it arrived here (see `clocks`).
pub(crate) const SHOWN_MS: &str = "min(coalesce(made_at, hlc >> 16), coalesce(seen_at, made_at, hlc >> 16))";

/// [`SHOWN_MS`] of an op being logged now, with `seen_at` this device's clock as it arrives.
pub(crate) fn shown_ms(hlc: i64, made_at: Option<i64>, seen_at: i64) -> i64 {
    made_at.unwrap_or(hlc >> 16).min(seen_at)
}

/// The op that currently wins for a field, if any: (hlc, device, value).
pub(crate) fn winner(
    conn: &Connection,
    entity: &str,
    row_id: &str,
    field: &str,
) -> Result<Option<(i64, String, Json)>> {
    let row = conn
        .prepare_cached(
            "SELECT hlc, device, value FROM ops WHERE entity = ?1 AND row_id = ?2 AND field = ?3
             ORDER BY hlc DESC, device DESC LIMIT 1",
        )?
        .query_row(params![entity, row_id, field], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })
        .optional()?;
    Ok(row.map(|(h, d, v)| (h, d, serde_json::from_str(&v).unwrap_or(Json::Null))))
}

/// Writes an op into the log, with `seen_at` (this device's clock, ms) as when it arrived.
fn log(conn: &Connection, op: &Op, seen_at: i64) -> Result<Logged> {
    let value = op.value.to_string();
    let inserted = conn
        .prepare_cached(
            "INSERT INTO ops
               (hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device, made_at, seen_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            op.hlc,
            op.device,
            op.project_id,
            op.entity,
            op.row_id,
            op.field,
            value,
            op.prev_hlc,
            op.prev_device,
            op.made_at,
            seen_at,
        ])?;
    if inserted > 0 {
        return Ok(Logged::New);
    }
    // The same key again: harmless only when it is the same op (a file read twice, a
    // snapshot repeating earlier segments). `made_at` is not compared: ops logged before
    // schema 7 lack it, and it orders nothing.
    let same = conn
        .prepare_cached(
            "SELECT 1 FROM ops WHERE entity = ?1 AND row_id = ?2 AND field = ?3 AND hlc = ?4 AND device = ?5
               AND project_id = ?6 AND value = ?7 AND prev_hlc IS ?8 AND prev_device IS ?9",
        )?
        .exists(params![
            op.entity,
            op.row_id,
            op.field,
            op.hlc,
            op.device,
            op.project_id,
            value,
            op.prev_hlc,
            op.prev_device
        ])?;
    Ok(if same { Logged::Same } else { Logged::Different })
}

/// The error for two different ops under one key.
fn different(op: &Op) -> crate::Error {
    crate::Error::Rejected(format!(
        "holds an edit of {}.{} that differs from one already received under the same stamp from device {}",
        op.entity,
        op.field,
        op.device.chars().take(8).collect::<String>()
    ))
}

/// Appends a local op to the log and projects it. Returns false when the log already held it.
pub fn append(conn: &Connection, op: &Op, seen_at: i64) -> Result<bool> {
    match log(conn, op, seen_at)? {
        Logged::New => {}
        Logged::Same => return Ok(false),
        Logged::Different => return Err(different(op)),
    }
    project(conn, op, seen_at)?;
    Ok(true)
}

/// Projects one op that is already in the log (arrived at `seen_at`) onto its entity's table.
fn project(conn: &Connection, op: &Op, seen_at: i64) -> Result<()> {
    // An entity or field this build does not know comes from a newer app: the op stays in
    // the log (and travels on), but there is no column to project it onto.
    let Some(entity) = Entity::parse(&op.entity) else {
        return Ok(());
    };
    if entity.field_kind(&op.field).is_none() {
        return Ok(());
    }
    let table = entity.table();

    let beaten = conn
        .prepare_cached(
            "SELECT 1 FROM ops WHERE entity = ?1 AND row_id = ?2 AND field = ?3
               AND (hlc > ?4 OR (hlc = ?4 AND device > ?5)) LIMIT 1",
        )?
        .exists(params![op.entity, op.row_id, op.field, op.hlc, op.device])?;

    let inserted = conn
        .prepare_cached(&format!(
            "INSERT INTO {table} (id, project_id) VALUES (?1, ?2) ON CONFLICT (id) DO NOTHING"
        ))?
        .execute(params![op.row_id, op.project_id])?;
    if inserted == 1 {
        // An empty row: an open blocker with nothing set yet, until the update below moves it.
        let mut arrival = open_counts::Arrivals::default();
        arrival.note(
            entity,
            &op.project_id,
            &["id".into(), "project_id".into()],
            &[op.row_id.clone().into(), op.project_id.clone().into()],
        );
        arrival.write(conn)?;
    }

    // One UPDATE per op: SQLite evaluates every SET expression against the row as it was, so
    // the new `deleted` flag is computed from the new stamps explicitly.
    if op.field == DELETED {
        if !beaten {
            let del_hlc = (op.value == Json::Bool(true)).then_some(op.hlc);
            conn.prepare_cached(&format!(
                "UPDATE {table} SET del_hlc = ?1,
                   deleted = (?1 IS NOT NULL AND ?1 >= coalesce(touched_hlc, 0))
                 WHERE id = ?2"
            ))?
            .execute(params![del_hlc, op.row_id])?;
        }
    } else {
        // `op.field` is a name from the registry (checked above), never raw input.
        let field = &op.field;
        // The field that says when the row was written also keeps the earliest such op's time.
        let written =
            (entity.written_by() == Some(field.as_str())).then(|| shown_ms(op.hlc, op.made_at, seen_at));
        let sql = format!(
            "UPDATE {table} SET
               \"{field}\" = CASE WHEN ?3 THEN \"{field}\" ELSE ?1 END,
               touched_hlc = max(coalesce(touched_hlc, ?4), ?4),
               deleted = (del_hlc IS NOT NULL AND del_hlc >= max(coalesce(touched_hlc, ?4), ?4)){}
             WHERE id = ?2",
            if written.is_some() { ",\n               written = min(coalesce(written, ?5), ?5)" } else { "" }
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let value = entity.column(&op.field, &op.value);
        match written {
            Some(w) => stmt.execute(params![value, op.row_id, beaten, op.hlc, w])?,
            None => stmt.execute(params![value, op.row_id, beaten, op.hlc])?,
        };
    }
    Ok(())
}

pub(crate) fn read_op(r: &rusqlite::Row<'_>) -> rusqlite::Result<Op> {
    let value: String = r.get(6)?;
    Ok(Op {
        hlc: r.get(0)?,
        device: r.get(1)?,
        project_id: r.get(2)?,
        entity: r.get(3)?,
        row_id: r.get(4)?,
        field: r.get(5)?,
        value: serde_json::from_str(&value).unwrap_or(Json::Null),
        prev_hlc: r.get(7)?,
        prev_device: r.get(8)?,
        made_at: r.get(9)?,
    })
}

/// The newest stamp in the log, so a reopened workspace never issues an older one.
pub(crate) fn newest_hlc(conn: &Connection) -> Result<Hlc> {
    let v: Option<i64> = conn.query_row("SELECT max(hlc) FROM ops", [], |r| r.get(0))?;
    Ok(Hlc::from_i64(v.unwrap_or(0)))
}
