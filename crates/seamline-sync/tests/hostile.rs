//! A shared folder that someone made hostile, or that a sync service mangled: links to
//! anywhere, files that decompress to gigabytes, values built to exhaust memory, a page
//! replaced by someone else's HTML, a deleted project, values this app would never accept.
//! None of it may hang, exhaust or silently change the workspace.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::fs;
use std::io::Write;

use common::*;
use seamline_store::{ProjectPatch, Workspace};
use seamline_sync::segment;

struct Pair {
    _dir: tempfile::TempDir,
    folder: std::path::PathBuf,
    a: Workspace,
    b: Workspace,
    project: String,
}

fn pair() -> Pair {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Shared/Ledgerly");
    fs::create_dir_all(&folder).unwrap();
    let mut a = open(&dir.path().join("a.sqlite"));
    let project = seamline_store::demo::create(&mut a).unwrap().id;
    // The decoder's defences, on a plaintext folder (format 1); an encrypted folder refuses
    // these files before decoding them (tests/trust.rs).
    plaintext_folder(&folder, &project);
    seamline_sync::link(&mut a, &project, &folder, &who("Maya Chen")).unwrap();
    let mut b = open(&dir.path().join("b.sqlite"));
    seamline_sync::join(&mut b, &folder, &who("Lukas Weber"), false, Some("Ledgerly"), None).unwrap();
    Pair { _dir: dir, folder, a, b, project }
}

fn sync(ws: &mut Workspace, project: &str) -> seamline_sync::SyncReport {
    seamline_sync::sync(ws, project, &who("someone")).unwrap()
}

/// A sealed segment (valid header and checksum) around any body bytes.
fn sealed(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(segment::MAGIC);
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    let sum: [u8; 32] = {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(&out[..24]);
        h.update(body);
        h.finalize().into()
    };
    out.extend_from_slice(&sum);
    out.extend_from_slice(body);
    out
}

#[cfg(unix)]
#[test]
fn links_in_the_folder_are_never_followed() {
    use std::os::unix::fs::symlink;
    let mut p = pair();
    let before = dump(&p.a);

    // A segment that is a link to a device that reads forever.
    let b_dir = p.folder.join("devices").join(p.b.device_id());
    symlink("/dev/zero", b_dir.join("seg-00000099-deadbeef.ops")).unwrap();
    // device.json replaced by a link.
    fs::remove_file(b_dir.join("device.json")).unwrap();
    symlink("/dev/zero", b_dir.join("device.json")).unwrap();
    // A device folder that is a link to somewhere else on the disk.
    let elsewhere = p._dir.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    symlink(&elsewhere, p.folder.join("devices").join("01a2b3c4-0000-7000-8000-000000000000")).unwrap();

    let report = sync(&mut p.a, &p.project);
    assert_eq!(dump(&p.a), before, "nothing read through a link changed anything");
    let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert!(reasons.contains(&"is a link, which Seamline does not follow"), "{report:?}");

    // seamline.json replaced by a link: the sync stops with a reason instead of reading /dev/zero.
    fs::rename(p.folder.join("seamline.json"), p._dir.path().join("descriptor.json")).unwrap();
    symlink("/dev/zero", p.folder.join("seamline.json")).unwrap();
    let err = seamline_sync::sync(&mut p.a, &p.project, &who("Maya Chen")).unwrap_err();
    assert!(err.to_string().contains("seamline.json cannot be used"), "{err}");
    fs::remove_file(p.folder.join("seamline.json")).unwrap();
    fs::rename(p._dir.path().join("descriptor.json"), p.folder.join("seamline.json")).unwrap();

    // This device's own folder replaced by a link: the export refuses to write through it.
    let a_dir = p.folder.join("devices").join(p.a.device_id());
    fs::rename(&a_dir, p._dir.path().join("moved")).unwrap();
    symlink(&elsewhere, &a_dir).unwrap();
    p.a.projects_mut()
        .update(
            &p.project,
            ProjectPatch { sync_day: Some(Some(seamline_core::SyncDay::Friday)), ..Default::default() },
        )
        .unwrap();
    let err = seamline_sync::sync(&mut p.a, &p.project, &who("Maya Chen")).unwrap_err();
    assert!(err.to_string().contains("is a link; Seamline writes only into real folders"), "{err}");
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0, "nothing was written outside the folder");
}

