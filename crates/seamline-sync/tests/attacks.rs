//! The shared folder against someone who wants in: a leaked or used invite code, an old copy
//! of the folder, a partner device writing well-formed records, and a sync service that plants
//! files. One test per way in (issue 26), each written as the attacker would write the files
//! (with this crate's own writer where the records must be well formed), asserting what the
//! project's people keep: their keys, their members, their status page, and a quick sync.

#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use seamline_store::{PersonPatch, Workspace};
use seamline_sync::crypto::{self, DeviceKeys};
use seamline_sync::envelope::{self, Kind};

fn sync(ws: &mut Workspace, project: &str) -> seamline_sync::SyncReport {
    seamline_sync::sync(ws, project, &who("someone")).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

fn all_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out
}

/// Whatever an attacker's workspace got out of a folder: the keys it holds and whether it can
/// read the project.
fn got_in(ws: &Workspace, project: &str) -> bool {
    !ws.trust().project_keys(project).unwrap().is_empty() || ws.projects().get(project).is_ok()
}

/// A joining workspace that waits for admission.
fn join_waiting(ws: &mut Workspace, folder: &Path, company: &str, code: &str) -> seamline_sync::SyncReport {
    let (_, report) =
        seamline_sync::join(ws, folder, &who("Joiner"), false, Some(company), Some(code)).unwrap();
    report
}

// 1. A used invite code still opens every key.
#[test]
fn a_code_with_any_copy_of_the_folder_opens_no_key() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Dropbox/Ledgerly integration");
    fs::create_dir_all(&folder).unwrap();
    let mut a = open(&dir.path().join("a.sqlite"));
    let project = seamline_store::demo::create(&mut a).unwrap().id;
    let code = seamline_sync::link(&mut a, &project, &folder, &who("Maya Chen")).unwrap().invite.unwrap();
    // Every sync service keeps the folder's older versions: the day the invite was written.
    let old_copy = dir.path().join("old copy");
    copy_dir(&folder, &old_copy);

    // Ledgerly's lead uses the code and is admitted.
    let mut b = open(&dir.path().join("b.sqlite"));
    let waiting = join_waiting(&mut b, &folder, "Ledgerly", &code);
    assert!(waiting.waiting.is_some(), "a code alone admits no one: {waiting:?}");
    assert!(!got_in(&b, &project), "nothing readable before admission");
    admit_all(&mut a, &project);
    sync(&mut b, &project);
    assert!(got_in(&b, &project), "admitted, the project arrives");

    // The code, and the folder as it was when the invite was written: no key.
    let mut thief = open(&dir.path().join("thief.sqlite"));
    let _ = seamline_sync::join(&mut thief, &old_copy, &who("Thief"), false, Some("Ledgerly"), Some(&code));
    let _ = seamline_sync::sync(&mut thief, &project, &who("Thief"));
    assert!(!got_in(&thief, &project), "the old copy gave the thief a key");
    // The code on today's folder: refused as used, nothing kept.
    let mut thief2 = open(&dir.path().join("thief2.sqlite"));
    let err = seamline_sync::join(&mut thief2, &folder, &who("Thief"), false, Some("Ledgerly"), Some(&code))
        .unwrap_err();
    assert!(err.to_string().contains("already used"), "{err}");
    assert!(!got_in(&thief2, &project));

    // Once Ledgerly has a device, Northwind invites no more of Ledgerly's: Ledgerly does.
    let err = seamline_sync::invite(&mut a, &project, "Ledgerly").unwrap_err();
    assert!(err.to_string().contains("Ledgerly's devices invite Ledgerly's other devices"), "{err}");

    // An unclaimed code on the live folder asks; it is not let in without a click.
    let code2 = seamline_sync::invite(&mut a, &project, "Northwind CRM").unwrap().code;
    let mut thief3 = open(&dir.path().join("thief3.sqlite"));
    let report = join_waiting(&mut thief3, &folder, "Northwind CRM", &code2);
    let fingerprint = report.waiting.unwrap().fingerprint;
    sync(&mut a, &project);
    let requests = seamline_sync::requests(&a, &project).unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].fingerprint, fingerprint, "the request shows the fingerprint to compare");
    assert!(seamline_sync::requests(&b, &project).unwrap().is_empty(), "Ledgerly answers only its invites");
    sync(&mut a, &project);
    sync(&mut thief3, &project);
    assert!(!got_in(&thief3, &project), "no one admitted it");
    seamline_sync::refuse(&mut a, &project, thief3.device_id()).unwrap();
    assert!(seamline_sync::requests(&a, &project).unwrap().is_empty(), "refused: no longer asked");

    // An expired invite admits no one.
    let code3 =
        seamline_sync::invite_for_days(&mut a, &project, "Northwind CRM", 1, seamline_sync::Admission::Click)
            .unwrap()
            .code;
    let mut late = open(&dir.path().join("late.sqlite"));
    join_waiting(&mut late, &folder, "Northwind CRM", &code3);
    let mut a_later = Workspace::open(a.path().unwrap(), clock("2027-01-18T10:00:00Z")).unwrap();
    drop(a);
    sync(&mut a_later, &project);
    let requests = seamline_sync::requests(&a_later, &project).unwrap();
    let err = seamline_sync::admit(&mut a_later, &project, late.device_id(), &who("Maya")).unwrap_err();
    assert!(err.to_string().contains("expired"), "{err}: {requests:?}");

    // A withdrawn invite: withdrawn, a claim with it is never listed.
    let inv = seamline_sync::invite(&mut a_later, &project, "Northwind CRM").unwrap();
    seamline_sync::withdraw(&mut a_later, &project, &inv.invite_id).unwrap();
    let mut w = open(&dir.path().join("w.sqlite"));
    let err = seamline_sync::join(&mut w, &folder, &who("W"), false, Some("Northwind CRM"), Some(&inv.code))
        .unwrap_err();
    assert!(err.to_string().contains("withdrawn"), "{err}");
    let pending = seamline_sync::invites(&a_later, &project).unwrap();
    assert!(pending.iter().all(|i| i.invite_id != inv.invite_id), "{pending:?}");
}

