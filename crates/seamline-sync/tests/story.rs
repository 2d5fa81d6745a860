//! Stories of two companies' devices sharing one project through a folder.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::fs;

use common::*;
use seamline_store::{NewPerson, NewProject, PersonPatch, ProjectPatch, Workspace};
use seamline_sync::segment;

/// Maya's device creates the demo project and links it; Lukas's device joins.
fn pair() -> Pair {
    shared_pair("maya", "lukas")
}

/// The same two devices on a plaintext folder (format 1, as shared before encryption): the
/// decoder's own defences, which an encrypted folder puts behind its signatures.
fn plain_pair() -> Pair {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Dropbox/Ledgerly integration");
    let mut a = open(&dir.path().join("a.sqlite"));
    let project = seamline_store::demo::create(&mut a).unwrap().id;
    plaintext_folder(&folder, &project);
    seamline_sync::link(&mut a, &project, &folder, &who("maya")).unwrap();
    let mut b = open(&dir.path().join("b.sqlite"));
    seamline_sync::join(&mut b, &folder, &who("lukas"), false, Some("Ledgerly"), None).unwrap();
    Pair { dir, folder, a, b, project }
}

/// A second project in the workspace, never shared ("Other", with Initech).
fn other_project(ws: &mut Workspace) -> String {
    let other = NewProject {
        name: "Other".into(),
        ours: "Northwind CRM".into(),
        partner: "Initech".into(),
        ..Default::default()
    };
    ws.projects_mut().create(other).unwrap().id
}

fn sync(ws: &mut Workspace, project: &str, name: &str) -> seamline_sync::SyncReport {
    seamline_sync::sync(ws, project, &who(name)).unwrap()
}

fn person_named(ws: &Workspace, project: &str, name: &str) -> String {
    ws.people().list(project).unwrap().into_iter().find(|p| p.name == name).unwrap().id
}

#[test]
fn two_devices_edit_offline_and_end_identical_with_every_edit() {
    let mut p = pair();
    assert_eq!(dump(&p.a), dump(&p.b), "the joined device sees the same project");

    // Offline on both sides.
    let priya = person_named(&p.a, &p.project, "Priya Raman");
    p.a.people_mut()
        .update(&priya, PersonPatch { title: Some("Principal Engineer".into()), ..Default::default() })
        .unwrap();
    p.a.people_mut()
        .add(
            &p.project,
            NewPerson { side: seamline_core::Side::Ours, name: "Noor Haddad".into(), ..Default::default() },
        )
        .unwrap();
    let jonas = person_named(&p.b, &p.project, "Jonas Lind");
    p.b.people_mut().remove(&jonas).unwrap();
    p.b.projects_mut()
        .update(&p.project, ProjectPatch { threshold_days: Some(3), ..Default::default() })
        .unwrap();
    p.b.people_mut()
        .add(
            &p.project,
            NewPerson { side: seamline_core::Side::Partner, name: "Ravi Menon".into(), ..Default::default() },
        )
        .unwrap();

    // Synced in an awkward order: B first, then A, then B again.
    sync(&mut p.b, &p.project, "lukas");
    sync(&mut p.a, &p.project, "maya");
    sync(&mut p.b, &p.project, "lukas");
    assert_eq!(dump(&p.a), dump(&p.b));

    let names: Vec<String> = p.a.people().list(&p.project).unwrap().into_iter().map(|x| x.name).collect();
    assert!(names.contains(&"Noor Haddad".to_string()) && names.contains(&"Ravi Menon".to_string()));
    assert!(!names.contains(&"Jonas Lind".to_string()), "the deletion travelled");
    assert_eq!(p.a.people().get(&priya).unwrap().title.as_deref(), Some("Principal Engineer"));
    assert_eq!(p.a.projects().get(&p.project).unwrap().threshold_days, 3);
    // both tables are still exactly their op logs' projection
    let before = dump(&p.a);
    p.a.oplog_mut().rebuild().unwrap();
    assert_eq!(dump(&p.a), before);
}

