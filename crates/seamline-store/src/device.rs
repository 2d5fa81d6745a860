//! This device's identity in a workspace: its id, and what happens when the workspace file is
//! found somewhere else (copied, moved, restored) or another install writes under its id. Two
//! installs must never write under one id: each would stamp edits the other might stamp too.

use std::path::Path;

use rusqlite::Connection;

use crate::db::{meta, set_meta};
use crate::error::Result;

/// The ids this workspace wrote under before its current one.
pub(crate) fn former_devices(conn: &Connection) -> Result<Vec<String>> {
    Ok(meta(conn, "former_devices")?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
}

/// Where a workspace file lives: its full path, and on Unix its file identity, so a copy put
/// back at the original's path is noticed too.
pub(crate) fn anchor(path: &Path) -> Option<String> {
    let full = std::fs::canonicalize(path).ok()?;
    let text = full.to_string_lossy().into_owned();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(&full).ok()?;
        Some(format!("{text}#{}:{}", m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        Some(text)
    }
}

/// Takes a new device id: this workspace is a copy, or another install wrote files under
/// its id. The old id is handed over: what this workspace made under it and had not
/// exported yet is still written to each shared folder (under the old id, which made it).
pub(crate) fn renew_in(conn: &Connection) -> Result<String> {
    let old = meta(conn, "device_id")?;
    let id = crate::ids::new_device_id();
    if let Some(old) = old {
        let mut former = former_devices(conn)?;
        if !former.contains(&old) {
            former.push(old.clone());
        }
        set_meta(conn, "former_devices", &serde_json::to_string(&former).unwrap_or_default())?;
        // Linked projects: the old id's export goes on from where it stood.
        conn.execute(
            "INSERT OR IGNORE INTO handovers (project_id, device, last_export_hlc, next_seq)
             SELECT project_id, ?1, last_export_hlc, next_seq FROM sync_links",
            [&old],
        )?;
        // The new id writes into a directory of its own, numbered from 1.
        conn.execute("UPDATE sync_links SET next_seq = 1", [])?;
    }
    set_meta(conn, "device_id", &id)?;
    Ok(id)
}
