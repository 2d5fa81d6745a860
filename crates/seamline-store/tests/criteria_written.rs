//! When each acceptance criterion was written (schema 18), kept as its ops arrive, says
//! exactly what the op log says: the shown time of its first `text` op, whatever order the
//! ops come in, from this device or others with wrong clocks, after a refusal takes some back,
//! after a rebuild and after an upgrade. The burn-down starts on the first v1 criterion's day.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::path::Path;

use chrono::{DateTime, NaiveDate};
use proptest::prelude::*;
use seamline_core::Cut;
use seamline_store::oplog::Op;
use seamline_store::{Clock, NewProject, Workspace};

const T0_MS: i64 = 1_800_000_000_000;
const DAY_MS: i64 = 86_400_000;

fn at(ms: i64) -> Clock {
    Clock::Fixed(DateTime::from_timestamp_millis(ms).unwrap().fixed_offset())
}

/// Per criterion: the `written` column the workspace keeps, and the definition over the log
/// (the first `text` op's shown time: made, but never after it arrived here).
fn kept_and_defined(path: &Path) -> Vec<(String, Option<i64>, Option<i64>)> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut stmt = c
        .prepare(
            "SELECT c.id, c.written,
                    (SELECT min(min(coalesce(o.made_at, o.hlc >> 16), coalesce(o.seen_at, o.made_at, o.hlc >> 16)))
                     FROM ops o WHERE o.entity = 'criterion' AND o.row_id = c.id AND o.field = 'text')
             FROM criteria c ORDER BY c.id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

fn check(path: &Path) {
    let rows = kept_and_defined(path);
    assert!(!rows.is_empty(), "the history wrote criteria");
    for (id, kept, defined) in rows {
        assert_eq!(kept, defined, "criterion {id}: kept {kept:?}, the log says {defined:?}");
    }
}

/// An edit of criterion `row`'s `field` by another device, made at `made_ms` by its clock.
fn remote(project: &str, device: usize, n: usize, row: usize, field: &str, made_ms: Option<i64>) -> Op {
    let stamp = made_ms.unwrap_or(T0_MS) + n as i64;
    Op {
        hlc: stamp << 16,
        device: format!("00000000-0000-4000-8000-{device:012}"),
        project_id: project.to_string(),
        entity: "criterion".into(),
        row_id: format!("00000000-0000-4000-9000-{row:012}"),
        field: field.into(),
        value: match field {
            "cut" => serde_json::json!("v1"),
            "position" => serde_json::json!(row as f64),
            _ => serde_json::json!(format!("Criterion {row}, edit {n}")),
        },
        prev_hlc: None,
        prev_device: None,
        made_at: made_ms,
    }
}

fn new_project(ws: &mut Workspace) -> String {
    ws.projects_mut()
        .create(NewProject {
            name: "Written".into(),
            ours: "Acme".into(),
            partner: "Globex".into(),
            ..Default::default()
        })
        .unwrap()
        .id
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Batches of other devices' edits of a few criteria (text, cut, position; some made days
    /// before or after they arrive, some with no `made_at`), arriving at different times on
    /// this device's clock, with local criteria added and reworded in between.
    #[test]
    fn the_kept_day_is_the_first_text_op_in_any_order(
        batches in proptest::collection::vec(
            (0i64..3 * DAY_MS, proptest::collection::vec(
                (0usize..3, 0usize..4, 0usize..3, proptest::option::of(-20 * DAY_MS..2 * DAY_MS)),
                1..6,
            )),
            1..6,
        )
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.sqlite");
        let mut ws = Workspace::open(&path, at(T0_MS)).unwrap();
        let project = new_project(&mut ws);
        let mut n = 0;
        for (arrival, ops) in batches {
            drop(ws);
            ws = Workspace::open(&path, at(T0_MS + arrival)).unwrap();
            let batch: Vec<Op> = ops
                .into_iter()
                .map(|(device, row, field, made)| {
                    n += 1;
                    remote(&project, device, n, row, ["text", "cut", "position"][field], made.map(|m| T0_MS + m))
                })
                .collect();
            ws.oplog_mut().apply_remote(&batch).unwrap();
            let mine = ws.scope_mut().add_criterion(&project, &format!("Local {n}"), Cut::V1, None).unwrap();
            ws.scope_mut().update_criterion(&mine.id, &format!("Local {n}, reworded"), None).unwrap();
        }
        drop(ws);
        check(&path);
        // A removal learned late takes back device 1's edits stamped after its cut: each
        // criterion they touched is projected again from the ops that remain.
        let c = rusqlite::Connection::open(&path).unwrap();
        seamline_store::oplog::refuse_after(&c, &project, &format!("00000000-0000-4000-8000-{:012}", 1), (T0_MS - 5 * DAY_MS) << 16, "removed")
            .unwrap();
        drop(c);
        check(&path);
        let before = Workspace::open(&path, at(T0_MS)).unwrap().oplog().projection_dump().unwrap();
        let mut ws = Workspace::open(&path, at(T0_MS)).unwrap();
        ws.oplog_mut().rebuild().unwrap();
        prop_assert_eq!(ws.oplog().projection_dump().unwrap(), before, "a rebuild keeps the same days");
    }
}

/// A criterion typed in three weeks ago on the partner's device, whose rewording of today
/// arrives before its creation: the burn-down still starts three weeks ago (not today), so
/// two flat weeks put the date at risk instead of reading as a new project.
#[test]
fn a_late_arriving_creation_moves_the_start_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    let mut ws = Workspace::open(&path, at(T0_MS)).unwrap();
    let project = new_project(&mut ws);
    let three_weeks_ago = T0_MS - 21 * DAY_MS;
    ws.oplog_mut().apply_remote(&[remote(&project, 1, 5, 1, "text", Some(T0_MS - 1000))]).unwrap();
    let today = ws.today();
    let start = |ws: &Workspace| ws.reports().metrics(&project).unwrap().burndown.first().map(|p| p.week);
    let first_week = start(&ws).unwrap();
    assert!(first_week >= today, "only today's rewording is known: the history starts this week");
    assert!(!ws.reports().metrics(&project).unwrap().flat_for_two_weeks);

    ws.oplog_mut()
        .apply_remote(&[
            remote(&project, 1, 1, 1, "text", Some(three_weeks_ago)),
            remote(&project, 1, 2, 1, "cut", Some(three_weeks_ago)),
        ])
        .unwrap();
    let written = DateTime::from_timestamp_millis(three_weeks_ago).unwrap().date_naive();
    let first_week = start(&ws).unwrap();
    assert!(
        first_week >= written && first_week < written + chrono::Days::new(7),
        "the history starts the week the criterion was written ({written}), not {first_week}"
    );
    assert!(ws.reports().metrics(&project).unwrap().flat_for_two_weeks, "three weeks with nothing met");
    drop(ws);
    check(&path);
}

/// A workspace from before schema 18 learns each criterion's day from its log on upgrade.
#[test]
fn an_upgraded_workspace_learns_the_days_from_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::schema1_copy(dir.path());
    let ws = Workspace::open(&path, at(T0_MS)).unwrap();
    let project = ws.projects().list().unwrap()[0].id.clone();
    let has_criteria = !ws.scope().criteria(&project).unwrap().is_empty();
    drop(ws);
    assert!(has_criteria, "the fixture has criteria to upgrade");
    check(&path);
    let days: Vec<Option<NaiveDate>> = kept_and_defined(&path)
        .into_iter()
        .map(|(_, kept, _)| kept.and_then(DateTime::from_timestamp_millis).map(|t| t.date_naive()))
        .collect();
    assert!(days.iter().all(Option::is_some), "every upgraded criterion has a day: {days:?}");
}
