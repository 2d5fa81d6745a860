//! Convergence under a simulated file-sync service: three devices each with their own copy of
//! the shared folder, random edits and deletions made offline, files delivered partially, in
//! any order, and duplicated under the conflict-copy names Dropbox, OneDrive, Google Drive and
//! Syncthing give them. Once everything is delivered, every device must show the same project,
//! equal to a rebuild from its own op log. The same again with each device's clock off by up
//! to two years either way: no edit is ever refused, and an edit made after seeing another
//! always ends up above it.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use proptest::prelude::*;
use seamline_store::{NewPerson, NewProject, PersonPatch, ProjectPatch, Workspace};

const DEVICES: usize = 3;

#[derive(Debug, Clone)]
enum Step {
    AddPerson { dev: usize, partner: bool, name: u8 },
    Rename { dev: usize, pick: u8, name: u8 },
    Remove { dev: usize, pick: u8 },
    Threshold { dev: usize, days: i32 },
    ProjectName { dev: usize, name: u8 },
    Sync { dev: usize },
    Upload { dev: usize },
    Download { dev: usize, mask: u32, copies: u32 },
}

fn step() -> impl Strategy<Value = Step> {
    let dev = 0..DEVICES;
    prop_oneof![
        3 => (dev.clone(), any::<bool>(), any::<u8>()).prop_map(|(dev, partner, name)| Step::AddPerson { dev, partner, name }),
        2 => (dev.clone(), any::<u8>(), any::<u8>()).prop_map(|(dev, pick, name)| Step::Rename { dev, pick, name }),
        1 => (dev.clone(), any::<u8>()).prop_map(|(dev, pick)| Step::Remove { dev, pick }),
        1 => (dev.clone(), 1i32..10).prop_map(|(dev, days)| Step::Threshold { dev, days }),
        1 => (dev.clone(), any::<u8>()).prop_map(|(dev, name)| Step::ProjectName { dev, name }),
        3 => dev.clone().prop_map(|dev| Step::Sync { dev }),
        2 => dev.clone().prop_map(|dev| Step::Upload { dev }),
        2 => (dev, any::<u32>(), any::<u32>()).prop_map(|(dev, mask, copies)| Step::Download { dev, mask, copies }),
    ]
}

/// What the sync service holds: relative path → bytes.
type Cloud = BTreeMap<String, Vec<u8>>;

struct Device {
    ws: Workspace,
    folder: PathBuf,
}

fn files_under(root: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                // temp files are the writer's business; a sync service may carry them, but
                // finished files are what matters here
                if !rel.rsplit('/').next().unwrap().starts_with(".tmp-") {
                    out.push((rel, path));
                }
            }
        }
    }
    out.sort();
    out
}

fn upload(d: &Device, cloud: &mut Cloud) {
    for (rel, path) in files_under(&d.folder) {
        cloud.entry(rel).or_insert_with(|| fs::read(path).unwrap());
    }
}

/// The names sync services give a second copy of `name`.
fn conflict_copy(name: &str, which: u32) -> String {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    match which % 4 {
        0 => format!("{stem} (Sofia's conflicted copy 2027-01-15).{ext}"),
        1 => format!("{stem}-SOFIA-PC.{ext}"),
        2 => format!("{stem} (1).{ext}"),
        _ => format!("{stem}.sync-conflict-20270115-100000-7QXZ2AB.{ext}"),
    }
}

fn download(d: &Device, cloud: &Cloud, mask: u32, copies: u32) {
    for (i, (rel, bytes)) in cloud.iter().enumerate() {
        let bit = 1u32 << (i % 32);
        if mask & bit == 0 && mask != u32::MAX {
            continue;
        }
        let target = d.folder.join(rel);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        if !target.exists() {
            fs::write(&target, bytes).unwrap();
        }
        // Some files arrive a second time under a conflict-copy name.
        if rel.ends_with(".ops") && copies & bit != 0 {
            let name = target.file_name().unwrap().to_string_lossy().into_owned();
            fs::write(target.with_file_name(conflict_copy(&name, copies >> 8)), bytes).unwrap();
        }
    }
}

