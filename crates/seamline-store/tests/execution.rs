//! Blockers, the RACI and the tracks through the use cases, on a fixed clock.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use chrono::DateTime;
use seamline_core::Side;
use seamline_store::{BlockerPatch, Clock, NewBlocker, NewMilestone, NewPerson, NewProject, Role, Workspace};

fn at(now: &str) -> Clock {
    Clock::Fixed(DateTime::parse_from_rfc3339(now).unwrap())
}

struct P {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    ws: Workspace,
    id: String,
    ana: String,
    kim: String,
    lee: String,
}

/// A project on Monday 2027-01-11 with an owner and escalation contact on each side.
fn project() -> P {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite");
    let mut ws = Workspace::open(&path, at("2027-01-11T09:00:00Z")).unwrap();
    let id = ws
        .projects_mut()
        .create(NewProject {
            name: "Acme ↔ Globex".into(),
            ours: "Acme".into(),
            partner: "Globex".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let mut add = |side: &str, name: &str| {
        ws.people_mut()
            .add(
                &id,
                NewPerson {
                    side: seamline_core::Side::parse("side", side).unwrap(),
                    name: name.into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .id
    };
    let ana = add("ours", "Ana Ruiz");
    let bo = add("ours", "Bo Lin");
    let kim = add("partner", "Kim Park");
    let lee = add("partner", "Lee Chen");
    ws.people_mut().set_role(&id, Side::Ours, Role::Owner, &ana).unwrap();
    ws.people_mut().set_role(&id, Side::Ours, Role::Escalation, &bo).unwrap();
    ws.people_mut().set_role(&id, Side::Partner, Role::Owner, &kim).unwrap();
    ws.people_mut().set_role(&id, Side::Partner, Role::Escalation, &lee).unwrap();
    P { _dir: dir, path, ws, id, ana, kim, lee }
}

fn blocker(class: &str, waiting_on: &str, owner: &str) -> NewBlocker {
    NewBlocker {
        title: format!("A {class} blocker"),
        class: seamline_core::BlockerClass::parse("class", class).unwrap(),
        waiting_on: seamline_core::Side::parse("waiting_on", waiting_on).unwrap(),
        owner: owner.into(),
        opened: None,
        due: None,
    }
}

fn refused<T: std::fmt::Debug>(
    ws: &mut Workspace,
    f: impl FnOnce(&mut Workspace) -> seamline_store::Result<T>,
    expect: &str,
) {
    let before = (ws.oplog().projection_dump().unwrap(), ws.oplog().count().unwrap());
    let err = f(ws).unwrap_err();
    assert_eq!(format!("{}: {}", err.code(), err), expect);
    assert_eq!(
        (ws.oplog().projection_dump().unwrap(), ws.oplog().count().unwrap()),
        before,
        "a refused write changed data"
    );
}

#[test]
fn a_blocker_ages_in_business_days_and_escalates_once_to_the_side_it_waits_on() {
    let mut p = project();
    let b = p.ws.blockers_mut().add(&p.id, blocker("decision", "partner", &p.kim)).unwrap();
    assert_eq!((b.age_business_days, b.escalated), (0, false));
    assert_eq!(b.move_text, "Put it on the next weekly-sync agenda with both decision-makers");
    assert_eq!(b.escalate_to.as_deref(), Some(p.lee.as_str()));
    assert_eq!(b.escalate_to_name, "Lee Chen");
    drop(p.ws);

    // Monday a week later: five business days, at the threshold, not past it.
    let ws = Workspace::open(&p.path, at("2027-01-18T09:00:00Z")).unwrap();
    assert_eq!(ws.blockers().get(&b.id).unwrap().age_business_days, 5);
    assert!(ws.blockers().escalations(&p.id).unwrap().is_empty());
    drop(ws);

    // Tuesday: past it. Recorded once, with when and to whom.
    let mut ws = Workspace::open(&p.path, at("2027-01-19T09:00:00Z")).unwrap();
    let fresh = ws.blockers_mut().record_escalations(&p.id).unwrap();
    assert_eq!(fresh.len(), 1);
    assert_eq!(fresh[0].escalated_at.as_deref(), Some("2027-01-19T09:00:00Z"));
    assert!(ws.blockers_mut().record_escalations(&p.id).unwrap().is_empty(), "raised once");
    assert_eq!(ws.blockers().escalations(&p.id).unwrap().len(), 1);

    // The message to Globex's escalation contact, written as the person the user said they are.
    let anon = ws.blockers().escalation_draft(&b.id, "maya").unwrap();
    assert!(anon.body.ends_with("Thank you,\nmaya\nAcme"), "{}", anon.body);
    ws.me_mut().set_person(&p.id, Some(&p.ana)).unwrap();
    let d = ws.blockers().escalation_draft(&b.id, "maya").unwrap();
    assert_eq!((d.to_name.as_str(), d.to_email.as_deref()), ("Lee Chen", None));
    assert_eq!(d.subject, "Escalation: A decision blocker (Acme ↔ Globex)");
    assert!(d.body.starts_with("Hi Lee,"), "{}", d.body);
    assert!(d.body.contains("waiting on Globex for 6 business days (since 11 January 2027)"), "{}", d.body);
    assert!(d.body.contains("Kim Park owns it."));
    assert!(d.body.ends_with("Thank you,\nAna Ruiz\nAcme"), "{}", d.body);

    // Resolved: no longer escalated, its age frozen.
    let r = ws.blockers_mut().resolve(&b.id, Some("Decided in the weekly sync")).unwrap();
    assert_eq!(
        (r.resolved.unwrap().to_string().as_str(), r.escalated, r.age_business_days),
        ("2027-01-19", false, 6)
    );
    assert_eq!(r.resolution.as_deref(), Some("Decided in the weekly sync"));
    assert!(ws.blockers().escalations(&p.id).unwrap().is_empty());
    let reopened = ws.blockers_mut().reopen(&b.id).unwrap();
    assert!(reopened.resolved.is_none() && reopened.escalated);
}

#[test]
fn class_rules_are_applied() {
    let mut p = project();
    let access = p.ws.blockers_mut().add(&p.id, blocker("access", "partner", &p.kim)).unwrap();
    assert_eq!(access.due.unwrap().to_string(), "2027-01-15", "a same-week deadline by default");
    // An owner and a deadline: the move no longer asks for them.
    assert_eq!(
        (access.move_text.as_str(), access.move_unmet),
        ("Owner and deadline set: get it granted by then", false)
    );
    // A dependency: a date on the sprint of the company that must act, named from this
    // device's side (Acme created the project: Globex's sprint, or "your sprint").
    let dep = p.ws.blockers_mut().add(&p.id, blocker("dependency", "partner", &p.kim)).unwrap();
    assert_eq!(
        (dep.move_text.as_str(), dep.move_unmet),
        ("Get a date on Globex's sprint: a dependency with no date is a hope", true)
    );
    let ours = p.ws.blockers_mut().add(&p.id, blocker("dependency", "ours", &p.ana)).unwrap();
    assert_eq!(ours.move_text, "Put it on your sprint with a date: a dependency with no date is a hope");
    p.ws.blockers_mut().delete(&ours.id).unwrap();
    let dated =
        p.ws.blockers_mut()
            .update(&dep.id, BlockerPatch { due: Some("2027-01-29".into()), ..Default::default() })
            .unwrap();
    assert!(!dated.move_unmet, "{}", dated.move_text);
    let legal = p.ws.blockers_mut().add(&p.id, blocker("legal", "ours", &p.ana)).unwrap();
    assert_eq!(legal.move_text, "Run it in parallel with the build and escalate early");
    let oldest: Vec<_> =
        p.ws.blockers().oldest(&p.id).unwrap().into_iter().map(|b| b.class.as_str()).collect();
    assert_eq!(oldest, ["dependency", "access", "legal"]);
}

#[test]
fn bad_blockers_are_refused_with_the_field_named() {
    let mut p = project();
    let id = p.id.clone();
    let kim = p.kim.clone();
    // A class or side outside its vocabulary cannot reach the store: reading the input says so.
    let input = |class: &str, side: &str| {
        serde_json::from_value::<NewBlocker>(serde_json::json!({
            "title": "Keys", "class": class, "waiting_on": side, "owner": kim, "opened": null, "due": null
        }))
        .unwrap_err()
        .to_string()
    };
    assert_eq!(
        input("urgent", "partner"),
        "class must be one of decision, dependency, access, legal (got 'urgent')"
    );
    assert_eq!(input("legal", "them"), "side must be one of ours, partner (got 'them')");
    refused(
        &mut p.ws,
        |ws| ws.blockers_mut().add(&id, NewBlocker { title: " ".into(), ..blocker("legal", "ours", &kim) }),
        "Validation: title must not be empty",
    );
    refused(
        &mut p.ws,
        |ws| {
            ws.blockers_mut()
                .add(&id, NewBlocker { opened: Some("2027-02-01".into()), ..blocker("legal", "ours", &kim) })
        },
        "Validation: opened must not be in the future (got 2027-02-01, today is 2027-01-11)",
    );
    refused(
        &mut p.ws,
        |ws| {
            ws.blockers_mut().add(
                &id,
                NewBlocker {
                    opened: Some("2027-01-05".into()),
                    due: Some("2027-01-04".into()),
                    ..blocker("legal", "ours", &kim)
                },
            )
        },
        "Validation: due must not be before the day it was opened (2027-01-05)",
    );
    refused(
        &mut p.ws,
        |ws| ws.blockers_mut().add(&id, blocker("legal", "ours", "0123456789abcdef")),
        "Validation: owner must be a person on this project (no person '0123456789abcdef')",
    );
}

#[test]
fn a_new_project_has_the_playbooks_workstreams_and_the_check_says_what_is_missing() {
    let mut p = project();
    let names: Vec<String> = p.ws.raci().get(&p.id).unwrap().into_iter().map(|w| w.workstream).collect();
    assert_eq!(
        names,
        [
            "API access and credentials",
            "App review and certification",
            "Security questionnaire",
            "Marketing and listing assets",
            "Launch date",
            "Field mapping and source of truth"
        ]
    );
    let check = p.ws.raci().check(&p.id).unwrap();
    assert!(!check.ok);
    assert!(check.problems.contains(
        &"Security questionnaire: nobody at Acme: it lives in the gap between the companies".to_string()
    ));

    for (ws_name, ours, partner) in [
        ("API access and credentials", "C", "R"),
        ("App review and certification", "A", "R"),
        ("Security questionnaire", "R", "A"),
        ("Marketing and listing assets", "R", "C"),
        ("Launch date", "A", "A"),
        ("Field mapping and source of truth", "R", "C"),
    ] {
        p.ws.raci_mut()
            .set_cell(
                &p.id,
                ws_name,
                Side::Ours,
                seamline_core::RaciLetter::parse("letter", ours).unwrap(),
                &p.ana,
            )
            .unwrap();
        p.ws.raci_mut()
            .set_cell(
                &p.id,
                ws_name,
                Side::Partner,
                seamline_core::RaciLetter::parse("letter", partner).unwrap(),
                &p.kim,
            )
            .unwrap();
    }
    let check = p.ws.raci().check(&p.id).unwrap();
    assert!(check.ok, "the playbook's own table passes: {:?}", check.problems);

    let id = p.id.clone();
    let kim = p.kim.clone();
    refused(
        &mut p.ws,
        |ws| {
            ws.raci_mut().set_cell(
                &id,
                "Launch date",
                Side::Ours,
                seamline_core::RaciLetter::parse("letter", "A").unwrap(),
                &kim,
            )
        },
        "Validation: person must be one of Acme's people; Kim Park is with Globex",
    );
    p.ws.raci_mut()
        .set_cell(
            &p.id,
            "Launch date",
            Side::Partner,
            seamline_core::RaciLetter::parse("letter", "R").unwrap(),
            &p.kim,
        )
        .unwrap();
    assert_eq!(
        p.ws.raci().check(&p.id).unwrap().problems,
        ["Launch date: the launch date must be Accountable on both sides (Globex is not)"]
    );

    p.ws.raci_mut().add_workstream(&p.id, "Support handoff").unwrap();
    p.ws.raci_mut().move_workstream(&p.id, "Support handoff", 0).unwrap();
    p.ws.raci_mut().rename_workstream(&p.id, "Support handoff", "Support and escalations").unwrap();
    assert_eq!(p.ws.raci().get(&p.id).unwrap()[0].workstream, "Support and escalations");
    p.ws.raci_mut().remove_workstream(&p.id, "Support and escalations").unwrap();
    assert_eq!(p.ws.raci().get(&p.id).unwrap()[0].workstream, "API access and credentials");
    let before = p.ws.oplog().projection_dump().unwrap();
    p.ws.oplog_mut().rebuild().unwrap();
    assert_eq!(p.ws.oplog().projection_dump().unwrap(), before);
}

#[test]
fn go_live_waits_for_the_signed_agreement_and_parallel_tracks_save_weeks() {
    let mut p = project();
    let add = |ws: &mut Workspace, id: &str, track: &str, kind: &str, planned: &str| {
        ws.milestones_mut()
            .add(
                id,
                NewMilestone {
                    track: seamline_core::Track::parse("track", track).unwrap(),
                    kind: seamline_core::MilestoneKind::parse("kind", kind).unwrap(),
                    title: None,
                    planned: Some(planned.into()),
                },
            )
            .unwrap()
    };
    let signed = add(&mut p.ws, &p.id, "legal", "agreement-signed", "2027-02-08");
    add(&mut p.ws, &p.id, "legal", "nda", "2027-01-11");
    add(&mut p.ws, &p.id, "build", "sandbox-access", "2027-01-11");
    let live = add(&mut p.ws, &p.id, "build", "production-go-live", "2027-03-08");
    assert_eq!(live.title, "Production go-live");
    let id = live.id.clone();
    // Renamed and moved in place; a blank name is refused.
    let renamed = p.ws.milestones_mut().rename(&id, "Go-live for the pilot customers").unwrap();
    assert_eq!((renamed.title.as_str(), renamed.kind), ("Go-live for the pilot customers", live.kind));
    refused(&mut p.ws, |ws| ws.milestones_mut().rename(&id, "  "), "Validation: title must not be empty");
    let moved = p.ws.milestones_mut().reschedule(&id, Some(day("2027-03-15"))).unwrap();
    assert_eq!(moved.planned.map(|d| d.to_string()).as_deref(), Some("2027-03-15"));
    p.ws.milestones_mut().rename(&id, "Production go-live").unwrap();
    refused(
        &mut p.ws,
        |ws| ws.milestones_mut().complete(&id, None),
        "GateClosed: Production go-live waits for the signed agreement: mark \"Agreement signed\" done on the legal track first",
    );
    let pid = p.id.clone();
    refused(
        &mut p.ws,
        |ws| {
            ws.milestones_mut().add(
                &pid,
                NewMilestone {
                    track: seamline_core::Track::Build,
                    kind: seamline_core::MilestoneKind::Nda,
                    title: None,
                    planned: None,
                },
            )
        },
        "Validation: track NDA belongs on the legal track",
    );
    let tracks = p.ws.milestones().tracks(&p.id).unwrap();
    assert_eq!(tracks.weeks_saved, Some(4), "4 weeks of legal alongside 8 of build");
    assert!(!tracks.agreement_signed);

    p.ws.milestones_mut().complete(&signed.id, None).unwrap();
    let done = p.ws.milestones_mut().complete(&live.id, Some(day("2027-01-11"))).unwrap();
    assert_eq!(done.done.unwrap().to_string(), "2027-01-11");
    let sid = signed.id.clone();
    refused(
        &mut p.ws,
        |ws| ws.milestones_mut().reopen(&sid),
        "GateClosed: \"Production go-live\" is done and needs the signed agreement; reopen it first",
    );
    refused(
        &mut p.ws,
        |ws| ws.milestones_mut().complete(&id, Some(day("2027-02-01"))),
        "Validation: on must not be in the future (got 2027-02-01, today is 2027-01-11)",
    );
}

/// The Metrics chart bands open blockers against the project's own threshold (issue 31: it
/// banded every project by 3 and 5 days).
#[test]
fn the_metrics_bands_follow_the_project_s_own_threshold() {
    let mut p = project();
    p.ws.projects_mut()
        .update(&p.id, seamline_store::ProjectPatch { threshold_days: Some(2), ..Default::default() })
        .unwrap();
    // Today is Monday 2027-01-11: opened that day (0 business days), the Friday before (1),
    // the Thursday before (2), the Monday before (5).
    for opened in ["2027-01-11", "2027-01-08", "2027-01-07", "2027-01-04"] {
        p.ws.blockers_mut()
            .add(&p.id, NewBlocker { opened: Some(opened.into()), ..blocker("decision", "partner", &p.kim) })
            .unwrap();
    }
    let bands = p.ws.reports().metrics(&p.id).unwrap().blocker_ages;
    let labels: Vec<&str> = bands.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["Under 2 business days", "2 business days", "Past 2 (escalates)"]);
    let decision = seamline_core::BlockerClass::ALL
        .iter()
        .position(|c| *c == seamline_core::BlockerClass::Decision)
        .unwrap();
    let counts: Vec<u32> = bands.iter().map(|b| b.per_class[decision]).collect();
    assert_eq!(counts, [2, 1, 1], "0 and 1 day fresh, 2 aging, 5 past the threshold");
    // What escalates in the chart is what the blocker list marks escalated.
    let escalated = p.ws.blockers().list(&p.id, true).unwrap().iter().filter(|b| b.escalated).count() as u32;
    assert_eq!(bands[2].per_class.iter().sum::<u32>(), escalated);
}

/// "Mine" is one rule (core's `blocker::is_mine`): the blockers list's flag, the project
/// list's count and the portfolio's count agree, for a blocker the user owns and for one
/// escalated to them (the contact recorded when it passed the threshold).
#[test]
fn mine_is_one_rule_for_the_list_the_project_list_and_the_portfolio() {
    let mut p = project();
    let owned = p.ws.blockers_mut().add(&p.id, blocker("decision", "ours", &p.ana)).unwrap();
    let _other = p.ws.blockers_mut().add(&p.id, blocker("legal", "partner", &p.kim)).unwrap();
    drop(p.ws);
    // Tuesday a week later: both escalate; ours to Bo, Globex's to Lee.
    let mut ws = Workspace::open(&p.path, at("2027-01-19T09:00:00Z")).unwrap();
    assert_eq!(ws.blockers_mut().record_escalations(&p.id).unwrap().len(), 2);
    let bo = ws.people().list(&p.id).unwrap().into_iter().find(|x| x.name == "Bo Lin").unwrap().id;

    let counts = |ws: &Workspace| {
        let listed: Vec<String> = ws
            .blockers()
            .list(&p.id, true)
            .unwrap()
            .into_iter()
            .filter(|b| b.mine)
            .map(|b| b.title)
            .collect();
        let summary = ws.projects().list().unwrap().into_iter().find(|s| s.id == p.id).unwrap().mine;
        let portfolio = ws
            .projects()
            .portfolio()
            .unwrap()
            .into_iter()
            .find(|r| r.summary.id == p.id)
            .unwrap()
            .summary
            .mine;
        (listed, summary, portfolio)
    };
    assert_eq!(counts(&ws), (vec![], 0, 0), "no one said who they are: nothing is theirs");
    ws.me_mut().set_person(&p.id, Some(&p.ana)).unwrap();
    assert_eq!(counts(&ws), (vec![owned.title.clone()], 1, 1), "Ana owns one");
    ws.me_mut().set_person(&p.id, Some(&bo)).unwrap();
    assert_eq!(counts(&ws), (vec![owned.title.clone()], 1, 1), "it was escalated to Bo");
}

/// A blocker patch clears its owner with "" as it clears its due date, so undoing the edit
/// that gave an owner-less blocker an owner puts it back as it was.
#[test]
fn undoing_an_owner_given_to_a_blocker_without_one_leaves_it_without_one() {
    let mut p = project();
    // A blocker comes to have no owner (its owner cleared, as an older version or a removed
    // person leaves it).
    let b = p.ws.blockers_mut().add(&p.id, blocker("decision", "ours", &p.kim)).unwrap();
    let cleared =
        p.ws.blockers_mut()
            .update(&b.id, BlockerPatch { owner: Some(String::new()), ..Default::default() })
            .unwrap();
    assert_eq!(cleared.owner, None);
    let given =
        p.ws.blockers_mut()
            .update(&b.id, BlockerPatch { owner: Some(p.ana.clone()), ..Default::default() })
            .unwrap();
    assert_eq!(given.owner.as_deref(), Some(p.ana.as_str()));
    // The Undo the screen offers: what the field was, "" for none.
    let undone =
        p.ws.blockers_mut()
            .update(&b.id, BlockerPatch { owner: Some(String::new()), ..Default::default() })
            .unwrap();
    assert_eq!((undone.owner, undone.owner_name.as_str()), (None, ""));
}

/// A blocker ages in the business days of the company it waits on: the project's holidays and
/// that company's own. The list, the project page and the portfolio agree.
#[test]
fn a_blocker_ages_in_the_business_days_of_the_company_it_waits_on() {
    let mut p = project();
    let ours = p.ws.blockers_mut().add(&p.id, blocker("decision", "ours", &p.ana)).unwrap();
    let theirs = p.ws.blockers_mut().add(&p.id, blocker("legal", "partner", &p.kim)).unwrap();
    // Globex is off Tuesday to Thursday; the project as a whole on Friday.
    let patch = seamline_store::ProjectPatch {
        holidays: Some(vec!["2027-01-15".into()]),
        holidays_partner: Some(vec!["2027-01-14".into(), "2027-01-12".into(), "2027-01-13".into()]),
        ..Default::default()
    };
    let project = p.ws.projects_mut().update(&p.id, patch).unwrap();
    assert_eq!(project.holidays_partner.len(), 3);
    drop(p.ws);

    // The Tuesday after: six business days for Acme less Friday, five; for Globex two.
    let ws = Workspace::open(&p.path, at("2027-01-19T09:00:00Z")).unwrap();
    let age = |id: &str| ws.blockers().get(id).unwrap();
    assert_eq!((age(&ours.id).age_business_days, age(&ours.id).escalated), (5, false));
    assert_eq!((age(&theirs.id).age_business_days, age(&theirs.id).escalated), (2, false));
    let ws = Workspace::open(&p.path, at("2027-01-20T09:00:00Z")).unwrap();
    assert!(ws.blockers().get(&ours.id).unwrap().escalated, "Acme's is past five on Wednesday");
    assert!(!ws.blockers().get(&theirs.id).unwrap().escalated, "Globex's has waited three of its days");
    let row = ws.projects().portfolio().unwrap().into_iter().find(|r| r.summary.id == p.id).unwrap();
    assert_eq!(row.escalated, 1, "the portfolio counts as the list does");
    assert_eq!(
        (row.oldest_blocker_title.as_deref(), row.oldest_blocker_age),
        (Some("A decision blocker"), 6)
    );
    let oldest: Vec<(String, u32)> =
        ws.blockers().oldest(&p.id).unwrap().into_iter().map(|b| (b.title, b.age_business_days)).collect();
    assert_eq!(oldest, vec![("A decision blocker".to_string(), 6), ("A legal blocker".to_string(), 3)]);
}

/// A company that works Sunday to Thursday: a blocker waiting on it ages on its Sundays, not
/// its Fridays, and an access blocker's same-week deadline is its Thursday. The other
/// company's blockers keep Monday to Friday.
#[test]
fn a_blocker_ages_in_the_work_week_of_the_company_it_waits_on() {
    let mut p = project();
    let refused = p
        .ws
        .projects_mut()
        .update(
            &p.id,
            seamline_store::ProjectPatch { work_week_partner: Some("weekdays".into()), ..Default::default() },
        )
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("work_week_partner") && refused.contains("'weekdays' is not a day"),
        "{refused}"
    );
    assert_eq!(
        p.ws.projects().get(&p.id).unwrap().work_week_partner.label(),
        "Monday to Friday",
        "nothing changed"
    );

    let patch = seamline_store::ProjectPatch {
        work_week_partner: Some("Sun-Thu".into()),
        threshold_days: Some(3),
        ..Default::default()
    };
    let project = p.ws.projects_mut().update(&p.id, patch).unwrap();
    assert_eq!(project.work_week_partner.label(), "Sunday to Thursday");
    assert_eq!(project.work_week_ours.label(), "Monday to Friday");
    let ours = p.ws.blockers_mut().add(&p.id, blocker("decision", "ours", &p.ana)).unwrap();
    let theirs = p.ws.blockers_mut().add(&p.id, blocker("decision", "partner", &p.kim)).unwrap();
    let access = p.ws.blockers_mut().add(&p.id, blocker("access", "partner", &p.kim)).unwrap();
    let our_access = p.ws.blockers_mut().add(&p.id, blocker("access", "ours", &p.ana)).unwrap();
    assert_eq!(access.due.map(|d| d.to_string()).as_deref(), Some("2027-01-14"), "Globex's Thursday");
    assert_eq!(our_access.due.map(|d| d.to_string()).as_deref(), Some("2027-01-15"), "Acme's Friday");
    drop(p.ws);

    // Friday: four of Acme's days have passed, three of Globex's.
    let ws = Workspace::open(&p.path, at("2027-01-15T09:00:00Z")).unwrap();
    let b = |id: &str| ws.blockers().get(id).unwrap();
    assert_eq!((b(&ours.id).age_business_days, b(&ours.id).escalated), (4, true));
    assert_eq!((b(&theirs.id).age_business_days, b(&theirs.id).escalated), (3, false));
    let row = ws.projects().portfolio().unwrap().into_iter().find(|r| r.summary.id == p.id).unwrap();
    assert_eq!(row.escalated, 2, "Acme's two, as the list counts them");
    // Sunday: Globex's week has begun.
    let ws = Workspace::open(&p.path, at("2027-01-17T09:00:00Z")).unwrap();
    assert_eq!(
        (
            ws.blockers().get(&theirs.id).unwrap().age_business_days,
            ws.blockers().get(&ours.id).unwrap().age_business_days
        ),
        (4, 4)
    );
    let row = ws.projects().portfolio().unwrap().into_iter().find(|r| r.summary.id == p.id).unwrap();
    assert_eq!(row.escalated, 4);
}

fn day(s: &str) -> chrono::NaiveDate {
    seamline_core::calendar::parse_date(s).unwrap()
}
