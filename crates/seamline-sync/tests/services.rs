//! The marks real sync services leave in a shared folder, played from the names and behaviours
//! they are known by: conflict copies (Dropbox, OneDrive, Google Drive, iCloud, Syncthing,
//! Nextcloud), files not brought down yet (iCloud placeholders, online-only files read as
//! empty), files still arriving (temporary names, a download cut short), a folder that goes
//! away and comes back elsewhere, a folder this device cannot write to, and the names Seamline
//! writes, which every system must accept.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use seamline_core::Side;
use seamline_store::{NewPerson, Workspace};

fn add(ws: &mut Workspace, project: &str, side: Side, name: &str) {
    ws.people_mut().add(project, NewPerson { side, name: name.into(), ..Default::default() }).unwrap();
}

fn names(ws: &Workspace, project: &str) -> Vec<String> {
    let mut n: Vec<String> = ws.people().list(project).unwrap().into_iter().map(|p| p.name).collect();
    n.sort();
    n
}

/// The segments (`*.ops`) in a device's directory.
fn segments_of(folder: &Path, device: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(folder.join("devices").join(device))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ops"))
        .collect();
    out.sort();
    out
}

/// The names each service gives a second copy of `name` (as recorded from each).
fn conflict_copies(name: &str) -> Vec<String> {
    let (stem, ext) = name.rsplit_once('.').unwrap();
    vec![
        format!("{stem} (Maya's conflicted copy 2026-12-07).{ext}"), // Dropbox
        format!("{stem}-DESKTOP-4F2K1.{ext}"),                       // OneDrive
        format!("{stem} (1).{ext}"),                                 // Google Drive
        format!("{stem} 2.{ext}"),                                   // iCloud Drive
        format!("{stem}.sync-conflict-20261207-101010-ABCDEF1.{ext}"), // Syncthing
        format!("{stem} (conflicted copy 2026-12-07 101010).{ext}"), // Nextcloud
    ]
}

#[test]
fn every_service_s_conflict_copies_are_read_once_and_the_owner_cleans_its_own() {
    let mut p = shared_pair("Maya", "Ravi");
    let a_dev = p.a.device_id().to_string();
    add(&mut p.a, &p.project, Side::Ours, "Noor Haddad");
    let sent = seamline_sync::sync(&mut p.a, &p.project, &who("Maya")).unwrap();
    assert!(sent.exported > 0);
    // Every file of Maya's directory, segments and signed records, arrives again under each
    // service's conflict-copy name; so do the files everyone writes (marker, status page).
    let dir = p.folder.join("devices").join(&a_dev);
    let originals: Vec<PathBuf> = fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    for f in &originals {
        for copy in conflict_copies(&f.file_name().unwrap().to_string_lossy()) {
            fs::copy(f, dir.join(copy)).unwrap();
        }
    }
    for shared in ["seamline.json", "Project status.html"] {
        assert!(p.folder.join(shared).is_file(), "{shared}");
        for copy in conflict_copies(shared) {
            fs::copy(p.folder.join(shared), p.folder.join(copy)).unwrap();
        }
    }

    let got = seamline_sync::sync(&mut p.b, &p.project, &who("Ravi")).unwrap();
    assert!(got.skipped.is_empty(), "a copy is read like its original, never refused: {:?}", got.skipped);
    assert!(got.arriving.is_empty(), "{:?}", got.arriving);
    assert!(names(&p.b, &p.project).contains(&"Noor Haddad".to_string()));
    let again = seamline_sync::sync(&mut p.b, &p.project, &who("Ravi")).unwrap();
    assert_eq!(again.imported, 0, "nothing imported twice");
    assert!(p.b.history().conflicts(&p.project).unwrap().is_empty(), "copies make no concurrent edits");

    // Maya's device cleans up the copies of its own segments; the originals stay.
    let before = segments_of(&p.folder, &a_dev).len();
    let mine = seamline_sync::sync(&mut p.a, &p.project, &who("Maya")).unwrap();
    assert!(mine.skipped.is_empty(), "{:?}", mine.skipped);
    let after = segments_of(&p.folder, &a_dev);
    assert!(after.len() < before, "its own copies are removed ({before} then {})", after.len());
    for f in &after {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("seg-") && !name.contains(' ') && !name.contains("conflict"), "{name}");
    }
    // Both still show the same project, and each edit once.
    assert_eq!(dump(&p.a), dump(&p.b));
}

