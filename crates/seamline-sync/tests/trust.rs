//! The encrypted folder (format 2) against the sync service and against the other devices:
//! nothing readable in the folder, and no file anyone can write in another device's name, or
//! after being removed, changes anything.

#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use seamline_store::{NewPerson, PersonPatch, Workspace};

/// Northwind's lead shares the demo project; Ledgerly's lead joins with the invite.
fn pair() -> Pair {
    shared_pair("Maya Chen", "Lukas Weber")
}

fn sync(ws: &mut Workspace, project: &str) -> seamline_sync::SyncReport {
    seamline_sync::sync(ws, project, &who("someone")).unwrap()
}

fn all_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out
}

/// The newest segment file `ws` wrote.
fn newest_segment(folder: &Path, ws: &Workspace) -> PathBuf {
    let dir = folder.join("devices").join(ws.device_id());
    let mut segs: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ops"))
        .collect();
    segs.sort();
    segs.pop().unwrap()
}

#[test]
fn the_sync_service_finds_no_name_title_email_or_value_in_any_byte_of_the_folder() {
    let mut p = pair();
    let grace =
        p.b.people_mut()
            .add(
                &p.project,
                NewPerson {
                    side: seamline_core::Side::Partner,
                    name: "Grace Hopper".into(),
                    email: Some("grace.hopper@ledgerly.example".into()),
                    title: Some("Solutions Architect".into()),
                },
            )
            .unwrap();
    sync(&mut p.b, &p.project);
    sync(&mut p.a, &p.project);
    assert_eq!(p.a.people().get(&grace.id).unwrap().name, "Grace Hopper", "the edit arrived");

    let project = p.a.projects().get(&p.project).unwrap();
    let mut needles =
        vec![project.name.clone(), project.ours.clone(), project.partner.clone(), "Maya Chen".into()];
    for person in p.a.people().list(&p.project).unwrap() {
        needles.push(person.name.clone());
        needles.extend(person.email.clone());
        needles.extend(person.title.clone());
    }
    needles.extend(p.a.blockers().list(&p.project, false).unwrap().into_iter().map(|b| b.title));
    needles.extend(p.a.scope().criteria(&p.project).unwrap().into_iter().map(|c| c.text));
    needles.extend(project.channel_url.clone());
    assert!(needles.len() > 20, "{needles:?}");

    let files = all_files(&p.folder);
    assert!(files.len() >= 6, "{files:?}");
    for file in files {
        let bytes = fs::read(&file).unwrap();
        let name = file.strip_prefix(&p.folder).unwrap().to_string_lossy().to_lowercase();
        for needle in &needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle:?} is readable in {}",
                file.display()
            );
            assert!(!name.contains(&needle.to_lowercase()), "{needle:?} in the file name {name}");
        }
    }
}

