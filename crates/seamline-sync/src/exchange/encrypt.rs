//! Encrypting a plaintext folder at once, from a device of the company that created the
//! project: the devices that are ready are admitted, the others left out (they need an
//! invite). The upgrade itself is `upgrade.rs`'s.

use seamline_core::Side;
use seamline_store::Workspace;

use super::common::Identity;
use super::pipeline::sync;
use super::upgrade::{readiness, write_upgrade};
use crate::error::{Error, Result};
use crate::folder;
use crate::report::SyncReport;

/// Encrypts the project's plaintext folder now, admitting the devices that are ready and
/// leaving the others out (they need an invite). Only a device of the company that created
/// the project may.
pub fn encrypt_now(ws: &mut Workspace, project: &str, who: &Identity) -> Result<SyncReport> {
    let p = ws.projects().get(project)?;
    let link = ws.sync().link_of(&p.id)?.ok_or_else(|| Error::NotLinked(p.id.clone()))?;
    if link.format.is_sealed() {
        return Err(Error::NotAllowed("this project's folder is already encrypted".into()));
    }
    if ws.me().membership(&p.id)?.map(|m| m.side) != Some(Side::Ours) {
        return Err(Error::NotAllowed(format!(
            "only a device of {}, the company that created the project, can encrypt its folder",
            p.ours
        )));
    }
    // What the others wrote last comes along in the history before encryption.
    sync(ws, &p.id, who)?;
    if ws.sync().link_of(&p.id)?.is_some_and(|l| l.format.is_sealed()) {
        return sync(ws, &p.id, who);
    }
    let listing = folder::list(&link.folder)?;
    let (ready, _) = readiness(ws, &p.id, &listing)?;
    if !write_upgrade(ws, &p.id, &link.folder, &listing, &ready)? {
        return Err(Error::BadFolder(
            "the folder holds too many plaintext files to list in its upgrade; remove the ones no device wrote, or share the project to a new, empty folder".into(),
        ));
    }
    sync(ws, &p.id, who)
}
