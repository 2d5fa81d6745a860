//! The weekly cadence on the demo project at a fixed instant: the drafted status and agenda
//! (snapshots of the Markdown people read), publishing, decisions and moves across the cut.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use chrono::DateTime;
use seamline_store::{Clock, NewDecision, Workspace};

fn demo() -> (Workspace, String) {
    let now = DateTime::parse_from_rfc3339("2027-01-15T10:00:00Z").unwrap();
    let mut ws = Workspace::open_in_memory(Clock::Fixed(now)).unwrap();
    let id = seamline_store::demo::create(&mut ws).unwrap().id;
    (ws, id)
}

#[test]
fn the_weekly_status_draft() {
    let (ws, id) = demo();
    insta::assert_snapshot!(ws.reports().status_draft(&id, None).unwrap().body);
}

#[test]
fn the_weekly_sync_agenda() {
    let (ws, id) = demo();
    insta::assert_snapshot!(ws.reports().agenda(&id).unwrap());
}

#[test]
fn a_published_status_is_kept_one_per_week_and_readable_later() {
    let (mut ws, id) = demo();
    let before = ws.reports().published(&id).unwrap().len();
    let draft = ws.reports().status_draft(&id, None).unwrap().body;
    let edited = format!("{draft}\nA note from the lead.");
    let r = ws.reports_mut().publish_status(&id, None, &edited).unwrap();
    assert_eq!(r.week.unwrap().to_string(), "2027-01-15");
    assert!(r.body.ends_with("A note from the lead."));
    // publishing the same week again replaces it
    ws.reports_mut().publish_status(&id, Some(day("2027-01-13")), "Second thoughts").unwrap();
    let reports = ws.reports().published(&id).unwrap();
    assert_eq!(reports.len(), before + 1);
    assert_eq!(reports[0].body, "Second thoughts");
    assert_eq!(ws.reports().latest_status(&id).unwrap().unwrap().body, "Second thoughts");
    // The history says what happened in words, not the Markdown and an instant.
    let said: Vec<String> = ws.history().activity(&id, 2).unwrap().into_iter().map(|a| a.summary).collect();
    assert_eq!(
        said,
        [
            "published the weekly status of the week ending 2027-01-15 again",
            "published the weekly status of the week ending 2027-01-15",
        ]
    );
    let err = ws.reports_mut().publish_status(&id, None, "   ").unwrap_err();
    assert_eq!(err.to_string(), "body must not be empty");
}

#[test]
fn the_history_names_a_renamed_blocker_by_the_name_it_had() {
    let (mut ws, id) = demo();
    let b = ws.blockers().list(&id, true).unwrap().into_iter().next().unwrap();
    let patch = seamline_store::BlockerPatch {
        title: Some("Sandbox keys for Ledgerly".into()),
        ..Default::default()
    };
    ws.blockers_mut().update(&b.id, patch).unwrap();
    let said = ws.history().activity(&id, 1).unwrap().remove(0).summary;
    assert_eq!(
        said,
        format!("renamed blocker \u{2018}{}\u{2019} to \u{2018}Sandbox keys for Ledgerly\u{2019}", b.title)
    );
}

#[test]
fn the_history_says_a_ticked_item_a_finished_kickoff_and_a_day_in_words() {
    let (mut ws, id) = demo();
    let item = ws.checklists().list(&id).unwrap().into_iter().find(|i| !i.done).unwrap();
    ws.checklists_mut().check_item(&item.id, true).unwrap();
    ws.projects_mut().set_wizard_step(&id, seamline_core::WizardStep::Done).unwrap();
    let patch = seamline_store::ProjectPatch {
        status_day: Some(Some(seamline_core::SyncDay::Friday)),
        ..Default::default()
    };
    ws.projects_mut().update(&id, patch).unwrap();
    // The three writes share one instant (a fixed clock): their order is not the point.
    let mut said: Vec<String> =
        ws.history().activity(&id, 3).unwrap().into_iter().map(|a| a.summary).collect();
    said.sort();
    assert_eq!(
        said,
        [
            "changed the project \u{2018}CRM to billing sync\u{2019}: status day \u{2192} Friday".to_string(),
            "finished the kickoff setup of \u{2018}CRM to billing sync\u{2019}".to_string(),
            format!("ticked checklist item \u{2018}{}\u{2019}", item.text),
        ]
    );
}

