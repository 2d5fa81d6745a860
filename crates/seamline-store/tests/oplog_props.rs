//! The op log's promises, checked on random histories:
//! - the tables are a projection: rebuilding them from the ops gives the same rows;
//! - applying the same ops on another device, in any order and with duplicates, gives the
//!   same rows (the merge rule does not depend on delivery order);
//! - a refused write changes nothing.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use chrono::DateTime;
use proptest::prelude::*;
use seamline_core::Side;
use seamline_store::{Clock, NewPerson, NewProject, PersonPatch, ProjectPatch, Role, Workspace};

#[derive(Debug, Clone)]
enum Action {
    CreateProject(u8),
    AddPerson { project: u8, partner: bool, name: u8 },
    RenamePerson { person: u8, name: u8 },
    RemovePerson(u8),
    SetRole { project: u8, person: u8, owner: bool },
    SetThreshold { project: u8, days: i32 },
    SetTarget { project: u8, day: u8 },
    DeleteProject(u8),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        2 => any::<u8>().prop_map(Action::CreateProject),
        4 => (any::<u8>(), any::<bool>(), any::<u8>())
            .prop_map(|(project, partner, name)| Action::AddPerson { project, partner, name }),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(person, name)| Action::RenamePerson { person, name }),
        1 => any::<u8>().prop_map(Action::RemovePerson),
        2 => (any::<u8>(), any::<u8>(), any::<bool>())
            .prop_map(|(project, person, owner)| Action::SetRole { project, person, owner }),
        // includes out-of-range values, which must be refused without a trace
        2 => (any::<u8>(), -2i32..70).prop_map(|(project, days)| Action::SetThreshold { project, days }),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(project, day)| Action::SetTarget { project, day }),
        1 => any::<u8>().prop_map(Action::DeleteProject),
    ]
}

fn pick<T: Clone>(items: &[T], i: u8) -> Option<T> {
    (!items.is_empty()).then(|| items[i as usize % items.len()].clone())
}

fn workspace() -> Workspace {
    let now = DateTime::parse_from_rfc3339("2027-01-15T10:00:00Z").unwrap();
    Workspace::open_in_memory(Clock::Fixed(now)).unwrap()
}

