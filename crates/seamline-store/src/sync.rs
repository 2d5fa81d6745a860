//! What a workspace keeps about its shared folders, and the two doors between the op log and
//! a folder: the ops this device made since its last export, and a checked import of ops made
//! elsewhere. The folder format itself lives in `seamline-sync`; this module never touches a
//! file.

use std::ops::Deref;
use std::path::PathBuf;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::oplog::{self, Op};
use crate::workspace::{SyncRoom, Workspace};

pub use crate::handover::Handover;

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
    #[serde(skip)]
    pub format: FolderFormat,
}

/// What a shared folder is: the one place its format's number is read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderFormat {
    /// Format 1: plaintext, as projects were shared before encryption.
    Plain,
    /// Format 2: encrypted and signed.
    Sealed,
}

impl FolderFormat {
    /// The format a folder's `seamline.json` (or a link) says: anything from 2 on is sealed.
    pub fn of_version(version: u32) -> FolderFormat {
        if version >= 2 {
            FolderFormat::Sealed
        } else {
            FolderFormat::Plain
        }
    }

    pub fn version(self) -> u32 {
        match self {
            FolderFormat::Plain => 1,
            FolderFormat::Sealed => 2,
        }
    }

    pub fn is_sealed(self) -> bool {
        self == FolderFormat::Sealed
    }
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

impl<W: Deref<Target = Workspace>> SyncRoom<W> {
    pub fn link_of(&self, project_id: &str) -> Result<Option<SyncLink>> {
        Ok(self
            .ws
            .conn()
            .query_row(
                "SELECT project_id, folder, last_export_hlc, next_seq, last_sync_at, format FROM sync_links
                 WHERE project_id = ?1",
                [project_id],
                read_link,
            )
            .optional()?)
    }

    pub fn links(&self) -> Result<Vec<SyncLink>> {
        let mut stmt = self.ws.conn().prepare(
            "SELECT project_id, folder, last_export_hlc, next_seq, last_sync_at, format FROM sync_links ORDER BY project_id",
        )?;
        let links = stmt.query_map([], read_link)?.collect::<Result<_, _>>()?;
        Ok(links)
    }

    /// The ops this device made in the project after `after_hlc`, oldest first.
    pub fn own_ops_after(&self, project_id: &str, after_hlc: i64) -> Result<Vec<Op>> {
        // Nothing of this device's since then: the log, which may hold many newer ops of
        // others, is not read. Its newest stamp is kept as it writes (and as its own files are
        // read back), so no row means it never wrote in the project.
        let newest: Option<i64> = self
            .ws
            .conn()
            .prepare_cached("SELECT newest_hlc FROM device_activity WHERE project_id = ?1 AND device = ?2")?
            .query_row(params![project_id, self.ws.device_id()], |r| r.get(0))
            .optional()?
            .flatten();
        if newest.is_none_or(|n| n <= after_hlc) {
            return Ok(Vec::new());
        }
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device, made_at
             FROM ops WHERE device = ?1 AND project_id = ?2 AND hlc > ?3 ORDER BY hlc",
        )?;
        let ops = stmt
            .query_map(params![self.ws.device_id(), project_id, after_hlc], oplog::read_op)?
            .collect::<Result<_, _>>()?;
        Ok(ops)
    }

