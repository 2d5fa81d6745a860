//! A workspace: one SQLite file holding any number of projects, this device's id and clock.
//!
//! Reads take `&Workspace`; every write goes through [`Workspace::write`], which opens one
//! transaction, hands the use case a [`Writer`] that stamps and appends ops, and commits the
//! ops and the projection rows together. A use case that returns an error changes nothing.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use seamline_core::{Hlc, HlcClock};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::oplog::{self, Op};
use crate::schema::Entity;

/// Imports at least this large get [`BIG_BATCH_CACHE_KIB`] of page cache while they run.
const BIG_BATCH_OPS: usize = 5_000;
/// The page cache of a large import, in KiB as `PRAGMA cache_size` takes it (negative).
const BIG_BATCH_CACHE_KIB: i64 = -128 * 1024;

/// Where "now" comes from. Rules take time as a parameter; this is the one place that reads
/// the wall clock, and tests and the command's `SEAMLINE_NOW` replace it.
#[derive(Debug, Clone)]
pub enum Clock {
    System,
    Fixed(DateTime<FixedOffset>),
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => t.with_timezone(&Utc),
        }
    }

    /// Today's date where the user is: ages and due dates are counted in local days.
    pub fn today(&self) -> NaiveDate {
        match self {
            Clock::System => Local::now().date_naive(),
            Clock::Fixed(t) => t.date_naive(),
        }
    }
}

pub struct Workspace {
    conn: Connection,
    path: Option<PathBuf>,
    device: String,
    hlc: HlcClock,
    clock: Clock,
    /// Portfolio rows computed earlier, forgotten when their project changes (see `portfolio`).
    pub(crate) portfolio_cache: crate::portfolio::Cache,
}

impl Workspace {
    /// Opens the workspace file at `path`, creating it (and its folder) if missing, and brings
    /// its schema up to date.
    pub fn open(path: &Path, clock: Clock) -> Result<Workspace> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                context: format!("cannot create the workspace folder {}", dir.display()),
                source,
            })?;
        }
        let conn = crate::db::open(path)?;
        Workspace::from_connection(conn, Some(path.to_path_buf()), clock)
    }

    /// A workspace that lives only in memory (tests and benchmarks).
    pub fn open_in_memory(clock: Clock) -> Result<Workspace> {
        Workspace::from_connection(crate::db::open_in_memory()?, None, clock)
    }

    fn from_connection(conn: Connection, path: Option<PathBuf>, clock: Clock) -> Result<Workspace> {
        let device = match meta(&conn, "device_id")? {
            Some(d) => d,
            None => {
                let d = crate::ids::new_id();
                set_meta(&conn, "device_id", &d)?;
                d
            }
        };
        let last = match meta(&conn, "hlc_last")? {
            Some(v) => Hlc::from_i64(v.parse().unwrap_or(0)),
            None => oplog::newest_hlc(&conn)?,
        };
        Ok(Workspace {
            conn,
            path,
            device,
            hlc: HlcClock::new(last),
            clock,
            portfolio_cache: Default::default(),
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// This device's id in this workspace; it signs every op the device makes.
    pub fn device_id(&self) -> &str {
        &self.device
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs a write use case in one transaction: its ops and projection rows commit together
    /// or not at all.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let now_ms = self.clock.now().timestamp_millis().max(0) as u64;
        let tx = self.conn.transaction()?;
        let mut w = Writer { tx, hlc: self.hlc, device: &self.device, now_ms, touched: Vec::new() };
        let out = f(&mut w)?;
        let Writer { tx, hlc, touched, .. } = w;
        set_meta(&tx, "hlc_last", &hlc.last().to_i64().to_string())?;
        tx.commit()?;
        self.portfolio_cache.forget(touched.iter().map(String::as_str));
        // Only a committed write moves the clock on; a refused one leaves no trace at all.
        self.hlc = hlc;
        Ok(out)
    }

    /// Applies ops made on other devices, all in one transaction. Ops already in the log are
    /// skipped (idempotent), so the same batch may arrive any number of times, in any order.
    /// Returns how many ops were new.
    pub fn apply_remote(&mut self, ops: &[Op]) -> Result<usize> {
        self.apply_remote_with(ops, |_| Ok(()))
    }

    /// [`Workspace::apply_remote`], plus more bookkeeping written in the same transaction.
    pub(crate) fn apply_remote_with(
        &mut self,
        ops: &[Op],
        also: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<()>,
    ) -> Result<usize> {
        // A large import dirties far more pages than SQLite's default 2 MB page cache holds,
        // and a full cache writes dirty pages out mid-transaction only to read them back. A
        // bigger cache for this transaction alone; the default (and the memory) comes back
        // after it.
        let big = ops.len() >= BIG_BATCH_OPS;
        if big {
            self.conn.pragma_update(None, "cache_size", BIG_BATCH_CACHE_KIB)?;
        }
        let result = self.apply_remote_in_tx(ops, also);
        if big {
            self.conn.pragma_update(None, "cache_size", crate::db::CACHE_KIB)?;
        }
        result
    }

    fn apply_remote_in_tx(
        &mut self,
        ops: &[Op],
        also: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<()>,
    ) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut clock = self.hlc;
        let added = oplog::append_batch(&tx, ops)?;
        for op in ops {
            // A remote stamp is never refused; it only moves this device's clock forward.
            clock.observe(Hlc::from_i64(op.hlc));
        }
        also(&tx)?;
        set_meta(&tx, "hlc_last", &clock.last().to_i64().to_string())?;
        tx.commit()?;
        // Remote ops may be older than this device's newest: forget by project, not by stamp.
        self.portfolio_cache.forget(ops.iter().map(|op| op.project_id.as_str()));
        self.hlc = clock;
        Ok(added)
    }

    pub(crate) fn set_device(&mut self, id: String) {
        self.device = id;
    }

    /// How far ahead of this device's clock the newest stamp it has seen runs, in seconds,
    /// when that is more than the five minutes a local edit may run ahead (so edits are
    /// refused until the clocks agree).
    pub fn clock_skew_seconds(&self) -> Option<u64> {
        let now = self.clock.now().timestamp_millis().max(0) as u64;
        let ahead = self.hlc.last().wall_ms().saturating_sub(now);
        (ahead > seamline_core::hlc::MAX_AHEAD_MS).then_some(ahead / 1000)
    }

    /// Every op in the workspace, in (hlc, device) order.
    pub fn all_ops(&self) -> Result<Vec<Op>> {
        let mut stmt = self.conn.prepare(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device
             FROM ops ORDER BY hlc, device",
        )?;
        let ops = stmt.query_map([], oplog::read_op)?.collect::<Result<_, _>>()?;
        Ok(ops)
    }

    /// Replays the whole op log into fresh projection tables.
    pub fn rebuild(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        oplog::rebuild(&tx)?;
        tx.commit()?;
        self.portfolio_cache.clear();
        Ok(())
    }

    /// Every op of a project, oldest first: the project's history.
    pub fn ops(&self, project_id: &str) -> Result<Vec<Op>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device
             FROM ops WHERE project_id = ?1 ORDER BY hlc, device",
        )?;
        let ops = stmt.query_map([project_id], oplog::read_op)?.collect::<Result<_, _>>()?;
        Ok(ops)
    }

    /// The number of ops in the log.
    pub fn op_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM ops", [], |r| r.get(0))?)
    }

    /// A dump of every projection table, row by row, for comparing two workspaces or a
    /// workspace with its own rebuild.
    pub fn projection_dump(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for entity in Entity::ALL {
            let table = entity.table();
            let mut stmt = self.conn.prepare(&format!("SELECT * FROM {table} ORDER BY id"))?;
            let n = stmt.column_count();
            let rows = stmt.query_map([], |r| {
                let mut cells = Vec::with_capacity(n);
                for i in 0..n {
                    cells.push(format!("{:?}", r.get::<_, rusqlite::types::Value>(i)?));
                }
                Ok(format!("{table}: {}", cells.join(" | ")))
            })?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }
}

