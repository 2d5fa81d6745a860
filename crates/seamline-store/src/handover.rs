//! What a former id of this workspace still owes a project's folder: an install that took a
//! new id (a copied workspace, a restored backup, a lost key) still writes what it made under
//! the old one, into the old id's directory, or, when the old key is lost, writes it again as
//! its own.

use std::ops::Deref;

use rusqlite::{params, OptionalExtension};

use crate::error::Result;
use crate::oplog::{self, Op};
use crate::workspace::{HandoversRoom, Workspace};

/// What a former id of this workspace still owes a project's folder.
#[derive(Debug, Clone)]
pub struct Handover {
    /// The former device id (its directory in the folder).
    pub device: String,
    /// The next segment number in that directory.
    pub next_seq: i64,
    /// Its ops in the project not yet written to the folder, oldest first.
    pub ops: Vec<Op>,
}

impl Workspace {
    fn ops_of_device_after(&self, project_id: &str, device: &str, after_hlc: i64) -> Result<Vec<Op>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT hlc, device, project_id, entity, row_id, field, value, prev_hlc, prev_device, made_at
             FROM ops WHERE device = ?1 AND project_id = ?2 AND hlc > ?3 ORDER BY hlc",
        )?;
        let ops = stmt
            .query_map(params![device, project_id, after_hlc], oplog::read_op)?
            .collect::<Result<_, _>>()?;
        Ok(ops)
    }
}

impl<W: Deref<Target = Workspace>> HandoversRoom<W> {
    /// Device ids this workspace wrote under before its current one, with ops in the project
    /// that it has not written to the folder yet. An install that took a new id still owes the
    /// folder what it made under the old one.
    pub fn list(&self, project_id: &str) -> Result<Vec<Handover>> {
        let mut out = Vec::new();
        for device in crate::device::former_devices(self.ws.conn())? {
            let (mark, seq) = self
                .ws
                .conn()
                .prepare_cached(
                    "SELECT last_export_hlc, next_seq FROM handovers WHERE project_id = ?1 AND device = ?2",
                )?
                .query_row(params![project_id, device], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .unwrap_or((0, 1));
            let ops = self.ws.ops_of_device_after(project_id, &device, mark)?;
            if !ops.is_empty() {
                out.push(Handover { device, next_seq: seq, ops });
            }
        }
        Ok(out)
    }
}

impl HandoversRoom<&mut Workspace> {
    /// Records a segment written under a former id of this workspace.
    pub fn record(
        &mut self,
        project_id: &str,
        device: &str,
        checksum: &str,
        file_name: &str,
        last_hlc: i64,
        seq: i64,
    ) -> Result<()> {
        let tx = self.ws.conn().unchecked_transaction()?;
        tx.execute(
            "INSERT OR IGNORE INTO exported_segments (project_id, checksum, file_name, device) VALUES (?1, ?2, ?3, ?4)",
            params![project_id, checksum, file_name, device],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO imported_segments (project_id, checksum, device, op_count) VALUES (?1, ?2, ?3, 0)",
            params![project_id, checksum, device],
        )?;
        tx.execute(
            "INSERT INTO handovers (project_id, device, last_export_hlc, next_seq) VALUES (?1, ?2, ?3, ?4 + 1)
             ON CONFLICT (project_id, device) DO UPDATE SET
               last_export_hlc = max(last_export_hlc, excluded.last_export_hlc),
               next_seq = max(next_seq, excluded.next_seq)",
            params![project_id, device, last_hlc, seq],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A device that lost its key (and took a new id) can no longer send what it made under
    /// the lost one and had not sent yet: every such edit that still stands is written again
    /// as this device's own, and the lost id owes nothing more. Returns how many.
    pub fn reissue_unexported(&mut self, former: &str) -> Result<usize> {
        let mut n = 0;
        for link in self.ws.sync().links()? {
            let project = link.project_id;
            let Some(h) = self.list(&project)?.into_iter().find(|h| h.device == former) else {
                continue;
            };
            let last = h.ops.last().map_or(0, |o| o.hlc);
            n += self.ws.write(|w| {
                let mut n = 0;
                for op in &h.ops {
                    let Some(entity) = crate::schema::Entity::parse(&op.entity) else { continue };
                    let stands = oplog::winner(w.conn(), &op.entity, &op.row_id, &op.field)?
                        .is_some_and(|(hlc, device, _)| hlc == op.hlc && device == op.device);
                    if stands
                        && (entity.field_kind(&op.field).is_some() || op.field == crate::schema::DELETED)
                    {
                        w.set_again(&project, entity, &op.row_id, &op.field, &op.value)?;
                        n += 1;
                    }
                }
                Ok(n)
            })?;
            self.ws.conn().execute(
                "INSERT INTO handovers (project_id, device, last_export_hlc, next_seq) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (project_id, device) DO UPDATE SET last_export_hlc = excluded.last_export_hlc",
                params![project, former, last, h.next_seq],
            )?;
        }
        Ok(n)
    }
}
