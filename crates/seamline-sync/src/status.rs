//! Where a project's sharing stands, read from the workspace without touching the folder
//! beyond a glance at its listing: the one answer the app's Sync screen and
//! `seamline sync status` both give.

use seamline_store::sync::{Device, SyncLink};
use seamline_store::{ClockSkew, Conflict, InvalidValue, RefusedAttempt, Workspace};
use serde::Serialize;

use crate::devices::DeviceEntry;
use crate::error::Result;
use crate::exchange::{Encryption, PendingInvite};
use crate::trust::requests::Request;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Status {
    /// The shared folder on this device; none when only this device has the project.
    pub link: Option<SyncLink>,
    pub folder_reachable: bool,
    /// The folder is encrypted and signed (format 2); `false` for one shared before.
    pub encrypted: bool,
    /// Before encryption, which devices the folder waits for; after, whose plaintext files
    /// from before remain.
    pub encryption: Encryption,
    /// Every device that edited the project, as the workspace met them.
    pub seen: Vec<Device>,
    /// The admitted devices (and the others that edited), this device first, the removed last.
    pub devices: Vec<DeviceEntry>,
    /// Devices asking to join with an invite of this device's company.
    pub requests: Vec<Request>,
    /// Invites not used yet.
    pub invites: Vec<PendingInvite>,
    /// The code that opens the encrypted `Project status.html` for people without the app.
    pub view_code: Option<String>,
    pub conflicts: Vec<Conflict>,
    /// Devices whose clocks disagree with this one's.
    pub clock_skews: Vec<ClockSkew>,
    /// Values from other devices that break the field rules and are not used.
    pub invalid_values: Vec<InvalidValue>,
    /// Edits of this company's facts the other company's devices tried, refused.
    pub refused: Vec<RefusedAttempt>,
}

/// Where the project's sharing stands.
pub fn status(ws: &Workspace, project: &str) -> Result<Status> {
    let project = ws.projects().get(project)?.id;
    let link = ws.sync().link_of(&project)?;
    let encrypted = link.as_ref().is_some_and(|l| l.format.is_sealed());
    Ok(Status {
        folder_reachable: link.as_ref().is_some_and(|l| l.folder.is_dir()),
        encrypted,
        encryption: crate::exchange::encryption(ws, &project)?,
        seen: ws.sync().devices(&project)?,
        devices: crate::devices::devices(ws, &project)?,
        requests: if encrypted { crate::trust::requests(ws, &project)? } else { vec![] },
        invites: if encrypted { crate::exchange::invites(ws, &project)? } else { vec![] },
        view_code: if encrypted { crate::sealed_page::view_code(ws, &project)? } else { None },
        conflicts: ws.history().conflicts(&project)?,
        clock_skews: ws.history().clock_skews(&project)?,
        invalid_values: ws.history().invalid_values(&project)?,
        refused: ws.history().refused_attempts(&project)?,
        link,
    })
}