/// Plays the actions through the use cases. Every refused action must leave no trace.
fn play(ws: &mut Workspace, actions: &[Action]) {
    let names = ["Ana", "Bo", "Cy", "Di", "Ed", ""];
    let mut projects: Vec<String> = Vec::new();
    let mut people: Vec<String> = Vec::new();
    for a in actions {
        let before = ws.oplog().count().unwrap();
        let dump = ws.oplog().projection_dump().unwrap();
        let result: Result<(), seamline_store::Error> = match a {
            Action::CreateProject(n) => ws
                .projects_mut()
                .create(NewProject {
                    name: format!("P{n}"),
                    ours: "Acme".into(),
                    partner: format!("Partner {}", n % 3),
                    ..Default::default()
                })
                .map(|p| projects.push(p.id)),
            Action::AddPerson { project, partner, name } => match pick(&projects, *project) {
                Some(p) => ws
                    .people_mut()
                    .add(
                        &p,
                        NewPerson {
                            side: if *partner {
                                seamline_core::Side::Partner
                            } else {
                                seamline_core::Side::Ours
                            },
                            name: names[*name as usize % names.len()].into(),
                            ..Default::default()
                        },
                    )
                    .map(|x| people.push(x.id)),
                None => Ok(()),
            },
            Action::RenamePerson { person, name } => match pick(&people, *person) {
                Some(x) => ws
                    .people_mut()
                    .update(
                        &x,
                        PersonPatch {
                            name: Some(names[*name as usize % names.len()].into()),
                            ..Default::default()
                        },
                    )
                    .map(drop),
                None => Ok(()),
            },
            Action::RemovePerson(i) => match pick(&people, *i) {
                Some(x) => ws.people_mut().remove(&x),
                None => Ok(()),
            },
            Action::SetRole { project, person, owner } => {
                match (pick(&projects, *project), pick(&people, *person)) {
                    (Some(p), Some(x)) => {
                        let side = ws.people().get(&x).map(|x| x.side).unwrap_or(Side::Ours);
                        let role = if *owner { Role::Owner } else { Role::Escalation };
                        ws.people_mut().set_role(&p, side, role, &x).map(drop)
                    }
                    _ => Ok(()),
                }
            }
            Action::SetThreshold { project, days } => match pick(&projects, *project) {
                Some(p) => ws
                    .projects_mut()
                    .update(&p, ProjectPatch { threshold_days: Some(*days), ..Default::default() })
                    .map(drop),
                None => Ok(()),
            },
            Action::SetTarget { project, day } => match pick(&projects, *project) {
                Some(p) => ws
                    .projects_mut()
                    .update(
                        &p,
                        ProjectPatch {
                            target_launch: Some(format!("2027-03-{:02}", day % 35)),
                            ..Default::default()
                        },
                    )
                    .map(drop),
                None => Ok(()),
            },
            Action::DeleteProject(i) => match pick(&projects, *i) {
                Some(p) => ws.projects_mut().delete(&p).map(drop),
                None => Ok(()),
            },
        };
        if result.is_err() {
            assert_eq!(ws.oplog().count().unwrap(), before, "{a:?} was refused but wrote ops");
            assert_eq!(ws.oplog().projection_dump().unwrap(), dump, "{a:?} was refused but changed rows");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn rebuild_equals_the_incremental_tables(actions in proptest::collection::vec(action(), 1..60)) {
        let mut ws = workspace();
        play(&mut ws, &actions);
        let incremental = ws.oplog().projection_dump().unwrap();
        ws.oplog_mut().rebuild().unwrap();
        prop_assert_eq!(ws.oplog().projection_dump().unwrap(), incremental);
    }

    #[test]
    fn any_delivery_order_with_duplicates_gives_the_same_tables(
        actions in proptest::collection::vec(action(), 1..60),
        seed in any::<u64>(),
        chunk in 1usize..20,
    ) {
        let mut origin = workspace();
        play(&mut origin, &actions);
        let mut ops = origin.oplog().all().unwrap();
        // a deterministic shuffle from the seed, then some ops delivered twice
        let mut state = seed | 1;
        for i in (1..ops.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            ops.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let dupes: Vec<_> = ops.iter().step_by(3).cloned().collect();
        ops.extend(dupes);

        let mut replica = workspace();
        for batch in ops.chunks(chunk) {
            replica.oplog_mut().apply_remote(batch).unwrap();
        }
        prop_assert_eq!(replica.oplog().projection_dump().unwrap(), origin.oplog().projection_dump().unwrap());
        prop_assert_eq!(replica.oplog().count().unwrap(), origin.oplog().count().unwrap());
    }
}

/// An op from another device on one person row ("row" of project "p").
fn op(hlc: i64, field: &str, value: serde_json::Value) -> seamline_store::oplog::Op {
    seamline_store::oplog::Op {
        hlc,
        device: "dev-b".into(),
        project_id: "p".into(),
        entity: "person".into(),
        row_id: "row".into(),
        field: field.into(),
        value,
        prev_hlc: None,
        prev_device: None,
        made_at: None,
    }
}

#[test]
fn a_deletion_wins_over_older_edits_but_a_newer_edit_brings_the_row_back() {
    let history =
        [op(10, "name", "Ana".into()), op(20, "deleted", true.into()), op(15, "title", "CTO".into())];
    let mut ws = workspace();
    ws.oplog_mut().apply_remote(&history).unwrap();
    let row = ws.oplog().projection_dump().unwrap().into_iter().find(|r| r.starts_with("people:")).unwrap();
    assert!(row.contains("| Integer(1) | Integer(20) | Integer(15)"), "deleted at 20, last edit 15: {row}");
    // newer than the deletion: the row is live again, in either arrival order
    let mut a = workspace();
    a.oplog_mut().apply_remote(&history).unwrap();
    a.oplog_mut().apply_remote(&[op(30, "title", "CEO".into())]).unwrap();
    let mut b = workspace();
    b.oplog_mut().apply_remote(&[op(30, "title", "CEO".into())]).unwrap();
    b.oplog_mut().apply_remote(&history).unwrap();
    assert_eq!(a.oplog().projection_dump().unwrap(), b.oplog().projection_dump().unwrap());
    // and all of it in one batch (a sync import projects a row once per batch)
    let mut c = workspace();
    c.oplog_mut()
        .apply_remote(&[
            op(30, "title", "CEO".into()),
            history[1].clone(),
            history[0].clone(),
            history[2].clone(),
        ])
        .unwrap();
    assert_eq!(c.oplog().projection_dump().unwrap(), a.oplog().projection_dump().unwrap());
    let row = a.oplog().projection_dump().unwrap().into_iter().find(|r| r.starts_with("people:")).unwrap();
    assert!(row.contains("Text(\"CEO\")") && row.contains("| Integer(0) |"), "{row}");
}

#[test]
fn a_withdrawn_deletion_arriving_in_one_batch_leaves_the_row_live() {
    // A RACI cell cleared then set again travels as deleted=true then deleted=false.
    let history =
        [op(10, "name", "Ana".into()), op(20, "deleted", true.into()), op(30, "deleted", false.into())];
    // a row first seen in a batch is projected from the batch alone
    let mut batch = workspace();
    batch.oplog_mut().apply_remote(&[history[2].clone(), history[0].clone(), history[1].clone()]).unwrap();
    let mut one_by_one = workspace();
    for o in &history {
        one_by_one.oplog_mut().apply_remote(std::slice::from_ref(o)).unwrap();
    }
    let row =
        batch.oplog().projection_dump().unwrap().into_iter().find(|r| r.starts_with("people:")).unwrap();
    assert!(row.contains("Text(\"Ana\")") && row.contains("| Integer(0) |"), "live again: {row}");
    assert_eq!(batch.oplog().projection_dump().unwrap(), one_by_one.oplog().projection_dump().unwrap());
    let dump = batch.oplog().projection_dump().unwrap();
    batch.oplog_mut().rebuild().unwrap();
    assert_eq!(batch.oplog().projection_dump().unwrap(), dump);
}

#[test]
fn ops_from_a_newer_app_are_kept_but_not_projected() {
    use seamline_store::oplog::Op;
    let mut ws = workspace();
    let before = ws.oplog().projection_dump().unwrap();
    let op = |entity: &str, field: &str| Op {
        hlc: 5,
        device: "dev-new".into(),
        project_id: "p".into(),
        entity: entity.into(),
        row_id: "r".into(),
        field: field.into(),
        value: "x".into(),
        prev_hlc: None,
        prev_device: None,
        made_at: None,
    };
    // names that are not in the registry never reach SQL as identifiers
    ws.oplog_mut()
        .apply_remote(&[op("hologram", "x"), op("person", "name\" = 1; DROP TABLE people; --")])
        .unwrap();
    assert_eq!(ws.oplog().count().unwrap(), 2);
    let after = ws.oplog().projection_dump().unwrap();
    assert_eq!(after, before, "nothing is projected from names this build does not know");
    ws.oplog_mut().rebuild().unwrap();
    assert_eq!(ws.oplog().projection_dump().unwrap(), after);
}
