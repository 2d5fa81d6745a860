//! The records a device writes into its own directory of the folder (invites, admissions,
//! removals, keys, its profile): signed, under names that say nothing, written whole, and kept
//! in the workspace at once so what they say counts here before the next sync reads them back.

use std::path::Path;

use seamline_store::Workspace;
use serde::Serialize;

use crate::crypto::DeviceKeys;
use crate::envelope::{self, Kind};
use crate::error::Result;
use crate::folder;

/// Signs and writes a record into `device`'s own directory, under a name that says nothing
/// about it (the same name for the same `logical` record: it replaces the one before).
pub(crate) fn write_record<T: Serialize>(
    dir: &Path,
    device: &str,
    logical: &str,
    kind: Kind,
    record: &T,
    project: &str,
    keys: &DeviceKeys,
) -> Result<Vec<u8>> {
    folder::check_own_dir(dir, device)?;
    let bytes = envelope::seal_record(kind, record, project, device, keys);
    folder::write_atomic(&folder::device_dir(dir, device), &keys.record_name(project, logical), &bytes)?;
    Ok(bytes)
}

/// Keeps a record this device just wrote, so what it says counts here at once (the next sync
/// would read it back anyway).
pub(crate) fn keep_own(ws: &mut Workspace, project: &str, device: &str, bytes: Vec<u8>) -> Result<()> {
    let hash = crate::hex::sha256(&bytes);
    ws.trust_mut().keep_record(
        project,
        &seamline_store::trust::StoredRecord { hash, device: device.to_string(), bytes },
    )?;
    Ok(())
}

/// Writes a member's record sealed under the project's current key: the sync service sees only
/// that a member wrote something.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_sealed<T: Serialize>(
    dir: &Path,
    device: &str,
    logical: &str,
    kind: Kind,
    record: &T,
    project: &str,
    keys: &DeviceKeys,
    key: &[u8; 32],
) -> Result<Vec<u8>> {
    let sealed = envelope::seal_inner(kind, record, project, device, key);
    write_record(dir, device, logical, Kind::Sealed, &sealed, project, keys)
}
