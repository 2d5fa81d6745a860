//! A batch of ops (a sync import) into the log, each touched row projected once.

use rusqlite::{params, Connection};
use serde_json::Value as Json;

use super::{different, log, open_counts, shown_ms, Logged, Op};
use crate::error::Result;
use crate::schema::{Entity, DELETED};

/// Appends a batch of ops (a sync import) and projects them. Returns how many were new.
///
/// Same result as [`append`] op by op, with a fraction of the statements: every op goes into
/// the log first, then each touched row is projected once. A row the table does not hold yet
/// has no other ops of its known fields in the log (a row is created by its first such op),
/// so its winners are the batch's own: one `INSERT` with every column. A row it holds gets
/// one `UPDATE` that sets every touched field to its winner, read back from the log (which
/// now holds the old and the new ops alike). A property test holds this equal to a rebuild
/// and to any delivery order.
pub fn append_batch(conn: &Connection, ops: &[Op], seen_at: i64) -> Result<usize> {
    use std::collections::BTreeMap;

    /// A row's project and its new ops of known fields.
    type NewOps<'a> = (&'a str, Vec<&'a Op>);
    let mut rows: BTreeMap<(Entity, &str), NewOps<'_>> = BTreeMap::new();
    let mut arrivals = open_counts::Arrivals::default();
    let mut added = 0;
    for op in ops {
        match log(conn, op, seen_at)? {
            Logged::New => {}
            Logged::Same => continue,
            Logged::Different => return Err(different(op)),
        }
        added += 1;
        // Unknown entities and fields (a newer app's) stay in the log, unprojected.
        let Some(entity) = Entity::parse(&op.entity) else { continue };
        if entity.field_kind(&op.field).is_none() {
            continue;
        }
        rows.entry((entity, op.row_id.as_str()))
            .or_insert_with(|| (op.project_id.as_str(), Vec::new()))
            .1
            .push(op);
    }

    for ((entity, row_id), (project_id, mut new_ops)) in rows {
        // Newest stamp of the row's new non-deletion edits (touched_hlc only grows).
        let touched = new_ops.iter().filter(|op| op.field != DELETED).map(|op| op.hlc).max();
        // The earliest of the new ops that say when the row was written, if it keeps that.
        let written = entity.written_by().and_then(|by| {
            new_ops.iter().filter(|op| op.field == by).map(|op| shown_ms(op.hlc, op.made_at, seen_at)).min()
        });
        // Each field's newest new op last, then one per field.
        new_ops.sort_unstable_by(|a, b| (&a.field, a.hlc, &a.device).cmp(&(&b.field, b.hlc, &b.device)));
        let mut newest: Vec<&Op> = Vec::with_capacity(new_ops.len());
        for op in new_ops {
            match newest.last_mut() {
                Some(last) if last.field == op.field => *last = op,
                _ => newest.push(op),
            }
        }
        let stamps = Stamps { touched, written };
        if !insert_new_row(conn, entity, row_id, project_id, &newest, stamps, &mut arrivals)? {
            update_row(conn, entity, row_id, &newest, stamps)?;
        }
    }
    arrivals.write(conn)?;
    Ok(added)
}

/// What a row keeps about its ops besides their values, from a batch's new ops.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stamps {
    /// The newest stamp of its non-deletion edits (`touched_hlc` only grows).
    pub(crate) touched: Option<i64>,
    /// When it was written, if its entity keeps that (`Entity::written_by`): the earliest.
    pub(crate) written: Option<i64>,
}

