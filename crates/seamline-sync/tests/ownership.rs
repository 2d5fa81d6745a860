//! Each company owns its side (issue 27): the partner's device cannot change Northwind's
//! people, owner, escalation contact, RACI letters or workflow steps, nor delete the project
//! for everyone; not through the app or the command (refused with whose they are), and not by
//! writing the ops itself (refused at import, edit by edit, listed, never applied).

#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use common::*;
use seamline_core::{RaciLetter, Side};
use seamline_store::{NewPerson, PersonPatch, Role, Workspace};

fn sync(ws: &mut Workspace, project: &str) -> seamline_sync::SyncReport {
    seamline_sync::sync(ws, project, &who("someone")).unwrap()
}

fn named(ws: &Workspace, project: &str, name: &str) -> String {
    ws.people().list(project).unwrap().into_iter().find(|p| p.name == name).unwrap().id
}

#[test]
fn the_partners_device_is_refused_every_change_of_the_leads_side_and_changes_nothing() {
    let mut p = shared_pair("Maya Chen", "Lukas Weber");
    let maya = named(&p.b, &p.project, "Maya Chen");
    let lukas = named(&p.b, &p.project, "Lukas Weber");
    let before = dump(&p.b);
    let ops = p.b.oplog().count().unwrap();
    let not_yours = |e: seamline_store::Error| {
        assert_eq!(e.code(), "NotYours", "{e}");
        e.to_string()
    };
    let fake = NewPerson {
        side: Side::Ours,
        name: "Fake Northwind VP".into(),
        email: Some("vp@ledgerly.example".into()),
        ..Default::default()
    };
    let msg = not_yours(p.b.people_mut().add(&p.project, fake).unwrap_err());
    assert_eq!(msg, "Northwind CRM's people are changed by Northwind CRM; suggest it to them instead");
    not_yours(
        p.b.people_mut()
            .update(&maya, PersonPatch { email: Some("maya@elsewhere.example".into()), ..Default::default() })
            .unwrap_err(),
    );
    not_yours(p.b.people_mut().remove(&maya).unwrap_err());
    let msg =
        not_yours(p.b.people_mut().set_role(&p.project, Side::Ours, Role::Escalation, &maya).unwrap_err());
    assert_eq!(
        msg,
        "Northwind CRM's escalation contact is changed by Northwind CRM; suggest it to them instead"
    );
    not_yours(
        p.b.raci_mut().set_cell(&p.project, "Launch date", Side::Ours, RaciLetter::C, &maya).unwrap_err(),
    );
    not_yours(p.b.scope_mut().add_workflow_step(&p.project, Side::Ours, "Northwind approves").unwrap_err());
    let msg = not_yours(
        p.b.projects_mut()
            .update(
                &p.project,
                seamline_store::ProjectPatch {
                    holidays_ours: Some(vec!["2027-02-01".into()]),
                    ..Default::default()
                },
            )
            .unwrap_err(),
    );
    assert_eq!(msg, "Northwind CRM's holidays are changed by Northwind CRM; suggest it to them instead");
    let msg = not_yours(
        p.b.projects_mut()
            .update(
                &p.project,
                seamline_store::ProjectPatch { work_week_ours: Some("sun-thu".into()), ..Default::default() },
            )
            .unwrap_err(),
    );
    assert_eq!(msg, "Northwind CRM's work week is changed by Northwind CRM; suggest it to them instead");
    assert_eq!(dump(&p.b), before, "nothing changed");
    assert_eq!(p.b.oplog().count().unwrap(), ops, "no op written");

    // Its own side, and the shared facts, stay its to change.
    p.b.people_mut()
        .update(&lukas, PersonPatch { title: Some("Head of Integrations".into()), ..Default::default() })
        .unwrap();
    p.b.raci_mut().set_cell(&p.project, "Launch date", Side::Partner, RaciLetter::A, &lukas).unwrap();
    let own = seamline_store::ProjectPatch {
        holidays_partner: Some(vec!["2027-02-01".into()]),
        work_week_partner: Some("mon-thu".into()),
        ..Default::default()
    };
    let own = p.b.projects_mut().update(&p.project, own).unwrap();
    assert_eq!(
        (own.holidays_partner.len(), own.work_week_partner.label().as_str()),
        (1, "Monday to Thursday")
    );
    let blocker = p.b.blockers().list(&p.project, true).unwrap().remove(0);
    p.b.blockers_mut().resolve(&blocker.id, Some("Keys arrived")).unwrap();
}

