//! Reading the folder's records, bounded and once: a member's records are verified against its
//! pinned key and kept (a thousand copies of one record are one hash, verified once); a file is
//! not read again until its size or modification time changes (junk named like a record is
//! remembered as refused). A device not admitted can only be asking to join: of it, at most a
//! few small records are read, from at most 256 such devices.

use std::collections::{BTreeMap, HashSet};

use seamline_store::trust::StoredRecord;
use seamline_store::Workspace;

use super::{short, skip};
use crate::envelope;
use crate::error::Result;
use crate::folder;
use crate::report::Skipped;

/// A signed record read from the folder (not kept: a joining device's claim, an invite found
/// with a code).
#[derive(Debug, Clone)]
pub struct Record {
    pub device: String,
    /// As reports name it: `devices/<id>/<name>`.
    pub file: String,
    pub bytes: Vec<u8>,
}

/// Largest record read from a device not admitted (a claim is under 1 KiB).
pub(crate) const MAX_UNADMITTED_RECORD: u64 = 16 * 1024;
/// Devices not admitted whose records are read at all, in one sync.
const MAX_UNADMITTED_DEVICES: usize = 256;
/// What `record_files` holds for a file that is not a record (the hash of nothing is never a
/// record's).
const REFUSED: &str = "refused";

/// A file's modification time as the workspace keeps it.
fn mtime(found: &folder::Found) -> i64 {
    i64::try_from(found.modified_ns).unwrap_or(i64::MAX)
}

/// Reads and keeps the records of admitted devices (`members`, with their pinned keys) that
/// this workspace has not read before: each verified against its device's key once, however
/// many copies of it there are. Returns how many new records were kept.
pub(crate) fn keep_new_records(
    ws: &mut Workspace,
    project: &str,
    listing: &folder::Listing,
    members: &BTreeMap<String, [u8; 32]>,
    problems: &mut Vec<Skipped>,
    arriving: &mut Vec<String>,
) -> Result<usize> {
    let mut kept = 0;
    let mut known: HashSet<String> = ws.trust().records(project)?.into_iter().map(|r| r.hash).collect();
    for found in &listing.records {
        let Some(sign_pk) = members.get(&found.device) else { continue };
        if let Some(hash) = ws.trust().record_file_hash(project, &found.display, found.len, mtime(found))? {
            if hash == REFUSED {
                problems.push(Skipped {
                    known: true,
                    ..skip(
                        &found.display,
                        "not a valid record of its device (refused before, unchanged since)".into(),
                    )
                });
            }
            continue;
        }
        let bytes = match folder::read_bounded(&found.path, envelope::MAX_BYTES) {
            Ok(Some(b)) => b,
            Ok(None) => continue,
            Err(e) => {
                // Not remembered: a file that cannot be read now may be readable later.
                problems.push(skip(&found.display, format!("cannot be read: {e}")));
                continue;
            }
        };
        let hash = crate::hex::sha256(&bytes);
        if known.contains(&hash) {
            // A copy (a sync service's, or the same record written again): nothing new.
            ws.trust_mut().note_record_file(project, &found.display, found.len, mtime(found), &hash)?;
            continue;
        }
        match envelope::verify(&bytes, project, &found.device, sign_pk) {
            Ok(_) => {
                let record = StoredRecord { hash: hash.clone(), device: found.device.clone(), bytes };
                if ws.trust_mut().keep_record(project, &record)? {
                    kept += 1;
                }
                // Its copies later in this listing are then known: verified once, not once each
                // (a thousand copies of a record new to this workspace cost a thousand
                // signature checks before).
                known.insert(hash.clone());
                ws.trust_mut().note_record_file(project, &found.display, found.len, mtime(found), &hash)?;
            }
            Err(envelope::Refused::Incomplete) => {
                // Not remembered: the sync service is still bringing it down.
                arriving.push(found.display.clone());
            }
            Err(e) => {
                let reason = match e {
                    envelope::Refused::Signature => format!(
                        "not signed with device {}'s key: someone wrote as that device (or the file is damaged); refused",
                        short(&found.device)
                    ),
                    e => e.to_string(),
                };
                problems.push(skip(&found.display, reason));
                ws.trust_mut().note_record_file(project, &found.display, found.len, mtime(found), REFUSED)?;
            }
        }
    }
    Ok(kept)
}

/// Reads the records of devices `admitted` does not name (which can only be asking to join),
/// bounded: at most `per_stranger` small records each, from at most 256 such devices, so a
/// folder full of strangers' files cannot make a sync read without end.
pub fn read_records(
    listing: &folder::Listing,
    admitted: impl Fn(&str) -> bool,
    per_stranger: usize,
) -> (Vec<Record>, Vec<Skipped>) {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut strangers: BTreeMap<&str, usize> = BTreeMap::new();
    for found in &listing.records {
        if admitted(&found.device) {
            continue;
        }
        let known = strangers.len();
        let n = strangers.entry(found.device.as_str()).or_insert(0);
        *n += 1;
        let reason = if found.len > MAX_UNADMITTED_RECORD {
            Some(format!(
                "larger than a device that was not admitted may write ({} KiB at most)",
                MAX_UNADMITTED_RECORD / 1024
            ))
        } else if *n > per_stranger {
            Some(format!(
                "more records than a device that was not admitted may write ({per_stranger} at most)"
            ))
        } else if *n == 1 && known >= MAX_UNADMITTED_DEVICES {
            Some(format!(
                "more than {MAX_UNADMITTED_DEVICES} devices that were not admitted write here; not read"
            ))
        } else {
            None
        };
        if let Some(reason) = reason {
            problems.push(skip(&found.display, reason));
            continue;
        }
        match folder::read_bounded(&found.path, MAX_UNADMITTED_RECORD) {
            Ok(Some(bytes)) => {
                records.push(Record { device: found.device.clone(), file: found.display.clone(), bytes })
            }
            Ok(None) => {}
            Err(e) => problems.push(skip(&found.display, format!("cannot be read: {e}"))),
        }
    }
    (records, problems)
}
