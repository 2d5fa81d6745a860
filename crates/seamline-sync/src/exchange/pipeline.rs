//! The sync itself: the five steps of the module's overview, each a function taking what the
//! one before returned. The actions (admit, remove, encrypt, link, join) run it after they
//! act; the steps it calls sit below it.

use std::fs;
use std::path::Path;

use seamline_store::sync::{FolderFormat, SyncLink};
use seamline_store::Workspace;

use super::common::{now, Identity};
use super::export::export;
use super::{admission, import, newcomers, upgrade};
use crate::error::{Error, Result};
use crate::folder;
use crate::report::{unwritable, Skipped, SyncReport, Waiting};
use crate::trust::Roster;

/// What the folder is, as this sync found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderState {
    /// Shared before encryption (format 1), and still so.
    Plain,
    /// Encrypted and signed (format 2).
    Sealed,
    /// A plaintext link whose folder was just encrypted by an upgrade this device takes now.
    Upgraded,
}

/// Step 1's result: the folder's place, state and files.
pub(crate) struct Folder {
    pub dir: std::path::PathBuf,
    pub state: FolderState,
    pub listing: folder::Listing,
}

/// Step 2's result: whom this device reads.
pub(crate) enum Trust {
    /// A plaintext folder: every device's files are read, sides pinned at first sight.
    Plain,
    /// An encrypted folder this device is a member of.
    Member(Roster),
    /// An encrypted folder this device asked to join: nothing is read or written until a
    /// device of the inviting company lets it in.
    Waiting(Waiting),
}

/// Import, then export. Runs on demand, on a file watcher and on a timer.
pub fn sync(ws: &mut Workspace, project_id: &str, who: &Identity) -> Result<SyncReport> {
    let mut report = SyncReport::default();
    // An upgrade found by the outputs step makes the folder encrypted: the steps run once more.
    for _ in 0..2 {
        // A second round reports what it finds itself.
        report.skipped.clear();
        report.arriving.clear();
        let link = ws.sync().link_of(project_id)?.ok_or_else(|| Error::NotLinked(project_id.to_string()))?;
        let folder = read_folder(ws, project_id, &link, &mut report)?;
        let trust = decide_trust(ws, project_id, &folder, &mut report)?;
        if let Trust::Waiting(waiting) = trust {
            report.waiting = Some(waiting);
            report.at = now(ws);
            return Ok(report);
        }
        let roster = match &trust {
            Trust::Member(r) => Some(r),
            _ => None,
        };
        import_step(ws, project_id, &folder, roster, &mut report)?;
        match export(ws, project_id, &folder.dir, who) {
            Ok(n) => report.exported += n as u32,
            // The folder took no file (read-only, full, gone mid-sync): what was received
            // stays, and this device's edits wait in the workspace for the next sync that can
            // write (nothing of the export is noted as done until its file is in place).
            Err(Error::Io { context, source }) => report.warnings.push(unwritable(&context, &source)),
            Err(e) => return Err(e),
        }
        report.at = now(ws);
        ws.sync_mut().record_sync_time(project_id, &report.at)?;
        if !write_outputs(ws, project_id, &folder, &mut report)? {
            break;
        }
    }
    Ok(report)
}

/// Step 1: the folder's marker and files. A plaintext link whose folder became encrypted takes
/// the upgrade here, or stops: it never writes the project in plain text into it.
fn read_folder(
    ws: &mut Workspace,
    project_id: &str,
    link: &SyncLink,
    report: &mut SyncReport,
) -> Result<Folder> {
    let dir = link.folder.clone();
    if !dir.is_dir() {
        return Err(Error::Unreachable(dir.display().to_string()));
    }
    let d = match folder::read_descriptor(&dir)? {
        Some(d) if d.project_id == project_id => d,
        Some(_) => {
            return Err(Error::BadFolder(
                "the shared folder now carries another project; link this project to its own folder".into(),
            ))
        }
        None => {
            return Err(Error::BadFolder(
                "the shared folder lost its seamline.json; link the project again".into(),
            ))
        }
    };
    let state = match (link.format, FolderFormat::of_version(d.format_version)) {
        (FolderFormat::Sealed, _) => FolderState::Sealed,
        (FolderFormat::Plain, FolderFormat::Plain) if ws.trust().was_encrypted(project_id)? => {
            return Err(Error::NotAllowed(
                "this project is encrypted, and its folder is a plaintext one: Seamline never writes it in plain text again; share it through a new, empty folder".into(),
            ))
        }
        (FolderFormat::Plain, FolderFormat::Plain) => FolderState::Plain,
        (FolderFormat::Plain, FolderFormat::Sealed) => {
            if !upgrade::adopt(ws, project_id, &dir, report)? {
                // A share or a join that failed half-way, or a device left out of the upgrade.
                return Err(Error::BadInvite(
                    "this project's folder is encrypted and this device was not admitted to it: join it again with an invite".into(),
                ));
            }
            FolderState::Upgraded
        }
    };
    let listing = folder::list(&dir)?;
    report.arriving.extend(listing.arriving.iter().cloned());
    report.skipped.extend(listing.odd.iter().cloned().map(|(file, reason)| Skipped {
        file,
        reason,
        known: false,
    }));
    Ok(Folder { dir, state, listing })
}

