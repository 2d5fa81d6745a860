//! A workspace: one SQLite file holding any number of projects, this device's id and clock.
//!
//! `Workspace` is the door: it opens the file and holds the device id and the clock. Each
//! noun's use cases are in its room (`rooms.rs`): `ws.blockers()` reads, `ws.blockers_mut()`
//! changes. Every write goes through [`Workspace::write`], which opens one transaction, hands
//! the use case a [`Writer`] that stamps and appends ops, and commits the ops and the
//! projection rows together. A use case that returns an error changes nothing.

use std::ops::Deref;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Utc};
use rusqlite::{Connection, TransactionBehavior};
use seamline_core::hlc::MAX_SANE_WALL_MS;
use seamline_core::{Hlc, HlcClock};

use crate::db::{meta, set_meta};
use crate::error::{Error, Result};
use crate::oplog::{self, Op};
use crate::schema::Entity;

/// The version of the field rules the projection was built with; a workspace built with
/// another is rebuilt once when it opens. 2: projects have a `status_day` column (schema 9);
/// a device that received status days while it had no column for them kept the ops, and the
/// rebuild projects them.
const PROJECTION_RULES: &str = "2";

/// Imports at least this large get [`BIG_BATCH_CACHE_KIB`] of page cache while they run.
const BIG_BATCH_OPS: usize = 5_000;
/// The page cache of a large import, in KiB as `PRAGMA cache_size` takes it (negative).
pub(crate) const BIG_BATCH_CACHE_KIB: i64 = -128 * 1024;

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
            // The one place that reads the wall clock (clippy.toml bans it everywhere else).
            #[allow(clippy::disallowed_methods)]
            Clock::System => Utc::now(),
            Clock::Fixed(t) => t.with_timezone(&Utc),
        }
    }

    /// Today's date where the user is: ages and due dates are counted in local days.
    pub fn today(&self) -> NaiveDate {
        match self {
            #[allow(clippy::disallowed_methods)]
            Clock::System => Local::now().date_naive(),
            Clock::Fixed(t) => t.date_naive(),
        }
    }
}

pub struct Workspace {
    conn: Connection,
    path: Option<PathBuf>,
    /// This device's id as last read from the file. Writes read it (and the clock) again
    /// inside their transaction: another process on the same file may have changed either.
    device: String,
    clock: Clock,
    /// Portfolio rows computed earlier, forgotten when their project changes (see `portfolio`).
    pub(crate) portfolio_cache: crate::portfolio::row::Cache,
    /// Projects changed by local writes since [`Workspace::take_changed`] was last called: the
    /// desktop shell asks for a sync of each, so no command has to remember to.
    changed: Vec<String>,
}