// 2. The partner can choose our key.
#[test]
fn a_partner_device_cannot_choose_the_project_key() {
    let mut p = shared_pair("Maya Chen", "Lukas Weber");
    // Northwind's second device, then removed by Northwind: a new key, made by Maya's device.
    let code = invite(&mut p.a, &p.project, "Northwind CRM");
    let mut laptop = open(&p.dir.path().join("laptop.sqlite"));
    join_admitted(&mut laptop, &mut p.a, &p.folder, "Northwind CRM", &code);
    let laptop_id = laptop.device_id().to_string();
    seamline_sync::remove_device(&mut p.a, &p.project, &laptop_id, &who("Maya")).unwrap();
    sync(&mut p.b, &p.project);

    // Ledgerly's device writes a key of its choice, citing that removal, wrapped to everyone,
    // the removed laptop included, and a removal of its own naming the same device.
    let b_id = p.b.device_id().to_string();
    let b_keys = seamline_sync::keystore::device_keys(&p.b, &b_id).unwrap();
    let chosen = [7u8; 32];
    let epoch = p.a.trust().project_keys(&p.project).unwrap().iter().map(|(e, _)| *e).max().unwrap() + 1;
    let members = p.b.trust().members(&p.project).unwrap();
    let recipients = members
        .iter()
        .filter_map(|m| seamline_sync::trust::wrap_to(&p.project, epoch, &m.device, &m.kex_pk, &chosen))
        .collect();
    let b_dir = p.folder.join("devices").join(&b_id);
    let keys = envelope::Keys { epoch, recipients, removal: Some(laptop_id.clone()) };
    fs::write(b_dir.join("k.sl"), envelope::seal_record(Kind::Keys, &keys, &p.project, &b_id, &b_keys))
        .unwrap();
    let removal = envelope::Removal {
        device: laptop_id.clone(),
        at: T0.into(),
        cut_hlc: 0,
        kept: vec![],
        epoch,
        segments: vec![],
    };
    fs::write(b_dir.join("r.sl"), envelope::seal_record(Kind::Removal, &removal, &p.project, &b_id, &b_keys))
        .unwrap();

    sync(&mut p.a, &p.project);
    assert!(
        p.a.trust().project_keys(&p.project).unwrap().iter().all(|(_, k)| *k != chosen),
        "Maya's device took the key Ledgerly chose"
    );
    // What Northwind writes next, the removed laptop still cannot read.
    let maya = p.a.people().list(&p.project).unwrap().into_iter().find(|x| x.name == "Maya Chen").unwrap();
    p.a.people_mut()
        .update(&maya.id, PersonPatch { title: Some("After the removal".into()), ..Default::default() })
        .unwrap();
    sync(&mut p.a, &p.project);
    let _ = seamline_sync::sync(&mut laptop, &p.project, &who("laptop"));
    assert_ne!(laptop.people().get(&maya.id).unwrap().title.as_deref(), Some("After the removal"));
}