#[test]
fn files_on_their_way_wait_for_the_service_and_are_taken_once_whole() {
    let mut p = shared_pair("Maya", "Ravi");
    let a_dev = p.a.device_id().to_string();
    add(&mut p.a, &p.project, Side::Ours, "Noor Haddad");
    seamline_sync::sync(&mut p.a, &p.project, &who("Maya")).unwrap();
    let newest = segments_of(&p.folder, &a_dev).pop().unwrap();
    let name = newest.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = fs::read(&newest).unwrap();
    let dir = newest.parent().unwrap().to_path_buf();

    // What Ravi's folder holds while the service is still at work: the file cut half way under
    // its own name, an online-only file read as empty, and the names services download under.
    fs::write(&newest, &bytes[..bytes.len() / 2]).unwrap();
    fs::write(dir.join("seg-00000099-0badf00d.ops"), b"").unwrap();
    for temp in [
        format!(".{name}.icloud"),
        format!(".syncthing.{name}.tmp"),
        format!("~syncthing~{name}.tmp"),
        format!("{name}.partial"),
    ] {
        fs::write(dir.join(temp), &bytes[..10]).unwrap();
    }
    let waiting = seamline_sync::sync(&mut p.b, &p.project, &who("Ravi")).unwrap();
    assert!(waiting.skipped.is_empty(), "a file on its way is not an error: {:?}", waiting.skipped);
    assert_eq!(waiting.arriving.len(), 6, "{:?}", waiting.arriving);
    assert!(!names(&p.b, &p.project).contains(&"Noor Haddad".to_string()));
    let status = seamline_sync::status(&p.b, &p.project).unwrap();
    assert!(status.refused.is_empty());

    // The service finishes: the whole file under its name, the temporary ones gone.
    fs::write(&newest, &bytes).unwrap();
    for e in fs::read_dir(&dir).unwrap().flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.ends_with(".icloud")
            || n.ends_with(".tmp")
            || n.ends_with(".partial")
            || n.starts_with("seg-00000099")
        {
            fs::remove_file(e.path()).unwrap();
        }
    }
    let whole = seamline_sync::sync(&mut p.b, &p.project, &who("Ravi")).unwrap();
    assert!(whole.skipped.is_empty() && whole.arriving.is_empty(), "{whole:?}");
    assert!(whole.imported > 0);
    assert!(names(&p.b, &p.project).contains(&"Noor Haddad".to_string()), "taken once whole");
}

#[test]
fn a_folder_that_takes_no_file_still_brings_the_partner_s_edits_and_keeps_ours_for_later() {
    let mut p = shared_pair("Maya", "Ravi");
    let b_dev = p.b.device_id().to_string();
    add(&mut p.a, &p.project, Side::Ours, "Noor Haddad");
    seamline_sync::sync(&mut p.a, &p.project, &who("Maya")).unwrap();
    add(&mut p.b, &p.project, Side::Partner, "Ines Duarte");

    // Ravi's own directory cannot be written (here: a file stands where it belongs; a share
    // Ravi may only view, or a full disk, fails the same write).
    let own = p.folder.join("devices").join(&b_dev);
    let away = p.dir.path().join("ravi-away");
    fs::rename(&own, &away).unwrap();
    fs::write(&own, b"not a folder").unwrap();
    let report = seamline_sync::sync(&mut p.b, &p.project, &who("Ravi")).unwrap();
    assert!(report.imported > 0, "the partner's edits still arrive");
    assert!(names(&p.b, &p.project).contains(&"Noor Haddad".to_string()));
    assert_eq!(report.exported, 0);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("could not be written") && w.contains("kept on this device")),
        "{:?}",
        report.warnings
    );

    // Writable again: what waited goes out, and Maya receives it.
    fs::remove_file(&own).unwrap();
    fs::rename(&away, &own).unwrap();
    let report = seamline_sync::sync(&mut p.b, &p.project, &who("Ravi")).unwrap();
    assert!(report.exported > 0 && report.warnings.is_empty(), "{report:?}");
    seamline_sync::sync(&mut p.a, &p.project, &who("Maya")).unwrap();
    assert!(names(&p.a, &p.project).contains(&"Ines Duarte".to_string()));
    assert_eq!(dump(&p.a), dump(&p.b));
}

