//! Each company acts only for itself, on every device. A partner's device that writes a
//! signature for the lead's company (by hand: its own app refuses) is never counted, on any
//! device, whatever order the sync service delivers the files in, while its signature for its
//! own company counts everywhere.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use proptest::prelude::*;
use seamline_core::{Cut, Side};
use seamline_store::oplog::Op;
use seamline_store::{NewPerson, Workspace};
use seamline_sync::segment;

struct World {
    _dir: tempfile::TempDir,
    project: String,
    /// The lead's device (Acme, `ours`), the partner's device (Globex) and a second lead device.
    a: Workspace,
    c: Workspace,
    a_folder: PathBuf,
    c_folder: PathBuf,
    /// Everything the partner's device wrote, as (relative path, bytes).
    partner_files: Vec<(String, Vec<u8>)>,
    acme_person: String,
}

fn files_under(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn copy_all(from: &Path, to: &Path) {
    for (rel, bytes) in files_under(from) {
        let target = to.join(&rel);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, bytes).unwrap();
    }
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let (a_folder, b_folder, c_folder) = (dir.path().join("a"), dir.path().join("b"), dir.path().join("c"));
    for f in [&a_folder, &b_folder, &c_folder] {
        fs::create_dir_all(f).unwrap();
    }
    let mut a = open(&dir.path().join("a.sqlite"));
    let project = a
        .projects_mut()
        .create(seamline_store::NewProject {
            name: "SSO".into(),
            ours: "Acme".into(),
            partner: "Globex".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let acme_person = a
        .people_mut()
        .add(&project, NewPerson { side: Side::Ours, name: "Ana".into(), ..Default::default() })
        .unwrap()
        .id;
    let globex_person = a
        .people_mut()
        .add(&project, NewPerson { side: Side::Partner, name: "Gil".into(), ..Default::default() })
        .unwrap()
        .id;
    a.scope_mut().add_criterion(&project, "SSO works", Cut::V1, None).unwrap();
    let code = seamline_sync::link(&mut a, &project, &a_folder, &who("Ana")).unwrap().invite.unwrap();
    // An invite for a second device of Acme's, before the folder is copied to it.
    let acme_code = invite(&mut a, &project, "Acme");

    // The partner's device joins (its own copy of the folder) and signs for Globex.
    copy_all(&a_folder, &b_folder);
    let mut b = open(&dir.path().join("b.sqlite"));
    seamline_sync::join(&mut b, &b_folder, &who("Gil"), false, Some("Globex"), Some(&code)).unwrap();
    // Its request reaches Acme's lead, who lets it in.
    copy_all(&b_folder, &a_folder);
    admit_all(&mut a, &project);
    copy_all(&a_folder, &b_folder);
    seamline_sync::sync(&mut b, &project, &who("Gil")).unwrap();
    let refused = b.scope_mut().sign(&project, Side::Ours, Some(&acme_person), None).unwrap_err();
    assert!(refused.to_string().contains("a company signs only for itself"), "{refused}");
    b.scope_mut().sign(&project, Side::Partner, Some(&globex_person), None).unwrap();
    seamline_sync::sync(&mut b, &project, &who("Gil")).unwrap();

    // …and, by hand, a "signature" for Acme under its own device id, stamped far ahead.
    let device = b.device_id().to_string();
    let row = seamline_store::ids::natural_id(seamline_store::schema::Entity::Signoff, &[&project, "ours"]);
    let hash = b.scope().get(&project).unwrap().hash;
    let op = |n: i64, field: &str, value: serde_json::Value| Op {
        hlc: (1_900_000_000_000i64 + n) << 16,
        device: device.clone(),
        project_id: project.clone(),
        entity: "signoff".into(),
        row_id: row.clone(),
        field: field.into(),
        value,
        prev_hlc: None,
        prev_device: None,
        made_at: None,
    };
    let body = segment::Body {
        device: device.clone(),
        project_id: project.clone(),
        seq: 90,
        kind: "ops".into(),
        created_at: T0.into(),
        ops: vec![
            op(1, "side", "ours".into()),
            op(2, "person_id", globex_person.clone().into()),
            op(3, "signed_at", "2027-01-15T10:00:00Z".into()),
            op(4, "scope_hash", hash.into()),
            op(5, "deleted", false.into()),
        ],
    };
    // Sealed and signed with the partner device's own key, as its app would: admitted
    // devices can write, and the store still refuses a signature for the other company.
    let keys = seamline_sync::keystore::device_keys(&b, &device).unwrap();
    let project_keys = b.trust().project_keys(&project).unwrap();
    let key = *seamline_sync::crypto::current_key(&project_keys).unwrap();
    let sealer = segment::Sealer { keys: &keys, project: &project, device: &device, key: &key };
    let (bytes, sum) = segment::encode_sealed(&body, &sealer).unwrap();
    fs::write(b_folder.join("devices").join(&device).join(format!("seg-00000090-{}.ops", &sum[..8])), bytes)
        .unwrap();
    let partner_files = files_under(&b_folder)
        .into_iter()
        .filter(|(rel, _)| rel.starts_with(&format!("devices/{device}/")))
        .collect();

    // A second device of Acme's, a copy of the lead's folder (it joins as Acme).
    copy_all(&a_folder, &c_folder);
    let mut c = open(&dir.path().join("c.sqlite"));
    seamline_sync::join(&mut c, &c_folder, &who("Ana's laptop"), false, Some("Acme"), Some(&acme_code))
        .unwrap();
    copy_all(&c_folder, &a_folder);
    admit_all(&mut a, &project);
    copy_all(&a_folder, &c_folder);
    seamline_sync::sync(&mut c, &project, &who("Ana's laptop")).unwrap();
    World { _dir: dir, project, a, c, a_folder, c_folder, partner_files, acme_person }
}

/// Who signed for each side, as the device shows it: (side, person, recorded).
fn signed(ws: &Workspace, project: &str) -> Vec<(Side, String)> {
    ws.scope().signatures(project).unwrap().into_iter().map(|s| (s.side, s.person_name)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn a_partners_signature_for_the_lead_never_counts_in_any_delivery_order(
        order in Just((0..4usize).collect::<Vec<_>>()).prop_shuffle(),
        acme_signs_first in any::<bool>(),
    ) {
        let mut w = world();
        if acme_signs_first {
            w.a.scope_mut().sign(&w.project, Side::Ours, Some(&w.acme_person), None).unwrap();
            seamline_sync::sync(&mut w.a, &w.project, &who("Ana")).unwrap();
            copy_all(&w.a_folder, &w.c_folder);
        }
        let n = w.partner_files.len();
        prop_assert_eq!(n, 4, "its claim, its profile, its segment and the hand-made one: {:?}", w.partner_files.iter().map(|f| &f.0).collect::<Vec<_>>());
        for &i in &order {
            let (rel, bytes) = &w.partner_files[i];
            for folder in [&w.a_folder, &w.c_folder] {
                let target = folder.join(rel);
                fs::create_dir_all(target.parent().unwrap()).unwrap();
                fs::write(target, bytes).unwrap();
            }
            for ws in [&mut w.a, &mut w.c] {
                seamline_sync::sync(ws, &w.project, &who("Acme")).unwrap();
                let ours: Vec<_> = signed(ws, &w.project).into_iter().filter(|(s, _)| *s == Side::Ours).collect();
                prop_assert!(ours.iter().all(|(_, who)| who == "Ana"), "Globex's device signed for Acme: {:?}", ours);
            }
        }
        // Everything delivered: Globex's own signature counts on both devices of Acme's, the
        // hand-made one never, and it is listed with its reason.
        for ws in [&w.a, &w.c] {
            let shown = signed(ws, &w.project);
            prop_assert!(shown.contains(&(Side::Partner, "Gil".to_string())), "{:?}", shown);
            prop_assert_eq!(shown.iter().any(|(s, _)| *s == Side::Ours), acme_signs_first);
            let refused = ws.history().invalid_values(&w.project).unwrap();
            prop_assert!(refused.iter().any(|v| v.entity == "signoff" && v.reason.starts_with("a signature for Acme written by a device of Globex")), "{:?}", refused);
            prop_assert!(ws.oplog().of_project(&w.project).unwrap().iter().all(|o| !(o.entity == "signoff" && o.hlc >= 1_900_000_000_000i64 << 16)), "the forged ops stay out of the log");
        }
    }
}

/// The lead reads the partner's signature in the project's activity as one sentence naming
/// the person and the company, and the forged one is not there.
#[test]
fn the_activity_names_who_signed_for_which_company() {
    let mut w = world();
    for (rel, bytes) in &w.partner_files {
        let target = w.a_folder.join(rel);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, bytes).unwrap();
    }
    seamline_sync::sync(&mut w.a, &w.project, &who("Ana")).unwrap();
    let actions = w.a.history().activity(&w.project, 50).unwrap();
    let signed: Vec<_> = actions.iter().filter(|a| a.summary.contains("signed the scope")).collect();
    assert_eq!(signed.len(), 1, "{actions:#?}");
    assert_eq!(signed[0].who, "Gil");
    assert_eq!(signed[0].company.as_deref(), Some("Globex"));
    assert_eq!(signed[0].summary, "signed the scope for Globex");
    assert!(!signed[0].this_device);
    // The lead's own first action reads as the project's creation, on this device.
    let created = actions.last().unwrap();
    assert_eq!(created.summary, "created the project \u{2018}SSO\u{2019}");
    assert!(created.this_device);
    assert_eq!(created.company.as_deref(), Some("Acme"));
}