#[test]
fn a_flipped_truncated_swapped_forged_or_replayed_file_changes_nothing() {
    let mut p = pair();
    let person =
        p.b.people().list(&p.project).unwrap().into_iter().find(|x| x.name == "Lukas Weber").unwrap();
    p.b.people_mut()
        .update(&person.id, PersonPatch { title: Some("Head of Integrations".into()), ..Default::default() })
        .unwrap();
    sync(&mut p.b, &p.project);
    let real = newest_segment(&p.folder, &p.b);
    let bytes = fs::read(&real).unwrap();
    fs::remove_file(&real).unwrap();
    let b_dir = real.parent().unwrap().to_path_buf();

    // A third device of Northwind's, admitted: a file of Ledgerly's copied into its folder.
    let code = invite(&mut p.a, &p.project, "Northwind CRM");
    let mut c = open(&p.dir.path().join("c.sqlite"));
    seamline_sync::join(&mut c, &p.folder, &who("Maya's laptop"), false, Some("Northwind CRM"), Some(&code))
        .unwrap();
    let c_dir = p.folder.join("devices").join(c.device_id());

    // The same ops sealed under the project key but signed by someone else's key.
    let (_, body) = {
        let keys = seamline_sync::keystore::device_keys(&p.b, p.b.device_id()).unwrap();
        let project_keys = p.b.trust().project_keys(&p.project).unwrap();
        let key = *seamline_sync::crypto::current_key(&project_keys).unwrap();
        let opener = seamline_sync::segment::Opener {
            project: &p.project,
            device: p.b.device_id(),
            sign_pk: &keys.sign_pk(),
            keys: &project_keys,
        };
        let decoded = seamline_sync::segment::decode_sealed(&bytes, &opener).unwrap();
        let stranger = seamline_sync::crypto::DeviceKeys::from_seed(&seamline_sync::crypto::random());
        let sealer = seamline_sync::segment::Sealer {
            keys: &stranger,
            project: &p.project,
            device: p.b.device_id(),
            key: &key,
        };
        (decoded.0, seamline_sync::segment::encode_sealed(&decoded.1, &sealer).unwrap().0)
    };

    let len = bytes.len();
    let mut attacks: Vec<(PathBuf, Vec<u8>, &str)> = Vec::new();
    for at in [0, 9, 12, 20, 30, 56, 60, 100, len / 2, len - 70, len - 64, len - 1] {
        let mut bad = bytes.clone();
        bad[at] ^= 0x10;
        attacks.push((b_dir.join(format!("seg-flip-{at}.ops")), bad, "flipped byte"));
    }
    attacks.push((b_dir.join("seg-cut.ops"), bytes[..len - 10].to_vec(), "truncated"));
    attacks.push((c_dir.join("seg-swapped.ops"), bytes.clone(), "in another device's folder"));
    attacks.push((b_dir.join("seg-forged.ops"), body, "signed by another key"));
    let stranger_dir = p.folder.join("devices").join(uuid::Uuid::now_v7().to_string());
    attacks.push((stranger_dir.join("seg-1.ops"), bytes.clone(), "from a device nobody admitted"));

    let before = dump(&p.a);
    let ops = p.a.oplog().count().unwrap();
    for (path, bad, what) in &attacks {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bad).unwrap();
        let report = sync(&mut p.a, &p.project);
        let name = path.strip_prefix(&p.folder).unwrap().to_string_lossy().replace('\\', "/");
        // Refused, or (cut short, or a length that says more is coming) waiting for the sync
        // service: either way listed, never applied.
        let refused = report.skipped.iter().any(|s| s.file == name);
        let waiting = report.arriving.contains(&name);
        assert!(refused || waiting, "{what}: {name} not listed: {report:?}");
        if *what == "truncated" {
            assert!(waiting, "a file cut short waits for the sync service: {report:?}");
        }
        assert_eq!(p.a.oplog().count().unwrap(), ops, "{what} added ops");
        assert_eq!(dump(&p.a), before, "{what} changed the project");
        fs::remove_file(path).unwrap();
    }

    // The real file is read: the checks above are not refusing everything.
    fs::write(&real, &bytes).unwrap();
    sync(&mut p.a, &p.project);
    assert_eq!(p.a.people().get(&person.id).unwrap().title.as_deref(), Some("Head of Integrations"));
    // Put back again later (a replay): nothing changes.
    let after = dump(&p.a);
    fs::write(b_dir.join("seg-replayed.ops"), &bytes).unwrap();
    let report = sync(&mut p.a, &p.project);
    assert!(report.skipped.is_empty(), "{report:?}");
    assert_eq!(dump(&p.a), after);
}

