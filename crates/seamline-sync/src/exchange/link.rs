//! Sharing a project through a folder for the first time (or again through the folder it
//! already has): an empty folder becomes an encrypted one, with this device as the root of its
//! trust and an invite for the other company's first device. And finding the same folder again
//! where the user moved it ([`move_folder`]).

use std::fs;
use std::path::Path;

use seamline_store::sync::FolderFormat;
use seamline_store::Workspace;

use super::common::{now, Identity, APP_VERSION};
use super::invite;
use super::pipeline::sync;
use crate::error::{Error, Result};
use crate::folder::{self, Descriptor};
use crate::report::SyncReport;

/// Makes `folder` the shared folder of `project` and runs a first sync. The folder must be
/// empty or already carry this project: a partner must never receive another project's data.
///
/// An empty folder becomes an encrypted folder (format 2): this device is the root of its
/// trust, makes the project's first key, and the report carries an invite for the partner
/// company's first device. A folder that already carries the project in plaintext (format 1,
/// shared before encryption) keeps its format.
pub fn link(ws: &mut Workspace, project: &str, folder: &Path, who: &Identity) -> Result<SyncReport> {
    let project = ws.projects().get(project)?;
    if !folder.is_dir() {
        return Err(Error::BadFolder(format!("{} is not a folder", folder.display())));
    }
    let canonical = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    let format = match folder::read_descriptor(folder)? {
        Some(d) if d.project_id != project.id => {
            return Err(Error::BadFolder(format!(
                "this folder already carries another project; pick an empty folder for \"{}\"",
                project.name
            )))
        }
        Some(d) if FolderFormat::of_version(d.format_version).is_sealed() => {
            // Back to the folder this device already shares the project through.
            let same = ws.sync().link_of(&project.id)?.is_some_and(|l| l.folder == canonical && l.format.is_sealed());
            if !same {
                return Err(Error::BadInvite(
                    "this folder carries the project encrypted: join it with an invite from a device that shares it".into(),
                ));
            }
            2
        }
        Some(_) if ws.trust().was_encrypted(&project.id)? => {
            return Err(Error::NotAllowed(format!(
                "\"{}\" is encrypted, and this folder is a plaintext one (shared before encryption): Seamline never writes it in plain text again; pick a new, empty folder",
                project.name
            )))
        }
        Some(_) => 1,
        None => {
            if !folder::is_empty(folder)? {
                return Err(Error::BadFolder(
                    "this folder already holds other files; make a new, empty folder inside your shared drive for this project".into(),
                ));
            }
            folder::write_descriptor(
                folder,
                &Descriptor {
                    format: folder::FORMAT_FAMILY.into(),
                    format_version: folder::FOLDER_FORMAT,
                    project_id: project.id.clone(),
                    // Nothing that names the project is readable in an encrypted folder.
                    project_name: String::new(),
                    min_app_version: APP_VERSION.into(),
                    created_at: now(ws),
                },
            )?;
            0
        }
    };
    ws.sync_mut().link_folder(&project.id, canonical)?;
    if format == 1 {
        return sync(ws, &project.id, who);
    }
    if format == 0 {
        invite::become_root(ws, &project.id)?;
    }
    let mut report = sync(ws, &project.id, who)?;
    if format == 0 {
        // The other company's first device: the partner's, unless this device is with it.
        let mine = ws.me().membership(&project.id)?.map(|m| m.side).unwrap_or(seamline_core::Side::Ours);
        let other = match mine.other() {
            seamline_core::Side::Ours => project.ours.clone(),
            seamline_core::Side::Partner => project.partner.clone(),
        };
        report.invite = Some(invite(ws, &project.id, &other)?.code);
    }
    Ok(report)
}

/// Points the project at its shared folder's new place: the same folder, moved or renamed by
/// the user, or reached through a new mount point or a sync service set up again. Only a
/// folder that carries this very project is taken; nothing else changes (the keys, who is
/// admitted, what was exported and read), and a sync runs from there.
pub fn move_folder(ws: &mut Workspace, project: &str, folder: &Path, who: &Identity) -> Result<SyncReport> {
    let project = ws.projects().get(project)?;
    let Some(link) = ws.sync().link_of(&project.id)? else {
        return Err(Error::NotLinked(project.id));
    };
    if !folder.is_dir() {
        return Err(Error::BadFolder(format!("{} is not a folder", folder.display())));
    }
    match folder::read_descriptor(folder)? {
        Some(d) if d.project_id == project.id => {}
        Some(_) => {
            return Err(Error::BadFolder(format!(
                "this folder carries another project, not \"{}\"; pick the folder \"{}\" is shared through",
                project.name, project.name
            )))
        }
        None => {
            return Err(Error::BadFolder(format!(
                "this folder is not a Seamline shared folder (it has no {}); pick the folder \"{}\" is shared through",
                folder::DESCRIPTOR, project.name
            )))
        }
    }
    let canonical = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    if canonical != link.folder {
        ws.sync_mut().move_link(&project.id, &canonical)?;
    }
    sync(ws, &project.id, who)
}