#[test]
fn a_concurrent_edit_is_kept_for_review_and_a_restore_syncs() {
    let mut p = pair();
    p.a.projects_mut()
        .update(&p.project, ProjectPatch { name: Some("Name from Maya".into()), ..Default::default() })
        .unwrap();
    p.b.projects_mut()
        .update(&p.project, ProjectPatch { name: Some("Name from Lukas".into()), ..Default::default() })
        .unwrap();
    sync(&mut p.a, &p.project, "maya");
    sync(&mut p.b, &p.project, "lukas");
    sync(&mut p.a, &p.project, "maya");
    let winner = p.a.projects().get(&p.project).unwrap().name;
    assert_eq!(winner, p.b.projects().get(&p.project).unwrap().name);

    let conflicts = p.a.history().conflicts(&p.project).unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let c = &conflicts[0];
    assert_eq!((c.entity.as_str(), c.field.as_str()), ("project", "name"));
    assert_eq!(c.current_value, winner);
    let lost = c.lost_value.clone();
    assert_ne!(lost, winner);
    // Both companies see the same lost edit, each headed from its own side: its author's
    // company reads it as its own, the other company by the author's company's name.
    let seen_by_b = p.b.history().conflicts(&p.project).unwrap();
    let same =
        |c: &seamline_store::Conflict| seamline_store::Conflict { heading: String::new(), ..c.clone() };
    assert_eq!(
        seen_by_b.iter().map(same).collect::<Vec<_>>(),
        conflicts.iter().map(same).collect::<Vec<_>>()
    );
    let (author, other) =
        if c.lost_device == p.a.device_id() { (c, &seen_by_b[0]) } else { (&seen_by_b[0], c) };
    assert_eq!(author.heading, "Your side's edits that lost to a later one");
    let company = if c.lost_device == p.a.device_id() { "Northwind CRM" } else { "Ledgerly" };
    assert_eq!(other.heading, format!("{company}'s edits that lost to a later one"));

    p.a.history_mut().restore_conflict(&c.entity, &c.row_id, &c.field, &c.hlc, &c.lost_device).unwrap();
    sync(&mut p.a, &p.project, "maya");
    sync(&mut p.b, &p.project, "lukas");
    assert_eq!(p.b.projects().get(&p.project).unwrap().name, lost);
    assert!(p.a.history().conflicts(&p.project).unwrap().is_empty());
    assert_eq!(dump(&p.a), dump(&p.b));
}

#[test]
fn dismissing_a_lost_edit_keeps_the_current_value() {
    let mut p = pair();
    p.a.projects_mut()
        .update(&p.project, ProjectPatch { name: Some("A".into()), ..Default::default() })
        .unwrap();
    p.b.projects_mut()
        .update(&p.project, ProjectPatch { name: Some("B".into()), ..Default::default() })
        .unwrap();
    sync(&mut p.a, &p.project, "maya");
    sync(&mut p.b, &p.project, "lukas");
    let c = p.b.history().conflicts(&p.project).unwrap().remove(0);
    let current = p.b.projects().get(&p.project).unwrap().name;
    p.b.history_mut().dismiss_conflict(&c.entity, &c.row_id, &c.field, &c.hlc, &c.lost_device).unwrap();
    assert!(p.b.history().conflicts(&p.project).unwrap().is_empty());
    assert_eq!(p.b.projects().get(&p.project).unwrap().name, current);
    let err =
        p.b.history_mut()
            .dismiss_conflict(&c.entity, &c.row_id, &c.field, "soon", &c.lost_device)
            .unwrap_err();
    assert_eq!(err.to_string(), "hlc must be a clock stamp as listed by conflicts (got 'soon')");
}