/// The handle a write use case gets: the open transaction plus the means to stamp ops.
pub struct Writer<'a> {
    tx: rusqlite::Transaction<'a>,
    hlc: HlcClock,
    device: &'a str,
    now_ms: u64,
    /// The projects this write changed.
    touched: Vec<String>,
}

impl Writer<'_> {
    /// Reads inside the transaction see the writes made so far.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// Writes one field of a row as an op. A value equal to the current one writes nothing,
    /// so the history shows only real changes.
    pub fn set(
        &mut self,
        project_id: &str,
        entity: Entity,
        row_id: &str,
        field: &str,
        value: impl Serialize,
    ) -> Result<()> {
        debug_assert!(entity.field_kind(field).is_some(), "{} has no field {field}", entity.as_str());
        let value = serde_json::to_value(value).map_err(|e| Error::Internal(e.to_string()))?;
        let prev = oplog::winner(&self.tx, entity.as_str(), row_id, field)?;
        if let Some((_, _, current)) = &prev {
            if *current == value {
                return Ok(());
            }
        }
        let hlc = self.hlc.tick(self.now_ms)?;
        let (prev_hlc, prev_device) = match prev {
            Some((h, d, _)) => (Some(h), Some(d)),
            None => (None, None),
        };
        let op = Op {
            hlc: hlc.to_i64(),
            device: self.device.to_string(),
            project_id: project_id.to_string(),
            entity: entity.as_str().to_string(),
            row_id: row_id.to_string(),
            field: field.to_string(),
            value,
            prev_hlc,
            prev_device,
        };
        oplog::append(&self.tx, &op)?;
        if !self.touched.iter().any(|p| p == project_id) {
            self.touched.push(project_id.to_string());
        }
        Ok(())
    }

    /// Marks a row deleted (an op like any other: deletions travel, missing files never do).
    pub fn delete(&mut self, project_id: &str, entity: Entity, row_id: &str) -> Result<()> {
        self.set(project_id, entity, row_id, crate::schema::DELETED, true)
    }
}

pub(crate) fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub(crate) fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
