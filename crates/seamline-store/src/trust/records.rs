//! The signed records of a project's encrypted folder this workspace verified and keeps, the
//! trust settled from them, and what follows from it here: edits taken back, a project never
//! written in plain text again.

use std::ops::Deref;

use rusqlite::{params, OptionalExtension};

use super::{Member, Removal};
use crate::error::Result;
use crate::workspace::{TrustRoom, Workspace};

/// A signed record of the project's folder this workspace verified and keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub hash: String,
    pub device: String,
    pub bytes: Vec<u8>,
}

impl Workspace {
    fn pinned_devices(&self, project: &str, table: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT device FROM {table} WHERE project_id = ?1 AND pinned = 1"))?;
        let rows = stmt.query_map([project], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

impl<W: Deref<Target = Workspace>> TrustRoom<W> {
    /// The members this workspace trusts on its own (pinned): the device that shared the
    /// project, those an invite's anchor named, those admitted before records were kept.
    pub fn anchors(&self, project: &str) -> Result<Vec<Member>> {
        let pinned = self.ws.pinned_devices(project, "trust_members")?;
        Ok(self.members(project)?.into_iter().filter(|m| pinned.contains(&m.device)).collect())
    }

    /// The removals this workspace holds on its own word (from before records were kept, or
    /// named by an invite's anchor).
    pub fn pinned_removals(&self, project: &str) -> Result<Vec<Removal>> {
        let pinned = self.ws.pinned_devices(project, "trust_removals")?;
        Ok(self.removals(project)?.into_iter().filter(|r| pinned.contains(&r.device)).collect())
    }

    /// Every record of the project's folder this workspace keeps.
    pub fn records(&self, project: &str) -> Result<Vec<StoredRecord>> {
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT hash, device, bytes FROM trust_records WHERE project_id = ?1 ORDER BY hash",
        )?;
        let rows = stmt
            .query_map([project], |r| {
                Ok(StoredRecord { hash: r.get(0)?, device: r.get(1)?, bytes: r.get(2)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The hash of the record a folder file held when last read, if it has not changed since
    /// (same size and modification time).
    pub fn record_file_hash(
        &self,
        project: &str,
        file: &str,
        size: u64,
        modified_ns: i64,
    ) -> Result<Option<String>> {
        Ok(self
            .ws.conn()
            .prepare_cached(
                "SELECT hash FROM record_files WHERE project_id = ?1 AND file = ?2 AND size = ?3 AND modified_ns = ?4",
            )?
            .query_row(params![project, file, size as i64, modified_ns], |r| r.get(0))
            .optional()?)
    }

    /// Whether this device ever shared or joined the project encrypted.
    pub fn was_encrypted(&self, project: &str) -> Result<bool> {
        Ok(self
            .ws
            .conn()
            .prepare_cached("SELECT 1 FROM encrypted_projects WHERE project_id = ?1")?
            .exists([project])?)
    }

    /// How many edits of the project were refused after they had been taken.
    pub fn refused_edit_count(&self, project: &str) -> Result<usize> {
        let n: i64 = self.ws.conn().query_row(
            "SELECT count(*) FROM refused_ops WHERE project_id = ?1",
            [project],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// The fingerprint of the key this workspace made for `device`, if it made one: a device
    /// that has an identity never gets a new key behind its user's back.
    pub fn device_key_made(&self, device: &str) -> Result<Option<String>> {
        if let Some(f) = crate::db::meta(self.ws.conn(), &format!("device_key:{device}"))? {
            return Ok(Some(f));
        }
        // Workspaces from before this was noted: a device admitted anywhere has an identity.
        let admitted = self
            .ws
            .conn()
            .prepare_cached("SELECT 1 FROM trust_members WHERE device = ?1 LIMIT 1")?
            .exists([device])?;
        Ok(admitted.then(|| "admitted".to_string()))
    }
}

impl TrustRoom<&mut Workspace> {
    /// Replaces the members and removals settled from the records (the pinned ones stay).
    pub fn settle(&mut self, project: &str, members: &[Member], removals: &[Removal]) -> Result<()> {
        let tx = self.ws.conn().unchecked_transaction()?;
        tx.execute("DELETE FROM trust_members WHERE project_id = ?1 AND pinned = 0", [project])?;
        tx.execute("DELETE FROM trust_removals WHERE project_id = ?1 AND pinned = 0", [project])?;
        for m in members {
            tx.execute(
                "INSERT OR IGNORE INTO trust_members
                   (project_id, device, sign_pk, kex_pk, side, admitted_by, invite_id, admitted_at, pinned)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)",
                params![
                    project,
                    m.device,
                    m.sign_pk.as_slice(),
                    m.kex_pk.as_slice(),
                    m.side.as_str(),
                    m.admitted_by,
                    m.invite_id,
                    m.admitted_at
                ],
            )?;
        }
        for r in removals {
            let kept = serde_json::to_string(&r.kept).expect("a list of ids encodes");
            let segments = serde_json::to_string(&r.segments).expect("a list of checksums encodes");
            tx.execute(
                "INSERT OR IGNORE INTO trust_removals
                   (project_id, device, removed_by, removed_at, cut_hlc, kept, segments, pinned)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
                params![project, r.device, r.removed_by, r.removed_at, r.cut_hlc, kept, segments],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Keeps a verified record. Returns whether it was new.
    pub fn keep_record(&mut self, project: &str, record: &StoredRecord) -> Result<bool> {
        Ok(self.ws.conn().execute(
            "INSERT OR IGNORE INTO trust_records (project_id, hash, device, bytes) VALUES (?1, ?2, ?3, ?4)",
            params![project, record.hash, record.device, record.bytes],
        )? > 0)
    }

    /// Remembers which record a folder file holds.
    pub fn note_record_file(
        &mut self,
        project: &str,
        file: &str,
        size: u64,
        modified_ns: i64,
        hash: &str,
    ) -> Result<()> {
        self.ws.conn().execute(
            "INSERT INTO record_files (project_id, file, size, modified_ns, hash) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (project_id, file) DO UPDATE SET size = excluded.size,
               modified_ns = excluded.modified_ns, hash = excluded.hash",
            params![project, file, size as i64, modified_ns, hash],
        )?;
        Ok(())
    }

    /// Marks a project as encrypted on this device for good: it is never written in plain
    /// text again, into any folder.
    pub fn mark_encrypted(&mut self, project: &str) -> Result<()> {
        self.ws
            .conn()
            .execute("INSERT OR IGNORE INTO encrypted_projects (project_id) VALUES (?1)", [project])?;
        Ok(())
    }

    /// Takes back a removed device's edits stamped after its cut (they leave the log, and the
    /// rows they touched show what the other edits say). Returns how many.
    pub fn refuse_edits_after(
        &mut self,
        project: &str,
        device: &str,
        cut_hlc: i64,
        reason: &str,
    ) -> Result<usize> {
        let tx = self.ws.conn().unchecked_transaction()?;
        let n = crate::oplog::refuse_after(&tx, project, device, cut_hlc, reason)?;
        tx.commit()?;
        if n > 0 {
            self.ws.portfolio_cache.forget(std::iter::once(project));
        }
        Ok(n)
    }

    /// Notes that this workspace made `device`'s key (its fingerprint).
    pub fn note_device_key(&mut self, device: &str, fingerprint: &str) -> Result<()> {
        crate::db::set_meta(self.ws.conn(), &format!("device_key:{device}"), fingerprint)
    }

    /// Forgets what was settled from the records (kept records and pins stay): a device that
    /// took a new identity settles again as the newcomer it is.
    pub fn forget_settled(&mut self, project: &str) -> Result<()> {
        self.ws
            .conn()
            .execute("DELETE FROM trust_members WHERE project_id = ?1 AND pinned = 0", [project])?;
        self.ws.conn().execute("DELETE FROM join_requests WHERE project_id = ?1", [project])?;
        Ok(())
    }
}
