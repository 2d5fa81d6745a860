//! What a sync tells its caller: what moved, what was skipped and why, what waits (a device
//! waiting to be let in, files the sync service is still bringing down), and what could not be
//! written.

use serde::Serialize;

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
    /// This device asked to join and waits for someone of the inviting company to let it in.
    pub waiting: Option<Waiting>,
    /// Devices asking to join that this device's company may let in.
    pub requests: u32,
    /// Devices this sync let in without a click: they used an invite made to admit
    /// automatically (`seamline sync invite --admit automatically`).
    pub admitted: Vec<String>,
    /// What could not be written (the status page, a file the folder refuses), while the
    /// project's data still moved.
    pub warnings: Vec<String>,
    /// Files the sync service is still bringing down or writing (placeholders, temporary
    /// names, files cut short), relative to the folder: read once whole, never refused for it.
    pub arriving: Vec<String>,
}

/// A device that asked to join, waiting to be admitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Waiting {
    /// The company it joins.
    pub company: String,
    /// The company whose device lets it in ("Waiting for Acme to let this device in").
    pub inviter_company: String,
    /// This device's key fingerprint, to read out over a call.
    pub fingerprint: String,
    pub asked_at: String,
}

/// What the user reads when the folder takes no file from this device.
pub(crate) fn unwritable(context: &str, source: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match source.kind() {
        K::PermissionDenied | K::ReadOnlyFilesystem => format!(
            "The shared folder is read-only for this device ({context}): the other company's changes were received, and your edits stay on this device until it can write there (ask for write access to the share)."
        ),
        K::StorageFull | K::QuotaExceeded => format!(
            "The disk or the sync service's storage is full ({context}): your edits are kept on this device and written to the shared folder at the next sync with room."
        ),
        _ => format!(
            "Your edits could not be written to the shared folder ({context}: {source}); they are kept on this device and written at the next sync."
        ),
    }
}
