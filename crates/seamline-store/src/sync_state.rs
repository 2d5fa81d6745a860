//! What a workspace keeps about its shared folders, and the two doors between the op log and
//! a folder: the ops this device made since its last export, and a checked import of ops made
//! elsewhere. The folder format itself lives in `seamline-sync`; this module never touches a
//! file.

use std::path::PathBuf;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ids;
use crate::oplog::{self, Op};
use crate::workspace::{set_meta, Workspace};

/// Where this device syncs a project, and how far it has exported.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncLink {
    pub project_id: String,
    pub folder: PathBuf,
    /// Bookkeeping of the exchange, not for display.
    #[serde(skip)]
    pub last_export_hlc: i64,
    #[serde(skip)]
    pub next_seq: i64,
    pub last_sync_at: Option<String>,
}

/// A device seen in this workspace: this one, or one met through a shared folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Device {
    pub id: String,
    pub user_name: String,
    pub app_version: String,
    pub last_seen: Option<String>,
    /// This device.
    pub this_device: bool,
}

/// Longest entity, field or row id an op from a folder may carry; real ones are far shorter.
const MAX_NAME_LEN: usize = 64;
/// Largest JSON value an op from a folder may carry (the longest text a use case accepts is
/// 4,000 characters; a status report body is the largest thing written).
const MAX_VALUE_BYTES: usize = 256 * 1024;