#[test]
fn the_folder_only_ever_receives_the_linked_projects_ops() {
    let mut p = plain_pair();
    let other =
        p.a.projects_mut()
            .create(NewProject {
                name: "Secret other deal".into(),
                ours: "Northwind CRM".into(),
                partner: "Initech".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
    p.a.people_mut()
        .add(
            &other,
            NewPerson {
                side: seamline_core::Side::Partner,
                name: "Peter Gibbons".into(),
                ..Default::default()
            },
        )
        .unwrap();
    p.a.projects_mut()
        .update(
            &p.project,
            ProjectPatch { sync_day: Some(Some(seamline_core::SyncDay::Friday)), ..Default::default() },
        )
        .unwrap();
    sync(&mut p.a, &p.project, "maya");
    let mut ops = 0;
    for file in segment_files(&p.folder) {
        let (_, body) = segment::decode(&fs::read(&file).unwrap()).unwrap();
        for op in body.ops {
            assert_eq!(op.project_id, p.project, "{} holds another project's op", file.display());
            ops += 1;
        }
    }
    assert!(ops > 100);
    let page = fs::read_to_string(p.folder.join("Project status.html")).unwrap();
    assert!(!page.contains("Secret other deal") && !page.contains("Peter Gibbons"));
    sync(&mut p.b, &p.project, "lukas");
    assert_eq!(p.b.projects().list().unwrap().len(), 1);
}

/// Writes a segment as if `device` had, into the folder.
fn plant(folder: &std::path::Path, device: &str, name: &str, body: &segment::Body) -> Vec<u8> {
    let (bytes, _) = segment::encode(body).unwrap();
    let dir = folder.join("devices").join(device);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(name), &bytes).unwrap();
    bytes
}

#[test]
fn a_hostile_file_cannot_reach_another_project_or_this_devices_data() {
    let mut p = plain_pair();
    let other = other_project(&mut p.a);
    let before = dump(&p.a);
    let mallory = uuid::Uuid::now_v7().to_string();
    let op = |entity: &str, row: &str, field: &str, project: &str| seamline_store::oplog::Op {
        hlc: i64::MAX / 2,
        device: mallory.clone(),
        project_id: project.into(),
        entity: entity.into(),
        row_id: row.into(),
        field: field.into(),
        value: serde_json::json!("pwned"),
        prev_hlc: None,
        prev_device: None,
        made_at: None,
    };
    let body = |ops| segment::Body {
        device: mallory.clone(),
        project_id: p.project.clone(),
        seq: 1,
        kind: "ops".into(),
        created_at: T0.into(),
        ops,
    };
    // an op that claims the linked project but edits the other project's row
    plant(&p.folder, &mallory, "seg-1.ops", &body(vec![op("project", &other, "name", &p.project)]));
    // an op of another project
    plant(&p.folder, &mallory, "seg-2.ops", &body(vec![op("project", &other, "name", &other)]));
    // an op signed by somebody else
    let mut forged = op("project", &p.project, "name", &p.project);
    forged.device = p.a.device_id().to_string();
    plant(&p.folder, &mallory, "seg-3.ops", &body(vec![forged]));
    // an op naming SQL instead of a field
    plant(
        &p.folder,
        &mallory,
        "seg-4.ops",
        &body(vec![op("person", "x", "name = 1; DROP TABLE people", &p.project)]),
    );

    let report = sync(&mut p.a, &p.project, "maya");
    let reasons: Vec<String> = report.skipped.iter().map(|s| s.reason.clone()).collect();
    let expected = vec![
        "holds an op that edits another project".to_string(),
        format!("holds ops of another project ({other})"),
        format!("holds ops signed by another device ({})", p.a.device_id()),
        "holds an op with a malformed entity, field or row id".to_string(),
    ];
    assert_eq!(reasons, expected, "{report:?}");
    assert_eq!(report.imported, 0);
    assert_eq!(dump(&p.a), before, "nothing local changed");
    assert_eq!(p.a.projects().get(&other).unwrap().name, "Other");
}

#[test]
fn an_edit_reaching_into_another_projects_row_is_refused() {
    let mut p = plain_pair();
    let other = other_project(&mut p.a);
    let stranger =
        p.a.people_mut()
            .add(
                &other,
                NewPerson { side: seamline_core::Side::Partner, name: "Sam".into(), ..Default::default() },
            )
            .unwrap()
            .id;
    let before = dump(&p.a);
    let mallory = uuid::Uuid::now_v7().to_string();
    let body = segment::Body {
        device: mallory.clone(),
        project_id: p.project.clone(),
        seq: 1,
        kind: "ops".into(),
        created_at: T0.into(),
        ops: vec![seamline_store::oplog::Op {
            hlc: 1 << 40,
            device: mallory.clone(),
            project_id: p.project.clone(),
            entity: "person".into(),
            row_id: stranger.clone(),
            field: "name".into(),
            value: serde_json::json!("pwned"),
            prev_hlc: None,
            prev_device: None,
            made_at: None,
        }],
    };
    plant(&p.folder, &mallory, "seg-00000001-aaaaaaaa.ops", &body);
    let report = sync(&mut p.a, &p.project, "maya");
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].reason, "holds an op that edits a row of another project");
    assert_eq!(dump(&p.a), before);
    assert_eq!(p.a.people().get(&stranger).unwrap().name, "Sam");
}

