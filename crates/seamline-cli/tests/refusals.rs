//! A refused command changes nothing. Random commands with random bad arguments run against a
//! realistic workspace; after every refusal (exit 1 or 2), a dump of every table (the
//! projection, the op log, the clock) must be exactly what it was before.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use assert_cmd::Command;
use proptest::prelude::*;
use seamline_store::{Clock, Workspace};
use serde_json::Value;

/// Values no field accepts, or that name nothing.
const BAD: &[&str] = &[
    "",
    "   ",
    "nope",
    "2027-02-30",
    "03/01/2027",
    "-1",
    "0",
    "999",
    "javascript:alert(1)",
    "line\nbreak",
    "reorder \u{202E}txt.exe",
    "01a2b3c4-dead-7000-8000-000000000000",
    "01a",
    "{ours}",
    "{blocker}",
];

/// Commands with one or two slots (`@1`, `@2`) for a bad value; `{…}` names a real row.
const COMMANDS: &[&[&str]] = &[
    &["project", "update", "--project", "{project}", "--name", "@1"],
    &["project", "update", "--project", "{project}", "--name", "Renamed", "--threshold-days", "@1"],
    &["project", "update", "--project", "{project}", "--target-launch", "2027-04-01", "--channel", "@1"],
    &["project", "restore", "--project", "@1"],
    &["person", "add", "--project", "{project}", "--side", "ours", "--name", "@1"],
    &["person", "add", "--project", "{project}", "--side", "ours", "--name", "Noor", "--email", "@1"],
    &["person", "update", "--id", "{ours}", "--name", "Maya C.", "--email", "@1"],
    &["person", "remove", "--id", "@1"],
    &["owner", "set", "--project", "{project}", "--side", "ours", "--person", "@1"],
    &["escalation", "set", "--project", "{project}", "--side", "partner", "--person", "@1"],
    &[
        "blocker",
        "add",
        "--project",
        "{project}",
        "--title",
        "@1",
        "--class",
        "access",
        "--waiting-on",
        "partner",
        "--owner",
        "{partner}",
    ],
    &[
        "blocker",
        "add",
        "--project",
        "{project}",
        "--title",
        "Keys",
        "--class",
        "access",
        "--waiting-on",
        "partner",
        "--owner",
        "@1",
    ],
    &["blocker", "update", "--id", "{blocker}", "--title", "Renamed blocker", "--owner", "@1"],
    &["blocker", "update", "--id", "{blocker}", "--title", "@1", "--due", "@2"],
    &["blocker", "resolve", "--id", "@1", "--note", "done"],
    &["criterion", "add", "--project", "{project}", "--text", "@1"],
    &["criterion", "edit", "--id", "{criterion}", "--text", "A new wording", "--story", "@1"],
    &["criterion", "edit", "--id", "{criterion}", "--text", "@1", "--story", "{story}"],
    &["criterion", "met", "--id", "@1", "--on", "2027-01-14"],
    &["story", "edit", "--id", "{story}", "--text", "@1"],
    &["workflow", "add", "--project", "{project}", "--side", "ours", "--text", "@1"],
    &[
        "milestone",
        "add",
        "--project",
        "{project}",
        "--track",
        "build",
        "--kind",
        "custom",
        "--title",
        "@1",
        "--planned",
        "@2",
    ],
    &["milestone", "done", "--id", "{go_live}"],
    &[
        "raci",
        "set",
        "--project",
        "{project}",
        "--workstream",
        "Launch date",
        "--side",
        "ours",
        "--letter",
        "A",
        "--person",
        "@1",
    ],
    &["scope", "sign", "--project", "{project}", "--side", "ours", "--person", "@1"],
    &[
        "decision",
        "add",
        "--project",
        "{project}",
        "--question",
        "Who owns it?",
        "--decision",
        "We do",
        "--by",
        "@1",
        "--blocker",
        "@2",
    ],
    &[
        "decision",
        "add",
        "--project",
        "{project}",
        "--question",
        "Who owns it?",
        "--decision",
        "We do",
        "--by",
        "{ours}",
        "--blocker",
        "@1",
    ],
    &["checklist", "add", "--project", "{project}", "--list", "runbook", "--text", "@1"],
    &[
        "contract",
        "map",
        "--project",
        "{project}",
        "--object",
        "Invoice",
        "--partner-field",
        "a",
        "--our-field",
        "@1",
        "--source-of-truth",
        "@2",
    ],
    &[
        "contract",
        "scope",
        "--project",
        "{project}",
        "--scope",
        "@1",
        "--description",
        "Read",
        "--justification",
        "@2",
    ],
    &["status", "--project", "{project}", "--publish", "--file", "@1"],
    &[
        "conflict", "restore", "--entity", "person", "--row", "@1", "--field", "name", "--hlc", "@2",
        "--device", "x",
    ],
    &["sync", "join", "--folder", "@1", "--company", "@2"],
    &["scope", "sign", "--project", "{project}", "--side", "partner", "--person", "{partner}"],
    &["me", "--project", "{project}", "--person", "@1"],
    &["me", "--project", "{project}", "--company", "@1"],
    &["sync", "run", "--project", "{project}"],
];

