//! Import: every file of the folder not read before, checked whole and applied in one
//! transaction (a savepoint per file); a bad file is skipped with its reason, remembered, and
//! changes nothing. In an encrypted folder only admitted devices' files are read, each
//! signature checked before anything is decrypted, a removed device's files only as far as its
//! removal lets them count.

use std::path::PathBuf;

use seamline_store::Workspace;

use super::common::read_head;
use crate::error::Result;
use crate::folder;
use crate::report::Skipped;
use crate::segment::{self, Rejection, Stop};
use crate::trust::Roster;

/// A folder holding more bytes than this gets a larger page cache for its import: about 5,000
/// ops (`seamline_store`'s own threshold for a batch), as ops compress some twentyfold. It was
/// 1 MiB, which even 100,000 ops (500 KB) never reached: their import ran in the 2 MB cache,
/// writing pages out mid-transaction only to read them back (issue 29).
const LARGE_IMPORT_BYTES: u64 = 32 * 1024;

/// What an import found besides new ops.
pub(super) struct Imported {
    /// Ops new to this workspace.
    pub added: u32,
    /// Sync services' copies of this device's own segments, to delete.
    pub own_copies: Vec<PathBuf>,
    /// A file in this device's own directory it did not write, with ops it did not have:
    /// another install writes under its id.
    pub foreign_in_own_dir: bool,
    /// Files cut short: a sync service is still bringing them down (read again once whole).
    pub arriving: Vec<String>,
}

/// Imports the folder's new files. `roster` is the encrypted folder's (`None`: plaintext).
pub(super) fn import_files(
    ws: &mut Workspace,
    project_id: &str,
    listing: &folder::Listing,
    roster: Option<&Roster>,
    skipped: &mut Vec<Skipped>,
) -> Result<Imported> {
    let project_keys = ws.trust().project_keys(project_id)?;
    let devices_seen: std::collections::BTreeSet<String> =
        listing.files.iter().map(|f| f.device.clone()).collect();
    let mut sides = std::collections::HashMap::new();
    for device in &devices_seen {
        sides.insert(device.clone(), ws.me().device_side(project_id, device)?);
    }
    let large = listing.files.iter().map(|f| f.len).sum::<u64>() > LARGE_IMPORT_BYTES;
    // Devices with history from before the folder was encrypted (not necessarily admitted).
    let legacy_devices: std::collections::HashSet<&str> =
        roster.iter().flat_map(|r| r.legacy.values().map(String::as_str)).collect();
    let me = ws.device_id().to_string();
    let mut own_copies = Vec::new();
    let mut foreign_in_own_dir = false;
    let mut arriving = Vec::new();
    let added = ws.oplog_mut().import(project_id, large, |imp| {
        let mut this_sync = std::collections::HashSet::new();
        let mut rejected_now: Vec<&str> = Vec::new();
        for found in &listing.files {
            let skip = |reason: String| Skipped { file: found.display.clone(), reason, known: false };
            // In an encrypted folder only admitted devices' files are read; others cost nothing.
            let member = match roster {
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
                Err(Rejection::Incomplete { .. }) => {
                    // Not remembered: the service is still bringing it down.
                    arriving.push(found.display.clone());
                    continue;
                }
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
            let vouched = roster.is_some_and(|r| !header.sealed() && r.legacy.contains_key(&checksum));
            let opener = match (roster, member) {
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
            let removal = roster.and_then(|r| r.removals.get(&found.device));
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
            let mut seq = 0;
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
                Ok((_, info)) => {
                    seq = info.seq;
                    None
                }
                Err(Stop::Rejected(Rejection::Io(e))) => {
                    drop(file);
                    skipped.push(skip(format!("cannot be read: {e}")));
                    continue;
                }
                Err(Stop::Rejected(Rejection::Incomplete { .. })) => {
                    // Shrank or was replaced while it was read: taken once whole.
                    drop(file);
                    arriving.push(found.display.clone());
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
                None => match (file.newest_hlc(), file.finish()) {
                    (newest, Ok(added)) => Ok((added, newest)),
                    (_, Err(seamline_store::Error::Rejected(reason))) => Err(reason),
                    (_, Err(e)) => return Err(e),
                },
            };
            match outcome {
                Err(reason) => {
                    imp.remember_rejection(&found.display, found.len, &fingerprint, &reason)?;
                    skipped.push(skip(reason));
                    rejected_now.push(&found.display);
                }
                Ok((added, newest)) => {
                    this_sync.insert(checksum.clone());
                    if found.device == me {
                        if added == 0 {
                            // This device wrote it but crashed before noting so.
                            imp.adopt_segment(&checksum, &found.name, &me, seq, newest)?;
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
    Ok(Imported { added, own_copies, foreign_in_own_dir, arriving })
}