/// An op's key within one field: (stamp, device).
type Stamp = (i64, String);

/// The project-name ops a device holds.
fn name_ops(ws: &Workspace, project: &str) -> Vec<Stamp> {
    ws.oplog()
        .of_project(project)
        .unwrap()
        .into_iter()
        .filter(|o| o.entity == "project" && o.field == "name")
        .map(|o| (o.hlc, o.device))
        .collect()
}

/// Runs the steps on devices whose clocks are off by `skews_s` seconds each.
fn run(steps: &[Step], skews_s: [i64; DEVICES]) {
    let dir = tempfile::tempdir().unwrap();
    let mut cloud = Cloud::new();
    let t0 = chrono::DateTime::parse_from_rfc3339(T0).unwrap();
    let mut devices: Vec<Device> = (0..DEVICES)
        .map(|i| {
            let folder = dir.path().join(format!("device-{i}/Shared/Project"));
            fs::create_dir_all(&folder).unwrap();
            let clock = seamline_store::Clock::Fixed(t0 + chrono::Duration::seconds(skews_s[i]));
            let ws = Workspace::open(&dir.path().join(format!("ws-{i}.sqlite")), clock).unwrap();
            Device { ws, folder }
        })
        .collect();
    // Each rename of the project, with the renames its device had seen when it was made: none
    // of those may end up the winner.
    let mut renames: Vec<(Stamp, Vec<Stamp>)> = Vec::new();

    // Device 0 creates the project and shares it; the others join once it has arrived.
    let project = devices[0]
        .ws
        .projects_mut()
        .create(NewProject {
            name: "Shared".into(),
            ours: "Acme".into(),
            partner: "Globex".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let first = &mut devices[0];
    seamline_sync::link(&mut first.ws, &project, &first.folder, &who("dev0")).unwrap();
    // One invite per joining device (an invite admits one device): Globex's first device, and
    // Acme's other devices (Globex's devices would be Globex's to invite).
    let companies: Vec<&str> = (1..devices.len()).map(|i| if i == 1 { "Globex" } else { "Acme" }).collect();
    let codes: Vec<String> = companies.iter().map(|c| invite(&mut devices[0].ws, &project, c)).collect();
    upload(&devices[0], &mut cloud);
    for ((d, code), company) in devices.iter_mut().skip(1).zip(&codes).zip(&companies) {
        download(d, &cloud, u32::MAX, 0);
        seamline_sync::join(&mut d.ws, &d.folder, &who("peer"), false, Some(company), Some(code)).unwrap();
        upload(d, &mut cloud);
    }
    // Device 0's lead lets every one of them in; each then takes the project.
    download(&devices[0], &cloud, u32::MAX, 0);
    admit_all(&mut devices[0].ws, &project);
    upload(&devices[0], &mut cloud);
    for d in devices.iter_mut().skip(1) {
        download(d, &cloud, u32::MAX, 0);
        let report = seamline_sync::sync(&mut d.ws, &project, &who("peer")).unwrap();
        assert!(report.waiting.is_none(), "{report:?}");
        upload(d, &mut cloud);
    }

    let names = ["Ana", "Bo", "Cy", "Di", "Ed"];
    for s in steps {
        match s {
            Step::AddPerson { dev, partner, name } => {
                let side = if *partner { seamline_core::Side::Partner } else { seamline_core::Side::Ours };
                let _ = devices[*dev].ws.people_mut().add(
                    &project,
                    NewPerson { side, name: names[*name as usize % 5].into(), ..Default::default() },
                );
            }
            Step::Rename { dev, pick, name } => {
                let ws = &mut devices[*dev].ws;
                let people = ws.people().list(&project).unwrap();
                if !people.is_empty() {
                    let id = people[*pick as usize % people.len()].id.clone();
                    let patch = PersonPatch {
                        name: Some(format!("{} {}", names[*name as usize % 5], name)),
                        ..Default::default()
                    };
                    // The other company's people are refused (each company owns its side).
                    if let Err(e) = ws.people_mut().update(&id, patch) {
                        assert_eq!(e.code(), "NotYours", "{e}");
                    }
                }
            }
            Step::Remove { dev, pick } => {
                let ws = &mut devices[*dev].ws;
                let people = ws.people().list(&project).unwrap();
                if !people.is_empty() {
                    let _ = ws.people_mut().remove(&people[*pick as usize % people.len()].id.clone());
                }
            }
            Step::Threshold { dev, days } => {
                let patch = ProjectPatch { threshold_days: Some(*days), ..Default::default() };
                devices[*dev].ws.projects_mut().update(&project, patch).unwrap();
            }
            Step::ProjectName { dev, name } => {
                let ws = &mut devices[*dev].ws;
                let seen = name_ops(ws, &project);
                let patch = ProjectPatch {
                    name: Some(format!("Shared {name} {}", renames.len())),
                    ..Default::default()
                };
                ws.projects_mut()
                    .update(&project, patch)
                    .expect("an edit is never refused, whatever the clocks");
                let made = name_ops(ws, &project)
                    .into_iter()
                    .find(|o| !seen.contains(o))
                    .expect("the rename is logged");
                assert!(
                    seen.iter().all(|o| o.0 < made.0),
                    "a rename is stamped above every rename its device had seen"
                );
                renames.push((made, seen));
            }
            Step::Sync { dev } => {
                let report = seamline_sync::sync(&mut devices[*dev].ws, &project, &who("peer")).unwrap();
                // A device's segment may arrive before its claim (the file that admits it):
                // it waits, unread and not refused, and is read once the claim is here.
                assert!(
                    report.skipped.iter().all(|s| !s.known && s.reason.contains("was not admitted")),
                    "good files are never refused: {report:?}"
                );
            }
            Step::Upload { dev } => upload(&devices[*dev], &mut cloud),
            Step::Download { dev, mask, copies } => download(&devices[*dev], &cloud, *mask, *copies),
        }
    }

    // Everything is finally delivered everywhere.
    for _ in 0..2 {
        for d in devices.iter_mut() {
            seamline_sync::sync(&mut d.ws, &project, &who("peer")).unwrap();
            upload(d, &mut cloud);
        }
        for d in &devices {
            download(d, &cloud, u32::MAX, 0);
        }
    }
    for d in devices.iter_mut() {
        seamline_sync::sync(&mut d.ws, &project, &who("peer")).unwrap();
    }

    let winner = name_ops(&devices[0].ws, &project).into_iter().max().expect("the project has a name");
    for (made, seen) in &renames {
        assert!(!seen.contains(&winner), "{winner:?} won although {made:?} was made after seeing it");
    }

    let reference = dump(&devices[0].ws);
    let ops = devices[0].ws.oplog().count().unwrap();
    for (i, d) in devices.iter_mut().enumerate() {
        assert_eq!(dump(&d.ws), reference, "device {i} differs from device 0");
        assert_eq!(d.ws.oplog().count().unwrap(), ops, "device {i} misses ops");
        d.ws.oplog_mut().rebuild().unwrap();
        assert_eq!(dump(&d.ws), reference, "device {i}'s tables are not the projection of its ops");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_device_ends_equal_whatever_the_delivery(steps in proptest::collection::vec(step(), 1..45)) {
        run(&steps, [0; DEVICES]);
    }

    #[test]
    fn clocks_off_by_up_to_two_years_never_stop_an_edit_and_later_edits_win(
        steps in proptest::collection::vec(step(), 1..45),
        skews in proptest::array::uniform3(-2 * 365 * 86_400i64..2 * 365 * 86_400),
    ) {
        run(&steps, skews);
    }
}