#[test]
fn a_moved_folder_is_found_again_with_everything_it_knew() {
    let mut p = shared_pair("Maya", "Ravi");
    let linked = p.b.sync().link_of(&p.project).unwrap().unwrap().folder;
    let moved = p.dir.path().join("OneDrive - Ledgerly/Integrations/Northwind");
    fs::create_dir_all(moved.parent().unwrap()).unwrap();
    fs::rename(&p.folder, &moved).unwrap();

    // Gone: the sync says so and touches nothing here.
    let before = dump(&p.b);
    let err = seamline_sync::sync(&mut p.b, &p.project, &who("Ravi")).unwrap_err();
    assert_eq!(err.code(), "SyncUnreachable");
    assert!(!seamline_sync::status(&p.b, &p.project).unwrap().folder_reachable);
    assert_eq!(dump(&p.b), before);

    // Only the folder that carries this project is taken as its new place.
    let empty = p.dir.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    let err = seamline_sync::move_folder(&mut p.b, &p.project, &empty, &who("Ravi")).unwrap_err();
    assert!(err.to_string().contains("not a Seamline shared folder"), "{err}");
    let other_dir = p.dir.path().join("other");
    fs::create_dir_all(&other_dir).unwrap();
    let mut c = open(&p.dir.path().join("c.sqlite"));
    let other = seamline_store::demo::create(&mut c).unwrap().id;
    seamline_sync::link(&mut c, &other, &other_dir, &who("Other")).unwrap();
    let err = seamline_sync::move_folder(&mut p.b, &p.project, &other_dir, &who("Ravi")).unwrap_err();
    assert!(err.to_string().contains("carries another project"), "{err}");
    assert_eq!(
        p.b.sync().link_of(&p.project).unwrap().unwrap().folder,
        linked,
        "a refused place changes nothing"
    );

    // Both point at the new place: no invite, no admission, no key again; edits flow.
    add(&mut p.b, &p.project, Side::Partner, "Ines Duarte");
    let report = seamline_sync::move_folder(&mut p.b, &p.project, &moved, &who("Ravi")).unwrap();
    assert!(report.exported > 0 && report.skipped.is_empty() && report.waiting.is_none(), "{report:?}");
    add(&mut p.a, &p.project, Side::Ours, "Noor Haddad");
    seamline_sync::move_folder(&mut p.a, &p.project, &moved, &who("Maya")).unwrap();
    seamline_sync::sync(&mut p.b, &p.project, &who("Ravi")).unwrap();
    assert!(names(&p.a, &p.project).contains(&"Ines Duarte".to_string()));
    assert!(names(&p.b, &p.project).contains(&"Noor Haddad".to_string()));
    assert_eq!(dump(&p.a), dump(&p.b));
}

/// Windows refuses these names whatever their extension, and these characters anywhere.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
    "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

#[test]
fn every_name_seamline_writes_is_safe_on_windows_and_on_case_insensitive_disks() {
    let mut p = shared_pair("Maya", "Ravi");
    // A busy folder: edits on both sides, an invite, a removed device and a new key.
    add(&mut p.a, &p.project, Side::Ours, "Noor Haddad");
    add(&mut p.b, &p.project, Side::Partner, "Ines Duarte");
    let code = invite(&mut p.b, &p.project, "Ledgerly");
    let mut laptop = open(&p.dir.path().join("laptop.sqlite"));
    join_admitted(&mut laptop, &mut p.b, &p.folder, "Ledgerly", &code);
    let laptop_id = laptop.device_id().to_string();
    seamline_sync::remove_device(&mut p.b, &p.project, &laptop_id, &who("Ravi")).unwrap();
    for _ in 0..2 {
        seamline_sync::sync(&mut p.a, &p.project, &who("Maya")).unwrap();
        seamline_sync::sync(&mut p.b, &p.project, &who("Ravi")).unwrap();
    }

    // A deep OneDrive path leaves about 120 of Windows' 260 characters to the folder's own.
    let mut longest = 0;
    let mut stack = vec![p.folder.clone()];
    while let Some(dir) = stack.pop() {
        let mut seen = std::collections::HashSet::new();
        for e in fs::read_dir(&dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = e.path().strip_prefix(&p.folder).unwrap().to_string_lossy().into_owned();
            longest = longest.max(rel.len());
            let stem = name.split('.').next().unwrap().to_ascii_lowercase();
            assert!(!RESERVED.contains(&stem.as_str()), "{rel}: a reserved name on Windows");
            assert!(!name.chars().any(|c| "<>:\"\\|?*".contains(c) || c.is_control()), "{rel}");
            assert!(!name.ends_with('.') && !name.ends_with(' '), "{rel}: Windows drops the ending");
            assert!(name.len() <= 100, "{rel}: a long name");
            assert!(seen.insert(name.to_lowercase()), "{rel}: two names differ only by case");
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            }
        }
    }
    assert!(longest <= 120, "the longest path inside the folder is {longest} characters");
}
