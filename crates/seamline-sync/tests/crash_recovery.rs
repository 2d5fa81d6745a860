//! A crash between a segment reaching the folder and the workspace noting it, played exactly:
//! the workspace file is put back as it was before the sync (what a process killed at that
//! moment, or a power cut at `synchronous=NORMAL`, leaves). The device must neither write the
//! same ops under the same number again nor lose what only the folder still holds.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::fs;
use std::path::Path;

use common::*;
use seamline_core::Side;
use seamline_store::{NewPerson, Workspace};

/// Closes the workspace and keeps a copy of its file.
fn keep_copy(ws: Workspace, path: &Path, copy: &Path) {
    drop(ws); // the last connection folds the write-ahead log into the file
    fs::copy(path, copy).unwrap();
}

/// Puts the kept copy back in place (same file, so the workspace keeps its identity).
fn put_back(copy: &Path, path: &Path) {
    for ext in ["sqlite-wal", "sqlite-shm"] {
        let _ = fs::remove_file(path.with_extension(ext));
    }
    fs::write(path, fs::read(copy).unwrap()).unwrap();
}

/// The segment numbers in a device's directory, in order, repeats kept.
fn numbers(folder: &Path, device: &str) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(folder.join("devices").join(device))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name().to_str().and_then(|n| n.strip_prefix("seg-")).map(|n| n[..8].to_string())
        })
        .collect();
    n.sort();
    n
}

#[test]
fn a_segment_written_before_a_crash_is_adopted_not_written_again_under_its_number() {
    let mut p = shared_pair("Maya", "Ravi");
    let a_path = p.dir.path().join("a.sqlite");
    let copy = p.dir.path().join("a-before-sync.sqlite");
    let me = p.a.device_id().to_string();
    p.a.people_mut()
        .add(&p.project, NewPerson { side: Side::Ours, name: "Noor Haddad".into(), ..Default::default() })
        .unwrap();
    let a = std::mem::replace(&mut p.a, open(&p.dir.path().join("scratch.sqlite")));
    keep_copy(a, &a_path, &copy);
    let mut a = open(&a_path);
    let sent = seamline_sync::sync(&mut a, &p.project, &who("Maya")).unwrap();
    assert!(sent.exported > 0);
    let before = numbers(&p.folder, &me);

    // The sync's bookkeeping is lost; the file it wrote is in the folder. An hour later:
    drop(a);
    put_back(&copy, &a_path);
    let mut a = Workspace::open(&a_path, clock("2027-01-15T11:00:00Z")).unwrap();
    assert_eq!(a.device_id(), me, "the same workspace, the same device");
    let again = seamline_sync::sync(&mut a, &p.project, &who("Maya")).unwrap();
    assert_eq!(again.exported, 0, "its ops are in the folder already: {again:?}");
    assert_eq!(numbers(&p.folder, &me), before, "no number written twice");

    // Its next edit goes out under the next number, and Ravi reads everything once.
    a.people_mut()
        .add(&p.project, NewPerson { side: Side::Ours, name: "Lina Park".into(), ..Default::default() })
        .unwrap();
    seamline_sync::sync(&mut a, &p.project, &who("Maya")).unwrap();
    let after = numbers(&p.folder, &me);
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    let got = seamline_sync::sync(&mut p.b, &p.project, &who("Ravi")).unwrap();
    assert!(got.skipped.is_empty(), "{:?}", got.skipped);
    assert_eq!(dump(&a), dump(&p.b));
}

#[test]
fn edits_lost_with_the_workspace_come_back_from_the_device_s_own_files() {
    let mut p = shared_pair("Maya", "Ravi");
    let a_path = p.dir.path().join("a.sqlite");
    let copy = p.dir.path().join("a-before-edit.sqlite");
    let me = p.a.device_id().to_string();
    let a = std::mem::replace(&mut p.a, open(&p.dir.path().join("scratch.sqlite")));
    keep_copy(a, &a_path, &copy);
    let mut a = open(&a_path);
    a.people_mut()
        .add(&p.project, NewPerson { side: Side::Ours, name: "Noor Haddad".into(), ..Default::default() })
        .unwrap();
    seamline_sync::sync(&mut a, &p.project, &who("Maya")).unwrap();

    // The edit and the sync are lost (a restored backup, a power cut); the segment is not.
    drop(a);
    put_back(&copy, &a_path);
    let mut a = Workspace::open(&a_path, clock("2027-01-15T11:00:00Z")).unwrap();
    let names = |ws: &Workspace| {
        ws.people().list(&p.project).unwrap().into_iter().map(|x| x.name).collect::<Vec<_>>()
    };
    assert!(!names(&a).contains(&"Noor Haddad".to_string()));
    let back = seamline_sync::sync(&mut a, &p.project, &who("Maya")).unwrap();
    assert!(names(&a).contains(&"Noor Haddad".to_string()), "the edit comes back from the folder");
    // Its stamps were spent in the folder: the device goes on under a new id, so nothing it
    // writes from now on can carry a stamp that already carries another edit.
    assert!(back.renewed_device && a.device_id() != me, "{back:?}");
    a.people_mut()
        .add(&p.project, NewPerson { side: Side::Ours, name: "Lina Park".into(), ..Default::default() })
        .unwrap();
    seamline_sync::sync(&mut a, &p.project, &who("Maya")).unwrap();
    seamline_sync::sync(&mut p.b, &p.project, &who("Ravi")).unwrap();
    let got = seamline_sync::sync(&mut p.b, &p.project, &who("Ravi")).unwrap();
    assert!(got.skipped.is_empty(), "{:?}", got.skipped);
    assert!(
        names(&p.b).contains(&"Lina Park".to_string()) && names(&p.b).contains(&"Noor Haddad".to_string())
    );
}