struct Fixture {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    ids: Vec<(&'static str, String)>,
}

fn seamline(db: &std::path::Path, args: &[String]) -> std::process::Output {
    Command::cargo_bin("seamline")
        .unwrap()
        .env("SEAMLINE_NOW", "2027-01-15T10:00:00Z")
        .env_remove("SEAMLINE_DB")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn json(db: &std::path::Path, args: &[&str]) -> Value {
    let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    args.push("--json".into());
    let out = seamline(db, &args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let project = json(&db, &["demo"])["project"].as_str().unwrap().to_string();
    let people = json(&db, &["person", "list", "--project", &project]);
    let on_side = |side: &str| {
        people.as_array().unwrap().iter().find(|p| p["side"] == side).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let first = |args: &[&str], pick: &dyn Fn(&Value) -> bool| {
        json(&db, args).as_array().unwrap().iter().find(|v| pick(v)).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let blocker = first(&["blocker", "list", "--project", &project, "--open"], &|_| true);
    let criterion = first(&["criterion", "list", "--project", &project], &|_| true);
    let story = first(&["story", "list", "--project", &project], &|_| true);
    let go_live =
        first(&["milestone", "list", "--project", &project], &|m| m["kind"] == "production-go-live");
    let ids = vec![
        ("{project}", project),
        ("{ours}", on_side("ours")),
        ("{partner}", on_side("partner")),
        ("{blocker}", blocker),
        ("{criterion}", criterion),
        ("{story}", story),
        ("{go_live}", go_live),
    ];
    Fixture { _dir: dir, db, ids }
}

/// Every table's rows (the projection, the op log with its times, the clock and the device id).
fn dump(db: &std::path::Path) -> (Vec<String>, Vec<seamline_store::oplog::Op>, String) {
    let ws = Workspace::open(db, Clock::System).unwrap();
    let stamp = format!("{:?} {}", ws.oplog().last_stamp().unwrap(), ws.device_id());
    (ws.oplog().projection_dump().unwrap(), ws.oplog().all().unwrap(), stamp)
}

fn fill(f: &Fixture, template: &[&str], bad1: &str, bad2: &str) -> Vec<String> {
    let real = |s: &str| f.ids.iter().find(|(k, _)| *k == s).map(|(_, v)| v.clone());
    template
        .iter()
        .map(|a| {
            let a = match *a {
                "@1" => bad1,
                "@2" => bad2,
                other => other,
            };
            real(a).unwrap_or_else(|| a.to_string())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn a_refused_command_leaves_every_table_as_it_was(
        runs in proptest::collection::vec((0..COMMANDS.len(), 0..BAD.len(), 0..BAD.len()), 12),
    ) {
        let f = fixture();
        for (cmd, b1, b2) in runs {
            let args = fill(&f, COMMANDS[cmd], BAD[b1], BAD[b2]);
            let before = dump(&f.db);
            let out = seamline(&f.db, &args);
            if !out.status.success() {
                prop_assert!(matches!(out.status.code(), Some(1 | 2)), "{args:?} exited {:?}", out.status.code());
                let after = dump(&f.db);
                prop_assert!(before == after, "{:?} was refused ({}) but changed the workspace", args, String::from_utf8_lossy(&out.stderr).trim());
            }
        }
    }
}

#[test]
fn a_criterion_edit_refused_for_its_story_keeps_its_text() {
    let f = fixture();
    let criterion = f.ids.iter().find(|(k, _)| *k == "{criterion}").unwrap().1.clone();
    let before = dump(&f.db);
    let out = seamline(
        &f.db,
        &[
            "criterion",
            "edit",
            "--id",
            &criterion,
            "--text",
            "Changed",
            "--story",
            "01a2b3c4-dead-7000-8000-000000000000",
        ]
        .map(String::from),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(dump(&f.db), before);
}
