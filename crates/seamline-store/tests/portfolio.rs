//! The portfolio: what needs attention first, and never a stale row, however a project changed
//! (an edit here, ops imported out of order, or another process writing the same file).

mod common;
use common::*;

use chrono::DateTime;
use seamline_store::blocker::NewBlocker;
use seamline_store::oplog::Op;
use seamline_store::{NewPerson, NewProject, Workspace};

fn project(ws: &mut Workspace, name: &str) -> String {
    ws.create_project(NewProject {
        name: name.into(),
        ours: "Acme".into(),
        partner: "Globex".into(),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn blocker(ws: &mut Workspace, p: &str, title: &str, opened: &str) -> String {
    let owner = ws
        .add_person(p, NewPerson { side: "partner".into(), name: "Kim".into(), ..Default::default() })
        .unwrap()
        .id;
    ws.add_blocker(
        p,
        NewBlocker {
            title: title.into(),
            class: "access".into(),
            waiting_on: "partner".into(),
            owner,
            opened: Some(opened.into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

fn row<'a>(
    rows: &'a [seamline_store::portfolio::PortfolioRow],
    id: &str,
) -> &'a seamline_store::portfolio::PortfolioRow {
    rows.iter().find(|r| r.summary.id == id).unwrap()
}

#[test]
fn the_oldest_escalation_comes_first_and_every_change_shows() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ws.sqlite");
    let mut ws = Workspace::open(&file, clock()).unwrap();
    let calm = project(&mut ws, "Calm");
    let stuck = project(&mut ws, "Stuck");
    let first = ws.portfolio().unwrap();
    assert_eq!(first.iter().map(|r| r.summary.name.as_str()).collect::<Vec<_>>(), ["Calm", "Stuck"]);

    // An edit through this workspace.
    blocker(&mut ws, &stuck, "Sandbox keys", "2026-12-28");
    let rows = ws.portfolio().unwrap();
    assert_eq!(rows[0].summary.name, "Stuck", "the project with the old blocker comes first");
    assert_eq!(row(&rows, &stuck).oldest_blocker_title.as_deref(), Some("Sandbox keys"));
    assert_eq!(row(&rows, &stuck).oldest_blocker_age, 14);
    assert_eq!(row(&rows, &calm).oldest_blocker_title, None);

    // A change the project's summary line does not show (the next gate) still shows.
    let m = ws
        .add_milestone(
            &calm,
            seamline_store::NewMilestone {
                track: "legal".into(),
                kind: "nda".into(),
                planned: Some("2027-01-20".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(row(&ws.portfolio().unwrap(), &calm).next_gate.as_deref(), Some("NDA (2027-01-20)"));
    ws.complete_milestone(&m.id, None).unwrap();
    assert_eq!(row(&ws.portfolio().unwrap(), &calm).next_gate, None);

    // A milestone made on another device, stamped before this device's newest op, imported
    // now: the newest stamp of the project does not move, the row must still change.
    let remote = |field: &str, value: serde_json::Value| Op {
        hlc: 1,
        device: "partner-device".into(),
        project_id: calm.clone(),
        entity: "milestone".into(),
        row_id: "0190aaaa-0000-7000-8000-000000000001".into(),
        field: field.into(),
        value,
        prev_hlc: None,
        prev_device: None,
    };
    ws.apply_remote(&[
        remote("track", "build".into()),
        remote("kind", "sandbox-access".into()),
        remote("title", "Sandbox access".into()),
        remote("planned", "2027-01-22".into()),
    ])
    .unwrap();
    assert_eq!(
        row(&ws.portfolio().unwrap(), &calm).next_gate.as_deref(),
        Some("Sandbox access (2027-01-22)")
    );

    // Ops from another device, stamped before this device's newest op, imported now.
    let older = Op {
        hlc: 1,
        device: "partner-device".into(),
        project_id: calm.clone(),
        entity: "project".into(),
        row_id: calm.clone(),
        field: "name".into(),
        value: "Calm (renamed long ago)".into(),
        prev_hlc: None,
        prev_device: None,
    };
    ws.apply_remote(&[older]).unwrap();
    let rows = ws.portfolio().unwrap();
    // the rename lost to the newer local name, but the row was recomputed: the log changed
    assert_eq!(row(&rows, &calm).summary.name, "Calm");
    let newer = Op {
        // a minute ahead of this device: newer than anything it wrote, within the skew limit
        hlc: (DateTime::parse_from_rfc3339("2027-01-15T10:01:00Z").unwrap().timestamp_millis()) << 16,
        device: "partner-device".into(),
        project_id: calm.clone(),
        entity: "project".into(),
        row_id: calm.clone(),
        field: "name".into(),
        value: "Calm and steady".into(),
        prev_hlc: None,
        prev_device: None,
    };
    ws.apply_remote(&[newer]).unwrap();
    assert_eq!(row(&ws.portfolio().unwrap(), &calm).summary.name, "Calm and steady");

    // Another process (the command) writes the same file while this workspace is open.
    let mut other = Workspace::open(&file, clock()).unwrap();
    let b = blocker(&mut other, &calm, "Security questionnaire", "2026-12-01");
    let rows = ws.portfolio().unwrap();
    assert_eq!(row(&rows, &calm).oldest_blocker_title.as_deref(), Some("Security questionnaire"));
    assert_eq!(rows[0].summary.id, calm, "now the oldest blocker is Calm's");
    other.resolve_blocker(&b, None).unwrap();
    let rows = ws.portfolio().unwrap();
    assert_eq!(row(&rows, &calm).oldest_blocker_title, None);
    // even a change the summary line does not show
    other.complete_milestone("0190aaaa-0000-7000-8000-000000000001", None).unwrap();
    assert_eq!(row(&ws.portfolio().unwrap(), &calm).next_gate, None);

    // A rebuild gives the same portfolio.
    let before = ws.portfolio().unwrap();
    ws.rebuild().unwrap();
    assert_eq!(ws.portfolio().unwrap(), before);
}