// 3. The upgrade of an older folder can be hijacked.
#[test]
fn a_device_planted_in_an_older_folder_neither_stalls_its_upgrade_nor_becomes_its_root() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Dropbox/Ledgerly integration");
    let mut a = open(&dir.path().join("a.sqlite"));
    let project = seamline_store::demo::create(&mut a).unwrap().id;
    plaintext_folder_of_updated_devices(&folder, &project);
    seamline_sync::link(&mut a, &project, &folder, &who("Maya Chen")).unwrap();
    let mut b = open(&dir.path().join("b.sqlite"));
    seamline_sync::join(&mut b, &folder, &who("Lukas Weber"), false, Some("Ledgerly"), None).unwrap();
    // Lukas's device writes the project (the upgrade counts only devices seen doing so).
    let lukas = b.people().list(&project).unwrap().into_iter().find(|x| x.name == "Lukas Weber").unwrap();
    b.people_mut()
        .update(&lukas.id, PersonPatch { title: Some("Head of Integrations".into()), ..Default::default() })
        .unwrap();
    sync(&mut b, &project);

    // A device.json planted with keys, the creating company's side and the smallest id.
    let planter = "00000000-0000-4000-8000-000000000001";
    let keys = DeviceKeys::from_seed(&crypto::random());
    let pdir = folder.join("devices").join(planter);
    fs::create_dir_all(&pdir).unwrap();
    let info = serde_json::json!({
        "device_id": planter, "user_name": "Maya Chen", "app_version": seamline_sync::APP_VERSION,
        "updated_at": T0, "side": "ours",
        "sign_pk": seamline_sync::hex::encode(&keys.sign_pk()), "kex_pk": seamline_sync::hex::encode(&keys.kex_pk()),
    });
    fs::write(pdir.join("device.json"), info.to_string()).unwrap();
    sync(&mut b, &project);
    // The upgrade still happens, from Maya's device.
    sync(&mut a, &project);
    let d: serde_json::Value =
        serde_json::from_slice(&fs::read(folder.join("seamline.json")).unwrap()).unwrap();
    assert_eq!(d["format_version"], 2, "a planted device.json stalled the upgrade");

    // The planter's own upgrade, signed with its key, admitting itself and Lukas's device.
    let b_keys = seamline_sync::keystore::device_keys(&b, b.device_id()).unwrap();
    let forged = envelope::Upgrade {
        at: T0.into(),
        members: vec![
            envelope::UpgradeMember {
                device: planter.into(),
                sign_pk: seamline_sync::hex::encode(&keys.sign_pk()),
                kex_pk: seamline_sync::hex::encode(&keys.kex_pk()),
                side: seamline_core::Side::Ours,
            },
            envelope::UpgradeMember {
                device: b.device_id().into(),
                sign_pk: seamline_sync::hex::encode(&b_keys.sign_pk()),
                kex_pk: seamline_sync::hex::encode(&b_keys.kex_pk()),
                side: seamline_core::Side::Partner,
            },
        ],
        recipients: vec![],
        legacy: vec![],
    };
    fs::write(
        pdir.join("upgrade.sl"),
        envelope::seal_record(Kind::Upgrade, &forged, &project, planter, &keys),
    )
    .unwrap();
    let report = sync(&mut b, &project);
    let members = b.trust().members(&project).unwrap();
    assert!(members.iter().all(|m| m.device != planter), "the planter became a member: {members:?}");
    let root = members.iter().find(|m| m.admitted_by.is_none()).unwrap();
    assert_eq!(root.device, a.device_id(), "the root is Maya's device: {report:?}");
}

