//! The portfolio: what needs attention first, and never a stale row, however a project changed
//! (an edit here, ops imported out of order, or another process writing the same file).

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;
use common::*;

use chrono::DateTime;
use seamline_store::blocker::NewBlocker;
use seamline_store::oplog::Op;
use seamline_store::{NewPerson, NewProject, Workspace};

fn project(ws: &mut Workspace, name: &str) -> String {
    ws.projects_mut()
        .create(NewProject {
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
        .people_mut()
        .add(p, NewPerson { side: seamline_core::Side::Partner, name: "Kim".into(), ..Default::default() })
        .unwrap()
        .id;
    ws.blockers_mut()
        .add(
            p,
            NewBlocker {
                title: title.into(),
                class: seamline_core::BlockerClass::Access,
                waiting_on: seamline_core::Side::Partner,
                owner,
                opened: Some(opened.into()),
                due: None,
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
    let first = ws.projects().portfolio().unwrap();
    assert_eq!(first.iter().map(|r| r.summary.name.as_str()).collect::<Vec<_>>(), ["Calm", "Stuck"]);

    // An edit through this workspace.
    blocker(&mut ws, &stuck, "Sandbox keys", "2026-12-28");
    let rows = ws.projects().portfolio().unwrap();
    assert_eq!(rows[0].summary.name, "Stuck", "the project with the old blocker comes first");
    assert_eq!(row(&rows, &stuck).oldest_blocker_title.as_deref(), Some("Sandbox keys"));
    assert_eq!(row(&rows, &stuck).oldest_blocker_age, 14);
    assert_eq!(row(&rows, &calm).oldest_blocker_title, None);

    // A change the project's summary line does not show (the next gate) still shows.
    let m = ws
        .milestones_mut()
        .add(
            &calm,
            seamline_store::NewMilestone {
                track: seamline_core::Track::Legal,
                kind: seamline_core::MilestoneKind::Nda,
                planned: Some("2027-01-20".into()),
                title: None,
            },
        )
        .unwrap();
    assert_eq!(
        row(&ws.projects().portfolio().unwrap(), &calm).next_gate.as_deref(),
        Some("NDA (2027-01-20)")
    );
    ws.milestones_mut().complete(&m.id, None).unwrap();
    assert_eq!(row(&ws.projects().portfolio().unwrap(), &calm).next_gate, None);

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
        made_at: None,
    };
    ws.oplog_mut()
        .apply_remote(&[
            remote("track", "build".into()),
            remote("kind", "sandbox-access".into()),
            remote("title", "Sandbox access".into()),
            remote("planned", "2027-01-22".into()),
        ])
        .unwrap();
    assert_eq!(
        row(&ws.projects().portfolio().unwrap(), &calm).next_gate.as_deref(),
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
        made_at: None,
    };
    ws.oplog_mut().apply_remote(&[older]).unwrap();
    let rows = ws.projects().portfolio().unwrap();
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
        made_at: None,
    };
    ws.oplog_mut().apply_remote(&[newer]).unwrap();
    assert_eq!(row(&ws.projects().portfolio().unwrap(), &calm).summary.name, "Calm and steady");

    // Another process (the command) writes the same file while this workspace is open.
    let mut other = Workspace::open(&file, clock()).unwrap();
    let b = blocker(&mut other, &calm, "Security questionnaire", "2026-12-01");
    let rows = ws.projects().portfolio().unwrap();
    assert_eq!(row(&rows, &calm).oldest_blocker_title.as_deref(), Some("Security questionnaire"));
    assert_eq!(rows[0].summary.id, calm, "now the oldest blocker is Calm's");
    other.blockers_mut().resolve(&b, None).unwrap();
    let rows = ws.projects().portfolio().unwrap();
    assert_eq!(row(&rows, &calm).oldest_blocker_title, None);
    // even a change the summary line does not show
    other.milestones_mut().complete("0190aaaa-0000-7000-8000-000000000001", None).unwrap();
    assert_eq!(row(&ws.projects().portfolio().unwrap(), &calm).next_gate, None);

    // A rebuild gives the same portfolio.
    let before = ws.projects().portfolio().unwrap();
    ws.oplog_mut().rebuild().unwrap();
    assert_eq!(ws.projects().portfolio().unwrap(), before);
}

/// What the project's own blocker list says the portfolio should show: how many are
/// escalated, and per class the one that waited longest (ties: opened first, then by id).
fn from_the_list(ws: &Workspace, p: &str) -> (u32, Vec<(String, String, u32)>) {
    let open = ws.blockers().list(p, true).unwrap();
    let mut oldest: Vec<(String, String, u32)> = Vec::new();
    for class in seamline_core::BlockerClass::ALL {
        let of_class: Vec<_> = open.iter().filter(|b| b.class == *class).collect();
        let Some(age) = of_class.iter().map(|b| b.age_business_days).max() else { continue };
        let first = of_class
            .iter()
            .filter(|b| b.age_business_days == age)
            .min_by(|a, b| (a.opened, &a.id).cmp(&(b.opened, &b.id)))
            .unwrap();
        oldest.push((class.as_str().to_string(), first.title.clone(), age));
    }
    (open.iter().filter(|b| b.escalated).count() as u32, oldest)
}

/// One change to a project's blockers, as a user or another device makes it.
#[derive(Debug, Clone)]
enum Change {
    Add {
        class: usize,
        days_back: i64,
    },
    Resolve(usize),
    Reopen(usize),
    Delete(usize),
    Reclass(usize, usize),
    /// From another device: a blocker of a class this build does not know, with no opened day.
    RemoteOdd,
    /// Another owner: Kim (Globex), Ana (Acme) or none.
    Reassign(usize, usize),
    /// Waiting on Acme (true) or Globex.
    Wait(usize, bool),
    /// The blockers past the threshold escalated (to whom each side names).
    Escalate,
    /// This device's user says they are Ana, or no one.
    Me(bool),
    /// Every table projected again from the log.
    Rebuild,
    /// From another device, a later edit of a blocker's company waited on, owner or resolution.
    RemoteEdit(usize, usize),
}

fn change() -> impl proptest::strategy::Strategy<Value = Change> {
    use proptest::prelude::*;
    prop_oneof![
        4 => (0usize..4, 0i64..40).prop_map(|(class, days_back)| Change::Add { class, days_back }),
        1 => (0usize..50).prop_map(Change::Resolve),
        1 => (0usize..50).prop_map(Change::Reopen),
        1 => (0usize..50).prop_map(Change::Delete),
        1 => (0usize..50, 0usize..4).prop_map(|(b, c)| Change::Reclass(b, c)),
        1 => Just(Change::RemoteOdd),
        1 => (0usize..50, 0usize..3).prop_map(|(b, o)| Change::Reassign(b, o)),
        1 => (0usize..50, any::<bool>()).prop_map(|(b, ours)| Change::Wait(b, ours)),
        1 => Just(Change::Escalate),
        1 => any::<bool>().prop_map(Change::Me),
        1 => Just(Change::Rebuild),
        2 => (0usize..50, 0usize..6).prop_map(|(b, e)| Change::RemoteEdit(b, e)),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// The portfolio counts open blockers from an index instead of reading them: whatever
    /// happened to them, it shows what the project's own blocker list shows, and so do the
    /// metrics and the project list.
    #[test]
    fn the_portfolio_shows_what_the_blocker_list_shows(changes in proptest::collection::vec(change(), 1..30)) {
        let mut ws = ws();
        let p = project(&mut ws, "Tally");
        ws.projects_mut().update(&p, seamline_store::ProjectPatch { threshold_days: Some(3), ..Default::default() }).unwrap();
        let owner = person(&mut ws, &p, "partner", "Kim");
        let ana = person(&mut ws, &p, "ours", "Ana");
        ws.people_mut().set_role(&p, seamline_core::Side::Ours, seamline_store::Role::Escalation, &ana).unwrap();
        ws.people_mut().set_role(&p, seamline_core::Side::Partner, seamline_store::Role::Escalation, &owner).unwrap();
        let today = ws.today();
        let mut ids: Vec<String> = Vec::new();
        let mut remote = 0;
        for (n, c) in changes.iter().enumerate() {
            let pick = |i: &usize| ids.get(i % ids.len().max(1)).cloned();
            match c {
                Change::Add { class, days_back } => {
                    let b = ws.blockers_mut().add(&p, NewBlocker {
                        title: format!("Blocker {n}"),
                        class: seamline_core::BlockerClass::ALL[*class],
                        waiting_on: seamline_core::Side::Partner,
                        owner: owner.clone(),
                        opened: Some((today - chrono::Duration::days(*days_back)).to_string()),
                        due: None,
                    }).unwrap();
                    ids.push(b.id);
                }
                Change::Resolve(i) => if let Some(id) = pick(i) { let _ = ws.blockers_mut().resolve(&id, None); },
                Change::Reopen(i) => if let Some(id) = pick(i) { let _ = ws.blockers_mut().reopen(&id); },
                Change::Delete(i) => if let Some(id) = pick(i) { let _ = ws.blockers_mut().delete(&id); },
                Change::Reclass(i, c) => if let Some(id) = pick(i) {
                    let class = seamline_core::BlockerClass::ALL[*c];
                    let _ = ws.blockers_mut().update(&id, seamline_store::blocker::BlockerPatch { class: Some(class), ..Default::default() });
                },
                Change::RemoteOdd => {
                    remote += 1;
                    let row_id = format!("0190bbbb-0000-7000-8000-{remote:012}");
                    let op = |field: &str, value: serde_json::Value| Op {
                        hlc: remote << 16, device: "partner-device".into(), project_id: p.clone(),
                        entity: "blocker".into(), row_id: row_id.clone(), field: field.into(), value,
                        prev_hlc: None, prev_device: None,
                        made_at: None,
                    };
                    ws.oplog_mut().apply_remote(&[op("title", format!("Odd {remote}").into()), op("class", "escalation-path".into())]).unwrap();
                }
                Change::Reassign(i, o) => if let Some(id) = pick(i) {
                    let to = [owner.clone(), ana.clone(), String::new()][*o].clone();
                    let _ = ws.blockers_mut().update(&id, seamline_store::blocker::BlockerPatch { owner: Some(to), ..Default::default() });
                },
                Change::Wait(i, ours) => if let Some(id) = pick(i) {
                    let side = if *ours { seamline_core::Side::Ours } else { seamline_core::Side::Partner };
                    let _ = ws.blockers_mut().update(&id, seamline_store::blocker::BlockerPatch { waiting_on: Some(side), ..Default::default() });
                },
                Change::Escalate => { ws.blockers_mut().record_escalations(&p).unwrap(); }
                Change::Me(is_ana) => { ws.me_mut().set_person(&p, is_ana.then_some(ana.as_str())).unwrap(); }
                Change::Rebuild => ws.oplog_mut().rebuild().unwrap(),
                Change::RemoteEdit(i, e) => if let Some(id) = pick(i) {
                    remote += 1;
                    let (field, value): (&str, serde_json::Value) = match e {
                        0 => ("waiting_on", "ours".into()),
                        1 => ("waiting_on", "partner".into()),
                        2 => ("owner_id", ana.clone().into()),
                        3 => ("owner_id", owner.clone().into()),
                        4 => ("resolved_on", today.to_string().into()),
                        _ => ("resolved_on", serde_json::Value::Null),
                    };
                    // Stamped after every local edit (the fixed clock's), so it wins.
                    let op = Op {
                        hlc: (ws.now().timestamp_millis() + 60_000 + remote) << 16, device: "partner-device".into(),
                        project_id: p.clone(), entity: "blocker".into(), row_id: id, field: field.into(), value,
                        prev_hlc: None, prev_device: None, made_at: None,
                    };
                    ws.oplog_mut().apply_remote(&[op]).unwrap();
                },
            }
        }
        let (escalated, oldest) = from_the_list(&ws, &p);
        let rows = ws.projects().portfolio().unwrap();
        let r = row(&rows, &p);
        proptest::prop_assert_eq!(r.escalated, escalated);
        let overall = oldest.iter().min_by_key(|o| std::cmp::Reverse(o.2));
        proptest::prop_assert_eq!(r.oldest_blocker_title.clone(), overall.map(|o| o.1.clone()));
        proptest::prop_assert_eq!(r.oldest_blocker_age, overall.map(|o| o.2).unwrap_or(0));
        let m = ws.reports().metrics(&p).unwrap();
        let from_metrics: Vec<_> = m.oldest_blocker_by_class.iter()
            .map(|o| (o.class.as_str().to_string(), o.title.clone(), o.age_business_days)).collect();
        proptest::prop_assert_eq!(from_metrics, oldest);
        // What the list shows, counted: open, waiting on this device's company (Acme), the user's.
        let open = ws.blockers().list(&p, true).unwrap();
        let my_side = Some(seamline_core::Side::Ours);
        proptest::prop_assert_eq!(
            (r.summary.open_blockers, r.summary.waiting_on_my_side, r.summary.mine),
            (
                open.len() as u32,
                open.iter().filter(|b| Some(b.waiting_on) == my_side).count() as u32,
                open.iter().filter(|b| b.mine).count() as u32
            )
        );
        // What is kept as blockers change (the counts) equals what a rebuild counts afresh.
        let kept = ws.oplog().projection_dump().unwrap();
        ws.oplog_mut().rebuild().unwrap();
        proptest::prop_assert_eq!(ws.oplog().projection_dump().unwrap(), kept);
        // The project list counts from what is kept as blockers change, the portfolio in its own
        // tally of each project: the same line.
        let listed = ws.projects().list().unwrap().into_iter().find(|s| s.id == p).unwrap();
        proptest::prop_assert_eq!(&r.summary, &listed);
    }
}

/// The portfolio counts what waits on the user's company and on the user, once they say which
/// person they are, and recounts when they change it (the row is not served stale).
#[test]
fn the_portfolio_counts_what_waits_on_my_side_and_on_me() {
    let mut ws = ws();
    let p = project(&mut ws, "SSO");
    let ana = ws
        .people_mut()
        .add(&p, NewPerson { side: seamline_core::Side::Ours, name: "Ana".into(), ..Default::default() })
        .unwrap()
        .id;
    let ben = ws
        .people_mut()
        .add(&p, NewPerson { side: seamline_core::Side::Ours, name: "Ben".into(), ..Default::default() })
        .unwrap()
        .id;
    blocker(&mut ws, &p, "Sandbox keys", "2027-01-11"); // waits on Globex
    for (title, owner) in [("Security review", &ana), ("Webhook spec", &ben)] {
        ws.blockers_mut()
            .add(
                &p,
                NewBlocker {
                    title: title.into(),
                    class: seamline_core::BlockerClass::Decision,
                    waiting_on: seamline_core::Side::Ours,
                    owner: owner.clone(),
                    opened: Some("2027-01-13".into()),
                    due: None,
                },
            )
            .unwrap();
    }
    let row =
        |ws: &Workspace| ws.projects().portfolio().unwrap().into_iter().find(|r| r.summary.id == p).unwrap();
    let r = row(&ws);
    assert_eq!((r.summary.open_blockers, r.summary.waiting_on_my_side, r.summary.mine), (3, 2, 0));
    ws.me_mut().set_person(&p, Some(&ana)).unwrap();
    assert_eq!(row(&ws).summary.mine, 1, "Ana owns one");
    ws.me_mut().set_person(&p, Some(&ben)).unwrap();
    assert_eq!(row(&ws).summary.mine, 1, "Ben owns the other");
    assert_eq!(
        row(&ws).summary,
        ws.projects().list().unwrap().remove(0),
        "the same counts as the project list"
    );
}

#[test]
fn a_late_next_gate_is_flagged_and_no_criteria_means_no_forecast() {
    let mut ws = ws();
    let p = project(&mut ws, "SSO");
    let empty = ws.projects().portfolio().unwrap().into_iter().find(|r| r.summary.id == p).unwrap();
    assert_eq!((empty.next_gate_title.as_deref(), empty.next_gate_late), (None, false));
    let metrics = ws.reports().metrics(&p).unwrap();
    assert_eq!(metrics.forecast_v1_date, None, "no v1 criteria: no forecast, not today");
    assert!(!metrics.at_risk);

    for (kind, planned) in [("nda", "2027-01-12"), ("sandbox-access", "2027-01-20")] {
        ws.milestones_mut()
            .add(
                &p,
                seamline_store::NewMilestone {
                    track: seamline_core::MilestoneKind::parse("kind", kind).unwrap().track().unwrap(),
                    kind: seamline_core::MilestoneKind::parse("kind", kind).unwrap(),
                    title: None,
                    planned: Some(planned.into()),
                },
            )
            .unwrap();
    }
    let row = ws.projects().portfolio().unwrap().into_iter().find(|r| r.summary.id == p).unwrap();
    assert_eq!(row.next_gate_title.as_deref(), Some("NDA"));
    assert_eq!(row.next_gate_date.map(|d| d.to_string()).as_deref(), Some("2027-01-12"));
    assert!(row.next_gate_late, "planned Tuesday, not done by Friday");
}

/// A deleted project is offered for restoring on the portfolio for core's 30 days, judged by
/// the workspace's clock (not the screen's); after that it can still be restored by id.
#[test]
fn a_deleted_project_is_offered_for_restoring_for_thirty_days() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite");
    let at = |t: &str| seamline_store::Clock::Fixed(DateTime::parse_from_rfc3339(t).unwrap());
    let mut ws = Workspace::open(&path, at("2027-01-11T09:00:00Z")).unwrap();
    let p = project(&mut ws, "SSO");
    ws.projects_mut().delete(&p).unwrap();
    drop(ws);
    let offered = |t: &str| {
        let ws = Workspace::open(&path, at(t)).unwrap();
        let d = ws.projects().deleted().unwrap();
        assert_eq!(d.len(), 1);
        d[0].offered
    };
    assert!(offered("2027-02-10T09:00:00Z"), "30 days after");
    assert!(!offered("2027-02-10T09:00:01Z"), "past 30 days");
    let mut ws = Workspace::open(&path, at("2027-06-01T09:00:00Z")).unwrap();
    ws.projects_mut().restore(&p).unwrap();
    assert!(ws.projects().get(&p).is_ok(), "restorable whenever");
}

/// A workspace from before the counts were kept (schema 19) counts its open blockers on
/// upgrade: the project list shows what the portfolio's own tally and the blocker list show.
#[test]
fn an_upgraded_workspace_lists_its_open_blockers() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::schema1_copy(dir.path());
    let ws = Workspace::open(
        &path,
        seamline_store::Clock::Fixed(DateTime::parse_from_rfc3339("2027-01-15T10:00:00Z").unwrap()),
    )
    .unwrap();
    let listed = ws.projects().list().unwrap();
    let portfolio = ws.projects().portfolio().unwrap();
    assert!(listed.iter().any(|s| s.open_blockers > 0), "the fixture has open blockers");
    for summary in &listed {
        assert_eq!(summary.open_blockers as usize, ws.blockers().list(&summary.id, true).unwrap().len());
        assert_eq!(&row(&portfolio, &summary.id).summary, summary);
    }
    // A rebuild counts them again and keeps counting what changes after it.
    let mut ws = ws;
    ws.oplog_mut().rebuild().unwrap();
    assert_eq!(ws.projects().list().unwrap(), listed, "the same counts after a rebuild");
    let project = listed.iter().find(|s| s.open_blockers > 0).unwrap();
    let first = ws.blockers().list(&project.id, true).unwrap().remove(0);
    ws.blockers_mut().resolve(&first.id, None).unwrap();
    let after = ws.projects().list().unwrap().into_iter().find(|s| s.id == project.id).unwrap();
    assert_eq!(
        after.open_blockers,
        project.open_blockers - 1,
        "a blocker resolved after the rebuild is counted"
    );
}
