//! A folder shared before encryption (format 1) becomes encrypted once every device syncing it
//! runs a Seamline that encrypts, without losing an edit; until then the app says whom it
//! waits for, and afterwards whose plaintext files remain. An upgrade nobody trusted signed is
//! never taken.

#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use seamline_store::{NewPerson, ProjectPatch, Workspace};

fn sync(ws: &mut Workspace, project: &str, name: &str) -> seamline_sync::SyncReport {
    seamline_sync::sync(ws, project, &who(name)).unwrap()
}

/// Maya's device (Northwind, which created the project) and Lukas's (Ledgerly) on a folder
/// shared before encryption; `old` adds a device of an older Seamline.
fn legacy_pair(old: bool) -> Pair {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Dropbox/Ledgerly integration");
    let mut a = open(&dir.path().join("a.sqlite"));
    let project = seamline_store::demo::create(&mut a).unwrap().id;
    plaintext_folder_of_updated_devices(&folder, &project);
    if old {
        old_device(&folder, &project);
    }
    seamline_sync::link(&mut a, &project, &folder, &who("Maya Chen")).unwrap();
    let mut b = open(&dir.path().join("b.sqlite"));
    seamline_sync::join(&mut b, &folder, &who("Lukas Weber"), false, Some("Ledgerly"), None).unwrap();
    Pair { dir, folder, a, b, project }
}

fn descriptor_version(folder: &Path) -> u64 {
    let d: serde_json::Value =
        serde_json::from_slice(&fs::read(folder.join("seamline.json")).unwrap()).unwrap();
    d["format_version"].as_u64().unwrap()
}

fn all_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out
}

fn grace(ws: &mut Workspace, project: &str) -> String {
    let new = NewPerson {
        side: seamline_core::Side::Partner,
        name: "Grace Hopper".into(),
        email: Some("grace.hopper@ledgerly.example".into()),
        title: None,
    };
    ws.people_mut().add(project, new).unwrap().id
}

#[test]
fn a_folder_shared_before_encryption_becomes_encrypted_when_every_device_has_updated_and_keeps_every_edit() {
    let mut p = legacy_pair(false);
    // Lukas edits while the folder is still plaintext.
    let grace = grace(&mut p.b, &p.project);
    sync(&mut p.b, &p.project, "Lukas Weber");
    // Maya's device sees every device ready and, being of the company that created the
    // project, encrypts the folder.
    let report = sync(&mut p.a, &p.project, "Maya Chen");
    assert!(report.skipped.is_empty(), "{report:?}");
    assert_eq!(p.a.people().get(&grace).unwrap().name, "Grace Hopper", "the edit from before arrived");
    assert_eq!(descriptor_version(&p.folder), 2);
    let state = seamline_sync::encryption(&p.a, &p.project).unwrap();
    assert!(state.encrypted);
    assert_eq!(
        state.plaintext_left.len(),
        1,
        "Lukas's files are plaintext until his device rewrites them: {state:?}"
    );
    assert_eq!(state.plaintext_left[0].name, "Lukas Weber");

    // Lukas's device takes the upgrade, rewrites its own files sealed and removes the plaintext.
    p.b.projects_mut()
        .update(
            &p.project,
            ProjectPatch { name: Some("Ledgerly × Northwind, encrypted".into()), ..Default::default() },
        )
        .unwrap();
    let report = sync(&mut p.b, &p.project, "Lukas Weber");
    assert!(report.skipped.is_empty(), "{report:?}");
    sync(&mut p.a, &p.project, "Maya Chen");
    assert_eq!(dump(&p.a), dump(&p.b), "both devices hold every edit, from before and after");
    assert_eq!(p.a.projects().get(&p.project).unwrap().name, "Ledgerly × Northwind, encrypted");
    let state = seamline_sync::encryption(&p.a, &p.project).unwrap();
    assert!(state.encrypted && state.plaintext_left.is_empty(), "{state:?}");

    // Nothing readable is left in the folder.
    let project = p.a.projects().get(&p.project).unwrap();
    let needles =
        [project.ours.clone(), project.partner.clone(), "Grace Hopper".into(), "Lukas Weber".into()];
    for file in all_files(&p.folder) {
        let bytes = fs::read(&file).unwrap();
        for needle in &needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} in {}",
                file.display()
            );
        }
    }

    // A second Ledgerly device invited afterwards gets the whole project.
    let code = invite(&mut p.b, &p.project, "Ledgerly");
    let mut c = open(&p.dir.path().join("c.sqlite"));
    join_admitted(&mut c, &mut p.b, &p.folder, "Ledgerly", &code);
    let report = sync(&mut c, &p.project, "Lukas, tablet");
    assert!(report.skipped.is_empty(), "{report:?}");
    assert_eq!(c.people().get(&grace).unwrap().name, "Grace Hopper");
    assert_eq!(dump(&c), dump(&p.a));
}

