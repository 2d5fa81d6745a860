//! Joining a project a partner shared: reading what the folder holds before anything is
//! written (its descriptor, the two companies), then linking it and importing everything.

use std::fs;
use std::path::Path;

use seamline_store::Workspace;
use serde::Serialize;

use super::{export, sync, Identity, SyncReport, APP_VERSION};
use crate::error::{Error, Result};
use crate::folder::{self, Descriptor};
use crate::segment;

/// What a shared folder says about its project before joining it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FolderPreview {
    pub project_id: String,
    pub project_name: String,
    /// The two companies (the creator's first), as the project's data in the folder says.
    pub companies: Vec<String>,
    /// This workspace already has the project.
    pub already_here: bool,
}

/// Reads what a folder holds (its descriptor, and the companies from the project's ops)
/// without changing anything anywhere, so joining can ask which company the user is with.
pub fn preview(ws: &Workspace, folder: &Path) -> Result<FolderPreview> {
    let d = descriptor_to_join(folder)?;
    let companies = peek_companies(folder, &d.project_id);
    Ok(FolderPreview {
        already_here: ws.known_project_name(&d.project_id)?.is_some(),
        project_name: d.project_name,
        project_id: d.project_id,
        companies: companies.map(|(a, b)| vec![a, b]).unwrap_or_default(),
    })
}

/// The folder's descriptor, when this build may join it.
fn descriptor_to_join(folder: &Path) -> Result<Descriptor> {
    if !folder.is_dir() {
        return Err(Error::BadFolder(format!("{} is not a folder", folder.display())));
    }
    let d = folder::read_descriptor(folder)?.ok_or_else(|| {
        Error::BadFolder("this folder holds no Seamline project (no seamline.json); ask your partner for the project's folder".into())
    })?;
    if d.format_version > folder::FOLDER_FORMAT || newer(&d.min_app_version, APP_VERSION) {
        return Err(Error::BadFolder(format!(
            "this project's folder needs Seamline {} or newer; update Seamline to join it",
            d.min_app_version
        )));
    }
    Ok(d)
}

/// The project's two company names as the ops in the folder have them (each field's newest
/// op), read from the segments without applying anything; `None` when the folder holds none.
fn peek_companies(folder: &Path, project_id: &str) -> Option<(String, String)> {
    let listing = folder::list(folder).ok()?;
    let mut ours: Option<(i64, String, String)> = None;
    let mut partner: Option<(i64, String, String)> = None;
    for found in &listing.files {
        let _ = segment::read_file(&found.path, |op| {
            if op.entity == "project" && op.row_id == project_id {
                let slot = match op.field.as_str() {
                    "ours" => &mut ours,
                    "partner" => &mut partner,
                    _ => return Ok::<(), ()>(()),
                };
                if let Some(name) = op.value.as_str() {
                    if slot.as_ref().is_none_or(|(h, d, _)| (op.hlc, &op.device) > (*h, d)) {
                        *slot = Some((op.hlc, op.device.clone(), name.to_string()));
                    }
                }
            }
            Ok(())
        });
    }
    Some((ours?.2, partner?.2))
}

/// Joins the project a partner shared in `folder`: links it and imports everything in it.
/// Returns the project's id. When this workspace already has the project (linked to another
/// folder, or not shared yet), joining moves it to this folder only with `relink`: without
/// it, it is refused and nothing is written anywhere.
///
/// `company` is the company the user is with (one of the project's two, by name): checked
/// against the folder's project before anything is written. `None` only where the company is
/// already known (relinking a project this device has).
pub fn join(
    ws: &mut Workspace,
    folder: &Path,
    who: &Identity,
    relink: bool,
    company: Option<&str>,
) -> Result<(String, SyncReport)> {
    let d = descriptor_to_join(folder)?;
    if let Some(company) = company {
        if let Some((ours, partner)) = peek_companies(folder, &d.project_id) {
            if seamline_core::sides::side_of_company(company, &ours, &partner).is_none() {
                return Err(Error::UnknownCompany { got: company.trim().to_string(), ours, partner });
            }
        }
    }
    let folder = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    if !relink {
        if let Some(name) = ws.known_project_name(&d.project_id)? {
            let linked = ws.sync_link(&d.project_id)?;
            if linked.as_ref().map(|l| &l.folder) != Some(&folder) {
                return Err(seamline_store::Error::AlreadyLinked {
                    name,
                    linked: match linked {
                        Some(l) => format!(" (shared through {})", l.folder.display()),
                        None => " (not shared yet)".into(),
                    },
                }
                .into());
            }
        }
    }
    ws.link_folder(&d.project_id, folder.clone())?;
    let mut report = sync(ws, &d.project_id, who)?;
    if let Some(company) = company {
        // The project's data has arrived: the device says which company it is with, and an
        // export tells the other devices (its device.json).
        if ws.project(&d.project_id).is_ok() {
            ws.set_my_company(&d.project_id, company)?;
            report.exported += export(ws, &d.project_id, &folder, who)? as u32;
        }
    }
    Ok((d.project_id, report))
}

/// Whether version `a` is newer than `b` (dotted numbers; anything unreadable counts as 0).
fn newer(a: &str, b: &str) -> bool {
    let parse = |v: &str| v.split('.').map(|p| p.trim().parse::<u64>().unwrap_or(0)).collect::<Vec<_>>();
    parse(a) > parse(b)
}