impl Workspace {
    /// Opens the workspace file at `path`, creating it (and its folder) if missing, and brings
    /// its schema up to date.
    pub fn open(path: &Path, clock: Clock) -> Result<Workspace> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            // The workspace holds the projects in clear and the keys of their shared folders:
            // a folder made for it is the user's alone.
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(dir).map_err(|source| Error::Io {
                context: format!("cannot create the workspace folder {}", dir.display()),
                source,
            })?;
            // The app's own data folder, made by an earlier version with the default mode.
            if crate::paths::data_dir().is_some_and(|d| d == dir) {
                crate::paths::restrict(dir, 0o700);
            }
        }
        let conn = crate::db::open(path)?;
        // SQLite gives its -wal and -shm files the mode of the database file.
        crate::paths::restrict(path, 0o600);
        Workspace::from_connection(conn, Some(path.to_path_buf()), clock)
    }

    /// A workspace that lives only in memory (tests and benchmarks).
    pub fn open_in_memory(clock: Clock) -> Result<Workspace> {
        Workspace::from_connection(crate::db::open_in_memory()?, None, clock)
    }

    fn from_connection(conn: Connection, path: Option<PathBuf>, clock: Clock) -> Result<Workspace> {
        let tx = conn.unchecked_transaction()?;
        if meta(&tx, "device_id")?.is_none() {
            set_meta(&tx, "device_id", &crate::ids::new_device_id())?;
        }
        if meta(&tx, "hlc_last")?.is_none() {
            // Workspaces from before the clock was kept in `meta`: from the log, once.
            set_meta(&tx, "hlc_last", &oplog::newest_hlc(&tx)?.to_i64().to_string())?;
        }
        // A workspace file copied (or restored, or moved) to another place must not keep
        // writing under the original's device id: two installs with one id would write two
        // different edits under one stamp. The file remembers where it lives; found elsewhere,
        // it takes a new id before its first write.
        if let Some(here) = path.as_deref().and_then(crate::device::anchor) {
            let was = meta(&tx, "workspace_anchor")?;
            if was.as_ref().is_some_and(|was| *was != here) {
                crate::device::renew_in(&tx)?;
            }
            // Written only when it moved: an open that writes nothing stays a read, which
            // takes no write lock and appends nothing to the WAL.
            if was.as_deref() != Some(here.as_str()) {
                set_meta(&tx, "workspace_anchor", &here)?;
            }
        }
        // The projection holds values only where they keep the field rules
        // (`Entity::column`). A workspace projected before the rules existed is projected
        // again once, and its values that break them are listed like a remote device's.
        if meta(&tx, "projection_rules")?.as_deref() != Some(PROJECTION_RULES) {
            oplog::rebuild(&tx)?;
            crate::oplog::invalid::note_all(&tx)?;
            set_meta(&tx, "projection_rules", PROJECTION_RULES)?;
        }
        tx.commit()?;
        let device = meta(&conn, "device_id")?.unwrap_or_default();
        Ok(Workspace { conn, path, device, clock, portfolio_cache: Default::default(), changed: Vec::new() })
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

    /// The connection and the portfolio cache at once (an import holds a transaction on the
    /// one and forgets rows of the other when it commits).
    pub(crate) fn conn_and_cache(&mut self) -> (&mut Connection, &crate::portfolio::row::Cache) {
        (&mut self.conn, &self.portfolio_cache)
    }

    /// This device's clock reading in milliseconds, within the range a stamp may carry.
    pub(crate) fn now_ms(&self) -> u64 {
        (self.clock.now().timestamp_millis().max(1) as u64).min(MAX_SANE_WALL_MS)
    }

    /// Runs a write use case in one transaction: its ops and projection rows commit together
    /// or not at all.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let now_ms = self.now_ms();
        // IMMEDIATE: the write lock is taken before the clock is read, so two processes on one
        // file (the app and the command) never stamp from the same reading.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (device, last) = identity(&tx)?;
        // Every op of one write carries one `made_at`, distinct from the previous write's (a
        // millisecond later at least), so the history tells writes apart.
        let previous: i64 = meta(&tx, "last_made_at")?.and_then(|v| v.parse().ok()).unwrap_or(0);
        let made_at = (now_ms as i64).max(previous + 1);
        let mut w = Writer {
            tx,
            hlc: HlcClock::new(last),
            device,
            now_ms,
            made_at,
            touched: Vec::new(),
            guard: Default::default(),
        };
        let out = f(&mut w)?;
        let Writer { tx, hlc, touched, device, made_at, .. } = w;
        if hlc.last() != last {
            set_meta(&tx, "hlc_last", &hlc.last().to_i64().to_string())?;
            set_meta(&tx, "last_made_at", &made_at.to_string())?;
        }
        // This device's own ops carry no clock news (the skews are about other devices).
        let marks = crate::oplog::activity::Marks {
            newest_hlc: Some(hlc.last().to_i64()),
            newest_made: Some(made_at),
            ..Default::default()
        };
        for project in &touched {
            crate::oplog::activity::note_activity(&tx, project, &device, now_ms as i64, marks)?;
        }
        tx.commit()?;
        self.device = device;
        self.portfolio_cache.forget(touched.iter().map(String::as_str));
        for project in touched {
            if !self.changed.contains(&project) {
                self.changed.push(project);
            }
        }
        Ok(out)
    }

    /// [`OplogRoom::apply_remote`], plus more bookkeeping written in the same transaction.
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
        let seen_at = self.now_ms() as i64;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (_, last) = identity(&tx)?;
        let mut clock = HlcClock::new(last);
        let added = oplog::append_batch(&tx, ops, seen_at)?;
        let mut marks: std::collections::BTreeMap<(&str, &str), crate::oplog::activity::Marks> =
            Default::default();
        for op in ops {
            // A remote stamp is never refused; it only moves this device's clock forward.
            clock.observe(Hlc::from_i64(op.hlc));
            marks.entry((op.project_id.as_str(), op.device.as_str())).or_default().add(op, seen_at);
        }
        for ((project, device), marks) in marks {
            crate::oplog::activity::note_activity(&tx, project, device, seen_at, marks)?;
        }
        also(&tx)?;
        if clock.last() != last {
            set_meta(&tx, "hlc_last", &clock.last().to_i64().to_string())?;
        }
        tx.commit()?;
        // Remote ops may be older than this device's newest: forget by project, not by stamp.
        self.portfolio_cache.forget(ops.iter().map(|op| op.project_id.as_str()));
        Ok(added)
    }

    /// Takes a new device id (see `device::renew_in`).
    pub(crate) fn renew_device(&mut self) -> Result<String> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = crate::device::renew_in(&tx)?;
        tx.commit()?;
        self.device = id.clone();
        Ok(id)
    }

    /// The projects local writes changed since the last call (each once), oldest first.
    pub fn take_changed(&mut self) -> Vec<String> {
        std::mem::take(&mut self.changed)
    }
}