impl Workspace {
    pub fn sync_link(&self, project_id: &str) -> Result<Option<SyncLink>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT project_id, folder, last_export_hlc, next_seq, last_sync_at FROM sync_links
                 WHERE project_id = ?1",
                [project_id],
                read_link,
            )
            .optional()?)
    }

    pub fn sync_links(&self) -> Result<Vec<SyncLink>> {
        let mut stmt = self.conn().prepare(
            "SELECT project_id, folder, last_export_hlc, next_seq, last_sync_at FROM sync_links ORDER BY project_id",
        )?;
        let links = stmt.query_map([], read_link)?.collect::<Result<_, _>>()?;
        Ok(links)
    }

    /// Makes `folder` the project's shared folder on this device. Linking another folder
    /// starts its export from the beginning: the new folder has none of this device's ops.
    pub fn link_folder(&mut self, project_id: &str, folder: PathBuf) -> Result<()> {
        let folder_text = folder.to_str().ok_or_else(|| {
            Error::validation("folder", format!("must be a path in Unicode (got {})", folder.display()))
        })?;
        let same = self.sync_link(project_id)?.is_some_and(|l| l.folder == folder);
        if !same {
            self.conn().execute(
                "INSERT INTO sync_links (project_id, folder, last_export_hlc, next_seq) VALUES (?1, ?2, 0, 1)
                 ON CONFLICT (project_id) DO UPDATE SET folder = excluded.folder, last_export_hlc = 0, next_seq = 1",
                params![project_id, folder_text],
            )?;
        }
        Ok(())
    }

    pub fn unlink_folder(&mut self, project_id: &str) -> Result<()> {
        self.conn().execute("DELETE FROM sync_links WHERE project_id = ?1", [project_id])?;
        Ok(())
    }

    /// The ops this device made in the project after `after_hlc`, oldest first.
    pub fn own_ops_after(&self, project_id: &str, after_hlc: i64) -> Result<Vec<Op>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device
             FROM ops WHERE device = ?1 AND project_id = ?2 AND hlc > ?3 ORDER BY hlc",
        )?;
        let ops = stmt
            .query_map(params![self.device_id(), project_id, after_hlc], oplog::read_op)?
            .collect::<Result<_, _>>()?;
        Ok(ops)
    }

    /// Every op of `device` in the project (a snapshot of this device's history).
    pub fn ops_of_device(&self, project_id: &str, device: &str) -> Result<Vec<Op>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device
             FROM ops WHERE device = ?1 AND project_id = ?2 ORDER BY hlc",
        )?;
        let ops = stmt.query_map(params![device, project_id], oplog::read_op)?.collect::<Result<_, _>>()?;
        Ok(ops)
    }

    /// Records a segment this device wrote: its ops up to `last_hlc` are exported.
    pub fn record_export(
        &mut self,
        project_id: &str,
        checksum: &str,
        file_name: &str,
        last_hlc: i64,
        seq: i64,
    ) -> Result<()> {
        let device = self.device_id().to_string();
        let tx = self.conn().unchecked_transaction()?;
        tx.execute(
            "INSERT OR IGNORE INTO exported_segments (project_id, checksum, file_name, device) VALUES (?1, ?2, ?3, ?4)",
            params![project_id, checksum, file_name, device],
        )?;
        // Its own segment never needs importing.
        tx.execute(
            "INSERT OR IGNORE INTO imported_segments (project_id, checksum, device, op_count) VALUES (?1, ?2, ?3, 0)",
            params![project_id, checksum, device],
        )?;
        tx.execute(
            "UPDATE sync_links SET last_export_hlc = max(last_export_hlc, ?2), next_seq = max(next_seq, ?3 + 1)
             WHERE project_id = ?1",
            params![project_id, last_hlc, seq],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn record_sync_time(&mut self, project_id: &str, at: &str) -> Result<()> {
        self.conn().execute(
            "UPDATE sync_links SET last_sync_at = ?2 WHERE project_id = ?1",
            params![project_id, at],
        )?;
        Ok(())
    }

    pub fn segment_imported(&self, project_id: &str, checksum: &str) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM imported_segments WHERE project_id = ?1 AND checksum = ?2")?
            .exists(params![project_id, checksum])?)
    }

    /// The file name under which this device (under any of its ids) wrote the segment with
    /// this checksum, if it did.
    pub fn segment_exported(&self, project_id: &str, checksum: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT file_name FROM exported_segments WHERE project_id = ?1 AND checksum = ?2",
            )?
            .query_row(params![project_id, checksum], |r| r.get(0))
            .optional()?)
    }

    /// Whether every one of these ops is already in the log.
    pub fn has_all_ops(&self, ops: &[Op]) -> Result<bool> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT 1 FROM ops WHERE entity = ?1 AND row_id = ?2 AND field = ?3 AND hlc = ?4 AND device = ?5",
        )?;
        for op in ops {
            if !stmt.exists(params![op.entity, op.row_id, op.field, op.hlc, op.device])? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Records a file in this device's own directory as its own: it holds only ops already in
    /// this log (an export whose bookkeeping was cut short by a crash).
    pub fn adopt_segment(&mut self, project_id: &str, checksum: &str, file_name: &str) -> Result<()> {
        let device = self.device_id().to_string();
        self.conn().execute(
            "INSERT OR IGNORE INTO exported_segments (project_id, checksum, file_name, device) VALUES (?1, ?2, ?3, ?4)",
            params![project_id, checksum, file_name, device],
        )?;
        Ok(())
    }

    /// Checks that ops read from a folder may enter this workspace as `device`'s ops of
    /// `project_id`. Returns why not: the caller skips the whole file and names the reason.
    pub fn check_remote_ops(&self, project_id: &str, device: &str, ops: &[Op]) -> Result<Option<String>> {
        let sane =
            |s: &str| !s.is_empty() && s.len() <= MAX_NAME_LEN && s.bytes().all(|b| b.is_ascii_graphic());
        let mut seen_rows = std::collections::HashSet::new();
        // One read transaction for the whole file: each lookup outside one takes and drops
        // the file's shared lock (two system calls) for itself.
        let read = self.conn().unchecked_transaction()?;
        for op in ops {
            if op.project_id != project_id {
                return Ok(Some(format!("holds ops of another project ({})", truncate(&op.project_id))));
            }
            if op.device != device {
                return Ok(Some(format!("holds ops signed by another device ({})", truncate(&op.device))));
            }
            if !sane(&op.entity) || !sane(&op.field) || !sane(&op.row_id) {
                return Ok(Some("holds an op with a malformed entity, field or row id".into()));
            }
            if op.hlc <= 0 {
                return Ok(Some("holds an op with an invalid timestamp".into()));
            }
            if op.entity == "project" && op.row_id != project_id {
                return Ok(Some("holds an op that edits another project".into()));
            }
            if json_len(&op.value) > MAX_VALUE_BYTES {
                return Ok(Some("holds an op whose value is too large".into()));
            }
            // A row belongs to one project for ever: a file may not reach into another
            // project's rows by reusing their ids.
            if seen_rows.insert((op.entity.as_str(), op.row_id.as_str())) {
                let other: Option<String> = read
                    .prepare_cached(
                        "SELECT project_id FROM ops WHERE entity = ?1 AND row_id = ?2 AND project_id <> ?3 LIMIT 1",
                    )?
                    .query_row(params![op.entity, op.row_id, project_id], |r| r.get(0))
                    .optional()?;
                if other.is_some() {
                    return Ok(Some("holds an op that edits a row of another project".into()));
                }
            }
        }
        Ok(None)
    }

    /// Applies checked segments in one transaction and remembers them as imported. Returns how
    /// many ops were new to this workspace.
    pub fn import_segments(&mut self, project_id: &str, mut segments: Vec<ImportedSegment>) -> Result<usize> {
        let counts: Vec<usize> = segments.iter().map(|s| s.ops.len()).collect();
        let mut all: Vec<Op> = segments.iter_mut().flat_map(|s| std::mem::take(&mut s.ops)).collect();
        // In the log's primary-key order: neighbouring keys share B-tree pages, so the inserts
        // touch each page once instead of jumping around (the order of a batch changes nothing
        // else: the merge rule does not depend on it).
        all.sort_unstable_by(|a, b| {
            (&a.entity, &a.row_id, &a.field, a.hlc, &a.device)
                .cmp(&(&b.entity, &b.row_id, &b.field, b.hlc, &b.device))
        });
        let added = self.apply_remote_with(&all, |tx| {
            for (s, count) in segments.iter().zip(counts) {
                tx.execute(
                    "INSERT OR IGNORE INTO imported_segments (project_id, checksum, device, op_count) VALUES (?1, ?2, ?3, ?4)",
                    params![project_id, s.checksum, s.device, count as i64],
                )?;
            }
            Ok(())
        })?;
        Ok(added)
    }

    /// Takes a new device id: another install wrote files under the current one (a copied
    /// workspace or a restored backup), and two devices must never share an id.
    pub fn renew_device_id(&mut self) -> Result<String> {
        let id = ids::new_id();
        set_meta(self.conn(), "device_id", &id)?;
        self.set_device(id.clone());
        Ok(id)
    }

    /// Remembers what a device says about itself (from its `device.json`).
    pub fn note_device(&mut self, id: &str, user_name: &str, app_version: &str, seen_at: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO devices (id, user_name, app_version, last_seen) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET user_name = excluded.user_name,
               app_version = excluded.app_version, last_seen = excluded.last_seen",
            params![id, user_name, app_version, seen_at],
        )?;
        Ok(())
    }

    /// The devices that have edited the project, with what they said about themselves.
    pub fn devices(&self, project_id: &str) -> Result<Vec<Device>> {
        let mut stmt = self.conn().prepare(
            "SELECT d.device, coalesce(v.user_name, ''), coalesce(v.app_version, ''), v.last_seen
             FROM (SELECT DISTINCT device FROM ops WHERE project_id = ?1
                   UNION SELECT ?2) d
             LEFT JOIN devices v ON v.id = d.device
             ORDER BY d.device = ?2 DESC, v.user_name, d.device",
        )?;
        let me = self.device_id().to_string();
        let devices = stmt
            .query_map(params![project_id, me], |r| {
                let id: String = r.get(0)?;
                Ok(Device {
                    this_device: id == me,
                    id,
                    user_name: r.get(1)?,
                    app_version: r.get(2)?,
                    last_seen: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(devices)
    }
}

/// A validated segment, ready to apply.
#[derive(Debug, Clone)]
pub struct ImportedSegment {
    pub checksum: String,
    pub device: String,
    pub ops: Vec<Op>,
}

fn read_link(r: &rusqlite::Row<'_>) -> rusqlite::Result<SyncLink> {
    Ok(SyncLink {
        project_id: r.get(0)?,
        folder: PathBuf::from(r.get::<_, String>(1)?),
        last_export_hlc: r.get(2)?,
        next_seq: r.get(3)?,
        last_sync_at: r.get(4)?,
    })
}

/// How many bytes a value takes as JSON text, without building the text.
fn json_len(value: &serde_json::Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value).expect("a JSON value always serializes");
    count.0
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}
