//! Kickoff through the use-case API: writing and signing the scope, the contract with its
//! checks, the checklists, the wizard's saved step and the milestone plan.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;
use common::*;

use chrono::DateTime;
use seamline_core::{ChecklistKind, Cut, MilestoneKind, Side, WizardStep};
use seamline_store::milestone::NewMilestone;
use seamline_store::{
    Clock, MappingInput, NewProject, ProjectPatch, Role, ScopeInput, TermsPatch, Workspace,
};

fn project(ws: &mut Workspace, archetype: &str) -> String {
    ws.projects_mut()
        .create(NewProject {
            name: "Acme ↔ Globex".into(),
            ours: "Acme".into(),
            partner: "Globex".into(),
            archetype: Some(seamline_core::Archetype::parse("archetype", archetype).unwrap()),
            target_launch: Some("2027-04-02".into()),
            ..Default::default()
        })
        .unwrap()
        .id
}

fn stale(ws: &Workspace, p: &str) -> Vec<(Side, bool)> {
    ws.scope().get(p).unwrap().signatures.iter().map(|s| (s.side, s.stale)).collect()
}

#[test]
fn a_company_signs_only_for_itself_and_records_the_others_signature() {
    let mut ws = ws();
    let p = project(&mut ws, "data-sync");
    let ana = person(&mut ws, &p, "ours", "Ana");
    let gil = person(&mut ws, &p, "partner", "Gil");
    ws.scope_mut().add_criterion(&p, "Invoices sync within 60 s", Cut::V1, None).unwrap();
    // This device created the project: it is with Acme, the `ours` side.
    assert_eq!(ws.projects().get(&p).unwrap().my_company.as_deref(), Some("Acme"));

    refused(
        &mut ws,
        |ws| ws.scope_mut().sign(&p, Side::Partner, Some(&gil), None),
        "Validation: side is Globex but this device is with Acme: a company signs only for itself. Ask Globex to sign in Seamline, or record the signature they gave by email or on paper (--recorded \"how it was signed\")",
    );
    refused(
        &mut ws,
        |ws| ws.scope_mut().sign(&p, Side::Ours, Some(&ana), Some("by email")),
        "Validation: recorded is for the other company's signature; Acme signs in the app",
    );
    refused(
        &mut ws,
        |ws| ws.scope_mut().sign(&p, Side::Ours, None, None),
        "Validation: person must name who signs for Acme (or say which of its people you are)",
    );
    ws.me_mut().set_person(&p, Some(&ana)).unwrap();
    let mine = ws.scope_mut().sign(&p, Side::Ours, None, None).unwrap();
    assert_eq!(
        (mine.person_name.as_str(), mine.recorded.is_none()),
        ("Ana", true),
        "signs as the user by default"
    );

    ws.me_mut().set_user_name("Ana Ruiz").unwrap();
    let theirs =
        ws.scope_mut().sign(&p, Side::Partner, Some(&gil), Some("signed by email on 12 Jan")).unwrap();
    let recorded = theirs.recorded.expect("recorded, not signed");
    assert_eq!((recorded.how.as_str(), recorded.by.as_str()), ("signed by email on 12 Jan", "Ana Ruiz"));
    let readiness = ws.projects().readiness(&p).unwrap();
    let scope_item = &readiness.items[0];
    assert!(scope_item.passed, "a recorded signature counts");
    assert_eq!(scope_item.note.as_deref(), Some("Globex's signature is recorded, not signed in Seamline"));

    // Withdrawing the other side's signature withdraws the recorded one.
    ws.scope_mut().unsign(&p, Side::Partner).unwrap();
    assert_eq!(ws.scope().get(&p).unwrap().signatures.len(), 1);
    // A device's company is said once.
    refused(&mut ws, |ws| ws.me_mut().set_side(&p, Side::Partner).map(drop), "Validation: company cannot change: this device is with Acme in this project, and a device acts for one company");
}

