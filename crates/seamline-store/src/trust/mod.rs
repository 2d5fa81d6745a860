//! What a workspace keeps about an encrypted shared folder's trust: the project's keys, the
//! devices admitted with their pinned keys, and the devices removed. Bytes and text only: the
//! cryptography (what is signed, sealed and checked) is `seamline-sync`'s.

use std::ops::Deref;

use rusqlite::{params, OptionalExtension};
use seamline_core::Side;

use crate::error::Result;
use crate::workspace::{TrustRoom, Workspace};

mod admission;
mod records;
pub use admission::{JoinRequest, PendingJoin};
pub use records::StoredRecord;

/// A device admitted to a project's encrypted folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub device: String,
    /// Its Ed25519 public key: every file in its directory must carry its signature.
    pub sign_pk: [u8; 32],
    /// Its X25519 public key: new project keys are wrapped to it.
    pub kex_pk: [u8; 32],
    pub side: Side,
    /// The device whose invite admitted it; `None` for the device that shared the project.
    pub admitted_by: Option<String>,
    pub invite_id: Option<String>,
    pub admitted_at: Option<String>,
}

/// A device removed from a project.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    pub device: String,
    pub removed_by: String,
    pub removed_at: String,
    /// Its edits stamped after this are refused.
    pub cut_hlc: i64,
    /// Devices it had admitted that stay admitted.
    pub kept: Vec<String>,
    /// Its segments (by checksum) that still count: the ones its remover had read. Any other
    /// segment of it is refused.
    pub segments: Vec<String>,
}

/// The keys a device published in a plaintext folder: (device, signing key, key-exchange key).
pub type PlainKeys = (String, [u8; 32], [u8; 32]);

/// What pinning a device's keys found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pin {
    /// First seen: admitted now.
    New,
    /// Already admitted with these keys.
    Known,
    /// Already admitted with another signing key: someone else writes under its id.
    OtherKey,
}

