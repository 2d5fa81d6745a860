//! Rebuilding every projection table from the whole log (the invariant the property tests hold
//! the incremental projection to).

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::schema::{Entity, DELETED};

/// Throws away every projection table and rebuilds it from the whole log. The result must
/// equal the tables built up incrementally (a property test holds us to that).
///
/// Set-based rather than a replay: each field's winner is read straight from the op log's
/// primary key (entity, row, field, hlc, device), one UPDATE per column, which is many times
/// faster than projecting a large log op by op.
///
/// Runs inside the caller's transaction, and refuses to run outside one: it sets the blockers'
/// triggers aside while it works, and only a transaction makes sure they come back.
pub fn rebuild(conn: &Connection) -> Result<()> {
    if conn.is_autocommit() {
        return Err(crate::Error::Internal("a rebuild runs inside a transaction".into()));
    }
    // The triggers that keep the open blockers' counts would move them on every column this
    // writes (a tenth of the rebuild); they are set aside and put back as they were, and the
    // counts made again at the end. In the caller's transaction: a failure restores them too.
    let triggers: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'blockers'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    for entity in Entity::ALL {
        let table = entity.table();
        let name = entity.as_str();
        let fields: Vec<&str> = entity.fields().iter().map(|(f, _)| *f).collect();
        let known = fields
            .iter()
            .chain(std::iter::once(&DELETED))
            .map(|f| format!("'{f}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let edits = fields.iter().map(|f| format!("'{f}'")).collect::<Vec<_>>().join(", ");
        conn.execute(&format!("DELETE FROM {table}"), [])?;
        // Every row an op of a known field names, in the project of its earliest op.
        conn.execute(
            &format!(
                "INSERT INTO {table} (id, project_id)
                 SELECT o.row_id,
                        (SELECT f.project_id FROM ops f WHERE f.entity = ?1 AND f.row_id = o.row_id
                          AND f.field IN ({known}) ORDER BY f.hlc, f.device LIMIT 1)
                 FROM ops o WHERE o.entity = ?1 AND o.field IN ({known}) GROUP BY o.row_id"
            ),
            [name],
        )?;
        for (field, _) in entity.fields() {
            // The same conversion as `Entity::column` (it is that function, registered with
            // SQLite at open): a value of the wrong type, or breaking the field's rule,
            // projects as NULL.
            conn.execute(
                &format!(
                    "UPDATE {table} SET \"{field}\" = (
                       SELECT seamline_column(?1, ?2, w.value) FROM ops w
                       WHERE w.entity = ?1 AND w.row_id = {table}.id AND w.field = ?2
                       ORDER BY w.hlc DESC, w.device DESC LIMIT 1)
                     WHERE id IN (SELECT row_id FROM ops WHERE entity = ?1 AND field = ?2)"
                ),
                params![name, field],
            )?;
        }
        conn.execute(
            &format!(
                "UPDATE {table} SET
                   touched_hlc = (SELECT max(t.hlc) FROM ops t WHERE t.entity = ?1 AND t.row_id = {table}.id
                                  AND t.field IN ({edits})),
                   del_hlc = (SELECT CASE WHEN d.value = 'true' THEN d.hlc END FROM ops d
                              WHERE d.entity = ?1 AND d.row_id = {table}.id AND d.field = '{DELETED}'
                              ORDER BY d.hlc DESC, d.device DESC LIMIT 1)"
            ),
            [name],
        )?;
        conn.execute(
            &format!(
                "UPDATE {table} SET deleted = (del_hlc IS NOT NULL AND del_hlc >= coalesce(touched_hlc, 0))"
            ),
            [],
        )?;
        if let Some(by) = entity.written_by() {
            // The shown time of the field's first op: when the row was written.
            conn.execute(
                &format!(
                    "UPDATE {table} SET written = (
                       SELECT min({shown}) FROM ops WHERE entity = ?1 AND row_id = {table}.id AND field = ?2)",
                    shown = super::SHOWN_MS
                ),
                params![name, by],
            )?;
        }
    }
    for (_, sql) in &triggers {
        conn.execute_batch(sql)?;
    }
    // The rows were inserted in bulk, which counts no arrival (`open_counts`).
    super::open_counts::recount(conn)?;
    Ok(())
}
