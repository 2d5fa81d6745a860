//! The open blockers each project has, kept by key (`open_blocker_counts`, schema 19): the
//! triggers on `blockers` keep them when a row changes or goes; a row's arrival is counted
//! here, by the projection that inserts it (see the migration for why not by a trigger).

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{params, Connection};

use crate::error::Result;
use crate::schema::{Entity, DELETED};

/// (project, waiting on, owner, escalated to), each '' where the column is NULL.
type Key = (String, String, String, String);

/// Open blockers inserted and not counted yet.
#[derive(Default)]
pub(crate) struct Arrivals(HashMap<Key, i64>);

impl Arrivals {
    /// Counts a row just inserted into `entity`'s table with these columns and values (as
    /// `insert_new_row` wrote them), if it is an open blocker.
    pub(crate) fn note(&mut self, entity: Entity, project: &str, columns: &[String], values: &[Value]) {
        if entity != Entity::Blocker {
            return;
        }
        let stored = |name: &str| {
            columns
                .iter()
                .position(|c| c.trim_matches('"') == name)
                .map(|i| &values[i])
                .unwrap_or(&Value::Null)
        };
        let open = matches!(stored(DELETED), Value::Integer(0) | Value::Null)
            && matches!(stored("resolved_on"), Value::Null);
        if !open {
            return;
        }
        let text = |name: &str| match stored(name) {
            Value::Text(s) => s.clone(),
            _ => String::new(),
        };
        let key = (project.to_string(), text("waiting_on"), text("owner_id"), text("escalated_to"));
        *self.0.entry(key).or_default() += 1;
    }

    /// Adds what was counted to the kept counts.
    pub(crate) fn write(self, conn: &Connection) -> Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        let mut stmt = conn.prepare_cached(
            "INSERT INTO open_blocker_counts (project_id, waiting_on, owner_id, escalated_to, n)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO UPDATE SET n = n + excluded.n",
        )?;
        for ((project, waiting_on, owner, escalated_to), n) in self.0 {
            stmt.execute(params![project, waiting_on, owner, escalated_to, n])?;
        }
        Ok(())
    }
}

/// Counts every open blocker again (after a rebuild, which inserts rows in bulk).
pub(crate) fn recount(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM open_blocker_counts;
         INSERT INTO open_blocker_counts (project_id, waiting_on, owner_id, escalated_to, n)
         SELECT coalesce(project_id, ''), coalesce(waiting_on, ''), coalesce(owner_id, ''),
                coalesce(escalated_to, ''), count(*)
         FROM blockers WHERE deleted = 0 AND resolved_on IS NULL
         GROUP BY 1, 2, 3, 4;",
    )?;
    Ok(())
}