#[test]
fn damaged_files_are_skipped_with_their_reason_and_change_nothing() {
    let mut p = plain_pair();
    // A fresh edit by Lukas gives a real segment to damage.
    p.b.projects_mut()
        .update(
            &p.project,
            ProjectPatch { sync_day: Some(Some(seamline_core::SyncDay::Monday)), ..Default::default() },
        )
        .unwrap();
    sync(&mut p.b, &p.project, "lukas");
    let bdir = p.folder.join("devices").join(p.b.device_id());
    let original =
        segment_files(&p.folder).into_iter().find(|f| f.starts_with(&bdir)).expect("Lukas's segment");
    let good = fs::read(&original).unwrap();
    fs::remove_file(&original).unwrap();

    let before = dump(&p.a);
    let mut planted = 0;
    for i in (0..good.len()).step_by(11) {
        let mut bad = good.clone();
        bad[i] ^= 0x20;
        fs::write(bdir.join(format!("flipped-{i}.ops")), bad).unwrap();
        planted += 1;
    }
    // Cut short: files the sync service is still bringing down, not damage.
    let cuts = [0, 7, 8, 40, 56, good.len() / 2, good.len() - 1];
    for cut in cuts {
        fs::write(bdir.join(format!("cut-{cut}.ops")), &good[..cut]).unwrap();
    }
    fs::write(bdir.join("notes.txt"), "hello from a human").unwrap();
    planted += 1;
    let mut newer = good.clone();
    newer[10..12].copy_from_slice(&9u16.to_le_bytes());
    let sum: [u8; 32] = {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(&newer[..24]);
        h.update(&newer[56..]);
        h.finalize().into()
    };
    newer[24..56].copy_from_slice(&sum);
    fs::write(bdir.join("from-the-future.ops"), newer).unwrap();
    planted += 1;

    let report = sync(&mut p.a, &p.project, "maya");
    assert_eq!(report.skipped.len(), planted, "every damaged file is listed: {report:?}");
    assert_eq!(report.imported, 0);
    assert_eq!(dump(&p.a), before, "no damaged file changed anything");
    let reason_of = |name: &str| {
        report.skipped.iter().find(|s| s.file.ends_with(name)).map(|s| s.reason.clone()).unwrap()
    };
    assert_eq!(reason_of("notes.txt"), "not a Seamline segment");
    assert_eq!(reason_of("from-the-future.ops"), "a device uses a newer Seamline; update to see its changes");
    assert_eq!(reason_of("flipped-33.ops"), "damaged: its checksum does not match its content");
    assert_eq!(report.arriving.len(), cuts.len(), "files cut short wait for the service: {report:?}");
    let mut padded = good.clone();
    padded.push(0);
    fs::write(bdir.join("padded.ops"), padded).unwrap();
    let report = sync(&mut p.a, &p.project, "maya");
    assert!(reason_of("flipped-33.ops").starts_with("damaged"));
    let padded_reason = report.skipped.iter().find(|s| s.file.ends_with("padded.ops")).unwrap();
    assert!(padded_reason.reason.starts_with("padded"), "{padded_reason:?}");

    // The real file arrives later: it is read, the damaged ones still are not.
    fs::write(&original, &good).unwrap();
    let report = sync(&mut p.a, &p.project, "maya");
    assert_eq!(report.imported, 1);
    assert_eq!(p.a.projects().get(&p.project).unwrap().sync_day.unwrap().as_str(), "monday");
}