#[test]
fn before_the_partner_is_in_the_lead_fills_in_both_sides_and_after_it_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open(&dir.path().join("a.sqlite"));
    let project = seamline_store::demo::create(&mut a).unwrap().id;
    let lukas = named(&a, &project, "Lukas Weber");
    // Kickoff: Northwind's lead writes Ledgerly's people and roles.
    a.people_mut()
        .update(&lukas, PersonPatch { title: Some("Integrations lead".into()), ..Default::default() })
        .unwrap();
    // Sharing alone changes nothing; once Ledgerly's first device is in, Ledgerly's side is its.
    let folder = dir.path().join("shared");
    std::fs::create_dir_all(&folder).unwrap();
    let code = seamline_sync::link(&mut a, &project, &folder, &who("Maya")).unwrap().invite.unwrap();
    a.people_mut()
        .update(
            &lukas,
            PersonPatch { title: Some("Still the lead's to fill in".into()), ..Default::default() },
        )
        .unwrap();
    let mut b = open(&dir.path().join("b.sqlite"));
    join_admitted(&mut b, &mut a, &folder, "Ledgerly", &code);
    let err = a
        .people_mut()
        .update(&lukas, PersonPatch { title: Some("After Ledgerly joined".into()), ..Default::default() })
        .unwrap_err();
    assert_eq!(err.to_string(), "Ledgerly's people are changed by Ledgerly; suggest it to them instead");
    sync(&mut b, &project);
    assert_eq!(
        b.people().get(&lukas).unwrap().title.as_deref(),
        Some("Still the lead's to fill in"),
        "kickoff's edits count"
    );
}

/// A partner device whose software writes the ops anyway: every device refuses them at
/// import, edit by edit, and lists the attempt.
#[test]
fn ops_the_partner_writes_on_the_leads_side_are_refused_at_import_and_listed() {
    let mut p = shared_pair("Maya Chen", "Lukas Weber");
    let maya = named(&p.a, &p.project, "Maya Chen");
    let lukas = named(&p.a, &p.project, "Lukas Weber");
    let before = dump(&p.a);
    let device = p.b.device_id().to_string();
    let mut n = 0;
    let mut op = |entity: &str, row: &str, field: &str, value: serde_json::Value| {
        n += 1;
        seamline_store::oplog::Op {
            hlc: (1_900_000_000_000i64 + n) << 16,
            device: device.clone(),
            project_id: p.project.clone(),
            entity: entity.into(),
            row_id: row.into(),
            field: field.into(),
            value,
            prev_hlc: None,
            prev_device: None,
            made_at: None,
        }
    };
    let fake = uuid::Uuid::now_v7().to_string();
    let ops = vec![
        op("person", &fake, "side", "ours".into()),
        op("person", &fake, "name", "Fake Northwind VP".into()),
        op("project", &p.project, "escalation_ours", fake.clone().into()),
        op("person", &maya, "email", "maya@elsewhere.example".into()),
        op("project", &p.project, "work_week_ours", "sat,sun".into()),
        op("project", &p.project, "deleted", true.into()),
        // Its own side: this one counts.
        op("person", &lukas, "title", "Written by Ledgerly".into()),
    ];
    write_sealed_segment(&p, &device, ops);
    let report = sync(&mut p.a, &p.project);
    assert!(report.skipped.is_empty(), "the file is read; the edits are refused one by one: {report:?}");
    assert!(p.a.projects().get(&p.project).is_ok(), "not deleted");
    let project = p.a.projects().get(&p.project).unwrap();
    assert_ne!(project.escalation_ours.as_deref(), Some(fake.as_str()));
    assert_eq!(project.work_week_ours.label(), "Monday to Friday");
    assert!(p.a.people().list(&p.project).unwrap().iter().all(|x| x.name != "Fake Northwind VP"));
    assert_ne!(p.a.people().get(&maya).unwrap().email.as_deref(), Some("maya@elsewhere.example"));
    assert_eq!(p.a.people().get(&lukas).unwrap().title.as_deref(), Some("Written by Ledgerly"));
    let attempts = p.a.history().refused_attempts(&p.project).unwrap();
    let said: Vec<&str> = attempts.iter().map(|a| a.what.as_str()).collect();
    assert!(
        said.contains(&"Ledgerly's device tried to change Northwind CRM's escalation contact; refused"),
        "{said:?}"
    );
    assert!(said.contains(&"Ledgerly's device tried to change Northwind CRM's people; refused"), "{said:?}");
    assert!(
        said.contains(&"Ledgerly's device tried to change Northwind CRM's work week; refused"),
        "{said:?}"
    );
    assert!(
        said.contains(&"Ledgerly's device tried to change Northwind CRM's project, for everyone; refused"),
        "{said:?}"
    );
    let mut after = dump(&p.a);
    after.retain(|row| !row.contains("Written by Ledgerly"));
    let mut expected = before.clone();
    expected.retain(|row| !row.contains(&lukas));
    after.retain(|row| !row.contains(&lukas));
    assert_eq!(after, expected, "nothing of Northwind's changed");
}