#[test]
fn signatures_cover_the_scope_and_go_stale_when_it_changes() {
    let mut ws = ws();
    let p = project(&mut ws, "data-sync");
    let ana = person(&mut ws, &p, "ours", "Ana");
    let gil = person(&mut ws, &p, "partner", "Gil");

    refused(
        &mut ws,
        |ws| ws.scope_mut().sign(&p, Side::Ours, Some(&ana), None),
        "Validation: scope has no acceptance criteria yet; write what done means before signing it",
    );

    let story = ws.scope_mut().add_story(&p, "As an account manager I see open invoices").unwrap();
    ws.scope_mut().add_workflow_step(&p, Side::Partner, "Admin connects the accounts").unwrap();
    let step2 = ws.scope_mut().add_workflow_step(&p, Side::Ours, "Initial sync reads 90 days").unwrap();
    let c1 = ws
        .scope_mut()
        .add_criterion(&p, "A new invoice shows within 60 s", Cut::V1, Some(&story.id))
        .unwrap();
    let c2 = ws.scope_mut().add_criterion(&p, "Refunds sync", Cut::V1_1, None).unwrap();
    let boundary = ws.scope_mut().add_boundary(&p, "No backfill beyond 90 days").unwrap();

    refused(
        &mut ws,
        |ws| ws.scope_mut().sign(&p, Side::Ours, Some(&gil), None),
        "Validation: person must be one of Acme's people to sign for it; Gil is with Globex",
    );
    ws.scope_mut().sign(&p, Side::Ours, Some(&ana), None).unwrap();
    let sig = ws.scope_mut().sign(&p, Side::Partner, Some(&gil), Some("signed by email")).unwrap();
    assert_eq!((sig.person_name.as_str(), sig.stale), ("Gil", false));
    assert_eq!(stale(&ws, &p), [(Side::Ours, false), (Side::Partner, false)]);

    // Reordering the workflow is not a change of what was agreed.
    ws.scope_mut().move_workflow_step(&step2.id, 0).unwrap();
    let scope = ws.scope().get(&p).unwrap();
    assert_eq!(scope.workflow[0].text, "Initial sync reads 90 days");
    assert_eq!(stale(&ws, &p), [(Side::Ours, false), (Side::Partner, false)]);

    // Moving a criterion across the cut line makes both signatures stale, and is recorded.
    ws.scope_mut().cut_criterion(&c2.id, Cut::V1).unwrap();
    assert_eq!(stale(&ws, &p), [(Side::Ours, true), (Side::Partner, true)]);
    let scope = ws.scope().get(&p).unwrap();
    assert_eq!(scope.moves.len(), 1);
    assert_eq!(scope.moves[0].criterion, "Refunds sync");

    // Re-signing one side leaves only the other stale; the signature row is the same one.
    ws.scope_mut().sign(&p, Side::Ours, Some(&ana), None).unwrap();
    assert_eq!(stale(&ws, &p), [(Side::Ours, false), (Side::Partner, true)]);
    assert_eq!(ws.scope().get(&p).unwrap().signatures.len(), 2);
    ws.scope_mut().sign(&p, Side::Partner, Some(&gil), Some("signed by email")).unwrap();

    // Every kind of scope change counts: a story, a criterion's words, a boundary, a removal.
    type Change<'a> = Box<dyn Fn(&mut Workspace) + 'a>;
    let changes: Vec<Change> = vec![
        Box::new(|ws| drop(ws.scope_mut().update_story(&story.id, "As a rep I see invoices").unwrap())),
        Box::new(|ws| {
            drop(ws.scope_mut().update_criterion(&c1.id, "A new invoice shows within 30 s", None).unwrap())
        }),
        Box::new(|ws| {
            drop(ws.scope_mut().update_boundary(&boundary.id, "No backfill beyond 60 days").unwrap())
        }),
        Box::new(|ws| ws.scope_mut().remove_criterion(&c2.id).unwrap()),
    ];
    for change in changes {
        change(&mut ws);
        assert_eq!(stale(&ws, &p), [(Side::Ours, true), (Side::Partner, true)]);
        ws.scope_mut().sign(&p, Side::Ours, Some(&ana), None).unwrap();
        ws.scope_mut().sign(&p, Side::Partner, Some(&gil), Some("signed by email")).unwrap();
    }

    // Removing a story keeps its criteria, no longer under a story.
    ws.scope_mut().remove_story(&story.id).unwrap();
    let scope = ws.scope().get(&p).unwrap();
    assert!(scope.stories.is_empty());
    assert_eq!(scope.criteria.len(), 1);
    assert_eq!(scope.criteria[0].story_id, None);

    // Withdrawing a signature, then signing again.
    ws.scope_mut().unsign(&p, Side::Partner).unwrap();
    assert_eq!(ws.scope().get(&p).unwrap().signatures.len(), 1);
    ws.scope_mut().sign(&p, Side::Partner, Some(&gil), Some("signed by email")).unwrap();
    assert_eq!(ws.scope().get(&p).unwrap().signatures.len(), 2);
}

