//! A checked import of ops read from a shared folder: file by file, op by op, in one
//! transaction, with memory bounded by a chunk of ops rather than by what the folder holds.
//!
//! Each file is applied inside a savepoint while it is decoded: every op is checked (its
//! project, its device, sane names and stamps, no reach into another project's rows, the same
//! key never carrying two different ops) and applied a chunk at a time. A file that breaks any
//! rule, at any point, is rolled back to its savepoint: it changes nothing, and the caller
//! skips it with the reason. The file format itself lives in `seamline-sync`; this module never
//! touches a file.

use std::collections::HashSet;

use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use seamline_core::{Hlc, HlcClock, Side};

use crate::db::set_meta;
use crate::error::{Error, Result};
use crate::oplog::{self, Op};
use crate::schema::Entity;
use crate::workspace::{OplogRoom, Workspace};

mod rejections;

/// Ops applied at a time: large enough that a B-tree page is touched once per chunk, small
/// enough that a chunk's memory does not matter.
const CHUNK: usize = 4096;
/// Longest entity, field or row id an op from a folder may carry; real ones are far shorter.
pub const MAX_NAME_LEN: usize = 64;
/// Largest JSON value an op from a folder may carry (the longest text a use case accepts is
/// 4,000 characters; a status report body is the largest thing written).
pub const MAX_VALUE_BYTES: usize = 256 * 1024;

/// An import in progress: one write transaction over the workspace.
pub struct Import<'a> {
    tx: Transaction<'a>,
    project_id: String,
    clock: HlcClock,
    seen_at: i64,
    added: usize,
    /// Projects whose portfolio rows must be recomputed after the commit.
    cache: &'a crate::portfolio::row::Cache,
    /// The first stamp the partner company wrote in the project, once asked (see `owned`).
    partner_since: Option<Option<i64>>,
}

impl Workspace {
    fn import_in_tx<T>(
        &mut self,
        project_id: &str,
        f: impl FnOnce(&mut Import<'_>) -> Result<T>,
    ) -> Result<T> {
        let seen_at = self.now_ms() as i64;
        let (conn, cache) = self.conn_and_cache();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last = crate::workspace::identity(&tx)?.1;
        let mut import = Import {
            tx,
            project_id: project_id.to_string(),
            clock: HlcClock::new(last),
            seen_at,
            added: 0,
            cache,
            partner_since: None,
        };
        let out = f(&mut import)?;
        let Import { tx, clock, added, cache, project_id, .. } = import;
        if clock.last() != last {
            set_meta(&tx, "hlc_last", &clock.last().to_i64().to_string())?;
        }
        tx.commit()?;
        if added > 0 {
            cache.forget(std::iter::once(project_id.as_str()));
        }
        Ok(out)
    }
}

impl OplogRoom<&mut Workspace> {
    /// Runs an import of ops into `project_id` in one transaction. `large` gives the
    /// transaction a bigger page cache (the folder holds many new bytes).
    pub fn import<T>(
        &mut self,
        project_id: &str,
        large: bool,
        f: impl FnOnce(&mut Import<'_>) -> Result<T>,
    ) -> Result<T> {
        // A large import dirties far more pages than SQLite's default page cache holds, and a
        // full cache writes dirty pages out mid-transaction only to read them back. A bigger
        // cache for this transaction alone; the default (and the memory) comes back after it.
        if large {
            self.ws.conn().pragma_update(None, "cache_size", crate::workspace::BIG_BATCH_CACHE_KIB)?;
        }
        let out = self.ws.import_in_tx(project_id, f);
        if large {
            self.ws.conn().pragma_update(None, "cache_size", crate::db::CACHE_KIB)?;
        }
        out
    }
}

impl<'a> Import<'a> {
    /// Ops new to the workspace so far.
    pub fn added(&self) -> usize {
        self.added
    }

    /// Whether a segment with this checksum was imported before.
    pub fn segment_imported(&self, checksum: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM imported_segments WHERE project_id = ?1 AND checksum = ?2")?
            .exists(params![self.project_id, checksum])?)
    }