#[test]
fn a_small_file_that_decompresses_to_gigabytes_is_refused_quickly() {
    let mut p = pair();
    let before = dump(&p.a);
    // About 100 MB of zeros, compressed into a few kilobytes.
    let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    let chunk = vec![0u8; 1024 * 1024];
    for _ in 0..100 {
        enc.write_all(&chunk).unwrap();
    }
    let body = enc.finish().unwrap();
    assert!(body.len() < 64 * 1024, "the bomb is small: {} bytes", body.len());
    let dir = p.folder.join("devices").join(p.b.device_id());
    fs::write(dir.join("seg-00000050-bomb.ops"), sealed(&body)).unwrap();

    let report = sync(&mut p.a, &p.project);
    assert_eq!(report.skipped.len(), 1, "{report:?}");
    assert_eq!(
        report.skipped[0].reason,
        "decompresses to more than 64 MB; a Seamline segment is never that large"
    );
    assert_eq!(dump(&p.a), before);
}

/// A MessagePack body of `n` ops whose values are `value` (raw MessagePack bytes).
fn packed_ops(device: &str, project: &str, n: usize, value: &[u8]) -> Vec<u8> {
    fn str8(out: &mut Vec<u8>, s: &str) {
        out.push(0xd9);
        out.push(s.len() as u8);
        out.extend_from_slice(s.as_bytes());
    }
    let mut out = vec![0x83]; // a map of 3
    str8(&mut out, "device");
    str8(&mut out, device);
    str8(&mut out, "project_id");
    str8(&mut out, project);
    str8(&mut out, "ops");
    out.push(0xdd); // array 32
    out.extend_from_slice(&(n as u32).to_be_bytes());
    for i in 0..n {
        out.push(0x88); // a map of 8
        str8(&mut out, "hlc");
        out.push(0xd3);
        out.extend_from_slice(&((1_800_000_000_000i64 + i as i64) << 16).to_be_bytes());
        str8(&mut out, "device");
        str8(&mut out, device);
        str8(&mut out, "project_id");
        str8(&mut out, project);
        str8(&mut out, "entity");
        str8(&mut out, "person");
        str8(&mut out, "row_id");
        str8(&mut out, "01a2b3c4-0000-7000-8000-000000000001");
        str8(&mut out, "field");
        str8(&mut out, "title");
        str8(&mut out, "value");
        out.extend_from_slice(value);
        str8(&mut out, "prev_hlc");
        out.push(0xc0);
    }
    out
}

#[test]
fn a_value_built_to_exhaust_memory_is_refused_before_it_grows() {
    let mut p = pair();
    let before = dump(&p.a);
    let device = p.b.device_id().to_string();
    // One op whose value is a list of 10 million nils: 10 MB here, 320 MB as JSON values.
    let mut value = vec![0xdd];
    value.extend_from_slice(&10_000_000u32.to_be_bytes());
    value.extend(std::iter::repeat_n(0xc0, 10_000_000));
    let body = zstd::bulk::compress(&packed_ops(&device, &p.project, 1, &value), 3).unwrap();
    let dir = p.folder.join("devices").join(&device);
    fs::write(dir.join("seg-00000051-wide.ops"), sealed(&body)).unwrap();
    // One op whose value is nested 10,000 lists deep.
    let mut deep = vec![0x91; 10_000];
    deep.push(0xc0);
    let body = zstd::bulk::compress(&packed_ops(&device, &p.project, 1, &deep), 3).unwrap();
    fs::write(dir.join("seg-00000052-deep.ops"), sealed(&body)).unwrap();

    let report = sync(&mut p.a, &p.project);
    let mut reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    reasons.sort();
    assert_eq!(reasons.len(), 2, "{report:?}");
    assert!(reasons[0].contains("an op's value is nested too deeply"), "{reasons:?}");
    assert!(reasons[1].contains("an op's value is too large"), "{reasons:?}");
    assert_eq!(dump(&p.a), before);
}