#[test]
fn the_upgrade_waits_for_an_older_seamline_and_says_whose_plaintext_files_remain() {
    let mut p = legacy_pair(true);
    let grace = grace(&mut p.b, &p.project);
    sync(&mut p.b, &p.project, "Lukas Weber");
    sync(&mut p.a, &p.project, "Maya Chen");
    assert_eq!(descriptor_version(&p.folder), 1, "a device has not updated: the folder stays as it is");
    let state = seamline_sync::encryption(&p.a, &p.project).unwrap();
    assert!(!state.encrypted);
    let waiting: Vec<&str> = state.waiting_for.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(waiting, ["Old laptop"]);

    // Lukas's device (the partner's) cannot encrypt; Maya encrypts without the old laptop.
    assert!(seamline_sync::encrypt_now(&mut p.b, &p.project, &who("Lukas Weber")).is_err());
    seamline_sync::encrypt_now(&mut p.a, &p.project, &who("Maya Chen")).unwrap();
    sync(&mut p.b, &p.project, "Lukas Weber");
    let state = seamline_sync::encryption(&p.a, &p.project).unwrap();
    assert!(state.encrypted);
    let left: Vec<(&str, u32)> = state.plaintext_left.iter().map(|d| (d.name.as_str(), d.files)).collect();
    assert_eq!(left, [("Old laptop", 2)], "its segment and its device.json");

    // The old laptop was left out: a file it writes now is not read.
    let before = dump(&p.a);
    let old = folder_of(&p.folder, "0a1d0000-0000-4000-8000-000000000001");
    let body = seamline_sync::segment::Body {
        device: "0a1d0000-0000-4000-8000-000000000001".into(),
        project_id: p.project.clone(),
        seq: 2,
        kind: "ops".into(),
        created_at: T0.into(),
        ops: vec![],
    };
    let (bytes, _) = seamline_sync::segment::encode(&body).unwrap();
    fs::write(old.join("seg-00000002-later.ops"), bytes).unwrap();
    let report = sync(&mut p.a, &p.project, "Maya Chen");
    assert!(report.skipped.iter().any(|s| s.reason.contains("not admitted")), "{report:?}");
    assert_eq!(dump(&p.a), before);
    assert_eq!(p.b.people().get(&grace).unwrap().name, "Grace Hopper");
}

fn folder_of(folder: &Path, device: &str) -> PathBuf {
    folder.join("devices").join(device)
}