/// Inserts a row the table does not hold yet, every column from the batch's winners;
/// false (and nothing written) when the table already holds it.
pub(super) fn insert_new_row(
    conn: &Connection,
    entity: Entity,
    row_id: &str,
    project_id: &str,
    winners: &[&Op],
    Stamps { touched, written }: Stamps,
    arrivals: &mut open_counts::Arrivals,
) -> Result<bool> {
    let mut columns = vec!["id".to_string(), "project_id".to_string()];
    let mut values: Vec<rusqlite::types::Value> =
        vec![row_id.to_string().into(), project_id.to_string().into()];
    let mut del_hlc = None;
    for op in winners {
        if op.field == DELETED {
            del_hlc = (op.value == Json::Bool(true)).then_some(op.hlc);
        } else if entity.field_kind(&op.field).is_some() {
            // Registry names only (checked when collected), never raw input.
            columns.push(format!("\"{}\"", op.field));
            values.push(entity.column(&op.field, &op.value));
        }
    }
    let deleted = del_hlc.is_some_and(|d| d >= touched.unwrap_or(0));
    columns.extend(["touched_hlc", "del_hlc", "deleted"].map(String::from));
    values.extend([touched.into(), del_hlc.into(), (deleted as i64).into()]);
    if let Some(written) = written {
        columns.push("written".into());
        values.push(written.into());
    }
    let marks = (1..=values.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({marks}) ON CONFLICT (id) DO NOTHING",
        entity.table(),
        columns.join(", ")
    );
    let inserted = conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values.iter()))? == 1;
    if inserted {
        arrivals.note(entity, project_id, &columns, &values);
    }
    Ok(inserted)
}

/// Brings a row the table holds up to date with its new ops: each touched field gets its
/// winner from the log, the stamps and the deleted flag follow.
fn update_row(
    conn: &Connection,
    entity: Entity,
    row_id: &str,
    new_ops: &[&Op],
    Stamps { touched, written }: Stamps,
) -> Result<()> {
    let winners = row_winners(conn, entity.as_str(), row_id)?;
    let mut sets = Vec::new();
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    let mut del_hlc: Option<Option<i64>> = None;
    for op in new_ops {
        let field = op.field.as_str();
        let (hlc, value) = winners
            .get(field)
            .ok_or_else(|| crate::Error::Internal("an op just logged has no winner".into()))?;
        let value: Json = serde_json::from_str(value).unwrap_or(Json::Null);
        if field == DELETED {
            del_hlc = Some((value == Json::Bool(true)).then_some(*hlc));
        } else if entity.field_kind(field).is_some() {
            values.push(entity.column(field, &value));
            // Registry names only (checked when collected), never raw input.
            sets.push(format!("\"{field}\" = ?{}", values.len()));
        }
    }
    // SQLite evaluates every SET expression against the row as it was, so the new
    // stamps are spelled out where `deleted` is computed.
    let touched_expr = match touched {
        Some(t) => {
            values.push(t.into());
            let i = values.len();
            format!("max(coalesce(touched_hlc, ?{i}), ?{i})")
        }
        None => "coalesce(touched_hlc, 0)".to_string(),
    };
    if touched.is_some() {
        sets.push(format!("touched_hlc = {touched_expr}"));
    }
    let del_expr = match del_hlc {
        Some(d) => {
            values.push(d.map_or(rusqlite::types::Value::Null, Into::into));
            let i = values.len();
            sets.push(format!("del_hlc = ?{i}"));
            format!("?{i}")
        }
        None => "del_hlc".to_string(),
    };
    sets.push(format!("deleted = ({del_expr} IS NOT NULL AND {del_expr} >= {touched_expr})"));
    if let Some(written) = written {
        values.push(written.into());
        let i = values.len();
        sets.push(format!("written = min(coalesce(written, ?{i}), ?{i})"));
    }
    values.push(row_id.to_string().into());
    let sql = format!("UPDATE {} SET {} WHERE id = ?{}", entity.table(), sets.join(", "), values.len());
    conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

/// The winning op of every field of a row, as field -> (hlc, JSON text): one read of the
/// row's ops in primary-key order, where each field's last op is its winner.
pub(super) fn row_winners(
    conn: &Connection,
    entity: &str,
    row_id: &str,
) -> Result<std::collections::HashMap<String, (i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT field, hlc, value FROM ops WHERE entity = ?1 AND row_id = ?2
         ORDER BY field, hlc, device",
    )?;
    let mut rows = stmt.query(params![entity, row_id])?;
    let mut winners = std::collections::HashMap::new();
    while let Some(r) = rows.next()? {
        winners.insert(r.get::<_, String>(0)?, (r.get::<_, i64>(1)?, r.get::<_, String>(2)?));
    }
    Ok(winners)
}
