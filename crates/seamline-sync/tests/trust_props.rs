//! Properties of trust in an encrypted folder: whatever order the records arrive in, in
//! whatever batches, a device ends with the same members, removals and keys as one that saw
//! them all at once; and no bytes, however made, make a record decoder panic.

#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use proptest::prelude::*;
use seamline_store::trust::StoredRecord;
use seamline_store::Workspace;

fn sync(ws: &mut Workspace, project: &str) {
    seamline_sync::sync(ws, project, &who("someone")).unwrap();
}

/// Every record file under the folder's devices, as (path relative to the folder, bytes).
fn records(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for d in fs::read_dir(folder.join("devices")).unwrap().flatten() {
        for f in fs::read_dir(d.path()).unwrap().flatten() {
            if f.path().extension().is_some_and(|x| x == "sl") {
                out.push((f.path().strip_prefix(folder).unwrap().to_path_buf(), fs::read(f.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// What a device's trust comes to: members (id, key, company, who admitted), removals (id, by,
/// cut), and the project keys it holds.
type Trust =
    (Vec<(String, [u8; 32], String, Option<String>)>, Vec<(String, String, i64)>, Vec<(u32, [u8; 32])>);

fn trust_of(ws: &Workspace, project: &str) -> Trust {
    let mut members: Vec<_> = ws
        .trust()
        .members(project)
        .unwrap()
        .into_iter()
        .map(|m| (m.device, m.sign_pk, m.side.as_str().to_string(), m.admitted_by))
        .collect();
    members.sort();
    let mut removals: Vec<_> = ws
        .trust()
        .removals(project)
        .unwrap()
        .into_iter()
        .map(|r| (r.device, r.removed_by, r.cut_hlc))
        .collect();
    removals.sort();
    (members, removals, ws.trust().project_keys(project).unwrap())
}

/// A history with admissions across both companies and a removal (so a new key), and an
/// observer admitted at the start that was offline through all of it: its folder is a copy
/// taken before, and the records arrive in it later.
struct World {
    _p: Pair,
    observer: Workspace,
    observer_folder: PathBuf,
    project: String,
    /// Every record, as the lead's folder has them at the end.
    records: Vec<(PathBuf, Vec<u8>)>,
    /// The trust of a device that saw them all (the lead's partner, Lukas).
    reference: Trust,
}

fn world() -> World {
    let mut p = shared_pair("Maya Chen", "Lukas Weber");
    // The observer asks to join on its own copy of the folder, and Maya lets it in.
    let code = invite(&mut p.a, &p.project, "Northwind CRM");
    let observer_folder = p.dir.path().join("observer-folder");
    copy(&p.folder, &observer_folder);
    let mut observer = open(&p.dir.path().join("observer.sqlite"));
    seamline_sync::join(&mut observer, &observer_folder, &who("Observer"), false, None, Some(&code)).unwrap();
    copy(&observer_folder, &p.folder);
    admit_all(&mut p.a, &p.project);

    // While the observer's folder hears nothing: a second device of each company, then
    // Ledgerly removes its second one (a new key, which reaches the observer too).
    let code = invite(&mut p.b, &p.project, "Ledgerly");
    let mut b2 = open(&p.dir.path().join("b2.sqlite"));
    join_admitted(&mut b2, &mut p.b, &p.folder, "Ledgerly", &code);
    let code = invite(&mut p.a, &p.project, "Northwind CRM");
    let mut a2 = open(&p.dir.path().join("a2.sqlite"));
    join_admitted(&mut a2, &mut p.a, &p.folder, "Northwind CRM", &code);
    let b2_id = b2.device_id().to_string();
    seamline_sync::remove_device(&mut p.b, &p.project, &b2_id, &who("Lukas")).unwrap();
    sync(&mut p.a, &p.project);
    sync(&mut a2, &p.project);
    sync(&mut p.b, &p.project);
    let reference = trust_of(&p.b, &p.project);
    let records = records(&p.folder);
    World { project: p.project.clone(), _p: p, observer, observer_folder, records, reference }
}

fn copy(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy(&e.path(), &target);
        } else if !target.exists() {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn records_in_any_order_and_batches_give_the_same_members_removals_and_keys(
        order in Just(()).prop_perturb(|_, mut rng| {
            let mut v: Vec<usize> = (0..64).collect();
            for i in (1..v.len()).rev() {
                v.swap(i, rng.random_range(0..=i));
            }
            v
        }),
        batch in 1usize..6,
    ) {
        let mut w = world();
        prop_assert_eq!((w.reference.0.len(), w.reference.1.len(), w.reference.2.len()), (5, 1, 2), "{:?}", w.reference);
        prop_assert_ne!(trust_of(&w.observer, &w.project), w.reference.clone(), "the observer has heard nothing yet");
        let mut pending: Vec<&(PathBuf, Vec<u8>)> = Vec::new();
        for i in order.iter().filter(|i| **i < w.records.len()) {
            pending.push(&w.records[*i]);
        }
        // Arrive in batches, a sync after each: a device often sees a record before the one it
        // depends on (an admission before its admitter's own).
        for chunk in pending.chunks(batch) {
            for (rel, bytes) in chunk {
                let target = w.observer_folder.join(rel);
                fs::create_dir_all(target.parent().unwrap()).unwrap();
                fs::write(target, bytes).unwrap();
            }
            let _ = seamline_sync::sync(&mut w.observer, &w.project, &who("Observer"));
        }
        let _ = seamline_sync::sync(&mut w.observer, &w.project, &who("Observer"));
        prop_assert_eq!(trust_of(&w.observer, &w.project), w.reference.clone());
    }

    #[test]
    fn no_bytes_make_a_record_decoder_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), kind in 0u8..12) {
        use seamline_sync::envelope;
        let mut framed = bytes.clone();
        // Half the cases look like a record up to the payload: the decoders get past the header.
        if kind % 2 == 0 && framed.len() > 16 {
            framed[..8].copy_from_slice(envelope::MAGIC);
            framed[8..10].copy_from_slice(&2u16.to_le_bytes());
            framed[10] = kind;
            let n = (framed.len() - 16).saturating_sub(64) as u32;
            framed[12..16].copy_from_slice(&n.to_le_bytes());
        }
        let _ = envelope::kind_of(&framed);
        let _ = envelope::payload(&framed);
        let _ = envelope::peek::<envelope::Invite>(&framed);
        let _ = envelope::peek::<envelope::Claim>(&framed);
        let _ = envelope::peek::<envelope::Admission>(&framed);
        let _ = envelope::peek::<envelope::Keys>(&framed);
        let _ = envelope::peek::<envelope::Upgrade>(&framed);
        let _ = envelope::verify(&framed, "p", "d", &[7; 32]);
        let sealed = envelope::Sealed { key_id: 0, sealed: seamline_sync::hex::encode(&bytes) };
        let _ = envelope::open_inner(&sealed, "p", "d", &[(1, [0; 32])]);
        // Settling takes every kept record's payload as the device's word: none of it panics.
        let anchors = vec![seamline_store::trust::Member {
            device: "d".into(),
            sign_pk: [1; 32],
            kex_pk: [2; 32],
            side: seamline_core::Side::Ours,
            admitted_by: None,
            invite_id: None,
            admitted_at: None,
        }];
        let records = vec![StoredRecord { hash: "h".into(), device: "d".into(), bytes: framed }];
        let keys = seamline_sync::crypto::DeviceKeys::from_seed(&[3; 32]);
        let k = seamline_sync::trust::Knowledge {
            project: "p",
            anchors,
            pinned_removals: vec![],
            records: &records,
            keys: vec![(1, [0; 32])],
            me: Some(("d", &keys)),
            device: "d".into(),
        };
        let _ = seamline_sync::trust::settle(&k);
    }
}