/// Step 2: whom this device reads. In an encrypted folder, the roster settled from the signed
/// records (and, for a device that asked to join, whether it was let in yet).
fn decide_trust(
    ws: &mut Workspace,
    project_id: &str,
    folder: &Folder,
    report: &mut SyncReport,
) -> Result<Trust> {
    if folder.state == FolderState::Plain {
        note_plain_devices(ws, project_id, &folder.dir, &folder.listing, report)?;
        return Ok(Trust::Plain);
    }
    let (mut roster, problems, arriving) = crate::trust::load(ws, project_id, &folder.listing)?;
    report.skipped.extend(problems);
    report.arriving.extend(arriving);
    let me = ws.device_id().to_string();
    if roster.member(&me).is_none() && admission::succeed(ws, &folder.dir, project_id, &roster)? {
        roster = Roster::from_workspace(ws, project_id)?;
    }
    if roster.member(&me).is_none() {
        let Some(p) = ws.trust().pending_join(project_id)? else {
            // A device with a new identity (its key was lost, or it was restored elsewhere
            // without it) that no one admitted: what it wrote would be refused everywhere.
            return Err(Error::NotAllowed(
                "this device is not admitted to the project's folder (it has a new identity): ask your company for an invite and run `seamline sync rejoin` (or join the folder again from the Sync screen)".into(),
            ));
        };
        let keys = crate::keystore::device_keys(ws, &me)?;
        return Ok(Trust::Waiting(Waiting {
            company: p.company,
            inviter_company: p.inviter_company,
            fingerprint: crate::crypto::fingerprint(&keys.sign_pk()),
            asked_at: p.asked_at,
        }));
    } else {
        ws.trust_mut().clear_pending_join(project_id)?;
    }
    // Invites made to admit without a click let their device in here (what it wrote is read
    // from the next sync on, as for a device admitted by a click).
    report.admitted.extend(admission::automatically(ws, project_id)?);
    report.requests =
        ws.trust().join_requests(project_id)?.iter().filter(|r| r.problem.is_none()).count() as u32;
    Ok(Trust::Member(roster))
}

/// Step 3: the folder's new files into the workspace; then what the import found about this
/// device's own directory (a sync service's copies to clean up, another install under its id).
fn import_step(
    ws: &mut Workspace,
    project_id: &str,
    folder: &Folder,
    roster: Option<&Roster>,
    report: &mut SyncReport,
) -> Result<()> {
    let imported = import::import_files(ws, project_id, &folder.listing, roster, &mut report.skipped)?;
    report.imported += imported.added;
    report.arriving.extend(imported.arriving);
    for copy in imported.own_copies {
        let _ = fs::remove_file(copy);
    }
    if imported.added > 0 {
        report.clock_warning = ws.history().clock_skews(project_id)?.into_iter().next().map(|s| s.message);
    }
    // A device let in since its request: it says which company it is with once the project's
    // data is here.
    if let (Some(roster), true) = (roster, ws.projects().get(project_id).is_ok()) {
        if ws.me().membership(project_id)?.is_none() {
            if let Some(m) = roster.member(ws.device_id()) {
                ws.me_mut().set_side(project_id, m.side)?;
            }
        }
    }
    // Two installs must never write under one id: the other one's files are imported above,
    // and this one moves to a fresh id (and directory) before it exports.
    if imported.foreign_in_own_dir {
        ws.sync_mut().renew_device_id()?;
        report.renewed_device = true;
        if let Some(roster) = roster {
            admission::succeed(ws, &folder.dir, project_id, roster)?;
        }
    }
    if let Some(roster) = roster {
        newcomers::wrap_for_newcomers(ws, &folder.dir, project_id, roster)?;
    }
    Ok(())
}

/// Step 5: what the folder shows beyond the ops. Returns whether the folder has just become
/// encrypted (the steps run again, sealed).
fn write_outputs(
    ws: &mut Workspace,
    project_id: &str,
    folder: &Folder,
    report: &mut SyncReport,
) -> Result<bool> {
    if folder.state == FolderState::Plain
        && upgrade::maybe_upgrade(ws, project_id, &folder.dir, &folder.listing)?
    {
        return Ok(true);
    }
    // A deleted project keeps syncing (a restore travels too), but has no page to show.
    if ws.projects().known_name(project_id)?.is_some() && ws.projects().get(project_id).is_ok() {
        let written = match folder.state {
            FolderState::Plain => crate::status_page::refresh(ws, project_id, &folder.dir),
            FolderState::Sealed | FolderState::Upgraded => {
                crate::sealed_page::refresh(ws, project_id, &folder.dir)
            }
        };
        if let Err(e) = written {
            report.warnings.push(format!("{} was not written: {e}", folder::STATUS_PAGE));
        }
    }
    Ok(false)
}

/// In a plaintext folder: who each device says it is (its `device.json`), before its files
/// are read. Its signatures count only for the company it said it is with (pinned at first
/// sight).
fn note_plain_devices(
    ws: &mut Workspace,
    project_id: &str,
    dir: &Path,
    listing: &folder::Listing,
    report: &mut SyncReport,
) -> Result<()> {
    let me = ws.device_id().to_string();
    // Every device directory: one that joined and has not edited yet says who it is too.
    for device in &listing.devices {
        if *device == me {
            continue;
        }
        let Some(info) = folder::read_device_info(&folder::device_dir(dir, device)) else { continue };
        if info.device_id != *device {
            continue;
        }
        ws.sync_mut().note_device(device, &info.user_name, &info.app_version, &info.updated_at)?;
        upgrade::pin_published(ws, project_id, device, &info, report)?;
        if let Some(side) = info.side {
            if let Some(reason) = ws.me_mut().note_device_side(project_id, device, side)? {
                let file = format!("{}/{device}/{}", folder::DEVICES, folder::DEVICE_FILE);
                report.skipped.push(Skipped { file, reason, known: false });
            }
        }
    }
    Ok(())
}
