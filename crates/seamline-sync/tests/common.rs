//! Helpers shared by the sync tests: devices with their own workspace file and a folder.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::DateTime;
use seamline_store::{Clock, Workspace};
use seamline_sync::Identity;

pub fn clock(at: &str) -> Clock {
    Clock::Fixed(DateTime::parse_from_rfc3339(at).unwrap())
}

pub const T0: &str = "2027-01-15T10:00:00Z";

pub fn open(path: &Path) -> Workspace {
    Workspace::open(path, clock(T0)).unwrap()
}

pub fn who(name: &str) -> Identity {
    Identity { user_name: name.into(), app_version: seamline_sync::APP_VERSION.into() }
}

/// Every row of every table, for "the two devices show the same project".
pub fn dump(ws: &Workspace) -> Vec<String> {
    ws.oplog().projection_dump().unwrap()
}

/// The files under `devices/` with their paths relative to the folder.
pub fn segment_files(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(devices) = std::fs::read_dir(folder.join("devices")) else { return out };
    for d in devices.flatten() {
        for f in std::fs::read_dir(d.path()).unwrap().flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if name != "device.json" {
                out.push(f.path());
            }
        }
    }
    out.sort();
    out
}

/// Makes `folder` a plaintext folder of `project`, as Seamline wrote them before encryption
/// (format 1): linking it keeps that format. It also holds a device of an older Seamline
/// (see [`old_device`]), so it stays plaintext: the decoder's hostile-file tests run on it.
pub fn plaintext_folder(folder: &Path, project: &str) {
    plaintext_folder_of_updated_devices(folder, project);
    old_device(folder, project);
}

/// A device of a Seamline from before encryption: its `device.json` publishes no keys, and it
/// wrote one segment (an edit of something a newer Seamline may know: kept, not shown). A
/// plaintext folder is not encrypted while it syncs there.
pub fn old_device(folder: &Path, project: &str) -> String {
    let device = "0a1d0000-0000-4000-8000-000000000001".to_string();
    let dir = folder.join("devices").join(&device);
    std::fs::create_dir_all(&dir).unwrap();
    let info = serde_json::json!({
        "device_id": device, "user_name": "Old laptop", "app_version": "0.0.9", "updated_at": T0,
    });
    std::fs::write(dir.join("device.json"), serde_json::to_vec_pretty(&info).unwrap()).unwrap();
    let body = seamline_sync::segment::Body {
        device: device.clone(),
        project_id: project.into(),
        seq: 1,
        kind: "ops".into(),
        created_at: T0.into(),
        ops: vec![seamline_store::oplog::Op {
            hlc: 1_800_000_000_000 << 16,
            device: device.clone(),
            project_id: project.into(),
            entity: "note".into(),
            row_id: "0a1d0000-0000-4000-8000-00000000000a".into(),
            field: "text".into(),
            value: serde_json::json!("from an older Seamline"),
            prev_hlc: None,
            prev_device: None,
            made_at: None,
        }],
    };
    let (bytes, sum) = seamline_sync::segment::encode(&body).unwrap();
    std::fs::write(dir.join(format!("seg-00000001-{}.ops", &sum[..8])), bytes).unwrap();
    device
}

/// A plaintext folder whose devices all run this Seamline: it becomes encrypted.
pub fn plaintext_folder_of_updated_devices(folder: &Path, project: &str) {
    std::fs::create_dir_all(folder).unwrap();
    let descriptor = serde_json::json!({
        "format": "seamline-folder",
        "format_version": 1,
        "project_id": project,
        "project_name": "Legacy",
        "min_app_version": "0.1.0",
        "created_at": T0,
    });
    std::fs::write(folder.join("seamline.json"), serde_json::to_vec_pretty(&descriptor).unwrap()).unwrap();
}

/// A new invite code for a device of `company`, written into `ws`'s directory of the folder.
pub fn invite(ws: &mut Workspace, project: &str, company: &str) -> String {
    seamline_sync::invite(ws, project, company).unwrap().code
}

/// Two devices of the demo project: Northwind's lead (`a`) shares it through an empty folder,
/// which makes it encrypted, and Ledgerly's lead (`b`) joins with the invite.
pub struct Pair {
    pub dir: tempfile::TempDir,
    pub folder: PathBuf,
    pub a: Workspace,
    pub b: Workspace,
    pub project: String,
}

pub fn shared_pair(a_name: &str, b_name: &str) -> Pair {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Dropbox/Ledgerly integration");
    std::fs::create_dir_all(&folder).unwrap();
    let mut a = open(&dir.path().join("a.sqlite"));
    let project = seamline_store::demo::create(&mut a).unwrap().id;
    let shared = seamline_sync::link(&mut a, &project, &folder, &who(a_name)).unwrap();
    let code = shared.invite.expect("sharing a project gives an invite for the partner");
    let mut b = open(&dir.path().join("b.sqlite"));
    let (joined, report) =
        seamline_sync::join(&mut b, &folder, &who(b_name), false, Some("Ledgerly"), Some(&code)).unwrap();
    assert_eq!(joined, project);
    assert!(report.waiting.is_some() && report.imported == 0, "a code alone lets no one in: {report:?}");
    admit_all_as(&mut a, &project, a_name);
    let report = seamline_sync::sync(&mut b, &project, &who(b_name)).unwrap();
    assert!(report.imported > 100 && report.skipped.is_empty() && report.waiting.is_none(), "{report:?}");
    Pair { dir, folder, a, b, project }
}

/// The inviting side syncs and lets in every device that asked (as its lead would, after
/// comparing fingerprints).
pub fn admit_all(ws: &mut Workspace, project: &str) {
    let name =
        ws.sync().device_said(ws.device_id()).unwrap().map(|s| s.0).unwrap_or_else(|| "admitting".into());
    admit_all_as(ws, project, &name);
}

/// [`admit_all`] by a device whose user is `name`.
pub fn admit_all_as(ws: &mut Workspace, project: &str, name: &str) {
    seamline_sync::sync(ws, project, &who(name)).unwrap();
    for r in seamline_sync::requests(ws, project).unwrap() {
        if r.problem.is_none() {
            seamline_sync::admit(ws, project, &r.device, &who(name)).unwrap();
        }
    }
}

/// `joiner` joins `folder` as a device of `company` with `code`, `admitter` (of the inviting
/// company) lets it in, and `joiner` syncs the project in.
pub fn join_admitted(
    joiner: &mut Workspace,
    admitter: &mut Workspace,
    folder: &Path,
    company: &str,
    code: &str,
) {
    let (project, report) =
        seamline_sync::join(joiner, folder, &who("Joiner"), false, Some(company), Some(code)).unwrap();
    assert!(report.waiting.is_some(), "{report:?}");
    admit_all(admitter, &project);
    let report = seamline_sync::sync(joiner, &project, &who("Joiner")).unwrap();
    assert!(report.waiting.is_none(), "not let in: {report:?}");
}