/// Writes `ops` as a sealed segment of `device` (which must be the pair's partner device),
/// signed with its key, as a modified client would.
fn write_sealed_segment(p: &Pair, device: &str, ops: Vec<seamline_store::oplog::Op>) {
    let keys = seamline_sync::keystore::device_keys(&p.b, device).unwrap();
    let project_keys = p.b.trust().project_keys(&p.project).unwrap();
    let key = *seamline_sync::crypto::current_key(&project_keys).unwrap();
    let body = seamline_sync::segment::Body {
        device: device.into(),
        project_id: p.project.clone(),
        seq: 900,
        kind: "ops".into(),
        created_at: T0.into(),
        ops,
    };
    let sealer = seamline_sync::segment::Sealer { keys: &keys, project: &p.project, device, key: &key };
    let (bytes, sum) = seamline_sync::segment::encode_sealed(&body, &sealer).unwrap();
    std::fs::write(
        p.folder.join("devices").join(device).join(format!("seg-00000900-{}.ops", &sum[..8])),
        bytes,
    )
    .unwrap();
}

#[test]
fn a_suggestion_accepted_becomes_the_owners_edit_and_one_declined_says_so_to_its_maker() {
    use seamline_store::{ProposalState, Suggestion};
    let mut p = shared_pair("Maya Chen", "Lukas Weber");
    let priya = named(&p.a, &p.project, "Priya Raman");
    let maya = named(&p.a, &p.project, "Maya Chen");
    // Ledgerly's lead suggests Northwind's escalation contact, and a corrected email.
    let role = Suggestion::Role { side: Side::Ours, role: Role::Escalation, person: priya.clone() };
    let made =
        p.b.proposals_mut().propose(&p.project, role, Some("Priya runs partner escalations now")).unwrap();
    assert_eq!(made.summary, "Make Priya Raman Northwind CRM's escalation contact");
    assert!(!made.mine_to_decide, "Ledgerly suggests; Northwind decides");
    let email = Suggestion::EditPerson {
        person: maya.clone(),
        patch: PersonPatch { email: Some("maya.c@northwind-crm.example".into()), ..Default::default() },
    };
    p.b.proposals_mut().propose(&p.project, email, None).unwrap();
    // Its own side it changes itself.
    let own = Suggestion::NewPerson {
        person: NewPerson { side: Side::Partner, name: "Grace".into(), ..Default::default() },
    };
    assert!(p
        .b
        .proposals_mut()
        .propose(&p.project, own, None)
        .unwrap_err()
        .to_string()
        .contains("change it yourself"));
    sync(&mut p.b, &p.project);
    sync(&mut p.a, &p.project);

    let open = p.a.proposals().list(&p.project).unwrap();
    assert_eq!(open.len(), 2, "{open:?}");
    assert!(open.iter().all(|x| x.mine_to_decide && x.by_company == "Ledgerly"));
    // Ledgerly cannot accept its own suggestion.
    assert_eq!(p.b.proposals_mut().accept(&made.id).unwrap_err().code(), "NotYours");
    let accepted = p.a.proposals_mut().accept(&made.id).unwrap();
    assert_eq!(accepted.state, ProposalState::Accepted);
    assert_eq!(p.a.projects().get(&p.project).unwrap().escalation_ours.as_deref(), Some(priya.as_str()));
    let declined = open.iter().find(|x| x.id != made.id).unwrap();
    p.a.proposals_mut().decline(&declined.id).unwrap();
    sync(&mut p.a, &p.project);
    sync(&mut p.b, &p.project);

    // Ledgerly sees both answers, and the accepted change, made by Northwind's device.
    let seen = p.b.proposals().list(&p.project).unwrap();
    let state = |id: &str| seen.iter().find(|x| x.id == id).unwrap().state;
    assert_eq!(state(&made.id), ProposalState::Accepted);
    assert_eq!(state(&declined.id), ProposalState::Declined);
    assert_eq!(p.b.projects().get(&p.project).unwrap().escalation_ours.as_deref(), Some(priya.as_str()));
    assert_ne!(p.b.people().get(&maya).unwrap().email.as_deref(), Some("maya.c@northwind-crm.example"));
    assert!(
        p.b.history().refused_attempts(&p.project).unwrap().is_empty(),
        "the accepted change is Northwind's own"
    );
}