#[test]
fn conflict_copies_are_read_once_and_their_owner_removes_them() {
    let mut p = pair();
    p.b.people_mut()
        .add(
            &p.project,
            NewPerson { side: seamline_core::Side::Partner, name: "Ravi Menon".into(), ..Default::default() },
        )
        .unwrap();
    sync(&mut p.b, &p.project, "lukas");
    let bdir = p.folder.join("devices").join(p.b.device_id());
    let seg = segment_files(&p.folder).into_iter().rfind(|f| f.starts_with(&bdir)).unwrap();
    let stem = seg.file_stem().unwrap().to_string_lossy().into_owned();
    let copies = [
        format!("{stem} (Lukas Weber's conflicted copy 2027-01-15).ops"), // Dropbox
        format!("{stem}-LUKAS-LAPTOP.ops"),                               // OneDrive
        format!("{stem} (1).ops"),                                        // Google Drive
        format!("{stem}.sync-conflict-20270115-100000-ABCDEFG.ops"),      // Syncthing
    ];
    for c in &copies {
        fs::copy(&seg, bdir.join(c)).unwrap();
    }
    let ops_before = p.a.oplog().count().unwrap();
    let report = sync(&mut p.a, &p.project, "maya");
    assert!(report.skipped.is_empty(), "{report:?}");
    assert_eq!(report.imported, 2, "side and name of Ravi, once");
    assert_eq!(p.a.oplog().count().unwrap(), ops_before + 2);
    for c in &copies {
        assert!(bdir.join(c).exists(), "only the owning device removes copies");
    }
    sync(&mut p.b, &p.project, "lukas");
    for c in &copies {
        assert!(!bdir.join(c).exists(), "{c} was absorbed and removed by its owner");
    }
    assert!(seg.exists(), "the original stays");
}

#[test]
fn a_copied_workspace_takes_a_new_id_before_it_writes() {
    let mut p = pair();
    let dir = p.dir.path().to_path_buf();
    let a_path = p.a.path().unwrap().to_path_buf();
    drop(p.a); // closing checkpoints the WAL, so the file alone is the whole workspace
    fs::copy(&a_path, dir.join("clone.sqlite")).unwrap();
    p.a = open(&a_path);
    let mut clone = open(&dir.join("clone.sqlite"));
    assert_ne!(clone.device_id(), p.a.device_id(), "the copy noticed it is a copy");
    clone
        .projects_mut()
        .update(
            &p.project,
            ProjectPatch { sync_day: Some(Some(seamline_core::SyncDay::Wednesday)), ..Default::default() },
        )
        .unwrap();
    sync(&mut clone, &p.project, "maya-laptop-2");
    assert!(p.folder.join("devices").join(clone.device_id()).is_dir(), "the copy writes under its own id");

    let report = sync(&mut p.a, &p.project, "maya");
    assert!(!report.renewed_device && report.skipped.is_empty(), "{report:?}");
    assert_eq!(
        p.a.projects().get(&p.project).unwrap().sync_day.unwrap().as_str(),
        "wednesday",
        "the copy's edit arrived"
    );
    sync(&mut p.b, &p.project, "lukas");
    assert_eq!(dump(&p.b), dump(&p.a));
}