// 4. A copy costs a minute: copies and junk are read once.
#[test]
fn copies_of_a_record_and_junk_named_like_records_are_read_once() {
    let mut p = shared_pair("Maya Chen", "Lukas Weber");
    let b_dir = p.folder.join("devices").join(p.b.device_id());
    let record = all_files(&b_dir).into_iter().find(|f| f.extension().is_some_and(|x| x == "sl")).unwrap();
    for i in 0..200 {
        fs::copy(&record, b_dir.join(format!("copy ({i}).sl"))).unwrap();
    }
    for i in 0..20 {
        fs::write(b_dir.join(format!("junk-{i}.sl")), vec![b'x'; 64 * 1024]).unwrap();
    }
    let before = dump(&p.a);
    let first = sync(&mut p.a, &p.project);
    let junk: Vec<_> = first.skipped.iter().filter(|s| s.file.contains("junk-")).collect();
    assert_eq!(junk.len(), 20, "{first:?}");
    assert!(junk.iter().all(|s| !s.known));
    assert!(first.skipped.iter().all(|s| !s.file.contains("copy (")), "a copy verifies like its original");
    let second = sync(&mut p.a, &p.project);
    let junk: Vec<_> = second.skipped.iter().filter(|s| s.file.contains("junk-")).collect();
    assert!(
        junk.len() == 20 && junk.iter().all(|s| s.known),
        "junk is remembered, not read again: {second:?}"
    );
    assert_eq!(dump(&p.a), before);
}

// 5. A removal can be withheld.
#[test]
fn a_removal_withheld_from_a_joining_device_still_reaches_it_and_drops_what_it_took() {
    let mut p = shared_pair("Maya Chen", "Lukas Weber");
    let code = invite(&mut p.b, &p.project, "Ledgerly");
    let mut laptop = open(&p.dir.path().join("laptop.sqlite"));
    join_admitted(&mut laptop, &mut p.b, &p.folder, "Ledgerly", &code);
    let laptop_id = laptop.device_id().to_string();
    seamline_sync::remove_device(&mut p.b, &p.project, &laptop_id, &who("Lukas Weber")).unwrap();

    // The removed laptop edits; someone holds Lukas's removal back from the folder.
    let lukas =
        laptop.people().list(&p.project).unwrap().into_iter().find(|x| x.name == "Lukas Weber").unwrap();
    laptop
        .people_mut()
        .update(&lukas.id, PersonPatch { title: Some("Written after removal".into()), ..Default::default() })
        .unwrap();
    sync(&mut laptop, &p.project);
    let b_dir = p.folder.join("devices").join(p.b.device_id());
    let held_back = dir_records(&b_dir);
    for f in &held_back {
        fs::remove_file(f).unwrap();
    }

    // A new Ledgerly device, admitted by Lukas's device, which knows of the removal.
    let code = invite(&mut p.b, &p.project, "Ledgerly");
    let mut tablet = open(&p.dir.path().join("tablet.sqlite"));
    join_admitted(&mut tablet, &mut p.b, &p.folder, "Ledgerly", &code);
    assert_ne!(
        tablet.people().get(&lukas.id).unwrap().title.as_deref(),
        Some("Written after removal"),
        "the tablet took the removed laptop's edit"
    );

    // Maya's device took the edit before hearing of the removal (it was held back): once the
    // removal reaches it, the edit goes.
    sync(&mut p.a, &p.project);
    let _ = p.a.people().get(&lukas.id).unwrap();
    sync(&mut p.b, &p.project);
    sync(&mut p.a, &p.project);
    assert_ne!(p.a.people().get(&lukas.id).unwrap().title.as_deref(), Some("Written after removal"));
}

