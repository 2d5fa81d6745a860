//! Helpers shared by the store's test files (each file is its own crate, so not every one
//! uses every helper).
#![allow(dead_code)]

use chrono::DateTime;
use seamline_store::{Clock, NewPerson, Workspace};

/// The tests' fixed clock: Friday 2027-01-15, 10:00 UTC.
pub fn clock() -> Clock {
    Clock::Fixed(DateTime::parse_from_rfc3339("2027-01-15T10:00:00Z").unwrap())
}

pub fn ws() -> Workspace {
    Workspace::open_in_memory(clock()).unwrap()
}

/// A copy, in `dir`, of the demo workspace as schema 1 wrote it: opening it upgrades it.
pub fn schema1_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("old.sqlite");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/workspace-schema1.sqlite"), &path)
        .unwrap();
    path
}

pub fn person(ws: &mut Workspace, project: &str, side: &str, name: &str) -> String {
    ws.people_mut()
        .add(
            project,
            NewPerson {
                side: seamline_core::Side::parse("side", side).unwrap(),
                name: name.into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id
}

/// Runs `f`, expects it to fail with `expect` as "code: message", and checks that nothing in
/// the workspace changed: no row, no op.
pub fn refused<T: std::fmt::Debug>(
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