#[test]
fn a_backup_restored_in_place_takes_a_new_id_and_loses_no_edit() {
    let mut p = pair();
    let dir = p.dir.path().to_path_buf();
    let a_path = p.a.path().unwrap().to_path_buf();
    drop(p.a);
    fs::copy(&a_path, dir.join("backup.sqlite")).unwrap();
    // Maya works on after the backup, then restores it over her workspace.
    p.a = open(&a_path);
    p.a.projects_mut()
        .update(
            &p.project,
            ProjectPatch { sync_day: Some(Some(seamline_core::SyncDay::Wednesday)), ..Default::default() },
        )
        .unwrap();
    sync(&mut p.a, &p.project, "maya");
    let old_id = p.a.device_id().to_string();
    drop(p.a);
    fs::copy(dir.join("backup.sqlite"), &a_path).unwrap();
    fs::remove_file(a_path.with_extension("sqlite-wal")).ok();
    fs::remove_file(a_path.with_extension("sqlite-shm")).ok();
    p.a = open(&a_path);
    assert_eq!(p.a.device_id(), old_id, "restored in place, it cannot tell yet");
    // An edit made before the next sync is made under the old id…
    let priya = person_named(&p.a, &p.project, "Priya Raman");
    p.a.people_mut()
        .update(&priya, PersonPatch { title: Some("Principal Engineer".into()), ..Default::default() })
        .unwrap();

    let report = sync(&mut p.a, &p.project, "maya");
    assert!(report.renewed_device, "files it did not write in its folder: {report:?}");
    assert_ne!(p.a.device_id(), old_id);
    assert_eq!(
        p.a.projects().get(&p.project).unwrap().sync_day.unwrap().as_str(),
        "wednesday",
        "its own later edit came back"
    );
    // …and still reaches the partner.
    sync(&mut p.b, &p.project, "lukas");
    assert_eq!(p.b.people().get(&priya).unwrap().title.as_deref(), Some("Principal Engineer"));
    p.a.projects_mut()
        .update(
            &p.project,
            ProjectPatch { sync_day: Some(Some(seamline_core::SyncDay::Thursday)), ..Default::default() },
        )
        .unwrap();
    sync(&mut p.a, &p.project, "maya");
    sync(&mut p.b, &p.project, "lukas");
    assert!(p.folder.join("devices").join(p.a.device_id()).is_dir(), "new edits go to the new id's folder");
    assert_eq!(dump(&p.b), dump(&p.a));
}

#[test]
fn an_interrupted_export_leaves_nothing_half_importable() {
    let mut p = pair();
    let adir = p.folder.join("devices").join(p.a.device_id());
    p.a.projects_mut()
        .update(
            &p.project,
            ProjectPatch { sync_day: Some(Some(seamline_core::SyncDay::Thursday)), ..Default::default() },
        )
        .unwrap();
    // The process died while writing: a partial temp file is all there is.
    let partial = {
        let ops = p.a.sync().own_ops_after(&p.project, 0).unwrap();
        let (bytes, _) = segment::encode(&segment::Body {
            device: p.a.device_id().into(),
            project_id: p.project.clone(),
            seq: 99,
            kind: "ops".into(),
            created_at: T0.into(),
            ops,
        })
        .unwrap();
        bytes[..bytes.len() / 2].to_vec()
    };
    fs::write(adir.join(".tmp-Xy12ab"), &partial).unwrap();
    let before = dump(&p.b);
    let report = sync(&mut p.b, &p.project, "lukas");
    assert!(report.skipped.is_empty() && report.imported == 0, "{report:?}");
    assert_eq!(dump(&p.b), before);

    // The process died after the rename but before recording it: the next sync finds the file
    // in its own directory holding only ops it has, and counts it as exported.
    let a_path = p.a.path().unwrap().to_path_buf();
    drop(p.a); // closing checkpoints the WAL, so the file alone is the whole workspace
    let saved = fs::read(&a_path).unwrap();
    let mut a = open(&a_path);
    sync(&mut a, &p.project, "maya"); // writes the segment and records it
    drop(a);
    fs::write(&a_path, &saved).unwrap(); // …but the record is lost
    let mut a = open(&a_path);
    let again = sync(&mut a, &p.project, "maya");
    assert_eq!(again.exported, 0, "the segment in the folder is adopted, not written again");
    sync(&mut p.b, &p.project, "lukas");
    assert_eq!(p.b.projects().get(&p.project).unwrap().sync_day.unwrap().as_str(), "thursday");
    assert_eq!(dump(&a), dump(&p.b));
}

