//! Projects and people through the use-case API, as the app and the command call it.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;
use common::*;

use chrono::DateTime;
use seamline_core::Side;
use seamline_store::{Clock, NewPerson, NewProject, PersonPatch, ProjectPatch, Role, Workspace};

fn acme(ws: &mut Workspace) -> String {
    ws.projects_mut()
        .create(NewProject {
            name: "Acme ↔ Globex".into(),
            ours: "Acme".into(),
            partner: "Globex".into(),
            ..Default::default()
        })
        .unwrap()
        .id
}

#[test]
fn a_new_project_has_the_playbook_defaults() {
    let mut ws = ws();
    let p = ws
        .projects_mut()
        .create(NewProject {
            name: "  Acme ↔ Globex ".into(),
            ours: "Acme".into(),
            partner: "Globex".into(),
            target_launch: Some("2027-04-01".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(p.name, "Acme ↔ Globex");
    assert_eq!(p.archetype.as_str(), "data-sync");
    assert_eq!(p.threshold_days, 5);
    assert_eq!(p.target_launch.unwrap().to_string(), "2027-04-01");
    assert_eq!(p.created_at, "2027-01-15T10:00:00Z");
    let list = ws.projects().list().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].partner, "Globex");
    assert!(!list[0].roles_complete);
}

#[test]
fn bad_project_input_is_refused_with_the_field_named() {
    let mut ws = ws();
    let cases: &[(NewProject, &str)] = &[
        (
            NewProject { name: " ".into(), ours: "A".into(), partner: "B".into(), ..Default::default() },
            "Validation: name must not be empty",
        ),
        (
            NewProject {
                name: "X".into(),
                ours: "Acme".into(),
                partner: "acme".into(),
                ..Default::default()
            },
            "Validation: partner must be a different company from ours",
        ),
        (
            NewProject {
                name: "X".into(),
                ours: "A".into(),
                partner: "B".into(),
                target_launch: Some("next week".into()),
                ..Default::default()
            },
            "Validation: target_launch must be a date written YYYY-MM-DD (got 'next week')",
        ),
        (
            NewProject {
                name: "X".into(),
                ours: "A".into(),
                partner: "B".into(),
                threshold_days: Some(0),
                ..Default::default()
            },
            "Validation: threshold_days must be a whole number of business days from 1 to 65 (got 0)",
        ),
    ];
    for (input, expect) in cases {
        refused(&mut ws, |ws| ws.projects_mut().create(input.clone()), expect);
    }
    assert!(ws.projects().list().unwrap().is_empty());
}

#[test]
fn updating_a_project_writes_only_what_changed_and_validates_first() {
    let mut ws = ws();
    let id = acme(&mut ws);
    let ops = ws.oplog().count().unwrap();
    let p = ws
        .projects_mut()
        .update(
            &id,
            ProjectPatch {
                name: Some("Acme ↔ Globex".into()), // unchanged
                channel_url: Some("https://acme.slack.com/archives/C1".into()),
                sync_day: Some(Some(seamline_core::SyncDay::Thursday)),
                holidays: Some(vec!["2027-05-27".into(), "2027-01-18".into(), "2027-05-27".into()]),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(ws.oplog().count().unwrap(), ops + 3, "the unchanged name writes no op");
    assert_eq!(p.sync_day.unwrap().as_str(), "thursday");
    let hol: Vec<String> = p.holidays.iter().map(|d| d.to_string()).collect();
    assert_eq!(hol, ["2027-01-18", "2027-05-27"]);

    refused(
        &mut ws,
        |ws| {
            ws.projects_mut().update(
                &id,
                ProjectPatch {
                    name: Some("Renamed".into()),
                    channel_url: Some("slack".into()),
                    ..Default::default()
                },
            )
        },
        "Validation: channel_url must be an http:// or https:// link (got 'slack')",
    );
    // An enum value outside its vocabulary cannot reach the store: reading the input says so.
    let err =
        serde_json::from_value::<ProjectPatch>(serde_json::json!({ "sync_day": "saturday" })).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sync_day must be one of monday, tuesday, wednesday, thursday, friday (got 'saturday')"
    );
    let err = serde_json::from_value::<NewProject>(
        serde_json::json!({ "name": "X", "ours": "A", "partner": "B", "archetype": "crm" }),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "archetype must be one of data-sync, event-automation, embedded-ui, identity, marketplace-connector (got 'crm')"
    );
    // One convention for every patch: `null` leaves a field alone, `""` clears it.
    let kept = ws
        .projects_mut()
        .update(&id, serde_json::from_value(serde_json::json!({ "sync_day": null })).unwrap())
        .unwrap();
    assert!(kept.sync_day.is_some(), "null leaves the sync day");
    let cleared = ws
        .projects_mut()
        .update(&id, serde_json::from_value(serde_json::json!({ "sync_day": "" })).unwrap())
        .unwrap();
    assert_eq!(cleared.sync_day, None, "\"\" clears the sync day");
    let cleared = ws
        .projects_mut()
        .update(&id, ProjectPatch { channel_url: Some("".into()), ..Default::default() })
        .unwrap();
    assert_eq!(cleared.channel_url, None);
}

#[test]
fn each_side_role_takes_only_that_sides_people() {
    let mut ws = ws();
    let id = acme(&mut ws);
    let ana = person(&mut ws, &id, "ours", "Ana Ruiz");
    let bo = person(&mut ws, &id, "ours", "Bo Lin");
    let kim = person(&mut ws, &id, "partner", "Kim Park");

    refused(
        &mut ws,
        |ws| ws.people_mut().set_role(&id, Side::Partner, Role::Owner, &ana),
        "Validation: person must be one of Globex's people to be its owner; Ana Ruiz is with Acme",
    );
    ws.people_mut().set_role(&id, Side::Ours, Role::Owner, &ana).unwrap();
    refused(
        &mut ws,
        |ws| ws.people_mut().set_role(&id, Side::Ours, Role::Escalation, &ana),
        "Validation: person Ana Ruiz is already Acme's owner; the escalation contact must be someone above the owner",
    );
    ws.people_mut().set_role(&id, Side::Ours, Role::Escalation, &bo).unwrap();
    // UUIDv7 ids made in the same minute share their first eight digits: a short prefix is
    // ambiguous and says so, a longer one resolves.
    let err = ws.people_mut().set_role(&id, Side::Partner, Role::Owner, &kim[..8]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("id '{}' matches more than one person; give more characters", &kim[..8])
    );
    let p = ws.people_mut().set_role(&id, Side::Partner, Role::Owner, &kim[..30]).unwrap();
    assert_eq!(p.owner_ours.as_deref(), Some(ana.as_str()));
    assert_eq!(p.escalation_ours.as_deref(), Some(bo.as_str()));
    assert_eq!(p.owner_partner.as_deref(), Some(kim.as_str()));

    // a person of another project cannot hold this project's role
    let other = ws
        .projects_mut()
        .create(NewProject {
            name: "Other".into(),
            ours: "Acme".into(),
            partner: "Initech".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let stranger = person(&mut ws, &other, "partner", "Sam Stone");
    refused(
        &mut ws,
        |ws| ws.people_mut().set_role(&id, Side::Partner, Role::Escalation, &stranger),
        "Validation: person Sam Stone is not on project Acme ↔ Globex",
    );
}

#[test]
fn people_are_listed_by_side_edited_and_removed_unless_they_hold_a_role() {
    let mut ws = ws();
    let id = acme(&mut ws);
    let kim = person(&mut ws, &id, "partner", "Kim Park");
    let ana = person(&mut ws, &id, "ours", "Ana Ruiz");
    let zed = person(&mut ws, &id, "ours", "Zed Alder");
    let names: Vec<String> = ws.people().list(&id).unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["Ana Ruiz", "Zed Alder", "Kim Park"]);

    let edited = ws
        .people_mut()
        .update(
            &ana,
            PersonPatch {
                email: Some("ana@acme.io".into()),
                title: Some("Partner lead".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(edited.email.as_deref(), Some("ana@acme.io"));
    refused(
        &mut ws,
        |ws| {
            ws.people_mut()
                .update(&ana, PersonPatch { email: Some("ana at acme".into()), ..Default::default() })
        },
        "Validation: email must be an e-mail address like name@example.com (got 'ana at acme')",
    );
    let err =
        serde_json::from_value::<NewPerson>(serde_json::json!({ "side": "them", "name": "X" })).unwrap_err();
    assert_eq!(err.to_string(), "side must be one of ours, partner (got 'them')");

    ws.people_mut().set_role(&id, Side::Partner, Role::Owner, &kim).unwrap();
    refused(
        &mut ws,
        |ws| ws.people_mut().remove(&kim),
        "Validation: person Kim Park is Globex's owner; name someone else as owner first",
    );
    ws.people_mut().remove(&zed).unwrap();
    assert_eq!(ws.people().list(&id).unwrap().len(), 2);
    refused(&mut ws, |ws| ws.people().get(&zed), &format!("NotFound: no person with id '{zed}'"));
}

#[test]
fn ids_resolve_from_a_unique_prefix_of_eight_characters() {
    let mut ws = ws();
    let id = acme(&mut ws);
    assert_eq!(ws.projects().get(&id[..8]).unwrap().id, id);
    assert_eq!(ws.projects().get(&id.to_uppercase()).unwrap().id, id);
    let err = ws.projects().get(&id[..7]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("project must be an id or a unique prefix of at least 8 hex characters (got '{}')", &id[..7])
    );
    let err = ws.projects().get("%%%%%%%%%").unwrap_err();
    assert_eq!(err.code(), "Validation");
    let err = ws.projects().get("ffffffff").unwrap_err();
    assert_eq!(err.code(), "NotFound");
}

#[test]
fn a_reopened_workspace_keeps_its_device_and_issues_later_stamps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/ws.sqlite");
    let now = DateTime::parse_from_rfc3339("2027-01-15T10:00:00Z").unwrap();
    let (device, id) = {
        let mut ws = Workspace::open(&path, Clock::Fixed(now)).unwrap();
        (ws.device_id().to_string(), acme(&mut ws))
    };
    let mut ws = Workspace::open(&path, Clock::Fixed(now)).unwrap();
    assert_eq!(ws.device_id(), device);
    let before = ws.oplog().of_project(&id).unwrap().last().unwrap().hlc;
    ws.projects_mut()
        .update(&id, ProjectPatch { name: Some("Renamed".into()), ..Default::default() })
        .unwrap();
    let after = ws.oplog().of_project(&id).unwrap().last().unwrap().hlc;
    assert!(after > before, "a fixed clock still gives a later stamp after reopening");
}

#[test]
fn the_demo_is_a_realistic_project_with_both_sides_staffed() {
    let mut ws = ws();
    let p = seamline_store::demo::create(&mut ws).unwrap();
    assert_eq!((p.ours.as_str(), p.partner.as_str()), ("Northwind CRM", "Ledgerly"));
    let people = ws.people().list(&p.id).unwrap();
    assert!(people.iter().filter(|x| x.side == Side::Ours).count() >= 3);
    assert!(people.iter().filter(|x| x.side == Side::Partner).count() >= 3);
    assert!(ws.projects().list().unwrap()[0].roles_complete);
    assert!(ws.projects().list().unwrap()[0].open_blockers >= 4);
    let before = ws.oplog().projection_dump().unwrap();
    ws.oplog_mut().rebuild().unwrap();
    assert_eq!(ws.oplog().projection_dump().unwrap(), before, "the demo rebuilds from its ops");
}