#[test]
fn a_removed_device_reads_nothing_new_and_its_later_edits_are_ignored_everywhere() {
    let mut p = pair();
    // Ledgerly's second device, invited by Ledgerly's lead.
    let code = invite(&mut p.b, &p.project, "Ledgerly");
    let mut laptop = open(&p.dir.path().join("laptop.sqlite"));
    join_admitted(&mut laptop, &mut p.b, &p.folder, "Ledgerly", &code);
    let laptop_id = laptop.device_id().to_string();
    sync(&mut p.a, &p.project);

    // Northwind may not remove Ledgerly's device; Ledgerly may.
    let err = seamline_sync::remove_device(&mut p.a, &p.project, &laptop_id, &who("Maya")).unwrap_err();
    assert!(err.to_string().contains("a company removes only its own devices"), "{err}");
    seamline_sync::remove_device(&mut p.b, &p.project, &laptop_id, &who("Lukas Weber")).unwrap();
    sync(&mut p.a, &p.project);

    // The laptop, not knowing, edits and syncs.
    let lukas =
        laptop.people().list(&p.project).unwrap().into_iter().find(|x| x.name == "Lukas Weber").unwrap();
    laptop
        .people_mut()
        .update(&lukas.id, PersonPatch { title: Some("Written after removal".into()), ..Default::default() })
        .unwrap();
    sync(&mut laptop, &p.project);
    let report = sync(&mut p.a, &p.project);
    assert!(report.skipped.iter().any(|s| s.reason.contains("was removed from the project")), "{report:?}");
    assert_ne!(p.a.people().get(&lukas.id).unwrap().title.as_deref(), Some("Written after removal"));

    // Nor does a segment it back-dates to before its removal (it still holds its key and the
    // old project key): only the segments its remover had read count.
    let keys = seamline_sync::keystore::device_keys(&laptop, &laptop_id).unwrap();
    let old_keys = laptop.trust().project_keys(&p.project).unwrap();
    let old_key = *seamline_sync::crypto::current_key(&old_keys).unwrap();
    let body = seamline_sync::segment::Body {
        device: laptop_id.clone(),
        project_id: p.project.clone(),
        seq: 77,
        kind: "ops".into(),
        created_at: T0.into(),
        ops: vec![seamline_store::oplog::Op {
            hlc: 1 << 16,
            device: laptop_id.clone(),
            project_id: p.project.clone(),
            entity: "person".into(),
            row_id: lukas.id.clone(),
            field: "title".into(),
            value: serde_json::json!("Back-dated"),
            prev_hlc: None,
            prev_device: None,
            made_at: None,
        }],
    };
    let sealer = seamline_sync::segment::Sealer {
        keys: &keys,
        project: &p.project,
        device: &laptop_id,
        key: &old_key,
    };
    let (bytes, _) = seamline_sync::segment::encode_sealed(&body, &sealer).unwrap();
    fs::write(p.folder.join("devices").join(&laptop_id).join("seg-00000077-backdate.ops"), bytes).unwrap();
    let before = dump(&p.a);
    let report = sync(&mut p.a, &p.project);
    let listed =
        report.skipped.iter().find(|s| s.file.ends_with("seg-00000077-backdate.ops")).expect("listed");
    assert!(listed.reason.contains("after it was removed"), "{listed:?}");
    assert_eq!(dump(&p.a), before);

    // What Northwind writes from now on is sealed under the new key: the laptop cannot read it.
    let maya = p.a.people().list(&p.project).unwrap().into_iter().find(|x| x.name == "Maya Chen").unwrap();
    p.a.people_mut()
        .update(&maya.id, PersonPatch { email: Some("maya@new.example".into()), ..Default::default() })
        .unwrap();
    sync(&mut p.a, &p.project);
    let report = sync(&mut laptop, &p.project);
    assert!(report.skipped.iter().any(|s| s.reason.contains("has not received")), "{report:?}");
    assert_ne!(laptop.people().get(&maya.id).unwrap().email.as_deref(), Some("maya@new.example"));
    // Ledgerly's lead reads it.
    sync(&mut p.b, &p.project);
    assert_eq!(p.b.people().get(&maya.id).unwrap().email.as_deref(), Some("maya@new.example"));

    // Every device lists it as removed, by whom.
    let devices = seamline_sync::devices::devices(&p.a, &p.project).unwrap();
    let removed = devices.iter().find(|d| d.id == laptop_id).unwrap();
    assert_eq!(removed.removed.as_ref().unwrap().by, "Lukas Weber");
    assert_eq!(removed.company, "Ledgerly");
}

