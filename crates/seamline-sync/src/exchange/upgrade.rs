//! A folder shared before encryption (format 1) becomes encrypted once every device syncing
//! it runs a Seamline that encrypts:
//!
//! 1. Each such device publishes its public keys in its plaintext `device.json`; every other
//!    device pins them at first sight (`TrustRoom::pin_plain_keys`).
//! 2. When every device with files in the folder has published keys and said its company,
//!    one device of the company that created the project (the smallest id among them, so
//!    exactly one acts) becomes the root: it writes a signed upgrade record admitting those
//!    devices with the keys they published, the first project key wrapped to each, and the
//!    list of plaintext segments it had read (the history before encryption), then marks the
//!    folder encrypted.
//! 3. Each device finds the upgrade signed by a root whose key it pinned, admitting it with its
//!    own keys: it takes the folder as encrypted, rewrites its own files sealed and removes its
//!    plaintext ones.
//!
//! Until then the Sync screen says which devices it waits for; afterwards, whose plaintext
//! files remain. A device of the creating company may also encrypt at once
//! ([`encrypt_now`](super::encrypt::encrypt_now)), leaving behind devices that never updated: they need an invite.

use std::path::Path;

use seamline_core::Side;
use seamline_store::sync::FolderFormat;
use seamline_store::trust::{Member, Pin};
use seamline_store::Workspace;
use serde::Serialize;

use super::common::{now, read_head, APP_VERSION};
use crate::crypto;
use crate::envelope::{self, Kind, Legacy, Upgrade, UpgradeMember};
use crate::error::{Error, Result};
use crate::folder;
use crate::keystore;
use crate::report::{Skipped, SyncReport};
use crate::trust::{short, wrap_to};

/// The upgrade record's place among the root's records.
const UPGRADE_LOGICAL: &str = "upgrade";

/// A device other than this one, as the Sync screen names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NamedDevice {
    pub id: String,
    /// Its user's name (or "device" and its short id).
    pub name: String,
    /// Plaintext files of it still in the folder (0 where not counted).
    pub files: u32,
}

/// Where a shared project's folder stands on encryption.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Encryption {
    pub encrypted: bool,
    /// Not encrypted yet: the devices that have not updated (the upgrade waits for them).
    pub waiting_for: Vec<NamedDevice>,
    /// Encrypted: devices whose plaintext files are still in the folder.
    pub plaintext_left: Vec<NamedDevice>,
}

/// Pins the keys a device published in its plaintext `device.json`; a device id that shows
/// up with other keys is refused and shown.
pub(super) fn pin_published(
    ws: &mut Workspace,
    project: &str,
    device: &str,
    info: &folder::DeviceInfo,
    report: &mut SyncReport,
) -> Result<()> {
    let (Some(sign), Some(kex)) = (
        info.sign_pk.as_deref().and_then(crate::hex::key32),
        info.kex_pk.as_deref().and_then(crate::hex::key32),
    ) else {
        return Ok(());
    };
    if ws.trust_mut().pin_plain_keys(project, device, &sign, &kex)? == Pin::OtherKey {
        report.skipped.push(Skipped {
            file: format!("{}/{device}/{}", folder::DEVICES, folder::DEVICE_FILE),
            reason: format!(
                "device {} published another key than the one first seen; the folder will not be encrypted with it",
                short(device)
            ),
            known: false,
        });
    }
    Ok(())
}

/// A device ready for the upgrade: its id, the keys it published, its company.
type Ready = (String, [u8; 32], [u8; 32], Side);

/// The other devices of a plaintext folder: (the ready ones, the ids of the ones not ready).
pub(super) fn readiness(
    ws: &Workspace,
    project: &str,
    listing: &folder::Listing,
) -> Result<(Vec<Ready>, Vec<String>)> {
    let me = ws.device_id().to_string();
    let former = ws.trust().former_device_ids()?;
    let pinned = ws.trust().plain_keys(project)?;
    let (mut ready, mut waiting) = (Vec::new(), Vec::new());
    // Every device directory this workspace saw writing the project: a directory that only
    // says who it is (a device.json anyone could plant) neither holds the upgrade up nor takes
    // part in it.
    for device in &listing.devices {
        // This workspace's own ids: it wrote them, it needs no one to update.
        if *device == me || former.contains(device) || !seen_writing(ws, project, device)? {
            continue;
        }
        let keys = pinned.iter().find(|(d, _, _)| d == device);
        match (keys, ws.me().device_side(project, device)?) {
            (Some((_, sign, kex)), Some(side)) => ready.push((device.clone(), *sign, *kex, side)),
            _ => waiting.push(device.clone()),
        }
    }
    Ok((ready, waiting))
}

/// Whether this workspace took edits of the project from `device`: the devices an upgrade of a
/// folder shared before encryption counts, and may take one from.
fn seen_writing(ws: &Workspace, project: &str, device: &str) -> Result<bool> {
    Ok(ws.trust().max_hlc_of(project, device)? > 0)
}

