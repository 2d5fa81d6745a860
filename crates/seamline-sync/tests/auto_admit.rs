//! Invites made to admit automatically (issue 26: "a project can opt in to automatic admission
//! while an invite is valid"): the device that proves the code is let in at the next sync of
//! any current device of the inviting company, with the same checks as a click; anything
//! doubtful (two devices with one code, an expired invite, another company's invite) still
//! waits for a person.

#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use common::*;
use seamline_store::Workspace;
use seamline_sync::Admission;

fn automatic(ws: &mut Workspace, project: &str, company: &str, days: u32) -> seamline_sync::Invitation {
    seamline_sync::invite_for_days(ws, project, company, days, Admission::Automatic).unwrap()
}

fn join(ws: &mut Workspace, folder: &std::path::Path, company: &str, code: &str) {
    let (_, report) =
        seamline_sync::join(ws, folder, &who("Joiner"), false, Some(company), Some(code)).unwrap();
    assert!(report.waiting.is_some(), "a device waits until a member's sync: {report:?}");
}

#[test]
fn a_device_with_an_automatic_invite_is_let_in_at_the_next_sync_of_any_device_of_the_company() {
    let mut pair = shared_pair("Maya Chen", "Sofia Alvarez");
    let p = pair.project.clone();
    // Ledgerly's lead invites a second Ledgerly laptop, to be let in without a click.
    let inv = automatic(&mut pair.b, &p, "Ledgerly", 7);
    assert!(inv.automatic);
    let pending = seamline_sync::invites(&pair.b, &p).unwrap();
    assert!(pending.iter().any(|i| i.invite_id == inv.invite_id && i.automatic), "{pending:?}");

    let mut laptop = open(&pair.dir.path().join("laptop.sqlite"));
    join(&mut laptop, &pair.folder, "Ledgerly", &inv.code);
    // Northwind's devices do not answer Ledgerly's invites, automatic or not.
    let a = seamline_sync::sync(&mut pair.a, &p, &who("Maya Chen")).unwrap();
    assert!(a.admitted.is_empty(), "{a:?}");
    // Any device of Ledgerly's: its lead's, at its next sync.
    let b = seamline_sync::sync(&mut pair.b, &p, &who("Sofia Alvarez")).unwrap();
    assert_eq!(b.admitted, vec![laptop.device_id().to_string()], "{b:?}");
    assert!(seamline_sync::requests(&pair.b, &p).unwrap().is_empty(), "answered: no longer asks");

    let report = seamline_sync::sync(&mut laptop, &p, &who("Joiner")).unwrap();
    assert!(report.waiting.is_none() && report.imported > 100, "the laptop reads the project: {report:?}");
    assert_eq!(laptop.projects().get(&p).unwrap().partner, "Ledgerly");
    // The invite is used: it lets no one else in.
    let mut thief = open(&pair.dir.path().join("thief.sqlite"));
    let err =
        seamline_sync::join(&mut thief, &pair.folder, &who("T"), false, Some("Ledgerly"), Some(&inv.code))
            .unwrap_err();
    assert!(err.to_string().contains("already used"), "{err}");
}

#[test]
fn two_devices_with_one_automatic_code_or_an_expired_one_wait_for_a_person() {
    let mut pair = shared_pair("Maya Chen", "Sofia Alvarez");
    let p = pair.project.clone();
    // The code reached someone else too: both ask; neither is let in without a click.
    let inv = automatic(&mut pair.a, &p, "Northwind CRM", 7);
    let mut mine = open(&pair.dir.path().join("mine.sqlite"));
    let mut other = open(&pair.dir.path().join("other.sqlite"));
    join(&mut mine, &pair.folder, "Northwind CRM", &inv.code);
    join(&mut other, &pair.folder, "Northwind CRM", &inv.code);
    let a = seamline_sync::sync(&mut pair.a, &p, &who("Maya Chen")).unwrap();
    assert!(a.admitted.is_empty(), "{a:?}");
    let asked = seamline_sync::requests(&pair.a, &p).unwrap();
    assert_eq!(asked.len(), 2);
    assert!(
        asked.iter().all(|r| r.problem.as_deref().is_some_and(|w| w.contains("two devices"))),
        "{asked:?}"
    );
    assert!(!got_keys(&mine, &p) && !got_keys(&other, &p));

    // An automatic invite past its expiry, judged by the admitting device's clock: no one.
    let late_inv = automatic(&mut pair.a, &p, "Northwind CRM", 1);
    let mut late = open(&pair.dir.path().join("late.sqlite"));
    join(&mut late, &pair.folder, "Northwind CRM", &late_inv.code);
    let path = pair.a.path().unwrap().to_path_buf();
    drop(pair.a);
    let mut a_later = Workspace::open(&path, clock("2027-01-18T10:00:00Z")).unwrap();
    let report = seamline_sync::sync(&mut a_later, &p, &who("Maya Chen")).unwrap();
    assert!(report.admitted.is_empty(), "{report:?}");
    let report = seamline_sync::sync(&mut late, &p, &who("Joiner")).unwrap();
    assert!(report.waiting.is_some(), "{report:?}");
}