fn dir_records(dir: &Path) -> Vec<PathBuf> {
    all_files(dir).into_iter().filter(|f| f.extension().is_some_and(|x| x == "sl")).collect()
}

// 6. A lost key becomes a new identity, silently.
#[test]
fn a_device_that_lost_its_key_stops_and_says_so_instead_of_making_a_new_one() {
    let mut p = shared_pair("Maya Chen", "Lukas Weber");
    // Maya's second device, admitted while her first still had its key.
    let code = invite(&mut p.a, &p.project, "Northwind CRM");
    let mut a2 = open(&p.dir.path().join("a2.sqlite"));
    join_admitted(&mut a2, &mut p.a, &p.folder, "Northwind CRM", &code);

    let me = p.a.device_id().to_string();
    let key_file = p.dir.path().join(".seamline-keys").join(format!("{me}.key"));
    assert!(key_file.exists());
    fs::remove_file(&key_file).unwrap();
    seamline_sync::keystore::forget_loaded(&p.a);
    let err = seamline_sync::sync(&mut p.a, &p.project, &who("Maya")).unwrap_err();
    assert!(err.to_string().contains("rejoin"), "{err}");
    assert!(!key_file.exists(), "a new key was made behind the user's back");
    // The workspace holding the project keys is the user's alone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(p.a.path().unwrap()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the workspace file is readable by others: {mode:o}");
    }

    // An edit made meanwhile is not lost: the way back is a rejoin with a new invite from the
    // same company, as a new device.
    let maya = p.a.people().list(&p.project).unwrap().into_iter().find(|x| x.name == "Maya Chen").unwrap();
    p.a.people_mut()
        .update(
            &maya.id,
            PersonPatch { title: Some("Made while the key was lost".into()), ..Default::default() },
        )
        .unwrap();
    let code = invite(&mut a2, &p.project, "Northwind CRM");
    let report = seamline_sync::rejoin(&mut p.a, &p.project, &code, &who("Maya")).unwrap();
    assert!(report.waiting.is_some(), "{report:?}");
    assert_ne!(p.a.device_id(), me, "a new identity, said and asked for");
    admit_all(&mut a2, &p.project);
    let report = sync(&mut p.a, &p.project);
    assert!(report.waiting.is_none(), "{report:?}");
    sync(&mut p.b, &p.project);
    assert_eq!(p.b.people().get(&maya.id).unwrap().title.as_deref(), Some("Made while the key was lost"));
}

// 7. An encrypted project can go back to plaintext.
#[test]
fn an_encrypted_project_never_writes_plaintext_again() {
    let mut p = shared_pair("Maya Chen", "Lukas Weber");
    let plain = p.dir.path().join("Old share");
    plaintext_folder_of_updated_devices(&plain, &p.project);
    let err = seamline_sync::link(&mut p.a, &p.project, &plain, &who("Maya")).unwrap_err();
    assert!(err.to_string().contains("encrypted"), "{err}");
    let files = all_files(&plain);
    assert_eq!(files.len(), 1, "only the marker that was there: {files:?}");
}

// 8. The view code is also a write key.
#[test]
fn a_viewer_cannot_write_a_status_page_that_opens() {
    let mut p = shared_pair("Maya Chen", "Lukas Weber");
    sync(&mut p.a, &p.project);
    let code = seamline_sync::sealed_page::view_code(&p.a, &p.project).unwrap().unwrap();
    let path = p.folder.join("Project status.html");
    let real = fs::read_to_string(&path).unwrap();
    assert!(seamline_sync::sealed_page::open_with_code(&real, &code).is_some(), "the real page opens");
    let forged = seamline_sync::sealed_page::forge_with_code("<h1>Legal signed, launch on track</h1>", &code);
    assert!(
        seamline_sync::sealed_page::open_with_code(&forged, &code).is_none(),
        "a page written with the view code alone opens"
    );
    // Members with the same data write the same bytes.
    sync(&mut p.b, &p.project);
    fs::remove_file(&path).unwrap();
    sync(&mut p.b, &p.project);
    assert_eq!(fs::read_to_string(&path).unwrap(), real, "Lukas's device wrote other bytes than Maya's");
}