#[test]
fn a_file_with_more_ops_than_any_segment_holds_is_refused_and_changes_nothing() {
    let mut p = pair();
    let before = dump(&p.a);
    let device = p.b.device_id().to_string();
    let title = [0xa1, b'x']; // the string "x"
    let body =
        zstd::bulk::compress(&packed_ops(&device, &p.project, segment::MAX_OPS + 1, &title), 1).unwrap();
    let dir = p.folder.join("devices").join(&device);
    fs::write(dir.join("seg-00000053-many.ops"), sealed(&body)).unwrap();
    let report = sync(&mut p.a, &p.project);
    assert_eq!(report.skipped.len(), 1, "{report:?}");
    assert_eq!(
        report.skipped[0].reason,
        "holds more than 250000 ops; a Seamline segment never holds that many"
    );
    assert_eq!(dump(&p.a), before, "the ops applied before the limit was reached were rolled back");
}

#[test]
fn a_refused_file_is_not_read_again_until_it_changes() {
    let mut p = pair();
    p.b.projects_mut()
        .update(
            &p.project,
            ProjectPatch { sync_day: Some(Some(seamline_core::SyncDay::Monday)), ..Default::default() },
        )
        .unwrap();
    sync(&mut p.b, &p.project);
    let b_dir = p.folder.join("devices").join(p.b.device_id());
    let seg = segment_files(&p.folder).into_iter().rfind(|f| f.starts_with(&b_dir)).unwrap();
    let good = fs::read(&seg).unwrap();
    let mut bad = good.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0x01;
    fs::write(&seg, &bad).unwrap();

    let first = sync(&mut p.a, &p.project);
    assert_eq!(first.skipped.len(), 1, "{first:?}");
    assert!(!first.skipped[0].known);
    let again = sync(&mut p.a, &p.project);
    assert_eq!(again.skipped.len(), 1);
    assert!(again.skipped[0].known, "reported from memory, not decoded again: {again:?}");
    assert_eq!(again.skipped[0].reason, first.skipped[0].reason);

    // The sync service finishes its download: the file changed, so it is read.
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&seg, &good).unwrap();
    let repaired = sync(&mut p.a, &p.project);
    assert!(repaired.skipped.is_empty(), "{repaired:?}");
    assert_eq!(p.a.projects().get(&p.project).unwrap().sync_day.unwrap().as_str(), "monday");
}

#[test]
fn the_partner_leaves_a_project_and_only_its_creator_deletes_it_for_everyone() {
    let mut p = pair();
    sync(&mut p.b, &p.project); // Lukas's device says who it is
    sync(&mut p.a, &p.project);
    // Ledgerly deletes: it leaves; the project goes from Ledgerly's devices only.
    assert_eq!(p.b.projects_mut().delete(&p.project).unwrap(), seamline_store::Removal::Left);
    sync(&mut p.b, &p.project);
    sync(&mut p.a, &p.project);
    assert!(
        p.b.projects().list().unwrap().iter().all(|x| x.id != p.project),
        "gone from Ledgerly's portfolio"
    );
    let left = p.b.projects().deleted().unwrap();
    assert_eq!((left.len(), left[0].by_this_device), (1, true), "{left:?}");
    let kept = p.a.projects().get(&p.project).unwrap();
    assert_eq!(kept.partner_left_at.as_deref(), Some("2027-01-15T10:00:00Z"), "Northwind sees Ledgerly left");
    assert!(p.a.projects().list().unwrap().iter().any(|x| x.id == p.project), "still Northwind's");
    // Ledgerly comes back in one step.
    p.b.projects_mut().restore(&p.project).unwrap();
    sync(&mut p.b, &p.project);
    sync(&mut p.a, &p.project);
    assert!(p.b.projects().list().unwrap().iter().any(|x| x.id == p.project));
    assert_eq!(p.a.projects().get(&p.project).unwrap().partner_left_at, None);

    // Northwind, which created it, deletes it for everyone, and brings it back.
    assert_eq!(p.a.projects_mut().delete(&p.project).unwrap(), seamline_store::Removal::Deleted);
    sync(&mut p.a, &p.project);
    sync(&mut p.b, &p.project);
    assert!(p.b.projects().get(&p.project).is_err(), "gone on Ledgerly's devices too");
    let deleted = p.b.projects().deleted().unwrap();
    assert_eq!(deleted[0].name, "CRM to billing sync");
    assert_eq!(deleted[0].deleted_by_user, "someone");
    assert!(!deleted[0].by_this_device);
    let restored = p.a.projects_mut().restore(&p.project).unwrap();
    assert_eq!(restored.name, "CRM to billing sync");
    assert!(!p.a.people().list(&p.project).unwrap().is_empty(), "everything in it came back");
    sync(&mut p.a, &p.project);
    sync(&mut p.b, &p.project);
    assert!(p.b.projects().get(&p.project).is_ok(), "the restore travelled to the partner");
    assert_eq!(dump(&p.a), dump(&p.b));
}