impl<W: Deref<Target = Workspace>> OplogRoom<W> {
    /// The newest stamp this device has issued or seen.
    pub fn last_stamp(&self) -> Result<Hlc> {
        Ok(identity(self.ws.conn())?.1)
    }

    /// Every op in the workspace, in (hlc, device) order.
    pub fn all(&self) -> Result<Vec<Op>> {
        let mut stmt = self.ws.conn.prepare(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device, made_at
             FROM ops ORDER BY hlc, device",
        )?;
        let ops = stmt.query_map([], oplog::read_op)?.collect::<Result<_, _>>()?;
        Ok(ops)
    }

    /// Every op of a project, oldest first: the project's history.
    pub fn of_project(&self, project_id: &str) -> Result<Vec<Op>> {
        let mut stmt = self.ws.conn.prepare_cached(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device, made_at
             FROM ops WHERE project_id = ?1 ORDER BY hlc, device",
        )?;
        let ops = stmt.query_map([project_id], oplog::read_op)?.collect::<Result<_, _>>()?;
        Ok(ops)
    }

    /// The number of ops in the log.
    pub fn count(&self) -> Result<i64> {
        Ok(self.ws.conn.query_row("SELECT count(*) FROM ops", [], |r| r.get(0))?)
    }

    /// A dump of every projection table, row by row, for comparing two workspaces or a
    /// workspace with its own rebuild.
    pub fn projection_dump(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        // Every projection table, and what is kept as they change (the open blockers' counts).
        let tables = Entity::ALL
            .iter()
            .map(|e| (e.table(), "id"))
            .chain([("open_blocker_counts", "project_id, waiting_on, owner_id, escalated_to")]);
        for (table, key) in tables {
            let mut stmt = self.ws.conn.prepare(&format!("SELECT * FROM {table} ORDER BY {key}"))?;
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

impl OplogRoom<&mut Workspace> {
    /// Applies ops made on other devices, all in one transaction. Ops already in the log are
    /// skipped (idempotent), so the same batch may arrive any number of times, in any order.
    /// Returns how many ops were new.
    pub fn apply_remote(&mut self, ops: &[Op]) -> Result<usize> {
        self.ws.apply_remote_with(ops, |_| Ok(()))
    }

    /// Replays the whole op log into fresh projection tables.
    pub fn rebuild(&mut self) -> Result<()> {
        let tx = self.ws.conn.transaction()?;
        oplog::rebuild(&tx)?;
        tx.commit()?;
        self.ws.portfolio_cache.clear();
        Ok(())
    }
}
mod rooms;
mod writer;
pub use rooms::*;
pub use writer::Writer;

/// This device's id and the newest stamp it has issued or seen, as the file has them now.
pub(crate) fn identity(conn: &Connection) -> Result<(String, Hlc)> {
    let device =
        meta(conn, "device_id")?.ok_or_else(|| Error::Internal("the workspace has no device id".into()))?;
    let last = meta(conn, "hlc_last")?.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    Ok((device, Hlc::from_i64(last)))
}