#[test]
fn recording_a_decision_resolves_the_blocker_it_answers() {
    let (mut ws, id) = demo();
    let blocker =
        ws.blockers().list(&id, true).unwrap().into_iter().find(|b| b.class.as_str() == "decision").unwrap();
    let lukas = ws.people().list(&id).unwrap().into_iter().find(|p| p.name == "Lukas Weber").unwrap();
    let d = ws
        .decisions_mut()
        .record(
            &id,
            NewDecision {
                question: blocker.title.clone(),
                decision: "Northwind owns the billing contact's email".into(),
                decided_by: lukas.id.clone(),
                decided_on: None,
                blocker: Some(blocker.id.clone()),
            },
        )
        .unwrap();
    assert_eq!(d.decided_by_name, "Lukas Weber");
    let b = ws.blockers().get(&blocker.id).unwrap();
    assert_eq!(b.resolved.unwrap().to_string(), "2027-01-15");
    assert_eq!(b.resolution.as_deref(), Some("Decided: Northwind owns the billing contact's email"));
    assert!(!ws.reports().agenda(&id).unwrap().contains(&blocker.title), "no longer on the agenda");
    assert_eq!(ws.decisions().list(&id).unwrap()[0].id, d.id);

    // A recorded decision can be corrected; a bad correction changes nothing.
    let sofia = ws.people().list(&id).unwrap().into_iter().find(|p| p.name == "Sofia Alvarez").unwrap();
    let fixed = ws
        .decisions_mut()
        .update(
            &d.id,
            seamline_store::DecisionPatch {
                decision: Some("Ledgerly owns it; Northwind reads it".into()),
                decided_by: Some(sofia.id.clone()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        (fixed.decision.as_str(), fixed.decided_by_name.as_str()),
        ("Ledgerly owns it; Northwind reads it", "Sofia Alvarez")
    );
    let before = ws.decisions().list(&id).unwrap();
    let err = ws
        .decisions_mut()
        .update(
            &d.id,
            seamline_store::DecisionPatch {
                question: Some("Still?".into()),
                decided_on: Some("2027-02-30".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.to_string(), "decided_on must be a date written YYYY-MM-DD (got '2027-02-30')");
    assert_eq!(ws.decisions().list(&id).unwrap(), before, "nothing changed");
}

#[test]
fn moving_criteria_across_the_cut_line_is_recorded_and_changes_the_forecast() {
    let (mut ws, id) = demo();
    let m = ws.reports().metrics(&id).unwrap();
    assert_eq!((m.v1_total, m.v1_remaining), (6, 2));
    assert!(!m.at_risk);
    let open = ws
        .scope()
        .criteria(&id)
        .unwrap()
        .into_iter()
        .find(|c| c.cut.as_str() == "v1" && c.met_on.is_none())
        .unwrap();
    ws.scope_mut().cut_criterion(&open.id, seamline_core::Cut::V1_1).unwrap();
    let m = ws.reports().metrics(&id).unwrap();
    assert_eq!((m.v1_total, m.v1_remaining), (5, 1));
    let moves = ws.scope().cut_moves(&id).unwrap();
    assert_eq!(moves.len(), 1);
    assert_eq!((moves[0].criterion.as_str(), moves[0].to.as_str()), (open.text.as_str(), "v1.1"));
    let met = ws.scope_mut().met_criterion(&open.id, Some(day("2027-01-14"))).unwrap();
    assert_eq!(met.met_on.unwrap().to_string(), "2027-01-14");
    let err = ws.scope_mut().met_criterion(&open.id, Some(day("2027-02-01"))).unwrap_err();
    assert_eq!(err.to_string(), "on must not be in the future (got 2027-02-01, today is 2027-01-15)");
}

#[test]
fn a_date_at_risk_comes_with_a_proposal_of_what_to_cut() {
    let (mut ws, id) = demo();
    // Pull the target launch in to next week: two criteria cannot be met at one and a half a week.
    ws.projects_mut()
        .update(
            &id,
            seamline_store::ProjectPatch { target_launch: Some("2027-01-22".into()), ..Default::default() },
        )
        .unwrap();
    let m = ws.reports().metrics(&id).unwrap();
    assert!(m.at_risk);
    assert_eq!(m.forecast_v1_date.unwrap().to_string(), "2027-01-29");
    assert_eq!(m.cut_proposal.len(), 1, "cut one to fit the week left: {:?}", m.cut_proposal);
    assert!(m.cut_proposal.iter().all(|c| c.cut.as_str() == "v1" && c.met_on.is_none()));
}

#[test]
fn the_demo_passes_most_of_the_new_engineer_test_and_says_what_is_missing() {
    let (ws, id) = demo();
    let r = ws.projects().readiness(&id).unwrap();
    assert_eq!((r.passed, r.total), (8, 9));
    assert_eq!(r.missing, ["Scope signed by both sides, and not changed since"], "only our side signed");
    assert!(!r.ready);
}

#[test]
fn the_sync_day_and_the_status_day_remind_once_a_day_unless_turned_off() {
    // The demo's weekly sync is on Tuesday; Monday 2027-01-18 is the status day.
    let at = |now: &str| Clock::Fixed(DateTime::parse_from_rfc3339(now).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite");
    let mut ws = Workspace::open(&path, at("2027-01-18T08:00:00Z")).unwrap();
    let id = seamline_store::demo::create(&mut ws).unwrap().id;
    let due = ws.reminders().due(&id).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].title, "Weekly status: CRM to billing sync");
    ws.reminders_mut().mark_reminded(&id, due[0].kind).unwrap();
    assert!(ws.reminders().due(&id).unwrap().is_empty(), "raised once that day");
    drop(ws);

    let mut ws = Workspace::open(&path, at("2027-01-19T08:00:00Z")).unwrap();
    let due = ws.reminders().due(&id).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].title, "Weekly sync today: CRM to billing sync");
    assert!(due[0].body.contains("decision"), "{}", due[0].body);

    // A status day set apart; then reminders off on this device.
    let patch = seamline_store::ProjectPatch {
        status_day: Some(Some(seamline_core::SyncDay::Tuesday)),
        ..Default::default()
    };
    let p = ws.projects_mut().update(&id, patch).unwrap();
    assert_eq!(p.status_day, Some(seamline_core::SyncDay::Tuesday));
    assert_eq!(ws.reminders().due(&id).unwrap().len(), 2);
    ws.reminders_mut().set_enabled(&id, false).unwrap();
    assert!(!ws.projects().get(&id).unwrap().reminders);
    assert!(ws.reminders().due(&id).unwrap().is_empty());
}

fn day(s: &str) -> chrono::NaiveDate {
    seamline_core::calendar::parse_date(s).unwrap()
}