fn got_keys(ws: &Workspace, project: &str) -> bool {
    !ws.trust().project_keys(project).unwrap().is_empty()
}

fn files_of(dir: &std::path::Path) -> std::collections::BTreeSet<std::path::PathBuf> {
    std::fs::read_dir(dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default()
}

/// Two devices of the inviting company that sync at the same moment both let the device in
/// (neither has seen the other's admission yet): every device ends with the same members and
/// the newcomer reads the project, nothing refused.
#[test]
fn two_devices_admitting_one_newcomer_at_once_agree() {
    let mut pair = shared_pair("Maya Chen", "Sofia Alvarez");
    let p = pair.project.clone();
    // Maya's second laptop joins first, the usual way.
    let second = automatic(&mut pair.a, &p, "Northwind CRM", 7);
    let mut a2 = open(&pair.dir.path().join("a2.sqlite"));
    join(&mut a2, &pair.folder, "Northwind CRM", &second.code);
    seamline_sync::sync(&mut pair.a, &p, &who("Maya Chen")).unwrap();
    assert!(seamline_sync::sync(&mut a2, &p, &who("Maya Chen")).unwrap().waiting.is_none());

    // A third device asks; Maya's first laptop admits it, and her second, not seeing that
    // admission yet (the sync service has not brought it), admits it too.
    let third = automatic(&mut pair.a, &p, "Northwind CRM", 7);
    seamline_sync::sync(&mut a2, &p, &who("Maya Chen")).unwrap();
    let mut a3 = open(&pair.dir.path().join("a3.sqlite"));
    join(&mut a3, &pair.folder, "Northwind CRM", &third.code);
    let a_dir = pair.folder.join("devices").join(pair.a.device_id());
    let before = files_of(&a_dir);
    let first = seamline_sync::sync(&mut pair.a, &p, &who("Maya Chen")).unwrap();
    assert_eq!(first.admitted, vec![a3.device_id().to_string()]);
    let held = pair.dir.path().join("held back");
    std::fs::create_dir_all(&held).unwrap();
    let new: Vec<_> = files_of(&a_dir).difference(&before).cloned().collect();
    for f in &new {
        std::fs::rename(f, held.join(f.file_name().unwrap())).unwrap();
    }
    let again = seamline_sync::sync(&mut a2, &p, &who("Maya Chen")).unwrap();
    assert_eq!(again.admitted, vec![a3.device_id().to_string()], "{again:?}");
    for f in &new {
        std::fs::rename(held.join(f.file_name().unwrap()), f).unwrap();
    }

    let joined = seamline_sync::sync(&mut a3, &p, &who("Maya Chen")).unwrap();
    assert!(joined.waiting.is_none() && joined.imported > 100, "{joined:?}");
    let mut members = Vec::new();
    for ws in [&mut pair.a, &mut a2, &mut a3, &mut pair.b] {
        let report = seamline_sync::sync(ws, &p, &who("x")).unwrap();
        assert!(report.skipped.is_empty(), "nothing refused: {:?}", report.skipped);
        let mut ids: Vec<String> = ws.trust().members(&p).unwrap().into_iter().map(|m| m.device).collect();
        ids.sort();
        members.push(ids);
    }
    assert!(members.windows(2).all(|w| w[0] == w[1]), "{members:?}");
    assert_eq!(members[0].len(), 4);
}