#[test]
fn scope_inputs_are_checked() {
    let mut ws = ws();
    let p = project(&mut ws, "data-sync");
    refused(&mut ws, |ws| ws.scope_mut().add_story(&p, "   "), "Validation: text must not be empty");
    refused(
        &mut ws,
        |ws| ws.scope_mut().add_boundary("0000000000", "x"),
        "NotFound: no project with id '0000000000'",
    );
    refused(
        &mut ws,
        |ws| ws.scope_mut().update_story("12345678", "x"),
        "NotFound: no user story with id '12345678'",
    );
    let other = project(&mut ws, "identity");
    let foreign = ws.scope_mut().add_story(&other, "As an admin I remove users").unwrap();
    let c = ws.scope_mut().add_criterion(&p, "Invoices sync", Cut::V1, None).unwrap();
    refused(
        &mut ws,
        |ws| ws.scope_mut().update_criterion(&c.id, "Invoices sync", Some(&foreign.id)),
        "Validation: story must be a user story of the same project",
    );
}

#[test]
fn the_contract_is_checked_in_place_and_exported_for_the_partner() {
    let mut ws = ws();
    let p = project(&mut ws, "data-sync");
    let c = ws.contract().get(&p).unwrap();
    assert!(c.mappings.is_empty() && c.problems.is_empty());

    let err =
        serde_json::from_value::<TermsPatch>(serde_json::json!({ "direction": "sideways" })).unwrap_err();
    assert_eq!(
        err.to_string(),
        "direction must be one of partner-to-ours, ours-to-partner, two-way (got 'sideways')"
    );
    let c = ws
        .contract_mut()
        .update(
            &p,
            TermsPatch {
                objects: Some("Invoice, Payment".into()),
                direction: Some(Some(seamline_core::Direction::PartnerToOurs)),
                latency_target: Some("under 60 s".into()),
                retry_window: Some("24 hours".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(c.terms.latency_target, "under 60 s");

    let mapping = |partner: &str, ours: &str, sot: Option<Side>| MappingInput {
        object: "Invoice".into(),
        partner_field: partner.into(),
        our_field: ours.into(),
        source_of_truth: sot,
        ..Default::default()
    };
    ws.contract_mut().add_mapping(&p, mapping("priority", "severity", Some(Side::Partner))).unwrap();
    let c = ws.contract_mut().add_mapping(&p, mapping("priority", "urgency", None)).unwrap();
    let second = c.mappings[1].id.clone();
    let mut problems: Vec<(bool, &str)> =
        c.problems.iter().map(|x| (x.row.as_deref() == Some(second.as_str()), x.field.as_str())).collect();
    problems.sort();
    assert_eq!(problems, [(false, "partner_field"), (true, "partner_field"), (true, "source_of_truth")]);

    let err = serde_json::from_value::<MappingInput>(serde_json::json!({
        "object": "Invoice", "partner_field": "status", "partner_type": "", "our_field": "state", "our_type": "",
        "allowed_values": "", "value_map": "", "default_value": "", "source_of_truth": "both"
    }))
    .unwrap_err();
    assert_eq!(err.to_string(), "side must be one of ours, partner (got 'both')");
    let c = ws.contract_mut().update_mapping(&second, mapping("status", "state", Some(Side::Ours))).unwrap();
    assert!(c.problems.is_empty(), "{:?}", c.problems);

    let c = ws
        .contract_mut()
        .add_auth_scope(
            &p,
            ScopeInput {
                scope: "invoices.read".into(),
                description: "Read invoices".into(),
                justification: "".into(),
            },
        )
        .unwrap();
    assert_eq!(c.problems.len(), 1);
    assert_eq!(c.problems[0].field, "justification");
    refused(
        &mut ws,
        |ws| {
            ws.contract_mut()
                .add_auth_scope(&p, ScopeInput { scope: "invoices.read".into(), ..Default::default() })
        },
        "Validation: scope is already listed; edit it instead",
    );
    refused(
        &mut ws,
        |ws| {
            ws.contract_mut()
                .add_auth_scope(&p, ScopeInput { scope: "read everything".into(), ..Default::default() })
        },
        "Validation: scope must be one scope name without spaces, e.g. tickets.read",
    );

    ws.scope_mut().add_boundary(&p, "No attachments").unwrap();
    let md = ws.contract().markdown(&p).unwrap();
    assert!(md.contains("- **Direction:** Globex → Acme"), "{md}");
    assert!(md.contains("| Invoice | status | — | state | — | — | — | — | Acme |"), "{md}");
    assert!(md.contains("| `invoices.read` | Read invoices | — |"), "{md}");
    assert!(md.contains("- No attachments"), "{md}");

    let scope = ws.contract().get(&p).unwrap().scopes[0].id.clone();
    let c = ws.contract_mut().remove_auth_scope(&scope).unwrap();
    assert!(c.scopes.is_empty() && c.problems.is_empty());
}

#[test]
fn checklists_come_pre_filled_per_archetype_and_are_checkable() {
    let mut ws = ws();
    let identity = project(&mut ws, "identity");
    let sync = project(&mut ws, "data-sync");
    let items = ws.checklists().list(&identity).unwrap();
    for list in ChecklistKind::ALL {
        assert!(items.iter().any(|i| i.list == *list), "no {list:?} items");
    }
    assert!(items.iter().any(|i| i.text.contains("SCIM deprovisioning")));
    assert!(!ws.checklists().list(&sync).unwrap().iter().any(|i| i.text.contains("SCIM")));
    assert!(items.iter().all(|i| !i.done));

    let first = items[0].id.clone();
    let item = ws.checklists_mut().check_item(&first, true).unwrap();
    assert!(item.done);
    let item = ws.checklists_mut().update_item(&first, None, Some("https://acme.example/privacy")).unwrap();
    assert_eq!(item.note, "https://acme.example/privacy");
    let item = ws.checklists_mut().update_item(&first, None, Some("")).unwrap();
    assert_eq!(item.note, "");

    refused(
        &mut ws,
        |ws| ws.checklists_mut().add_item(&identity, ChecklistKind::Runbook, "  "),
        "Validation: text must not be empty",
    );
    let added = ws
        .checklists_mut()
        .add_item(&identity, ChecklistKind::Runbook, "SCIM 409 → re-link the user")
        .unwrap();
    let items = ws.checklists().list(&identity).unwrap();
    // the new runbook entry sits with the runbook, at its end
    assert_eq!(items.last().unwrap().id, added.id);
    ws.checklists_mut().remove_item(&added.id).unwrap();
    assert!(!ws.checklists().list(&identity).unwrap().iter().any(|i| i.id == added.id));
}

#[test]
fn the_wizard_resumes_where_it_was_left_and_plans_the_tracks() {
    let path = tempfile::tempdir().unwrap();
    let file = path.path().join("ws.sqlite");
    let now = DateTime::parse_from_rfc3339("2027-01-15T10:00:00Z").unwrap();
    let p = {
        let mut ws = Workspace::open(&file, Clock::Fixed(now)).unwrap();
        let p = project(&mut ws, "marketplace-connector");
        assert_eq!(ws.projects().get(&p).unwrap().wizard_step, None);
        ws.projects_mut().set_wizard_step(&p, WizardStep::Contract).unwrap();
        p
    };
    let mut ws = Workspace::open(&file, Clock::Fixed(now)).unwrap();
    assert_eq!(ws.projects().get(&p).unwrap().wizard_step, Some(WizardStep::Contract));

    let plan = ws.milestones().plan(&p).unwrap();
    assert!(plan.iter().any(|m| m.kind == MilestoneKind::MarketplaceListing));
    let golive = plan.iter().find(|m| m.kind == MilestoneKind::ProductionGoLive).unwrap();
    assert_eq!(golive.planned.unwrap().to_string(), "2027-04-02");

    // One bad row refuses the whole batch, naming the row.
    let as_new = |m: &seamline_core::kickoff::PlannedMilestone| NewMilestone {
        track: m.track,
        kind: m.kind,
        title: Some(m.title.clone()),
        planned: m.planned.map(|d| d.to_string()),
    };
    let mut batch: Vec<NewMilestone> = plan.iter().map(as_new).collect();
    batch[2].planned = Some("next week".into());
    refused(
        &mut ws,
        |ws| ws.milestones_mut().add_many(&p, batch.clone()),
        "Validation: planned must be a date written YYYY-MM-DD (got 'next week') (milestone 3)",
    );
    let added = ws.milestones_mut().add_many(&p, plan.iter().map(as_new).collect()).unwrap();
    assert_eq!(added.len(), plan.len());
    // the plan now proposes nothing twice
    assert!(ws.milestones().plan(&p).unwrap().is_empty());
}

#[test]
fn a_project_set_up_step_by_step_passes_the_new_engineer_test() {
    let mut ws = ws();
    let p = project(&mut ws, "data-sync");
    assert_eq!(ws.projects().readiness(&p).unwrap().passed, 0);
    let ana = person(&mut ws, &p, "ours", "Ana");
    let olu = person(&mut ws, &p, "ours", "Olu");
    let gil = person(&mut ws, &p, "partner", "Gil");
    let hal = person(&mut ws, &p, "partner", "Hal");
    ws.people_mut().set_role(&p, Side::Ours, Role::Owner, &ana).unwrap();
    ws.people_mut().set_role(&p, Side::Ours, Role::Escalation, &olu).unwrap();
    ws.people_mut().set_role(&p, Side::Partner, Role::Owner, &gil).unwrap();
    ws.people_mut().set_role(&p, Side::Partner, Role::Escalation, &hal).unwrap();
    ws.scope_mut().add_criterion(&p, "Invoices sync within 60 s", Cut::V1, None).unwrap();
    ws.scope_mut().sign(&p, Side::Ours, Some(&ana), None).unwrap();
    ws.scope_mut().sign(&p, Side::Partner, Some(&gil), Some("signed by email")).unwrap();
    ws.projects_mut()
        .update(
            &p,
            ProjectPatch { channel_url: Some("https://chat.example/c/1".into()), ..Default::default() },
        )
        .unwrap();
    let filled = ws.raci_mut().fill_with_owners(&p).unwrap();
    assert_eq!(filled, 12, "the five default workstreams and the data sync's own, two sides");
    let nda = ws
        .milestones_mut()
        .add(
            &p,
            NewMilestone {
                track: seamline_core::Track::Legal,
                kind: seamline_core::MilestoneKind::Nda,
                title: None,
                planned: None,
            },
        )
        .unwrap();
    ws.milestones_mut().complete(&nda.id, None).unwrap();
    let r = ws.projects().readiness(&p).unwrap();
    assert!(r.ready, "missing: {:?}", r.missing);
    assert_eq!((r.passed, r.total), (9, 9));
}