#[test]
fn a_missing_file_is_never_a_deletion() {
    let mut p = pair();
    let before = dump(&p.b);
    for f in segment_files(&p.folder) {
        fs::remove_file(f).unwrap();
    }
    let report = sync(&mut p.b, &p.project, "lukas");
    assert_eq!(report.imported, 0);
    assert_eq!(dump(&p.b), before, "the project is all still there");
}

#[test]
fn compaction_keeps_a_devices_folder_bounded_and_complete() {
    let mut p = pair();
    for i in 0..40 {
        p.a.projects_mut()
            .update(&p.project, ProjectPatch { threshold_days: Some(1 + i % 10), ..Default::default() })
            .unwrap();
        sync(&mut p.a, &p.project, "maya");
    }
    let adir = p.folder.join("devices").join(p.a.device_id());
    let files = segment_files(&p.folder).into_iter().filter(|f| f.starts_with(&adir)).count();
    assert!(files <= seamline_sync::exchange::COMPACT_AFTER + 1, "{files} segments");
    let dir = p.dir.path().join("late.sqlite");
    let mut late = open(&dir);
    // Ledgerly's lead invites a second device of Ledgerly's.
    let code = invite(&mut p.b, &p.project, "Ledgerly");
    join_admitted(&mut late, &mut p.b, &p.folder, "Ledgerly", &code);
    assert_eq!(dump(&late), dump(&p.a), "a device joining after compaction gets everything");
}