#[test]
fn a_device_id_written_with_another_key_is_refused_and_named() {
    let mut p = pair();
    // Someone writes a profile into Ledgerly's folder, signed with their own key.
    let stranger = seamline_sync::crypto::DeviceKeys::from_seed(&seamline_sync::crypto::random());
    let record = seamline_sync::envelope::Profile { key_id: 0, sealed: String::new() };
    let bytes = seamline_sync::envelope::seal_record(
        seamline_sync::envelope::Kind::Profile,
        &record,
        &p.project,
        p.b.device_id(),
        &stranger,
    );
    let path = p.folder.join("devices").join(p.b.device_id()).join("profile (1).sl");
    fs::write(&path, bytes).unwrap();
    let report = sync(&mut p.a, &p.project);
    let listed = report
        .skipped
        .iter()
        .find(|s| s.file.ends_with("profile (1).sl"))
        .unwrap_or_else(|| panic!("{report:?}"));
    assert!(listed.reason.contains("someone wrote as that device"), "{listed:?}");
}

#[test]
fn an_invite_used_by_two_devices_admits_only_the_one_the_lead_lets_in() {
    let mut p = pair();
    let code = invite(&mut p.a, &p.project, "Northwind CRM");
    // Two copies of the folder, each joined with the same code before either saw the other.
    let copy = p.dir.path().join("copy");
    copy_dir(&p.folder, &copy);
    let mut c = open(&p.dir.path().join("c.sqlite"));
    seamline_sync::join(&mut c, &p.folder, &who("C"), false, Some("Northwind CRM"), Some(&code)).unwrap();
    let mut d = open(&p.dir.path().join("d.sqlite"));
    seamline_sync::join(&mut d, &copy, &who("D"), false, Some("Northwind CRM"), Some(&code)).unwrap();
    copy_dir(&copy.join("devices"), &p.folder.join("devices"));
    let report = sync(&mut p.a, &p.project);
    assert_eq!(report.requests, 0, "neither is offered as a plain request: {report:?}");
    let requests = seamline_sync::requests(&p.a, &p.project).unwrap();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert!(
        requests
            .iter()
            .all(|r| r.problem.as_deref().is_some_and(|m| m.contains("two devices used this invite"))),
        "{requests:?}"
    );
    assert!(
        requests.iter().all(|r| r.admittable),
        "the code is still valid for the one checked: {requests:?}"
    );
    let devices = seamline_sync::devices::devices(&p.a, &p.project).unwrap();
    assert!(devices.iter().all(|x| x.id != c.device_id() && x.id != d.device_id()), "{devices:?}");
    // The lead checks C's fingerprint over a call and lets C in: D stays out for good.
    seamline_sync::admit(&mut p.a, &p.project, c.device_id(), &who("Maya")).unwrap();
    // D still asks, and its Admit is off: the invite let C in.
    let left = seamline_sync::requests(&p.a, &p.project).unwrap();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].device, d.device_id());
    assert!(!left[0].admittable, "{left:?}");
    assert!(left[0].problem.as_deref().is_some_and(|m| m.contains("already used")), "{left:?}");
    let err = seamline_sync::admit(&mut p.a, &p.project, d.device_id(), &who("Maya")).unwrap_err();
    assert!(err.to_string().contains("already used"), "{err}");
    sync(&mut c, &p.project);
    assert!(c.projects().get(&p.project).is_ok());
    let _ = seamline_sync::sync(&mut d, &p.project, &who("D"));
    assert!(d.projects().get(&p.project).is_err() && d.trust().project_keys(&p.project).unwrap().is_empty());
    // The used code admits no other.
    let mut f = open(&p.dir.path().join("f.sqlite"));
    let err = seamline_sync::join(&mut f, &p.folder, &who("F"), false, Some("Northwind CRM"), Some(&code))
        .unwrap_err();
    assert!(err.to_string().contains("already used"), "{err}");
    assert!(f.sync().link_of(&p.project).unwrap().is_none(), "nothing written to the workspace");
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else if !target.exists() {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn both_companies_share_one_view_code_and_do_not_take_turns_rewriting_the_page() {
    let mut p = pair();
    sync(&mut p.a, &p.project);
    sync(&mut p.b, &p.project);
    sync(&mut p.a, &p.project);
    let page_path = p.folder.join("Project status.html");
    let page = fs::read_to_string(&page_path).unwrap();
    assert!(!page.contains("CRM to billing sync"), "the page holds nothing in clear");
    sync(&mut p.b, &p.project);
    sync(&mut p.a, &p.project);
    assert_eq!(fs::read_to_string(&page_path).unwrap(), page, "devices that agree leave the page as it is");
    let code = seamline_sync::sealed_page::view_code(&p.a, &p.project).unwrap().unwrap();
    assert!(code.starts_with("SV-"), "{code}");
    assert_eq!(seamline_sync::sealed_page::view_code(&p.b, &p.project).unwrap(), Some(code.clone()));

    // A page someone replaced is written again from this device's own data.
    fs::write(&page_path, "<h1>Sign here: evil.example</h1>").unwrap();
    sync(&mut p.a, &p.project);
    let again = fs::read_to_string(&page_path).unwrap();
    assert!(again.contains("data-ct=") && !again.contains("evil.example"));
}

#[test]
fn a_device_nobody_admitted_cannot_make_a_sync_read_without_end() {
    let mut p = pair();
    let stranger = p.folder.join("devices").join(uuid::Uuid::now_v7().to_string());
    fs::create_dir_all(&stranger).unwrap();
    fs::write(stranger.join("big.sl"), vec![0u8; 200 * 1024]).unwrap();
    for i in 0..10 {
        fs::write(stranger.join(format!("claim-{i}.sl")), b"SEAMLCTL").unwrap();
    }
    let before = dump(&p.a);
    let report = sync(&mut p.a, &p.project);
    assert!(
        report.skipped.iter().any(|s| s.file.ends_with("big.sl") && s.reason.starts_with("larger than")),
        "{report:?}"
    );
    assert!(
        report.skipped.iter().filter(|s| s.reason.starts_with("more records than")).count() >= 6,
        "{report:?}"
    );
    assert_eq!(dump(&p.a), before);
}

#[test]
fn a_device_invited_before_a_removal_reads_what_follows_it() {
    let mut p = pair();
    let laptop_code = invite(&mut p.b, &p.project, "Ledgerly");
    let tablet_code = invite(&mut p.b, &p.project, "Ledgerly");
    let mut laptop = open(&p.dir.path().join("laptop.sqlite"));
    join_admitted(&mut laptop, &mut p.b, &p.folder, "Ledgerly", &laptop_code);
    let laptop_id = laptop.device_id().to_string();
    seamline_sync::remove_device(&mut p.b, &p.project, &laptop_id, &who("Lukas Weber")).unwrap();
    sync(&mut p.a, &p.project);

    // The tablet joins with the invite made before the removal; Lukas's device, which holds the
    // new key, lets it in with every key.
    let mut tablet = open(&p.dir.path().join("tablet.sqlite"));
    join_admitted(&mut tablet, &mut p.b, &p.folder, "Ledgerly", &tablet_code);
    let maya = p.a.people().list(&p.project).unwrap().into_iter().find(|x| x.name == "Maya Chen").unwrap();
    p.a.people_mut()
        .update(&maya.id, PersonPatch { title: Some("VP Partnerships".into()), ..Default::default() })
        .unwrap();
    sync(&mut p.a, &p.project);
    let report = sync(&mut tablet, &p.project);
    assert!(report.skipped.is_empty(), "{report:?}");
    assert_eq!(tablet.people().get(&maya.id).unwrap().title.as_deref(), Some("VP Partnerships"));
}
