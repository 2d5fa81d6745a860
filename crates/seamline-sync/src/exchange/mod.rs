//! Link, join and sync: the exchange between a workspace and a project's shared folder.
//!
//! A sync is import then export. Import reads every file it has not read before, validates it
//! whole, and applies the ops of all good files in one transaction; a bad file is skipped
//! with its reason and changes nothing. Export writes the ops this device made since its
//! last export as one new segment in its own directory, and only ops of the linked project.

use std::fs;
use std::path::Path;

use chrono::SecondsFormat;
use seamline_store::Workspace;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::folder;
use crate::segment::{self, Rejection, Stop, HEADER_LEN};

mod export;
mod invite;
mod join;
mod link;
mod remove;
mod upgrade;
use export::export;
pub use invite::{claim_as, invite, Invitation};
pub use join::{join, preview, FolderPreview};
pub use link::link;
pub use remove::remove_device;
pub use upgrade::{encrypt_now, encryption, Encryption, NamedDevice, UPGRADE_FILE};

/// This build's version, written into `device.json` and checked against `min_app_version`.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Compact this device's segments into one snapshot once it has written this many.
pub const COMPACT_AFTER: usize = 24;

/// A folder holding more bytes than this gets a larger page cache for its import.
const LARGE_IMPORT_BYTES: u64 = 1024 * 1024;

/// Who is syncing, as other devices will see it.
#[derive(Debug, Clone)]
pub struct Identity {
    pub user_name: String,
    pub app_version: String,
}

