//! Link, join and sync: the exchange between a workspace and a project's shared folder.
//!
//! A sync is a short pipeline of named steps (`pipeline.rs`), each taking what the one before
//! returned:
//!
//! 1. `read_folder`: the folder's marker and listing, and what format it is in
//!    (`FolderState`: plaintext, encrypted, or just encrypted by an upgrade this device
//!    takes now).
//! 2. `decide_trust`: in an encrypted folder, who is admitted and with which keys, from the
//!    signed records (`Trust`: plaintext, a member, or waiting to be let in).
//! 3. `import` (`import.rs`): every file not read before, checked whole and applied
//!    in one transaction; a bad file is skipped with its reason and changes nothing.
//! 4. `export` (`export.rs`): the ops this device made since its last export, one new segment in its own
//!    directory, only ops of the linked project.
//! 5. `write_outputs`: the status page, and the upgrade of a plaintext folder once every
//!    device can take it. An output that cannot be written is a warning, never a failed sync.
//!
//! Three floors, no circle: the actions (`admit`, `remove`, `encrypt`, `link`, `join`,
//! `invite`) act, then run the pipeline; the pipeline calls only the steps (`admission`,
//! `newcomers`, `upgrade`, `import`, `export`); everything shares `common` and `records`.

mod admission;
mod admit;
mod common;
mod encrypt;
mod export;
mod import;
mod invite;
mod join;
mod link;
mod newcomers;
mod pipeline;
mod records;
mod remove;
mod upgrade;
pub use crate::report::{Skipped, SyncReport, Waiting};
pub use admit::{admit, refuse};
pub use common::{Identity, APP_VERSION, COMPACT_AFTER};
pub use encrypt::encrypt_now;
pub use invite::{
    claim_as, invite, invite_for_days, invites, withdraw, Admission, Invitation, PendingInvite, INVITE_DAYS,
};
pub use join::{join, preview, rejoin, FolderPreview};
pub use link::{link, move_folder};
pub use pipeline::{sync, FolderState};
pub use remove::remove_device;
pub use upgrade::{encryption, Encryption, NamedDevice};