    /// Every op of `device` in the project (a snapshot of this device's history).
    pub fn ops_of_device(&self, project_id: &str, device: &str) -> Result<Vec<Op>> {
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device, made_at
             FROM ops WHERE device = ?1 AND project_id = ?2 ORDER BY hlc",
        )?;
        let ops = stmt.query_map(params![device, project_id], oplog::read_op)?.collect::<Result<_, _>>()?;
        Ok(ops)
    }

    /// The file name under which this device (under any of its ids) wrote the segment with
    /// this checksum, if it did.
    pub fn segment_exported(&self, project_id: &str, checksum: &str) -> Result<Option<String>> {
        Ok(self
            .ws
            .conn()
            .prepare_cached(
                "SELECT file_name FROM exported_segments WHERE project_id = ?1 AND checksum = ?2",
            )?
            .query_row(params![project_id, checksum], |r| r.get(0))
            .optional()?)
    }

    /// What a device said about itself (its user and app), whether or not it has edited.
    pub fn device_said(&self, id: &str) -> Result<Option<(String, String, Option<String>)>> {
        Ok(self
            .ws
            .conn()
            .query_row("SELECT user_name, app_version, last_seen FROM devices WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?)
    }

    /// The devices that have edited the project, with what they said about themselves.
    pub fn devices(&self, project_id: &str) -> Result<Vec<Device>> {
        // Last seen: when this device last received an edit from it (its own clock may be
        // anything), else what its device.json said, never later than now.
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT d.device, coalesce(v.user_name, ''), coalesce(v.app_version, ''), v.last_seen,
                    (SELECT a.last_seen FROM device_activity a WHERE a.project_id = ?1 AND a.device = d.device)
             FROM (SELECT device FROM device_activity WHERE project_id = ?1 UNION SELECT ?2) d
             LEFT JOIN devices v ON v.id = d.device
             ORDER BY d.device = ?2 DESC, v.user_name, d.device",
        )?;
        let me = self.ws.device_id().to_string();
        let now = self.ws.now();
        let devices = stmt
            .query_map(params![project_id, me], |r| {
                let id: String = r.get(0)?;
                let said: Option<String> = r.get(3)?;
                let received: Option<i64> = r.get(4)?;
                let last_seen = match (id == me, received) {
                    (false, Some(ms)) => Some(crate::clocks::instant_ms(ms)),
                    _ => said.map(|t| not_after(t, now)),
                };
                Ok(Device {
                    this_device: id == me,
                    id,
                    user_name: r.get(1)?,
                    app_version: r.get(2)?,
                    last_seen,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(devices)
    }
}

impl SyncRoom<&mut Workspace> {
    /// Makes `folder` the project's shared folder on this device. Linking another folder
    /// starts its export from the beginning: the new folder has none of this device's ops.
    pub fn link_folder(&mut self, project_id: &str, folder: PathBuf) -> Result<()> {
        let folder_text = folder.to_str().ok_or_else(|| {
            Error::validation("folder", format!("must be a path in Unicode (got {})", folder.display()))
        })?;
        let same = self.link_of(project_id)?.is_some_and(|l| l.folder == folder);
        if !same {
            self.ws.conn().execute(
                "INSERT INTO sync_links (project_id, folder, last_export_hlc, next_seq) VALUES (?1, ?2, 0, 1)
                 ON CONFLICT (project_id) DO UPDATE SET folder = excluded.folder, last_export_hlc = 0, next_seq = 1,
                   format = 1",
                params![project_id, folder_text],
            )?;
            // Another folder is another circle of trust: its keys and admissions start over.
            self.ws.trust_mut().forget(project_id)?;
        }
        Ok(())
    }

    /// Points the link at the same folder in a new place, keeping everything it knows (the
    /// caller checked the folder carries the project).
    pub fn move_link(&mut self, project_id: &str, folder: &std::path::Path) -> Result<()> {
        let folder_text = folder.to_str().ok_or_else(|| {
            Error::validation("folder", format!("must be a path in Unicode (got {})", folder.display()))
        })?;
        self.ws.conn().execute(
            "UPDATE sync_links SET folder = ?2 WHERE project_id = ?1",
            params![project_id, folder_text],
        )?;
        Ok(())
    }

    pub fn unlink_folder(&mut self, project_id: &str) -> Result<()> {
        self.ws.conn().execute("DELETE FROM sync_links WHERE project_id = ?1", [project_id])?;
        Ok(())
    }

    /// Makes everything this workspace holds durable, and reserves segment number `seq` of
    /// `device` (this device, or an id it handed over from) in the project, before a segment
    /// that depends on them reaches the folder. At `synchronous=NORMAL` a commit can be lost
    /// to a power cut while a file written after it survives; a segment published before its
    /// ops and its number were on disk would let this device write those stamps and that
    /// number again, and other devices refuse a stamp that carries two different edits. One
    /// commit at `synchronous=FULL` syncs the write-ahead log, and with it every commit
    /// before it: one fsync per segment.
    pub fn reserve_segment(&mut self, project_id: &str, device: &str, seq: i64) -> Result<()> {
        let me = device == self.ws.device_id();
        let conn = self.ws.conn();
        conn.pragma_update(None, "synchronous", "FULL")?;
        let out = if me {
            conn.execute(
                "UPDATE sync_links SET next_seq = max(next_seq, ?2 + 1) WHERE project_id = ?1",
                params![project_id, seq],
            )
        } else {
            conn.execute(
                "UPDATE handovers SET next_seq = max(next_seq, ?3 + 1) WHERE project_id = ?1 AND device = ?2",
                params![project_id, device, seq],
            )
        };
        conn.pragma_update(None, "synchronous", crate::db::SYNCHRONOUS)?;
        out?;
        Ok(())
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
        let device = self.ws.device_id().to_string();
        let tx = self.ws.conn().unchecked_transaction()?;
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
        self.ws.conn().execute(
            "UPDATE sync_links SET last_sync_at = ?2 WHERE project_id = ?1",
            params![project_id, at],
        )?;
        Ok(())
    }

    /// Takes a new device id: another install wrote files under the current one (a copied
    /// workspace or a restored backup), and two devices must never share an id. What this
    /// workspace made under the old id is still exported (see
    /// [`HandoversRoom::list`](crate::workspace::HandoversRoom::list)).
    pub fn renew_device_id(&mut self) -> Result<String> {
        self.ws.renew_device()
    }

    /// Remembers what a device says about itself (from its `device.json`).
    pub fn note_device(&mut self, id: &str, user_name: &str, app_version: &str, seen_at: &str) -> Result<()> {
        self.ws.conn().execute(
            "INSERT INTO devices (id, user_name, app_version, last_seen) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET user_name = excluded.user_name,
               app_version = excluded.app_version, last_seen = excluded.last_seen",
            params![id, user_name, app_version, seen_at],
        )?;
        Ok(())
    }
}

fn read_link(r: &rusqlite::Row<'_>) -> rusqlite::Result<SyncLink> {
    Ok(SyncLink {
        project_id: r.get(0)?,
        folder: PathBuf::from(r.get::<_, String>(1)?),
        last_export_hlc: r.get(2)?,
        next_seq: r.get(3)?,
        last_sync_at: r.get(4)?,
        format: FolderFormat::of_version(r.get(5)?),
    })
}

/// An RFC 3339 time another device gave, no later than `now` (its clock may run ahead).
fn not_after(t: String, now: chrono::DateTime<chrono::Utc>) -> String {
    match chrono::DateTime::parse_from_rfc3339(&t) {
        Ok(at) if at <= now => t,
        _ => now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

/// How many bytes a value takes as JSON text, without building the text.
pub(crate) fn json_len(value: &serde_json::Value) -> usize {
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
