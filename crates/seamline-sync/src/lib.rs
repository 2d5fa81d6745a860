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
pub mod keystore;
pub mod sealed_page;
pub mod segment;
pub mod status_page;
pub mod trust;

pub use error::{Error, Result};
pub use exchange::{
    claim_as, encrypt_now, encryption, invite, join, link, preview, remove_device, sync, Encryption,
    FolderPreview, Identity, Invitation, NamedDevice, Skipped, SyncReport, APP_VERSION,
};