#[test]
fn the_status_page_is_always_the_one_this_device_would_write() {
    let mut p = pair();
    let page = p.folder.join("Project status.html");
    let ours = fs::read(&page).unwrap();
    // Someone with write access to the folder puts their own page there.
    fs::write(&page, "<html><script>alert('pay here')</script></html>").unwrap();
    sync(&mut p.a, &p.project);
    assert_eq!(fs::read(&page).unwrap(), ours, "rewritten at the next sync, although nothing changed");

    // Devices holding the same ops write the same page, so they never take turns.
    sync(&mut p.b, &p.project);
    let modified = fs::metadata(&page).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    sync(&mut p.a, &p.project);
    sync(&mut p.b, &p.project);
    assert_eq!(fs::metadata(&page).unwrap().modified().unwrap(), modified, "an identical page is left alone");
}

#[test]
fn values_that_break_the_field_rules_are_kept_but_not_used() {
    let mut p = pair();
    let device = p.b.device_id().to_string();
    let op = |field: &str, value: serde_json::Value, n: i64| seamline_store::oplog::Op {
        hlc: (1_900_000_000_000i64 + n) << 16,
        device: device.clone(),
        project_id: p.project.clone(),
        entity: "project".into(),
        row_id: p.project.clone(),
        field: field.into(),
        value,
        prev_hlc: None,
        prev_device: None,
        made_at: None,
    };
    let body = segment::Body {
        device: device.clone(),
        project_id: p.project.clone(),
        seq: 60,
        kind: "ops".into(),
        created_at: T0.into(),
        ops: vec![
            op("threshold_days", 0.into(), 1),
            op("name", "Pay \u{202E}gpj.exe".into(), 2),
            op("channel_url", "javascript:alert(1)".into(), 3),
        ],
    };
    let (bytes, _) = segment::encode(&body).unwrap();
    fs::write(p.folder.join("devices").join(&device).join("seg-00000060-odd.ops"), bytes).unwrap();
    let report = sync(&mut p.a, &p.project);
    assert!(report.skipped.is_empty() && report.imported == 3, "kept in the log: {report:?}");

    let project = p.a.projects().get(&p.project).unwrap();
    assert_eq!(project.threshold_days, 5, "the threshold falls back to its default");
    assert_eq!(project.name, "", "a name with a reordering character is not used");
    assert_eq!(project.channel_url, None);
    let mut invalid = p.a.history().invalid_values(&p.project).unwrap();
    invalid.sort_by(|x, y| x.field.cmp(&y.field));
    let shown: Vec<(&str, &str)> = invalid.iter().map(|v| (v.field.as_str(), v.reason.as_str())).collect();
    assert_eq!(
        shown,
        [
            ("channel_url", "must be an http:// or https:// link (got 'javascript:alert(1)')"),
            ("name", "must not contain characters that reorder text (bidirectional overrides)"),
            ("threshold_days", "must be from 1 to 65 (got 0)"),
        ]
    );
    // A rebuild projects them the same way, and a later valid edit wins and clears the list.
    let before = dump(&p.a);
    p.a.oplog_mut().rebuild().unwrap();
    assert_eq!(dump(&p.a), before);
    p.a.projects_mut()
        .update(
            &p.project,
            ProjectPatch {
                name: Some("CRM to billing sync".into()),
                threshold_days: Some(4),
                ..Default::default()
            },
        )
        .unwrap();
    let left: Vec<String> =
        p.a.history().invalid_values(&p.project).unwrap().into_iter().map(|v| v.field).collect();
    assert_eq!(left, ["channel_url"]);
}