    /// The file name under which this workspace (under any of its ids) wrote the segment
    /// with this checksum, if it did.
    pub fn segment_exported(&self, checksum: &str) -> Result<Option<String>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT file_name FROM exported_segments WHERE project_id = ?1 AND checksum = ?2",
            )?
            .query_row(params![self.project_id, checksum], |r| r.get(0))
            .optional()?)
    }

    /// Records a file in this device's own directory as its own: it held only ops already in
    /// this log (an export whose bookkeeping was cut short by a crash). Its number and its
    /// newest stamp count as exported, so the next export neither writes its ops again nor
    /// reuses its number.
    pub fn adopt_segment(
        &mut self,
        checksum: &str,
        file_name: &str,
        device: &str,
        seq: u64,
        newest_hlc: i64,
    ) -> Result<()> {
        self.tx.execute(
            "INSERT OR IGNORE INTO exported_segments (project_id, checksum, file_name, device) VALUES (?1, ?2, ?3, ?4)",
            params![self.project_id, checksum, file_name, device],
        )?;
        self.tx.execute(
            "UPDATE sync_links SET last_export_hlc = max(last_export_hlc, ?2), next_seq = max(next_seq, ?3 + 1)
             WHERE project_id = ?1",
            params![self.project_id, newest_hlc, i64::try_from(seq).unwrap_or(i64::MAX - 1)],
        )?;
        Ok(())
    }

    /// Starts a file whose every op must be `device`'s op of this project; `side` is the
    /// company that device said it is with (its signatures count only for that company).
    /// Nothing of it counts until [`FileImport::finish`].
    pub fn file(&mut self, device: &str, side: Option<Side>, checksum: &str) -> Result<FileImport<'_, 'a>> {
        self.tx.execute_batch("SAVEPOINT seamline_file")?;
        Ok(FileImport {
            device: device.to_string(),
            side,
            checksum: checksum.to_string(),
            buffer: Vec::with_capacity(CHUNK),
            rows: HashSet::new(),
            sides: std::collections::HashMap::new(),
            added: 0,
            ops: 0,
            newest: 0,
            marks: Default::default(),
            clock: self.clock,
            import: self,
            open: true,
        })
    }
}

/// One file being applied, inside its savepoint.
pub struct FileImport<'i, 'a> {
    import: &'i mut Import<'a>,
    device: String,
    /// The company the device said it is with.
    side: Option<Side>,
    checksum: String,
    buffer: Vec<Op>,
    /// Rows already checked against other projects.
    rows: HashSet<(String, String)>,
    /// The company each per-company row of this file says it belongs to.
    sides: std::collections::HashMap<String, Side>,
    added: usize,
    ops: usize,
    /// The newest stamp among the file's ops.
    newest: i64,
    /// What the file's logged ops say (see `oplog::activity::Marks`).
    marks: crate::oplog::activity::Marks,
    clock: HlcClock,
    open: bool,
}

impl FileImport<'_, '_> {
    /// The newest stamp among the ops taken so far.
    pub fn newest_hlc(&self) -> i64 {
        self.newest
    }

