//! A workspace written by an older Seamline opens in this one with nothing lost.
//! `fixtures/workspace-schema1.sqlite` is the demo workspace as schema 1 wrote it; never
//! regenerate it (that would test nothing): add a new fixture when a schema ships.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use chrono::DateTime;
use seamline_store::{Clock, Workspace};

#[test]
fn a_schema_1_workspace_upgrades_and_keeps_every_project_and_op() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::schema1_copy(dir.path());
    let now = DateTime::parse_from_rfc3339("2027-01-15T10:00:00Z").unwrap();
    let mut ws = Workspace::open(&path, Clock::Fixed(now)).unwrap();

    let projects = ws.projects().list().unwrap();
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0].name, "CRM to billing sync");
    assert!(projects[0].roles_complete);
    let people = ws.people().list(&projects[0].id).unwrap();
    assert_eq!(people.len(), 8);
    let ops = ws.oplog().count().unwrap();
    assert!(ops > 300, "the demo's history is kept ({ops} ops)");

    // the upgraded tables are still exactly the projection of the kept ops
    let before = ws.oplog().projection_dump().unwrap();
    ws.oplog_mut().rebuild().unwrap();
    assert_eq!(ws.oplog().projection_dump().unwrap(), before);

    // and the old workspace takes new edits
    let p = ws.people_mut().add(
        &projects[0].id,
        seamline_store::NewPerson {
            side: seamline_core::Side::Ours,
            name: "New Hire".into(),
            ..Default::default()
        },
    );
    assert!(p.is_ok());
}