#[test]
fn the_status_page_is_self_contained_and_escapes_what_people_typed() {
    let mut p = plain_pair();
    p.a.projects_mut()
        .update(
            &p.project,
            ProjectPatch { name: Some("<script>alert('x')</script> & co".into()), ..Default::default() },
        )
        .unwrap();
    sync(&mut p.a, &p.project, "maya");
    let page = fs::read_to_string(p.folder.join("Project status.html")).unwrap();
    assert!(page.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; co"));
    assert!(!page.contains("<script"), "no scripts at all");
    for external in ["src=", "<link", "@import", "url("] {
        assert!(!page.contains(external), "no external assets ({external})");
    }
    for expected in [
        "Maya Chen",
        "Sofia Alvarez",
        "v1 acceptance criteria",
        "v1.1 acceptance criteria",
        "DPA redlines waiting on Ledgerly legal",
        "escalated",
        "Production go-live",
    ] {
        assert!(page.contains(expected), "the page shows {expected}");
    }
}

#[test]
fn linking_refuses_folders_that_are_not_this_projects() {
    let mut p = pair();
    let other = other_project(&mut p.a);
    let err = seamline_sync::link(&mut p.a, &other, &p.folder, &who("maya")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "this folder already carries another project; pick an empty folder for \"Other\""
    );
    let busy = p.dir.path().join("Documents");
    fs::create_dir_all(&busy).unwrap();
    fs::write(busy.join("taxes.pdf"), "x").unwrap();
    let err = seamline_sync::link(&mut p.a, &other, &busy, &who("maya")).unwrap_err();
    assert!(err.to_string().starts_with("this folder already holds other files"), "{err}");
    assert!(!busy.join("seamline.json").exists(), "nothing written into the user's folder");
    let err = seamline_sync::join(&mut p.b, &busy, &who("lukas"), false, Some("Ledgerly"), None).unwrap_err();
    assert!(err.to_string().starts_with("this folder holds no Seamline project"), "{err}");
}

#[test]
fn a_clock_a_year_ahead_never_stops_anyone_editing_and_a_later_edit_still_wins() {
    let mut p = pair();
    // Lukas's laptop thinks it is a year later.
    let b_path = p.b.path().unwrap().to_path_buf();
    drop(p.b);
    let mut b = seamline_store::Workspace::open(&b_path, clock("2028-01-15T10:00:00Z")).unwrap();
    b.projects_mut()
        .update(
            &p.project,
            ProjectPatch { sync_day: Some(Some(seamline_core::SyncDay::Friday)), ..Default::default() },
        )
        .unwrap();
    sync(&mut b, &p.project, "Lukas Weber");

    let report = sync(&mut p.a, &p.project, "maya");
    assert_eq!(report.imported, 1, "a remote op is never refused");
    assert_eq!(
        report.clock_warning.as_deref(),
        Some("Lukas Weber's clock runs about 1 year ahead of this device's; check the date and time settings on both. Editing goes on as usual, and times are shown as each edit was made.")
    );
    let skews = p.a.history().clock_skews(&p.project).unwrap();
    assert_eq!(
        (skews.len(), skews[0].user_name.as_str(), skews[0].ahead_seconds),
        (1, "Lukas Weber", 365 * 86_400)
    );

    // Maya edits the same field after seeing Lukas's edit: hers wins, on both devices.
    p.a.projects_mut()
        .update(
            &p.project,
            ProjectPatch { sync_day: Some(Some(seamline_core::SyncDay::Monday)), ..Default::default() },
        )
        .expect("a clock far ahead elsewhere never refuses a local edit");
    sync(&mut p.a, &p.project, "maya");
    sync(&mut b, &p.project, "Lukas Weber");
    assert_eq!(p.a.projects().get(&p.project).unwrap().sync_day.unwrap().as_str(), "monday");
    assert_eq!(b.projects().get(&p.project).unwrap().sync_day.unwrap().as_str(), "monday");

    // The history shows when the edits were made, not the stamps pushed a year ahead: Lukas's
    // edit no later than it arrived here.
    let history = p.a.history().changes(&p.project, 2).unwrap();
    assert_eq!(
        history.iter().map(|c| c.at.as_str()).collect::<Vec<_>>(),
        ["2027-01-15T10:00:00Z", "2027-01-15T10:00:00Z"]
    );

    // Maya then sets her own clock back a month by mistake: she still edits, and still wins.
    let a_path = p.a.path().unwrap().to_path_buf();
    drop(p.a);
    let mut a = seamline_store::Workspace::open(&a_path, clock("2026-12-15T10:00:00Z")).unwrap();
    a.projects_mut()
        .update(
            &p.project,
            ProjectPatch { sync_day: Some(Some(seamline_core::SyncDay::Tuesday)), ..Default::default() },
        )
        .unwrap();
    sync(&mut a, &p.project, "maya");
    sync(&mut b, &p.project, "Lukas Weber");
    assert_eq!(b.projects().get(&p.project).unwrap().sync_day.unwrap().as_str(), "tuesday");
}

#[test]
fn stamps_beyond_any_real_clock_are_refused_as_malformed() {
    let mut p = plain_pair();
    let before = dump(&p.a);
    let mallory = p.b.device_id().to_string();
    for (name, hlc) in [("negative.ops", -5i64), ("year-6000.ops", (127_174_492_800_000i64) << 16)] {
        let body = segment::Body {
            device: mallory.clone(),
            project_id: p.project.clone(),
            seq: 9,
            kind: "ops".into(),
            created_at: T0.into(),
            ops: vec![seamline_store::oplog::Op {
                hlc,
                device: mallory.clone(),
                project_id: p.project.clone(),
                entity: "project".into(),
                row_id: p.project.clone(),
                field: "name".into(),
                value: "Hijacked".into(),
                prev_hlc: None,
                prev_device: None,
                made_at: None,
            }],
        };
        plant(&p.folder, &mallory, name, &body);
    }
    let report = sync(&mut p.a, &p.project, "maya");
    assert_eq!(report.skipped.len(), 2, "{report:?}");
    assert!(report.skipped.iter().all(|s| s.reason.contains("malformed clock stamp")), "{report:?}");
    assert_eq!(dump(&p.a), before);
}