    /// Takes the next op of the file. An op that breaks a rule is an `Error::Rejected` naming
    /// the rule; the caller then drops this file (which rolls it back).
    pub fn push(&mut self, op: Op) -> Result<()> {
        self.check(&op)?;
        if let Some(reason) = self.signature_refused(&op)? {
            // Not applied, on any device (each judges it by the same pinned company): kept
            // out of the log and listed with the reason, like a value not used.
            self.import.tx.execute(
                "INSERT OR IGNORE INTO invalid_values (project_id, entity, row_id, field, hlc, device, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![op.project_id, op.entity, op.row_id, op.field, op.hlc, op.device, reason],
            )?;
            return Ok(());
        }
        if matches!(op.entity.as_str(), "person" | "raci_cell" | "workflow_step") && op.field == "side" {
            if let Some(side) = op.value.as_str().and_then(|s| Side::parse("side", s).ok()) {
                self.sides.insert(op.row_id.clone(), side);
            }
        }
        self.ops += 1;
        self.newest = self.newest.max(op.hlc);
        self.buffer.push(op);
        if self.buffer.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn check(&mut self, op: &Op) -> Result<()> {
        let project_id = &self.import.project_id;
        let reject = |m: String| Err(Error::Rejected(m));
        let sane =
            |s: &str| !s.is_empty() && s.len() <= MAX_NAME_LEN && s.bytes().all(|b| b.is_ascii_graphic());
        if op.project_id != *project_id {
            return reject(format!("holds ops of another project ({})", truncate(&op.project_id)));
        }
        if op.device != self.device {
            return reject(format!("holds ops signed by another device ({})", truncate(&op.device)));
        }
        if !sane(&op.entity) || !sane(&op.field) || !sane(&op.row_id) {
            return reject("holds an op with a malformed entity, field or row id".into());
        }
        if !Hlc::is_sane(op.hlc) || op.prev_hlc.is_some_and(|h| !Hlc::is_sane(h)) {
            return reject(
                "holds an op with a malformed clock stamp (before 1970 or after the year 5999)".into(),
            );
        }
        if op.made_at.is_some_and(|t| !seamline_core::hlc::is_sane_wall_ms(t)) {
            return reject("holds an op with a malformed time (before 1970 or after the year 5999)".into());
        }
        if op.prev_device.as_deref().is_some_and(|d| !sane(d)) {
            return reject("holds an op with a malformed device id".into());
        }
        if op.entity == "project" && op.row_id != *project_id {
            return reject("holds an op that edits another project".into());
        }
        if crate::sync::json_len(&op.value) > MAX_VALUE_BYTES {
            return reject("holds an op whose value is too large".into());
        }
        // A row belongs to one project for ever: a file may not reach into another project's
        // rows by reusing their ids.
        if !self.rows.contains(&(op.entity.clone(), op.row_id.clone())) {
            let other = self
                .import
                .tx
                .prepare_cached(
                    "SELECT 1 FROM ops WHERE entity = ?1 AND row_id = ?2 AND project_id <> ?3 LIMIT 1",
                )?
                .exists(params![op.entity, op.row_id, project_id])?;
            if other {
                return reject("holds an op that edits a row of another project".into());
            }
            self.rows.insert((op.entity.clone(), op.row_id.clone()));
        }
        Ok(())
    }

    /// Why a signature op may not be applied: a company signs only for itself. Its own
    /// signature row takes only that company's devices; the recorded rows take anyone.
    fn signature_refused(&self, op: &Op) -> Result<Option<String>> {
        if op.entity != Entity::Signoff.as_str() {
            return Ok(None);
        }
        let project = &self.import.project_id;
        let Some(row_side) = [Side::Ours, Side::Partner]
            .into_iter()
            .find(|s| op.row_id == crate::scope::signature::signed_row(project, *s))
        else {
            return Ok(None);
        };
        match self.side {
            Some(side) if side == row_side => Ok(None),
            Some(side) => {
                let (ours, partner): (String, String) = self
                    .import
                    .tx
                    .query_row("SELECT coalesce(ours, ''), coalesce(partner, '') FROM projects WHERE id = ?1", [project], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .unwrap_or_default();
                let company = |s: Side| if s == Side::Ours { ours.clone() } else { partner.clone() };
                Ok(Some(format!(
                    "a signature for {} written by a device of {}: a company signs only for itself (the other's signature can be recorded instead)",
                    company(row_side),
                    company(side)
                )))
            }
            None => Err(Error::Deferred(
                "holds a signature from a device that has not said which company it is with yet (it may use an older Seamline); read again at the next sync".into(),
            )),
        }
    }

    fn flush(&mut self) -> Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let import = &mut *self.import;
        crate::ownership::refuse_in_chunk(
            &import.tx,
            &import.project_id,
            self.side,
            &mut self.buffer,
            &self.sides,
            &mut import.partner_since,
        )?;
        // Only what is logged counts (refused ops are kept apart).
        for op in &self.buffer {
            self.marks.add(op, import.seen_at);
        }
        // In the log's primary-key order: neighbouring keys share B-tree pages, so the inserts
        // touch each page once instead of jumping around (the order changes nothing else: the
        // merge rule does not depend on it).
        self.buffer.sort_unstable_by(|a, b| {
            (&a.entity, &a.row_id, &a.field, a.hlc, &a.device)
                .cmp(&(&b.entity, &b.row_id, &b.field, b.hlc, &b.device))
        });
        self.added += oplog::append_batch(&self.import.tx, &self.buffer, self.import.seen_at)?;
        crate::oplog::invalid::note(&self.import.tx, &self.buffer)?;
        for op in &self.buffer {
            // A remote stamp is never refused; it only moves this device's clock forward.
            self.clock.observe(Hlc::from_i64(op.hlc));
        }
        self.buffer.clear();
        Ok(())
    }

    /// Applies what is left of the file and keeps it: returns how many of its ops were new.
    pub fn finish(mut self) -> Result<usize> {
        self.flush()?;
        let import = &mut *self.import;
        import.tx.execute(
            "INSERT OR IGNORE INTO imported_segments (project_id, checksum, device, op_count) VALUES (?1, ?2, ?3, ?4)",
            params![import.project_id, self.checksum, self.device, self.ops as i64],
        )?;
        if self.added > 0 {
            crate::oplog::activity::note_activity(
                &import.tx,
                &import.project_id,
                &self.device,
                import.seen_at,
                self.marks,
            )?;
        }
        import.tx.execute_batch("RELEASE seamline_file")?;
        import.clock = self.clock;
        import.added += self.added;
        self.open = false;
        Ok(self.added)
    }
}

impl Drop for FileImport<'_, '_> {
    /// A file not finished (refused, or its decoding failed) leaves nothing behind.
    fn drop(&mut self) {
        if self.open {
            let _ = self.import.tx.execute_batch("ROLLBACK TO seamline_file; RELEASE seamline_file");
        }
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}