#[test]
fn joining_a_project_this_workspace_already_has_asks_first() {
    let mut p = pair();
    let other = p._dir.path().join("Elsewhere/Ledgerly");
    fs::create_dir_all(&other).unwrap();
    fs::copy(p.folder.join("seamline.json"), other.join("seamline.json")).unwrap();
    let before = dump(&p.b);
    let err = seamline_sync::join(&mut p.b, &other, &who("Lukas Weber"), false, Some("Ledgerly"), None)
        .unwrap_err();
    assert_eq!(err.code(), "AlreadyLinked");
    assert!(
        err.to_string()
            .starts_with("this workspace already has the project \"CRM to billing sync\" (shared through "),
        "{err}"
    );
    assert_eq!(dump(&p.b), before);
    assert!(!other.join("devices").exists(), "nothing exported into a folder the user did not pick for it");
    assert_eq!(p.b.sync().link_of(&p.project).unwrap().unwrap().folder, fs::canonicalize(&p.folder).unwrap());

    // Joining the same folder again is harmless; with relink it moves.
    seamline_sync::join(&mut p.b, &p.folder, &who("Lukas Weber"), false, Some("Ledgerly"), None).unwrap();
    seamline_sync::join(&mut p.b, &other, &who("Lukas Weber"), true, Some("Ledgerly"), None).unwrap();
    assert_eq!(p.b.sync().link_of(&p.project).unwrap().unwrap().folder, fs::canonicalize(&other).unwrap());
}

#[test]
fn a_second_different_op_under_one_key_is_refused_never_silently_skipped() {
    let mut p = pair();
    p.b.projects_mut()
        .update(
            &p.project,
            ProjectPatch { sync_day: Some(Some(seamline_core::SyncDay::Monday)), ..Default::default() },
        )
        .unwrap();
    sync(&mut p.b, &p.project);
    sync(&mut p.a, &p.project);
    // Someone writes Lukas's last op again with another value, under the same stamp.
    let original =
        p.a.oplog()
            .of_project(&p.project)
            .unwrap()
            .into_iter()
            .rfind(|o| o.device == p.b.device_id())
            .unwrap();
    let forged = seamline_store::oplog::Op { value: "friday".into(), ..original.clone() };
    let body = segment::Body {
        device: original.device.clone(),
        project_id: p.project.clone(),
        seq: 70,
        kind: "ops".into(),
        created_at: T0.into(),
        ops: vec![original.clone(), forged],
    };
    let (bytes, _) = segment::encode(&body).unwrap();
    fs::write(p.folder.join("devices").join(&original.device).join("seg-00000070-twin.ops"), bytes).unwrap();
    let before = dump(&p.a);
    let report = sync(&mut p.a, &p.project);
    assert_eq!(report.skipped.len(), 1, "{report:?}");
    assert!(
        report.skipped[0]
            .reason
            .starts_with("holds an edit of project.sync_day that differs from one already received"),
        "{report:?}"
    );
    assert_eq!(dump(&p.a), before);
    assert_eq!(p.a.projects().get(&p.project).unwrap().sync_day.unwrap().as_str(), "monday");
}