/// Writes an upgrade record signed by `signer` into its directory, admitting `device` with
/// `device_keys`' public keys to `side` (what a hostile writer or a stolen root could write).
fn plant_upgrade(
    folder: &Path,
    project: &str,
    signer: &str,
    signer_keys: &seamline_sync::crypto::DeviceKeys,
    device: &str,
    device_keys: &seamline_sync::crypto::DeviceKeys,
    side: seamline_core::Side,
) {
    use seamline_sync::envelope::{self, Kind, Upgrade, UpgradeMember};
    let record = Upgrade {
        at: T0.into(),
        members: vec![UpgradeMember {
            device: device.into(),
            sign_pk: seamline_sync::hex::encode(&device_keys.sign_pk()),
            kex_pk: seamline_sync::hex::encode(&device_keys.kex_pk()),
            side,
        }],
        recipients: vec![],
        legacy: vec![],
    };
    let bytes = envelope::seal_record(Kind::Upgrade, &record, project, signer, signer_keys);
    fs::create_dir_all(folder_of(folder, signer)).unwrap();
    fs::write(folder_of(folder, signer).join("upgrade.sl"), bytes).unwrap();
}

#[test]
fn an_upgrade_signed_by_a_device_nobody_pinned_is_never_taken() {
    let mut p = legacy_pair(true);
    sync(&mut p.b, &p.project, "Lukas Weber");
    sync(&mut p.a, &p.project, "Maya Chen");
    let before = dump(&p.b);
    // Someone with write access to the folder marks it encrypted and signs an upgrade as a
    // device of their own, admitting Lukas's device with his real keys.
    let mallory = "0badbad0-0000-4000-8000-000000000002";
    let keys = seamline_sync::crypto::DeviceKeys::from_seed(&[7; 32]);
    let lukas = seamline_sync::keystore::device_keys(&p.b, p.b.device_id()).unwrap();
    plant_upgrade(
        &p.folder,
        &p.project,
        mallory,
        &keys,
        p.b.device_id(),
        &lukas,
        seamline_core::Side::Partner,
    );
    let mut d: serde_json::Value =
        serde_json::from_slice(&fs::read(p.folder.join("seamline.json")).unwrap()).unwrap();
    d["format_version"] = 2.into();
    fs::write(p.folder.join("seamline.json"), serde_json::to_vec(&d).unwrap()).unwrap();

    let err = seamline_sync::sync(&mut p.b, &p.project, &who("Lukas Weber")).unwrap_err();
    assert!(err.to_string().contains("not admitted"), "{err}");
    assert_eq!(dump(&p.b), before, "nothing changed");
    assert_eq!(
        p.b.sync().link_of(&p.project).unwrap().unwrap().format,
        seamline_store::sync::FolderFormat::Plain
    );
}

#[test]
fn a_removed_root_can_no_longer_admit_anyone_through_an_upgrade() {
    let mut p = legacy_pair(false);
    grace(&mut p.b, &p.project);
    sync(&mut p.b, &p.project, "Lukas Weber");
    sync(&mut p.a, &p.project, "Maya Chen");
    sync(&mut p.b, &p.project, "Lukas Weber");
    // Maya's second device, then her first (the root) is lost and removed by the second.
    let code = invite(&mut p.a, &p.project, "Northwind CRM");
    let mut a2 = open(&p.dir.path().join("a2.sqlite"));
    join_admitted(&mut a2, &mut p.a, &p.folder, "Northwind CRM", &code);
    let root = p.a.device_id().to_string();
    seamline_sync::remove_device(&mut a2, &p.project, &root, &who("Maya, new laptop")).unwrap();
    sync(&mut p.b, &p.project, "Lukas Weber");

    // The lost root, still holding its key, rewrites its upgrade to admit a device of its own.
    let eve = "0e0e0e0e-0000-4000-8000-000000000003";
    let eve_keys = seamline_sync::crypto::DeviceKeys::from_seed(&[9; 32]);
    let root_keys = seamline_sync::keystore::device_keys(&p.a, &root).unwrap();
    plant_upgrade(&p.folder, &p.project, &root, &root_keys, eve, &eve_keys, seamline_core::Side::Ours);
    for ws in [&mut p.b, &mut a2] {
        sync(ws, &p.project, "someone");
        let devices = seamline_sync::devices::devices(ws, &p.project).unwrap();
        assert!(!devices.iter().any(|d| d.id == eve), "a removed root admits no one: {devices:?}");
    }
}