impl<W: Deref<Target = Workspace>> TrustRoom<W> {
    /// The project's keys with their epochs, oldest first.
    pub fn project_keys(&self, project: &str) -> Result<Vec<(u32, [u8; 32])>> {
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT epoch, key FROM project_keys WHERE project_id = ?1 ORDER BY epoch, key",
        )?;
        let rows = stmt
            .query_map([project], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, Vec<u8>>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows.into_iter().filter_map(|(e, k)| Some((e, <[u8; 32]>::try_from(k).ok()?))).collect())
    }

    pub fn members(&self, project: &str) -> Result<Vec<Member>> {
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT device, sign_pk, kex_pk, side, admitted_by, invite_id, admitted_at
             FROM trust_members WHERE project_id = ?1 ORDER BY device",
        )?;
        let rows = stmt
            .query_map([project], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Vec<u8>>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(device, s, k, side, admitted_by, invite_id, admitted_at)| {
                Some(Member {
                    device,
                    sign_pk: s.try_into().ok()?,
                    kex_pk: k.try_into().ok()?,
                    side: Side::parse("side", &side).ok()?,
                    admitted_by,
                    invite_id,
                    admitted_at,
                })
            })
            .collect())
    }

    pub fn removals(&self, project: &str) -> Result<Vec<Removal>> {
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT device, removed_by, removed_at, cut_hlc, kept, segments FROM trust_removals
             WHERE project_id = ?1 ORDER BY removed_at, device",
        )?;
        let rows = stmt
            .query_map([project], |r| {
                let kept: String = r.get(4)?;
                let segments: String = r.get(5)?;
                Ok(Removal {
                    device: r.get(0)?,
                    removed_by: r.get(1)?,
                    removed_at: r.get(2)?,
                    cut_hlc: r.get(3)?,
                    kept: serde_json::from_str(&kept).unwrap_or_default(),
                    segments: serde_json::from_str(&segments).unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The segments (checksums) of a device this workspace imported in the project.
    pub fn imported_segments_of(&self, project: &str, device: &str) -> Result<Vec<String>> {
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT checksum FROM imported_segments WHERE project_id = ?1 AND device = ?2 ORDER BY checksum",
        )?;
        let rows =
            stmt.query_map(params![project, device], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The newest stamp of the device's ops in the project this workspace has (0 when none).
    pub fn max_hlc_of(&self, project: &str, device: &str) -> Result<i64> {
        Ok(self.ws.conn().query_row(
            "SELECT coalesce(max(hlc), 0) FROM ops WHERE project_id = ?1 AND device = ?2",
            params![project, device],
            |r| r.get(0),
        )?)
    }

    /// The ids this workspace used before its current one (a copy or a restore took a new id).
    pub fn former_device_ids(&self) -> Result<Vec<String>> {
        crate::device::former_devices(self.ws.conn())
    }

    /// The keys other devices published in the project's plaintext folder, by device:
    /// (signing key, key-exchange key).
    pub fn plain_keys(&self, project: &str) -> Result<Vec<PlainKeys>> {
        let mut stmt = self.ws.conn().prepare_cached(
            "SELECT device, sign_pk, kex_pk FROM plain_keys WHERE project_id = ?1 ORDER BY device",
        )?;
        let rows = stmt
            .query_map([project], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, Vec<u8>>(2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // A row of another length cannot be written here; skipped rather than trusted.
        Ok(rows
            .into_iter()
            .filter_map(|(d, s, k)| Some((d, s.try_into().ok()?, k.try_into().ok()?)))
            .collect())
    }
}

impl TrustRoom<&mut Workspace> {
    /// Keeps a project key. Returns whether it was new.
    pub fn add_project_key(&mut self, project: &str, epoch: u32, key: &[u8; 32]) -> Result<bool> {
        let n = self.ws.conn().execute(
            "INSERT OR IGNORE INTO project_keys (project_id, epoch, key) VALUES (?1, ?2, ?3)",
            params![project, epoch, key.as_slice()],
        )?;
        Ok(n > 0)
    }

    /// Admits a device, pinning its keys; a device already admitted keeps its first keys.
    pub fn admit_member(&mut self, project: &str, m: &Member) -> Result<Pin> {
        let known: Option<Vec<u8>> = self
            .ws
            .conn()
            .query_row(
                "SELECT sign_pk FROM trust_members WHERE project_id = ?1 AND device = ?2",
                params![project, m.device],
                |r| r.get(0),
            )
            .optional()?;
        match known {
            Some(pk) if pk == m.sign_pk => Ok(Pin::Known),
            Some(_) => Ok(Pin::OtherKey),
            None => {
                self.ws.conn().execute(
                    "INSERT INTO trust_members (project_id, device, sign_pk, kex_pk, side, admitted_by, invite_id, admitted_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
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
                Ok(Pin::New)
            }
        }
    }

    /// Keeps a removal for good; the first one seen for a device stands. Returns whether it
    /// was new.
    pub fn note_removal(&mut self, project: &str, r: &Removal) -> Result<bool> {
        let kept = serde_json::to_string(&r.kept).expect("a list of ids encodes");
        let segments = serde_json::to_string(&r.segments).expect("a list of checksums encodes");
        let n = self.ws.conn().execute(
            "INSERT OR IGNORE INTO trust_removals (project_id, device, removed_by, removed_at, cut_hlc, kept, segments)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![project, r.device, r.removed_by, r.removed_at, r.cut_hlc, kept, segments],
        )?;
        Ok(n > 0)
    }

    /// Marks the project's folder as encrypted (format 2) on this device.
    pub fn set_link_format(&mut self, project: &str, format: crate::sync::FolderFormat) -> Result<()> {
        self.ws.conn().execute(
            "UPDATE sync_links SET format = ?2 WHERE project_id = ?1",
            params![project, format.version()],
        )?;
        Ok(())
    }

    /// Pins the public keys a device published in a plaintext folder (first seen wins).
    pub fn pin_plain_keys(
        &mut self,
        project: &str,
        device: &str,
        sign_pk: &[u8; 32],
        kex_pk: &[u8; 32],
    ) -> Result<Pin> {
        let known: Option<Vec<u8>> = self
            .ws
            .conn()
            .query_row(
                "SELECT sign_pk FROM plain_keys WHERE project_id = ?1 AND device = ?2",
                params![project, device],
                |r| r.get(0),
            )
            .optional()?;
        match known {
            Some(pk) if pk == sign_pk => Ok(Pin::Known),
            Some(_) => Ok(Pin::OtherKey),
            None => {
                self.ws.conn().execute(
                    "INSERT INTO plain_keys (project_id, device, sign_pk, kex_pk) VALUES (?1, ?2, ?3, ?4)",
                    params![project, device, sign_pk.as_slice(), kex_pk.as_slice()],
                )?;
                Ok(Pin::New)
            }
        }
    }

    /// Forgets the trust state of a project's folder (a folder unlinked, or replaced).
    pub fn forget(&mut self, project: &str) -> Result<()> {
        for table in
            ["project_keys", "trust_members", "trust_removals", "plain_keys", "trust_records", "record_files"]
        {
            self.ws.conn().execute(&format!("DELETE FROM {table} WHERE project_id = ?1"), [project])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Clock;

    fn member(device: &str, pk: u8) -> Member {
        Member {
            device: device.into(),
            sign_pk: [pk; 32],
            kex_pk: [9; 32],
            side: Side::Partner,
            admitted_by: Some("root".into()),
            invite_id: Some("abcd".into()),
            admitted_at: None,
        }
    }

    #[test]
    fn a_pinned_key_stays_and_another_key_is_told_apart() {
        let mut ws = Workspace::open_in_memory(Clock::System).unwrap();
        assert_eq!(ws.trust_mut().admit_member("p", &member("d1", 1)).unwrap(), Pin::New);
        assert_eq!(ws.trust_mut().admit_member("p", &member("d1", 1)).unwrap(), Pin::Known);
        assert_eq!(ws.trust_mut().admit_member("p", &member("d1", 2)).unwrap(), Pin::OtherKey);
        assert_eq!(ws.trust().members("p").unwrap(), vec![member("d1", 1)]);
        assert!(ws.trust().members("q").unwrap().is_empty());
    }

    #[test]
    fn keys_published_in_a_plaintext_folder_are_pinned_at_first_sight() {
        let mut ws = Workspace::open_in_memory(Clock::System).unwrap();
        assert_eq!(ws.trust_mut().pin_plain_keys("p", "d1", &[1; 32], &[2; 32]).unwrap(), Pin::New);
        assert_eq!(ws.trust_mut().pin_plain_keys("p", "d1", &[1; 32], &[2; 32]).unwrap(), Pin::Known);
        assert_eq!(ws.trust_mut().pin_plain_keys("p", "d1", &[3; 32], &[2; 32]).unwrap(), Pin::OtherKey);
        assert_eq!(ws.trust().plain_keys("p").unwrap(), vec![("d1".to_string(), [1; 32], [2; 32])]);
        ws.trust_mut().forget("p").unwrap();
        assert!(ws.trust().plain_keys("p").unwrap().is_empty());
    }

    #[test]
    fn keys_and_removals_are_kept_once() {
        let mut ws = Workspace::open_in_memory(Clock::System).unwrap();
        assert!(ws.trust_mut().add_project_key("p", 2, &[2; 32]).unwrap());
        assert!(ws.trust_mut().add_project_key("p", 1, &[1; 32]).unwrap());
        assert!(!ws.trust_mut().add_project_key("p", 1, &[1; 32]).unwrap());
        // Two removals at once: two keys of one epoch, both kept.
        assert!(ws.trust_mut().add_project_key("p", 2, &[7; 32]).unwrap());
        assert_eq!(ws.trust().project_keys("p").unwrap(), vec![(1, [1; 32]), (2, [2; 32]), (2, [7; 32])]);
        let r = Removal {
            device: "d1".into(),
            removed_by: "root".into(),
            removed_at: "2027-01-15T10:00:00Z".into(),
            cut_hlc: 42,
            kept: vec!["d2".into()],
            segments: vec!["abc".into()],
        };
        assert!(ws.trust_mut().note_removal("p", &r).unwrap());
        assert!(!ws.trust_mut().note_removal("p", &Removal { cut_hlc: 99, ..r.clone() }).unwrap());
        assert_eq!(ws.trust().removals("p").unwrap(), vec![r]);
    }
}
