//! Link, join and sync: the exchange between a workspace and a project's shared folder.
//!
//! A sync is import then export. Import reads every file it has not read before, validates it
//! whole, and applies the ops of all good files in one transaction; a bad file is skipped
//! with its reason and changes nothing. Export writes the ops this device made since its
//! last export as one new segment in its own directory, and only ops of the linked project.

use std::fs;
use std::path::Path;

use chrono::SecondsFormat;
use seamline_store::{ImportedSegment, Workspace};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::folder::{self, Descriptor, DeviceInfo};
use crate::segment::{self, Body, HEADER_LEN, MAX_BODY_BYTES};

/// This build's version, written into `device.json` and checked against `min_app_version`.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Compact this device's segments into one snapshot once it has written this many.
pub const COMPACT_AFTER: usize = 24;

/// Who is syncing, as other devices will see it.
#[derive(Debug, Clone)]
pub struct Identity {
    pub user_name: String,
    pub app_version: String,
}

impl Identity {
    /// The user's login name, as the operating system gives it.
    pub fn from_env() -> Identity {
        let user_name = ["SEAMLINE_USER", "USER", "USERNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
            .unwrap_or_else(|| "Seamline user".into());
        Identity { user_name, app_version: APP_VERSION.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Skipped {
    /// The file, relative to the shared folder.
    pub file: String,
    pub reason: String,
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
}

fn now(ws: &Workspace) -> String {
    ws.now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Makes `folder` the shared folder of `project` and runs a first sync. The folder must be
/// empty or already carry this project: a partner must never receive another project's data.
pub fn link(ws: &mut Workspace, project: &str, folder: &Path, who: &Identity) -> Result<SyncReport> {
    let project = ws.project(project)?;
    if !folder.is_dir() {
        return Err(Error::BadFolder(format!("{} is not a folder", folder.display())));
    }
    match folder::read_descriptor(folder)? {
        Some(d) if d.project_id != project.id => {
            return Err(Error::BadFolder(format!(
                "this folder already carries another project (\"{}\"); pick an empty folder for \"{}\"",
                d.project_name, project.name
            )))
        }
        Some(_) => {}
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
                    project_name: project.name.clone(),
                    min_app_version: APP_VERSION.into(),
                    created_at: now(ws),
                },
            )?;
        }
    }
    let folder = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    ws.link_folder(&project.id, folder)?;
    sync(ws, &project.id, who)
}

/// Joins the project a partner shared in `folder`: links it and imports everything in it.
/// Returns the project's id.
pub fn join(ws: &mut Workspace, folder: &Path, who: &Identity) -> Result<(String, SyncReport)> {
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
    let folder = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    ws.link_folder(&d.project_id, folder)?;
    let report = sync(ws, &d.project_id, who)?;
    Ok((d.project_id, report))
}

/// Whether version `a` is newer than `b` (dotted numbers; anything unreadable counts as 0).
fn newer(a: &str, b: &str) -> bool {
    let parse = |v: &str| v.split('.').map(|p| p.trim().parse::<u64>().unwrap_or(0)).collect::<Vec<_>>();
    parse(a) > parse(b)
}

/// Import, then export. Runs on demand, on a file watcher and on a timer.
pub fn sync(ws: &mut Workspace, project_id: &str, who: &Identity) -> Result<SyncReport> {
    let link = ws.sync_link(project_id)?.ok_or_else(|| Error::NotLinked(project_id.to_string()))?;
    let dir = link.folder.clone();
    if !dir.is_dir() {
        return Err(Error::Unreachable(dir.display().to_string()));
    }
    match folder::read_descriptor(&dir)? {
        Some(d) if d.project_id == project_id => {}
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
    }

    let mut report = SyncReport::default();
    let listing = folder::list(&dir)?;
    report.skipped.extend(listing.odd.into_iter().map(|(file, reason)| Skipped { file, reason }));

    // Import: every file not read before, validated whole.
    let me = ws.device_id().to_string();
    let mut good: Vec<ImportedSegment> = Vec::new();
    let mut foreign_in_own_dir = false;
    let mut own_copies = Vec::new();
    let mut devices_seen = std::collections::BTreeSet::new();
    for found in &listing.files {
        devices_seen.insert(found.device.clone());
        let skip = |reason: String| Skipped { file: found.display.clone(), reason };
        if found.len > HEADER_LEN as u64 + MAX_BODY_BYTES {
            report.skipped.push(skip("too large to be a segment".into()));
            continue;
        }
        let header = match read_head(&found.path, found.len) {
            Ok(h) => h,
            Err(reason) => {
                report.skipped.push(skip(reason));
                continue;
            }
        };
        let checksum = header.checksum_hex();
        if found.device == me {
            if let Some(name) = ws.segment_exported(project_id, &checksum)? {
                // This device's own file, or a sync service's copy of it: its ops are already
                // in the log, so a copy can go.
                if name != found.name {
                    own_copies.push(found.path.clone());
                }
                continue;
            }
        }
        if ws.segment_imported(project_id, &checksum)? || good.iter().any(|g| g.checksum == checksum) {
            continue;
        }
        let bytes = match fs::read(&found.path) {
            Ok(b) => b,
            Err(e) => {
                report.skipped.push(skip(format!("cannot be read: {e}")));
                continue;
            }
        };
        let body = match segment::decode(&bytes) {
            Ok((_, body)) => body,
            Err(r) => {
                report.skipped.push(skip(r.to_string()));
                continue;
            }
        };
        if body.device != found.device {
            report.skipped.push(skip("was written by another device than the folder it is in".into()));
            continue;
        }
        if body.project_id != project_id {
            report.skipped.push(skip("belongs to another project".into()));
            continue;
        }
        if let Some(reason) = ws.check_remote_ops(project_id, &body.device, &body.ops)? {
            report.skipped.push(skip(reason));
            continue;
        }
        if found.device == me {
            if ws.has_all_ops(&body.ops)? {
                // This device wrote it but crashed before noting so: nothing foreign here.
                ws.adopt_segment(project_id, &checksum, &found.name)?;
                continue;
            }
            foreign_in_own_dir = true;
        }
        good.push(ImportedSegment { checksum, device: body.device, ops: body.ops });
    }
    if !good.is_empty() {
        report.imported = ws.import_segments(project_id, good)? as u32;
    }
    for device in &devices_seen {
        if let Some(info) = folder::read_device_info(&folder::device_dir(&dir, device)) {
            if info.device_id == *device {
                ws.note_device(device, &info.user_name, &info.app_version, &info.updated_at)?;
            }
        }
    }
    for copy in own_copies {
        let _ = fs::remove_file(copy);
    }
    if let Some(seconds) = ws.clock_skew_seconds() {
        report.clock_warning = Some(format!(
            "another device's clock is {} minutes ahead of this one; check the date and time settings on both devices",
            seconds.div_ceil(60)
        ));
    }

    // Two installs must never write under one id: the other one's files are imported above,
    // and this one moves to a fresh id (and directory) before it exports.
    if foreign_in_own_dir {
        ws.renew_device_id()?;
        report.renewed_device = true;
    }

    // Export.
    report.exported = export(ws, project_id, &dir, who)? as u32;
    report.at = now(ws);
    ws.record_sync_time(project_id, &report.at)?;
    // Only when something changed: rewriting it on every sync would wake every watcher of
    // the folder, on every device, for nothing.
    if report.imported > 0 || report.exported > 0 || !dir.join(folder::STATUS_PAGE).exists() {
        crate::status_page::write(ws, project_id, &dir)?;
    }
    Ok(report)
}

fn read_head(path: &Path, len: u64) -> std::result::Result<segment::Header, String> {
    use std::io::Read;
    let mut head = [0u8; HEADER_LEN];
    let mut f = fs::File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
    let n = f.read(&mut head).map_err(|e| format!("cannot be read: {e}"))?;
    segment::read_header(&head[..n], len).map_err(|r| r.to_string())
}

/// Writes this device's new ops, then compacts its directory when it has grown long.
fn export(ws: &mut Workspace, project_id: &str, dir: &Path, who: &Identity) -> Result<usize> {
    let me = ws.device_id().to_string();
    let own = folder::device_dir(dir, &me);
    let info = DeviceInfo {
        device_id: me.clone(),
        user_name: who.user_name.clone(),
        app_version: who.app_version.clone(),
        updated_at: now(ws),
    };
    let current = folder::read_device_info(&own);
    if current.as_ref().map(|c| (&c.user_name, &c.app_version)) != Some((&info.user_name, &info.app_version))
    {
        folder::write_atomic(&own, folder::DEVICE_FILE, &serde_json::to_vec_pretty(&info).expect("encodes"))?;
    }
    ws.note_device(&me, &info.user_name, &info.app_version, &info.updated_at)?;

    let link = ws.sync_link(project_id)?.ok_or_else(|| Error::NotLinked(project_id.into()))?;
    let ops = ws.own_ops_after(project_id, link.last_export_hlc)?;
    if ops.is_empty() {
        return Ok(0);
    }
    let count = ops.len();
    let last = ops.last().map(|o| o.hlc).unwrap_or(link.last_export_hlc);
    write_segment(ws, project_id, &own, link.next_seq, "ops", ops, last)?;

    let own_segments: Vec<_> = folder::list(dir)?.files.into_iter().filter(|f| f.device == me).collect();
    if own_segments.len() > COMPACT_AFTER {
        compact(ws, project_id, &own, &own_segments)?;
    }
    Ok(count)
}

fn write_segment(
    ws: &mut Workspace,
    project_id: &str,
    own: &Path,
    seq: i64,
    kind: &str,
    ops: Vec<seamline_store::oplog::Op>,
    last_hlc: i64,
) -> Result<String> {
    let body = Body {
        device: ws.device_id().to_string(),
        project_id: project_id.to_string(),
        seq: seq as u64,
        kind: kind.into(),
        created_at: now(ws),
        ops,
    };
    let (bytes, checksum) =
        segment::encode(&body).map_err(|e| Error::BadFolder(format!("cannot encode a segment: {e}")))?;
    let name = format!("seg-{seq:08}-{}.ops", &checksum[..8]);
    folder::write_atomic(own, &name, &bytes)?;
    // Recorded only once the file is in place: an export cut short is simply redone.
    ws.record_export(project_id, &checksum, &name, last_hlc, seq)?;
    Ok(name)
}

/// Replaces this device's segments by one snapshot of all its ops in the project. The
/// snapshot is in place before any old file goes, so a reader always finds every op.
fn compact(ws: &mut Workspace, project_id: &str, own: &Path, old: &[folder::Found]) -> Result<()> {
    let me = ws.device_id().to_string();
    let ops = ws.ops_of_device(project_id, &me)?;
    let last = ops.last().map(|o| o.hlc).unwrap_or(0);
    let seq = ws.sync_link(project_id)?.map(|l| l.next_seq).unwrap_or(1);
    let snapshot = write_segment(ws, project_id, own, seq, "snapshot", ops, last)?;
    for f in old {
        if f.name == snapshot {
            continue;
        }
        // Only files this device wrote (and copies of them): never a file it cannot vouch for.
        if let Ok(h) = read_head(&f.path, f.len) {
            if ws.segment_exported(project_id, &h.checksum_hex())?.is_some() {
                let _ = fs::remove_file(&f.path);
            }
        }
    }
    Ok(())
}