fn files_of(dir: &std::path::Path) -> std::collections::BTreeSet<std::path::PathBuf> {
    std::fs::read_dir(dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default()
}

/// A company's devices are its own: once Ledgerly's first device is in, a device the creating
/// company lets in as Ledgerly's (here two of Northwind's devices, each letting in one device
/// with its own code, neither seeing the other's admission; a modified app could write the
/// second admission outright) is not counted as Ledgerly's on Ledgerly's devices: what it
/// writes on Ledgerly's side is not taken there, and Ledgerly's Sync screen says why.
#[test]
fn the_creating_company_cannot_add_a_device_the_partner_counts_as_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("shared");
    std::fs::create_dir_all(&folder).unwrap();
    let mut a = open(&dir.path().join("a.sqlite"));
    let project = seamline_store::demo::create(&mut a).unwrap().id;
    let first_code = seamline_sync::link(&mut a, &project, &folder, &who("Maya")).unwrap().invite.unwrap();
    let second = invite(&mut a, &project, "Northwind CRM");
    let mut a2 = open(&dir.path().join("a2.sqlite"));
    join_admitted(&mut a2, &mut a, &folder, "Northwind CRM", &second);
    // A second code for Ledgerly, made before Ledgerly's first device is in (allowed then).
    let other_code = invite(&mut a, &project, "Ledgerly");
    sync(&mut a2, &project);

    let mut b = open(&dir.path().join("b.sqlite"));
    let mut fake = open(&dir.path().join("fake.sqlite"));
    for (ws, code) in [(&mut b, &first_code), (&mut fake, &other_code)] {
        let (_, report) =
            seamline_sync::join(ws, &folder, &who("Joiner"), false, Some("Ledgerly"), Some(code)).unwrap();
        assert!(report.waiting.is_some());
    }
    // Maya's laptop lets Ledgerly's lead in; that admission held back from her second device,
    // which lets the other one in.
    let a_dir = folder.join("devices").join(a.device_id());
    let before = files_of(&a_dir);
    sync(&mut a, &project);
    seamline_sync::admit(&mut a, &project, b.device_id(), &who("Maya")).unwrap();
    let held = dir.path().join("held back");
    std::fs::create_dir_all(&held).unwrap();
    let new: Vec<_> = files_of(&a_dir).difference(&before).cloned().collect();
    for f in &new {
        std::fs::rename(f, held.join(f.file_name().unwrap())).unwrap();
    }
    sync(&mut a2, &project);
    seamline_sync::admit(&mut a2, &project, fake.device_id(), &who("Maya")).unwrap();
    for f in &new {
        std::fs::rename(held.join(f.file_name().unwrap()), f).unwrap();
    }
    assert!(sync(&mut b, &project).waiting.is_none());
    assert!(sync(&mut fake, &project).waiting.is_none());

    // The other device writes Ledgerly's side as if it were Ledgerly's.
    let lukas = named(&fake, &project, "Lukas Weber");
    fake.people_mut()
        .update(&lukas, PersonPatch { email: Some("lukas@northwind.example".into()), ..Default::default() })
        .unwrap();
    sync(&mut fake, &project);
    sync(&mut a, &project);
    sync(&mut a2, &project);
    let report = sync(&mut b, &project);
    assert_ne!(b.people().get(&lukas).unwrap().email.as_deref(), Some("lukas@northwind.example"));
    let fake_id = fake.device_id().to_string();
    assert!(
        b.trust().members(&project).unwrap().iter().all(|m| m.device != fake_id),
        "Ledgerly's device counts the other as Ledgerly's"
    );
    let said = report.skipped.iter().map(|s| s.reason.as_str()).collect::<Vec<_>>();
    assert!(
        said.iter()
            .any(|r| r.contains(&fake_id[..8]) && r.contains("your company's own devices let in its others")),
        "{said:?}"
    );
}