/// After a sync of a plaintext folder: encrypts it when every device is ready and this device
/// is the one to do it. Returns whether it did (the caller syncs again, now encrypted).
/// `listing` is the sync's own: which devices there are does not change by its export, and
/// the folder is listed again only to write an upgrade.
pub(super) fn maybe_upgrade(
    ws: &mut Workspace,
    project: &str,
    dir: &Path,
    listing: &folder::Listing,
) -> Result<bool> {
    // Only a device that said it is with the company that created the project: the others
    // take an upgrade only from such a device.
    if ws.me().membership(project)?.map(|m| m.side) != Some(Side::Ours) {
        return Ok(false);
    }
    let (ready, waiting) = readiness(ws, project, listing)?;
    let me = ws.device_id().to_string();
    let first = ready.iter().filter(|r| r.3 == Side::Ours).all(|r| me < r.0);
    // Alone in the folder, nobody is waiting to be admitted: a partner about to join a folder
    // it was told about keeps the way it was told (the Sync screen offers to encrypt now).
    if !waiting.is_empty() || !first || ready.is_empty() {
        return Ok(false);
    }
    // With this sync's own segments, which the history list names.
    write_upgrade(ws, project, dir, &folder::list(dir)?, &ready)
}

/// The root's side of the upgrade: the signed record and the encrypted descriptor. Written
/// before anything changes in the workspace, so an upgrade cut short is finished by the
/// next sync (which adopts it like any device).
pub(super) fn write_upgrade(
    ws: &mut Workspace,
    project: &str,
    dir: &Path,
    listing: &folder::Listing,
    ready: &[Ready],
) -> Result<bool> {
    let me = ws.device_id().to_string();
    let keys = keystore::device_keys(ws, &me)?;
    // Only a device of the creating company gets here (see the callers).
    let mine = Side::Ours;
    let key = crypto::new_key();
    let mut members = vec![(me.clone(), keys.sign_pk(), keys.kex_pk(), mine)];
    members.extend(ready.iter().cloned());
    let recipients =
        members.iter().filter_map(|(device, _, kex, _)| wrap_to(project, 1, device, kex, &key)).collect();
    // The history before encryption: every plaintext segment this device wrote or read.
    let mut legacy = Vec::new();
    let mut listed = std::collections::HashSet::new();
    let mut read: std::collections::HashMap<String, Vec<String>> = Default::default();
    for found in &listing.files {
        let Ok((Ok(header), _)) = read_head(&found.path, found.len) else { continue };
        if header.sealed() {
            continue;
        }
        let checksum = header.checksum_hex();
        let known = if found.device == me {
            ws.sync().segment_exported(project, &checksum)?.is_some()
        } else {
            if !read.contains_key(&found.device) {
                read.insert(found.device.clone(), ws.trust().imported_segments_of(project, &found.device)?);
            }
            read[&found.device].contains(&checksum)
        };
        // Once per checksum: a sync service's conflict copies are the same segment.
        if known && listed.insert(checksum.clone()) {
            let side =
                if found.device == me { Some(mine) } else { ws.me().device_side(project, &found.device)? };
            legacy.push(Legacy { device: found.device.clone(), checksum, side });
        }
    }
    let record = Upgrade {
        at: now(ws),
        members: members
            .iter()
            .map(|(device, sign, kex, side)| UpgradeMember {
                device: device.clone(),
                sign_pk: crate::hex::encode(sign),
                kex_pk: crate::hex::encode(kex),
                side: *side,
            })
            .collect(),
        recipients,
        legacy,
    };
    // Every device reads the record bounded: one it could not read would leave the folder
    // marked encrypted with no way in. (A Seamline folder holds a few dozen segments per
    // device; this takes thousands.)
    let size = envelope::seal_record(Kind::Upgrade, &record, project, &me, &keys).len() as u64;
    if size > envelope::MAX_BYTES {
        return Ok(false);
    }
    super::records::write_record(dir, &me, UPGRADE_LOGICAL, Kind::Upgrade, &record, project, &keys)?;
    let mut descriptor = folder::read_descriptor(dir)?.ok_or_else(|| {
        Error::BadFolder("the shared folder lost its seamline.json; link the project again".into())
    })?;
    descriptor.format_version = folder::FOLDER_FORMAT;
    // Nothing that names the project is readable in an encrypted folder.
    descriptor.project_name = String::new();
    descriptor.min_app_version = APP_VERSION.into();
    folder::write_descriptor(dir, &descriptor)?;
    Ok(true)
}