// 9. Smaller: a junk claim burns a pending invite; names say what a file is; records readable;
// a blocked page fails the sync.
#[test]
fn a_junk_claim_does_not_use_up_an_invite() {
    let mut p = shared_pair("Maya Chen", "Lukas Weber");
    let inv = seamline_sync::invite(&mut p.b, &p.project, "Ledgerly").unwrap();
    let stranger = uuid::Uuid::new_v4().to_string();
    let keys = DeviceKeys::from_seed(&crypto::random());
    let claim = envelope::Claim {
        invite_id: inv.invite_id.clone(),
        sign_pk: seamline_sync::hex::encode(&keys.sign_pk()),
        kex_pk: seamline_sync::hex::encode(&keys.kex_pk()),
        invite_sig: seamline_sync::hex::encode(&[0u8; 64]),
        at: T0.into(),
    };
    let sdir = p.folder.join("devices").join(&stranger);
    fs::create_dir_all(&sdir).unwrap();
    fs::write(sdir.join("c.sl"), envelope::seal_record(Kind::Claim, &claim, &p.project, &stranger, &keys))
        .unwrap();
    sync(&mut p.b, &p.project);
    assert!(
        seamline_sync::requests(&p.b, &p.project).unwrap().is_empty(),
        "a claim without the code asks nothing"
    );
    let mut tablet = open(&p.dir.path().join("tablet.sqlite"));
    join_admitted(&mut tablet, &mut p.b, &p.folder, "Ledgerly", &inv.code);
    assert!(tablet.projects().get(&p.project).is_ok());
}

#[test]
fn names_in_the_folder_say_neither_when_nor_what() {
    let mut p = shared_pair("Maya Chen", "Lukas Weber");
    let code = invite(&mut p.b, &p.project, "Ledgerly");
    let mut laptop = open(&p.dir.path().join("laptop.sqlite"));
    join_admitted(&mut laptop, &mut p.b, &p.folder, "Ledgerly", &code);
    let laptop_id = laptop.device_id().to_string();
    seamline_sync::remove_device(&mut p.b, &p.project, &laptop_id, &who("Lukas")).unwrap();
    for id in [p.a.device_id(), p.b.device_id(), &laptop_id] {
        assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 4, "a device id tells when: {id}");
    }
    for f in all_files(&p.folder) {
        let name = f.file_name().unwrap().to_string_lossy().to_lowercase();
        for word in ["invite", "claim", "keys", "removal", "admission", "upgrade", "withdraw"] {
            assert!(!name.contains(word), "{name} says what it is");
        }
        // The removal is sealed: only the removed device's own files name it.
        if !f.starts_with(p.folder.join("devices").join(&laptop_id))
            && f.extension().is_some_and(|x| x == "sl")
        {
            let bytes = fs::read(&f).unwrap();
            assert!(
                !bytes.windows(laptop_id.len()).any(|w| w == laptop_id.as_bytes()),
                "{} names the removed device in clear",
                f.display()
            );
        }
    }
}

#[test]
fn a_status_page_that_cannot_be_written_is_a_warning_and_data_still_moves() {
    let mut p = shared_pair("Maya Chen", "Lukas Weber");
    let page = p.folder.join("Project status.html");
    let _ = fs::remove_file(&page);
    fs::create_dir_all(&page).unwrap();
    let maya = p.a.people().list(&p.project).unwrap().into_iter().find(|x| x.name == "Maya Chen").unwrap();
    p.a.people_mut()
        .update(&maya.id, PersonPatch { title: Some("Still moves".into()), ..Default::default() })
        .unwrap();
    let report = sync(&mut p.a, &p.project);
    assert!(report.warnings.iter().any(|w| w.contains("Project status.html")), "{report:?}");
    sync(&mut p.b, &p.project);
    assert_eq!(p.b.people().get(&maya.id).unwrap().title.as_deref(), Some("Still moves"));
}
