//! Opening the SQLite file: pragmas set at open, append-only migrations run by
//! `rusqlite_migration`. A workspace written by a newer schema is refused, never touched.

use std::path::Path;
use std::sync::LazyLock;

use rusqlite::{Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};

use crate::error::{Error, Result};

/// Append-only: never edit a migration that has shipped; add a new file instead.
static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("../migrations/0001_workspace.sql")),
        M::up(include_str!("../migrations/0002_sync.sql")),
        M::up(include_str!("../migrations/0003_ops_by_project_device.sql")),
        M::up(include_str!("../migrations/0004_drop_ops_by_device.sql")),
        M::up(include_str!("../migrations/0005_one_project_index.sql")),
        M::up(include_str!("../migrations/0006_open_blockers.sql")),
        M::up(include_str!("../migrations/0007_clocks_copies_and_hostile_folders.sql")),
        M::up(include_str!("../migrations/0008_sides.sql")),
        M::up(include_str!("../migrations/0009_reminders.sql")),
        M::up(include_str!("../migrations/0010_trust.sql")),
        M::up(include_str!("../migrations/0011_removal_segments.sql")),
        M::up(include_str!("../migrations/0012_plain_keys.sql")),
        M::up(include_str!("../migrations/0013_admission.sql")),
        M::up(include_str!("../migrations/0014_sides_owned.sql")),
        M::up(include_str!("../migrations/0015_activity_marks.sql")),
        M::up(include_str!("../migrations/0016_company_holidays.sql")),
        M::up(include_str!("../migrations/0017_company_work_week.sql")),
        M::up(include_str!("../migrations/0018_portfolio_reads.sql")),
        M::up(include_str!("../migrations/0019_open_blocker_counts.sql")),
    ])
});

pub fn migrations() -> &'static Migrations<'static> {
    &MIGRATIONS
}

/// How many migrations this build knows.
pub const SCHEMA_VERSION: usize = 19;

/// SQLite's default page cache (2 MB), in KiB as `PRAGMA cache_size` takes it (negative): set
/// at open and restored after a large import, which raises it for itself.
pub(crate) const CACHE_KIB: i64 = -2000;
/// A commit reaches the disk at the next checkpoint (or the next `FULL` commit, see
/// `SyncRoom::reserve_segment`): a power cut can lose the last commits, never corrupt the file.
pub(crate) const SYNCHRONOUS: &str = "NORMAL";

pub fn open(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    prepare(conn)
}

pub fn open_in_memory() -> Result<Connection> {
    prepare(Connection::open_in_memory()?)
}

fn prepare(mut conn: Connection) -> Result<Connection> {
    // WAL lets the UI read while a sync writes; a busy timeout rides out the short overlap of
    // the app and the command opening the same file.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", SYNCHRONOUS)?;
    conn.pragma_update(None, "cache_size", CACHE_KIB)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    register_functions(&conn)?;
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION as i64 {
        return Err(Error::NewerWorkspace { found, known: SCHEMA_VERSION });
    }
    MIGRATIONS.to_latest(&mut conn)?;
    Ok(conn)
}

/// `seamline_column(entity, field, value_json)`: the column value of an op's value, exactly as
/// `Entity::column` projects it one op at a time, for the set-based rebuild.
fn register_functions(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "seamline_column",
        3,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let entity: String = ctx.get(0)?;
            let field: String = ctx.get(1)?;
            let value: String = ctx.get(2)?;
            let Some(entity) = crate::schema::Entity::parse(&entity) else {
                return Ok(rusqlite::types::Value::Null);
            };
            let value = serde_json::from_str(&value).unwrap_or(serde_json::Value::Null);
            Ok(entity.column(&field, &value))
        },
    )?;
    Ok(())
}

/// A setting of the workspace (its device id, the user's name, a pinned key), from the
/// `meta` table.
pub(crate) fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub(crate) fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        rusqlite::params![key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn every_registered_field_has_a_column() {
        let conn = open_in_memory().unwrap();
        for entity in crate::schema::Entity::ALL {
            let stmt = conn.prepare(&format!("SELECT * FROM {} LIMIT 0", entity.table())).unwrap();
            let cols: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
            for must in ["id", "project_id", "deleted", "del_hlc", "touched_hlc"] {
                assert!(cols.contains(&must.to_string()), "{} lacks {must}", entity.table());
            }
            for (field, _) in entity.fields() {
                assert!(cols.contains(&field.to_string()), "{} lacks {field}", entity.table());
            }
            drop(stmt);
        }
    }

    #[test]
    fn a_newer_workspace_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.sqlite");
        {
            let c = Connection::open(&path).unwrap();
            c.pragma_update(None, "user_version", 99).unwrap();
        }
        let err = open(&path).unwrap_err();
        assert_eq!(err.code(), "NewerWorkspace");
        let c = Connection::open(&path).unwrap();
        let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, 99);
    }
}
