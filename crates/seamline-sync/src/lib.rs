//! The shared-folder format and the exchange between a workspace and a folder.
//!
//! One project ↔ one folder inside any file-sync service (Dropbox, OneDrive, Google Drive,
//! iCloud, Syncthing, a network share). Each device writes only in its own directory and never
//! rewrites a file; it reads everything else as untrusted input. See `docs/sync-format.md`.
//!
//! This crate must never let a file from the folder change local data before the whole file
//! has been validated, never write outside its own device directory (plus the folder's
//! descriptor when linking and the read-only status page), and never write another
//! project's ops into a folder.

pub mod crypto;
pub mod devices;
pub mod envelope;
pub mod error;
pub mod exchange;
pub mod folder;
pub mod hex;
pub mod keystore;
pub mod report;
pub mod sealed_page;
pub mod segment;
pub mod status;
pub mod status_page;
pub mod trust;

pub use error::{Error, Result};
pub use exchange::{
    admit, claim_as, encrypt_now, encryption, invite, invite_for_days, invites, join, link, move_folder,
    preview, refuse, rejoin, remove_device, sync, withdraw, Admission, Encryption, FolderPreview,
    FolderState, Identity, Invitation, NamedDevice, PendingInvite, Skipped, SyncReport, Waiting, APP_VERSION,
    INVITE_DAYS,
};
pub use status::{status, Status};
pub use trust::requests::Request;

/// The devices asking to join a project that this device's company may let in.
pub fn requests(ws: &seamline_store::Workspace, project: &str) -> Result<Vec<Request>> {
    trust::requests(ws, project)
}