/// A plaintext link to a folder that became encrypted: takes the upgrade when a device of the
/// creating company that this workspace saw writing the project, with the key it pinned (or
/// this device itself), signed it and it admits this device with its own keys. An upgrade from
/// any other device is refused with the reason. The roster, keys and history then come from
/// the folder's records as in any encrypted folder. Returns whether it did.
pub(super) fn adopt(ws: &mut Workspace, project: &str, dir: &Path, report: &mut SyncReport) -> Result<bool> {
    let me = ws.device_id().to_string();
    let keys = keystore::device_keys(ws, &me)?;
    let mut roots = Vec::new();
    if ws.me().membership(project)?.map(|m| m.side) == Some(Side::Ours) {
        roots.push((me.clone(), keys.sign_pk(), keys.kex_pk(), Side::Ours));
    }
    let pinned = ws.trust().plain_keys(project)?;
    for (device, sign, kex) in &pinned {
        if ws.me().device_side(project, device)? == Some(Side::Ours) && seen_writing(ws, project, device)? {
            roots.push((device.clone(), *sign, *kex, Side::Ours));
        }
    }
    // The smallest id first: every device that sees two upgrades (a crash, or two devices
    // that each thought themselves first) takes the same one.
    roots.sort_by(|a, b| a.0.cmp(&b.0));
    let listing = folder::list(dir)?;
    let upgrade_of = |device: &str, sign: &[u8; 32]| {
        listing.records.iter().filter(|f| f.device == device).take(64).find_map(|f| {
            let bytes = folder::read_bounded(&f.path, envelope::MAX_BYTES).ok()??;
            match envelope::open::<Upgrade>(&bytes, project, device, sign) {
                Ok((Kind::Upgrade, u)) => Some(u),
                _ => None,
            }
        })
    };
    for (root, sign, kex, side) in &roots {
        let Some(upgrade) = upgrade_of(root, sign) else { continue };
        let admits_me = upgrade.members.iter().any(|m| {
            m.device == me
                && crate::hex::key32(&m.sign_pk) == Some(keys.sign_pk())
                && crate::hex::key32(&m.kex_pk) == Some(keys.kex_pk())
        });
        if !admits_me {
            continue;
        }
        ws.trust_mut().admit_member(
            project,
            &Member {
                device: root.clone(),
                sign_pk: *sign,
                kex_pk: *kex,
                side: *side,
                admitted_by: None,
                invite_id: None,
                admitted_at: Some(upgrade.at.chars().take(40).collect()),
            },
        )?;
        ws.trust_mut().set_link_format(project, FolderFormat::Sealed)?;
        ws.trust_mut().mark_encrypted(project)?;
        return Ok(true);
    }
    // Upgrades signed by a device this workspace does not trust to make one: named, not taken.
    for (device, sign, _) in &pinned {
        if !roots.iter().any(|r| &r.0 == device) && upgrade_of(device, sign).is_some() {
            report.skipped.push(Skipped {
                file: format!("{}/{device}", folder::DEVICES),
                reason: format!(
                    "device {} wrote an upgrade of this folder, but this workspace never saw it write the project as a device of the company that created it; refused",
                    short(device)
                ),
                known: false,
            });
        }
    }
    Ok(false)
}

/// Where the project's folder stands on encryption, for the Sync screen and `sync status`.
pub fn encryption(ws: &Workspace, project: &str) -> Result<Encryption> {
    let p = ws.projects().get(project)?;
    let Some(link) = ws.sync().link_of(&p.id)? else { return Ok(Encryption::default()) };
    let Ok(listing) = folder::list(&link.folder) else { return Ok(Encryption::default()) };
    let named = |id: &str, files: u32| NamedDevice {
        id: id.to_string(),
        name: ws
            .sync()
            .devices(&p.id)
            .ok()
            .and_then(|ds| ds.into_iter().find(|d| d.id == id).map(|d| d.user_name))
            .or_else(|| ws.sync().device_said(id).ok().flatten().map(|s| s.0))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("device {}", short(id))),
        files,
    };
    if !link.format.is_sealed() {
        let (_, waiting) = readiness(ws, &p.id, &listing)?;
        return Ok(Encryption {
            encrypted: false,
            waiting_for: waiting.iter().map(|d| named(d, 0)).collect(),
            plaintext_left: vec![],
        });
    }
    let mut left: std::collections::BTreeMap<&str, u32> = Default::default();
    for found in &listing.files {
        if let Ok((Ok(header), _)) = read_head(&found.path, found.len) {
            if !header.sealed() {
                *left.entry(found.device.as_str()).or_default() += 1;
            }
        }
    }
    // Who a device is, in plain text, from before encryption.
    for device in &listing.devices {
        if folder::device_dir(&link.folder, device).join(folder::DEVICE_FILE).is_file() {
            *left.entry(device.as_str()).or_default() += 1;
        }
    }
    let counted: Vec<(&str, u32)> = left.into_iter().collect();
    Ok(Encryption {
        encrypted: true,
        waiting_for: vec![],
        plaintext_left: counted.into_iter().map(|(d, n)| named(d, n)).collect(),
    })
}
