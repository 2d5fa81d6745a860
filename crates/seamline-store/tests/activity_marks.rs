//! What is kept per device as ops arrive (`device_activity`, schema 15) says exactly what the
//! ops say: the clock warnings and the status page's "as of" day equal their definitions
//! over the whole log, after random remote ops from devices with wrong clocks, local edits,
//! and an upgrade from schema 1 (whose marks the migration gathers).

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::path::Path;

use chrono::DateTime;
use proptest::prelude::*;
use seamline_store::oplog::Op;
use seamline_store::{Clock, NewProject, Workspace};

const NOTICE_MS: i64 = seamline_core::hlc::SKEW_NOTICE_MS;
const T0_MS: i64 = 1_800_000_000_000;

fn at(ms: i64) -> Clock {
    Clock::Fixed(DateTime::from_timestamp_millis(ms).unwrap().fixed_offset())
}

/// Per other device: its id, its largest lead of edit over arrival, of stamp over edit.
type Leads = Vec<(String, Option<i64>, Option<i64>)>;

/// The definitions, over every op of the project: per other device, the largest lead of an
/// edit's time over its arrival and of a stamp over its edit's time; the newest edit's time.
fn from_the_log(path: &Path, project: &str, me: &str) -> (Leads, Option<i64>) {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut stmt = c
        .prepare(
            "SELECT device,
                    max(CASE WHEN made_at IS NOT NULL AND seen_at IS NOT NULL THEN made_at - seen_at END),
                    max(CASE WHEN made_at IS NOT NULL AND seen_at IS NOT NULL AND (hlc >> 16) <= seen_at + ?3
                             THEN (hlc >> 16) - made_at END)
             FROM ops WHERE project_id = ?1 AND device <> ?2 GROUP BY device ORDER BY device",
        )
        .unwrap();
    let per_device = stmt
        .query_map(rusqlite::params![project, me, NOTICE_MS], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let newest: Option<i64> = c
        .query_row(
            "SELECT max(coalesce(made_at, hlc >> 16)) FROM ops WHERE project_id = ?1",
            [project],
            |r| r.get(0),
        )
        .unwrap();
    (per_device, newest)
}

/// What the workspace answers from its marks, in the definitions' terms.
fn from_the_marks(ws: &Workspace, project: &str) -> (Vec<String>, Option<chrono::NaiveDate>) {
    let mut warned: Vec<String> = ws
        .history()
        .clock_skews(project)
        .unwrap()
        .into_iter()
        .filter(|s| !s.this_device)
        .map(|s| s.device)
        .collect();
    warned.sort();
    (warned, ws.history().newest_edit_day(project).unwrap())
}

fn check(ws: &Workspace, path: &Path, project: &str) {
    let (per_device, newest) = from_the_log(path, project, ws.device_id());
    let expected: Vec<String> = per_device
        .into_iter()
        .filter(|(_, ahead, behind)| {
            ahead.is_some_and(|a| a > NOTICE_MS) || behind.is_some_and(|b| b > NOTICE_MS)
        })
        .map(|(d, _, _)| d)
        .collect();
    let day = newest.and_then(DateTime::from_timestamp_millis).map(|t| t.date_naive());
    assert_eq!(from_the_marks(ws, project), (expected, day));
}

/// A remote op of `device` made at `made_ms` (by its clock) and stamped at `stamp_ms`.
fn op(project: &str, device: usize, n: usize, made_ms: Option<i64>, stamp_ms: i64) -> Op {
    Op {
        hlc: (stamp_ms << 16) | n as i64,
        device: format!("00000000-0000-4000-8000-{device:012}"),
        project_id: project.to_string(),
        entity: "note".into(),
        row_id: format!("row-{device}-{n}"),
        field: "text".into(),
        value: serde_json::json!(format!("note {n}")),
        prev_hlc: None,
        prev_device: None,
        made_at: made_ms,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Batches of remote ops arriving at different times on this device's clock, each op made
    /// and stamped up to a day off, some with no `made_at` (older Seamline), and local edits
    /// in between.
    #[test]
    fn the_marks_say_what_the_log_says(
        batches in proptest::collection::vec(
            (0i64..86_400_000, proptest::collection::vec(
                (0usize..4, proptest::option::of(-86_400_000i64..86_400_000), -86_400_000i64..86_400_000),
                1..6,
            )),
            1..6,
        )
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.sqlite");
        let mut ws = Workspace::open(&path, at(T0_MS)).unwrap();
        let project = ws
            .projects_mut().create(NewProject { name: "Marks".into(), ours: "Acme".into(), partner: "Globex".into(), ..Default::default() })
            .unwrap()
            .id;
        let mut n = 0;
        for (arrival, ops) in batches {
            drop(ws);
            ws = Workspace::open(&path, at(T0_MS + arrival)).unwrap();
            let batch: Vec<Op> = ops
                .into_iter()
                .map(|(device, made, stamp)| {
                    n += 1;
                    op(&project, device, n, made.map(|m| T0_MS + m), T0_MS + stamp)
                })
                .collect();
            ws.oplog_mut().apply_remote(&batch).unwrap();
            ws.projects_mut().update(&project, seamline_store::ProjectPatch { name: Some(format!("Marks {n}")), ..Default::default() })
                .unwrap();
        }
        drop(ws);
        let ws = Workspace::open(&path, at(T0_MS)).unwrap();
        check(&ws, &path, &project);
    }
}

#[test]
fn an_upgraded_workspace_gathers_its_marks_from_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::schema1_copy(dir.path());
    let ws = Workspace::open(&path, at(T0_MS)).unwrap();
    let project = ws.projects().list().unwrap()[0].id.clone();
    assert!(ws.history().newest_edit_day(&project).unwrap().is_some(), "the demo's edits have a day");
    check(&ws, &path, &project);
}