impl Identity {
    /// Who this device's user is: `SEAMLINE_USER` when set (scripts), else the name the user
    /// gave (`Workspace::user_name`), else the login name the operating system gives.
    pub fn of(ws: &Workspace) -> Identity {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let user_name = env("SEAMLINE_USER")
            .or_else(|| ws.user_name().ok().flatten())
            .or_else(|| env("USER"))
            .or_else(|| env("USERNAME"))
            .unwrap_or_else(|| "Seamline user".into());
        Identity { user_name, app_version: APP_VERSION.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Skipped {
    /// The file, relative to the shared folder.
    pub file: String,
    pub reason: String,
    /// Refused by an earlier sync and unchanged since: not read again until it changes.
    pub known: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncReport {
    /// Ops new to this workspace.
    pub imported: u32,
    /// Ops written to the folder.
    pub exported: u32,
    pub skipped: Vec<Skipped>,
    /// This device took a new id because another install wrote under its old one.
    pub renewed_device: bool,
    /// Set when another device's clock runs far ahead of this one.
    pub clock_warning: Option<String>,
    /// When the sync finished, RFC 3339.
    pub at: String,
    /// A new invite code, for the partner company's first device (set when a project is
    /// first shared).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invite: Option<String>,
}

fn now(ws: &Workspace) -> String {
    ws.now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Import, then export. Runs on demand, on a file watcher and on a timer.
pub fn sync(ws: &mut Workspace, project_id: &str, who: &Identity) -> Result<SyncReport> {
    let mut link = ws.sync_link(project_id)?.ok_or_else(|| Error::NotLinked(project_id.to_string()))?;
    let dir = link.folder.clone();
    if !dir.is_dir() {
        return Err(Error::Unreachable(dir.display().to_string()));
    }
    match folder::read_descriptor(&dir)? {
        // A folder shared before encryption that has just been encrypted: taken when its
        // upgrade admits this device.
        Some(d) if d.project_id == project_id && d.format_version >= 2 && link.format != 2 => {
            if !upgrade::adopt(ws, project_id, &dir)? {
                // Else (a share or a join that failed half-way, or a device left out of the
                // upgrade): it must never write the project into the folder in plain text.
                return Err(Error::BadInvite(
                    "this project's folder is encrypted and this device was not admitted to it: join it again with an invite".into(),
                ));
            }
            link = ws.sync_link(project_id)?.ok_or_else(|| Error::NotLinked(project_id.to_string()))?;
        }
        Some(d) if d.project_id == project_id => {}
        Some(_) => {
            return Err(Error::BadFolder(
                "the shared folder now carries another project; link this project to its own folder".into(),
            ))
        }
        None => {
            return Err(Error::BadFolder(
                "the shared folder lost its seamline.json; link the project again".into(),
            ))
        }
    }

    let mut report = SyncReport::default();
    let listing = folder::list(&dir)?;
    report.skipped.extend(listing.odd.iter().cloned().map(|(file, reason)| Skipped {
        file,
        reason,
        known: false,
    }));

    let me = ws.device_id().to_string();
    let mut foreign_in_own_dir = false;
    let mut own_copies = Vec::new();
    // An encrypted folder: who is admitted, with which keys, from the signed records.
    let (roster, records) = if link.format == 2 {
        let (mut roster, problems, records) = crate::trust::load(ws, project_id, &listing)?;
        report.skipped.extend(problems);
        if invite::succeed(ws, &dir, project_id, &roster)? {
            roster = crate::trust::Roster::from_workspace(ws, project_id)?;
        }
        (Some(roster), records)
    } else {
        note_plain_devices(ws, project_id, &dir, &listing, &mut report)?;
        (None, vec![])
    };
    let project_keys = ws.project_keys(project_id)?;
    let devices_seen: std::collections::BTreeSet<String> =
        listing.files.iter().map(|f| f.device.clone()).collect();
    let mut sides = std::collections::HashMap::new();
    for device in &devices_seen {
        sides.insert(device.clone(), ws.device_side(project_id, device)?);
    }
    let large = listing.files.iter().map(|f| f.len).sum::<u64>() > LARGE_IMPORT_BYTES;
    // Devices with history from before the folder was encrypted (not necessarily admitted).
    let legacy_devices: std::collections::HashSet<&str> =
        roster.iter().flat_map(|r| r.legacy.values().map(String::as_str)).collect();
    let skipped = &mut report.skipped;
    report.imported = ws.import(project_id, large, |imp| {
        let mut this_sync = std::collections::HashSet::new();
        let mut rejected_now: Vec<&str> = Vec::new();
        for found in &listing.files {
            let skip = |reason: String| Skipped { file: found.display.clone(), reason, known: false };
            // In an encrypted folder only admitted devices' files are read; others cost nothing.
            let member = match &roster {
                Some(roster) => match roster.member(&found.device) {
                    Some(m) => Some(m),
                    None if found.device == me => None,
                    // History from before the folder was encrypted, checked by checksum below.
                    None if legacy_devices.contains(found.device.as_str()) => None,
                    None => {
                        // Not remembered: an invite may admit the device later.
                        skipped.push(skip(format!(
                            "device {} was not admitted to this project (no valid invite); ignored",
                            crate::trust::short(&found.device)
                        )));
                        continue;
                    }
                },
                None => None,
            };
            let (header, head_print) = match read_head(&found.path, found.len) {
                Ok(h) => h,
                Err(e) => {
                    // Not remembered: a file that cannot be read now may be readable later.
                    skipped.push(skip(format!("cannot be read: {e}")));
                    continue;
                }
            };
            // With the modification time: a file repaired in place is read again.
            let fingerprint = format!("{head_print}@{}", found.modified_ns);
            if let Some(reason) = imp.known_rejection(&found.display, found.len, &fingerprint)? {
                skipped.push(Skipped { known: true, ..skip(reason) });
                rejected_now.push(&found.display);
                continue;
            }
            let header = match header {
                Ok(h) => h,
                Err(r) => {
                    let reason = r.to_string();
                    imp.remember_rejection(&found.display, found.len, &fingerprint, &reason)?;
                    skipped.push(skip(reason));
                    rejected_now.push(&found.display);
                    continue;
                }
            };
            let checksum = header.checksum_hex();
            if found.device == me {
                if let Some(name) = imp.segment_exported(&checksum)? {
                    // This device's own file, or a sync service's copy of it: its ops are
                    // already in the log, so a copy can go.
                    if name != found.name {
                        own_copies.push(found.path.clone());
                    }
                    continue;
                }
            }
            // A copy of a file imported before (or earlier in this sync) adds nothing. Only a file
            // that was applied counts: a damaged copy claims the checksum of the good file.
            if imp.segment_imported(&checksum)? || this_sync.contains(&checksum) {
                continue;
            }
            let side = sides.get(&found.device).copied().flatten();
            let mut file = imp.file(&found.device, side, &checksum)?;
            // A plaintext segment in an encrypted folder counts only when the upgrade that
            // encrypted the folder vouches for it (the history from before); any other is
            // refused as plaintext.
            let vouched = roster.as_ref().is_some_and(|r| !header.sealed() && r.legacy.contains_key(&checksum));
            let opener = match (&roster, member) {
                (Some(_), _) if vouched => None,
                (Some(_), Some(m)) => Some(segment::Opener {
                    project: project_id,
                    device: &found.device,
                    sign_pk: &m.sign_pk,
                    keys: &project_keys,
                }),
                // This device's own directory, under an id not admitted (yet).
                (Some(_), None) => {
                    drop(file);
                    if found.device != me {
                        // Remembered: not read again until it changes.
                        let reason = format!(
                            "device {} was not admitted when the folder was encrypted, and this file is not from before; ignored",
                            crate::trust::short(&found.device)
                        );
                        imp.remember_rejection(&found.display, found.len, &fingerprint, &reason)?;
                        skipped.push(skip(reason));
                        rejected_now.push(&found.display);
                    }
                    continue;
                }
                (None, _) => None,
            };
            // A removed device's edits count up to its removal, none after: only the segments
            // its remover had read count (it still holds its key, and could back-date).
            let removal = roster.as_ref().and_then(|r| r.removals.get(&found.device));
            if let Some(r) = removal.filter(|r| !r.segments.contains(&checksum)) {
                drop(file);
                let reason = format!(
                    "written by device {} after it was removed from the project (by {} on {}); ignored",
                    crate::trust::short(&found.device),
                    crate::trust::short(&r.removed_by),
                    r.removed_at.get(..10).unwrap_or(&r.removed_at)
                );
                imp.remember_rejection(&found.display, found.len, &fingerprint, &reason)?;
                skipped.push(skip(reason));
                rejected_now.push(&found.display);
                continue;
            }
            let decoded = segment::read_file(&found.path, opener.as_ref(), |op| {
                if let Some(r) = removal {
                    if op.hlc > r.cut_hlc {
                        return Err(seamline_store::Error::Rejected(format!(
                            "written after device {} was removed from the project (by {} on {}); ignored",
                            crate::trust::short(&found.device),
                            crate::trust::short(&r.removed_by),
                            r.removed_at.get(..10).unwrap_or(&r.removed_at)
                        )));
                    }
                }
                file.push(op)
            });
            let reason = match decoded {
                Ok((_, info)) if info.device != found.device => {
                    Some("was written by another device than the folder it is in".to_string())
                }
                Ok((_, info)) if info.project_id != project_id => {
                    Some("belongs to another project".to_string())
                }
                Ok(_) => None,
                Err(Stop::Rejected(Rejection::Io(e))) => {
                    drop(file);
                    skipped.push(skip(format!("cannot be read: {e}")));
                    continue;
                }
                Err(Stop::Rejected(r @ Rejection::UnknownKey(_))) => {
                    // Not remembered: read again once the key reaches this device.
                    drop(file);
                    skipped.push(skip(r.to_string()));
                    continue;
                }
                Err(Stop::Rejected(r)) => Some(r.to_string()),
                Err(Stop::Caller(seamline_store::Error::Rejected(r))) => Some(r),
                Err(Stop::Caller(seamline_store::Error::Deferred(r))) => {
                    // Not remembered: read again once the device says which company it is with.
                    drop(file);
                    skipped.push(skip(r));
                    continue;
                }
                Err(Stop::Caller(e)) => return Err(e),
            };
            // The last chunk is applied when the file is finished: it may still break a rule.
            let outcome = match reason {
                Some(reason) => {
                    // Dropping the file rolls back whatever of it was applied.
                    drop(file);
                    Err(reason)
                }
                None => match file.finish() {
                    Ok(added) => Ok(added),
                    Err(seamline_store::Error::Rejected(reason)) => Err(reason),
                    Err(e) => return Err(e),
                },
            };
            match outcome {
                Err(reason) => {
                    imp.remember_rejection(&found.display, found.len, &fingerprint, &reason)?;
                    skipped.push(skip(reason));
                    rejected_now.push(&found.display);
                }
                Ok(added) => {
                    this_sync.insert(checksum.clone());
                    if found.device == me {
                        if added == 0 {
                            // This device wrote it but crashed before noting so.
                            imp.adopt_segment(&checksum, &found.name, &me)?;
                        } else {
                            foreign_in_own_dir = true;
                        }
                    }
                }
            }
        }
        imp.keep_rejections_of(&rejected_now)?;
        Ok(imp.added() as u32)
    })?;
    for copy in own_copies {
        let _ = fs::remove_file(copy);
    }
    if report.imported > 0 {
        report.clock_warning = ws.clock_skews(project_id)?.into_iter().next().map(|s| s.message);
    }

    // Two installs must never write under one id: the other one's files are imported above,
    // and this one moves to a fresh id (and directory) before it exports.
    if foreign_in_own_dir {
        ws.renew_device_id()?;
        report.renewed_device = true;
        if let Some(roster) = &roster {
            invite::succeed(ws, &dir, project_id, roster)?;
        }
    }

    if let Some(roster) = &roster {
        invite::close_used_invites(ws, &dir, project_id, roster, &records)?;
        remove::wrap_for_newcomers(ws, &dir, project_id, roster, &records)?;
    }

    // Export.
    report.exported = export(ws, project_id, &dir, who)? as u32;
    report.at = now(ws);
    ws.record_sync_time(project_id, &report.at)?;
    // Every device ready: a plaintext folder becomes encrypted, and this sync goes on so.
    if link.format != 2 && upgrade::maybe_upgrade(ws, project_id, &dir, &listing)? {
        let mut again = sync(ws, project_id, who)?;
        again.imported += report.imported;
        again.exported += report.exported;
        again.renewed_device |= report.renewed_device;
        return Ok(again);
    }
    // A deleted project keeps syncing (a restore travels too), but has no page to show.
    // An encrypted folder's page is encrypted too: it opens with the project's view code.
    if ws.known_project_name(project_id)?.is_some() && ws.project(project_id).is_ok() {
        if link.format == 2 {
            crate::sealed_page::refresh(ws, project_id, &dir)?;
        } else {
            crate::status_page::refresh(ws, project_id, &dir)?;
        }
    }
    Ok(report)
}

/// In a plaintext folder: who each device says it is (its `device.json`), before its files
/// are read. Its signatures count only for the company it said it is with (pinned at first
/// sight).
fn note_plain_devices(
    ws: &mut Workspace,
    project_id: &str,
    dir: &Path,
    listing: &folder::Listing,
    report: &mut SyncReport,
) -> Result<()> {
    let me = ws.device_id().to_string();
    // Every device directory: one that joined and has not edited yet says who it is too.
    for device in &listing.devices {
        if *device == me {
            continue;
        }
        let Some(info) = folder::read_device_info(&folder::device_dir(dir, device)) else { continue };
        if info.device_id != *device {
            continue;
        }
        ws.note_device(device, &info.user_name, &info.app_version, &info.updated_at)?;
        upgrade::pin_published(ws, project_id, device, &info, report)?;
        if let Some(side) = info.side {
            if let Some(reason) = ws.note_device_side(project_id, device, side)? {
                let file = format!("{}/{device}/{}", folder::DEVICES, folder::DEVICE_FILE);
                report.skipped.push(Skipped { file, reason, known: false });
            }
        }
    }
    Ok(())
}

/// The header of a file (or why it is not a segment) and a fingerprint of its first bytes:
/// the header's checksum for a segment, else a hash of what was read.
type Head = (std::result::Result<segment::Header, Rejection>, String);

fn read_head(path: &Path, len: u64) -> std::io::Result<Head> {
    use std::io::Read;
    let (file, _) = folder::open_file(path)?;
    let mut head = Vec::with_capacity(HEADER_LEN);
    file.take(HEADER_LEN as u64).read_to_end(&mut head)?;
    let header = segment::read_header(&head, len);
    let fingerprint = match &header {
        Ok(h) => h.checksum_hex(),
        Err(_) => {
            use sha2::Digest;
            segment::hex(&sha2::Sha256::digest(&head))
        }
    };
    Ok((header, fingerprint))
}
