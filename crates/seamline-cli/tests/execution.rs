//! The command's execution tracks: blockers that age and escalate, the go-live gate, the
//! RACI, exports and readiness (docs/cli.md).

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use common::*;

#[test]
fn blockers_age_escalate_and_keep_their_json_fields() {
    let ws = Ws::new();
    let (p, _, kim) = staffed(&ws);
    let b = ws.json(&[
        "blocker",
        "add",
        "--project",
        &p,
        "--title",
        "Sandbox keys",
        "--class",
        "decision",
        "--waiting-on",
        "partner",
        "--owner",
        &kim,
        "--opened",
        "2027-01-05",
    ]);
    let id = b["id"].as_str().unwrap().to_string();
    let list = ws.json(&["blocker", "list", "--project", &p, "--open"]);
    let row = &list[0];
    for field in [
        "id",
        "title",
        "class",
        "waiting_on",
        "owner",
        "opened",
        "due",
        "age_business_days",
        "escalated",
        "escalate_to",
        "move",
        "resolved",
    ] {
        assert!(row.get(field).is_some(), "blocker list --json lacks {field}: {row}");
    }
    // opened Tuesday 5 January, today Friday 15 January: 8 business days, past the 5-day threshold
    assert_eq!(row["age_business_days"], 8);
    assert_eq!(row["escalated"], true);
    assert_eq!(row["move"], "Put it on the next weekly-sync agenda with both decision-makers");
    let escalations = ws.json(&["blocker", "escalations", "--project", &p]);
    assert_eq!(escalations[0]["escalate_to_name"], "Lee Chen");
    assert_eq!(escalations[0]["escalated_at"], "2027-01-15T10:00:00Z");
    let draft = ws.json(&["blocker", "escalation-draft", "--id", &id]);
    assert_eq!(draft["to_name"], "Lee Chen");
    assert_eq!(draft["subject"].as_str().unwrap(), format!("Escalation: Sandbox keys ({})", "Acme ↔ Globex"));
    assert!(draft["body"].as_str().unwrap().contains("waiting on Globex for 8 business days"), "{draft}");
    let text = ws.text(&["blocker", "escalation-draft", "--id", &id]);
    assert!(text.starts_with("To: Lee Chen\nSubject: Escalation: Sandbox keys"), "{text}");

    let resolved = ws.json(&["blocker", "resolve", "--id", &id, "--note", "keys shared"]);
    assert_eq!(resolved["resolved"], "2027-01-15");
    assert_eq!(ws.json(&["blocker", "list", "--project", &p, "--open"]), serde_json::json!([]));
    let err = ws.fails(
        &[
            "blocker",
            "add",
            "--project",
            &p,
            "--title",
            "X",
            "--class",
            "urgent",
            "--waiting-on",
            "ours",
            "--owner",
            &kim,
        ],
        2,
    );
    assert!(err.contains("must be one of decision, dependency, access, legal (got 'urgent')"), "{err}");
}

#[test]
fn go_live_before_the_signed_agreement_exits_1_with_gate_closed_and_changes_nothing() {
    let ws = Ws::new();
    let (p, _, _) = staffed(&ws);
    let live = ws.json(&[
        "milestone",
        "add",
        "--project",
        &p,
        "--track",
        "build",
        "--kind",
        "production-go-live",
        "--planned",
        "2027-03-01",
    ]);
    let signed =
        ws.json(&["milestone", "add", "--project", &p, "--track", "legal", "--kind", "agreement-signed"]);
    let before = ws.json(&["milestone", "list", "--project", &p]);
    let err = ws.fails(&["milestone", "done", "--id", live["id"].as_str().unwrap()], 1);
    assert!(
        err.starts_with(
            "error: Production go-live waits for the signed agreement: mark \"Agreement signed\" done"
        ),
        "{err}"
    );
    assert_eq!(ws.json(&["milestone", "list", "--project", &p]), before);
    for field in ["id", "track", "kind", "title", "planned", "done"] {
        assert!(before[0].get(field).is_some(), "milestone list --json lacks {field}");
    }
    ws.json(&["milestone", "done", "--id", signed["id"].as_str().unwrap()]);
    let done = ws.json(&["milestone", "done", "--id", live["id"].as_str().unwrap(), "--on", "2027-01-14"]);
    assert_eq!(done["done"], "2027-01-14");
}

#[test]
fn the_raci_is_set_by_workstream_name_and_checked() {
    let ws = Ws::new();
    let (p, ana, kim) = staffed(&ws);
    let check = ws.json(&["raci", "check", "--project", &p]);
    assert_eq!(check["ok"], false);
    assert!(check["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x == "Launch date: nobody at Acme: it lives in the gap between the companies"));
    let err = ws.fails(
        &[
            "raci",
            "set",
            "--project",
            &p,
            "--workstream",
            "Launch date",
            "--side",
            "ours",
            "--letter",
            "A",
            "--person",
            &kim,
        ],
        1,
    );
    assert_eq!(err, "error: person must be one of Acme's people; Kim Park is with Globex");
    ws.json(&[
        "raci",
        "set",
        "--project",
        &p,
        "--workstream",
        "Launch date",
        "--side",
        "ours",
        "--letter",
        "A",
        "--person",
        &ana,
    ]);
    let list = ws.json(&["raci", "list", "--project", &p]);
    let launch = list.as_array().unwrap().iter().find(|w| w["workstream"] == "Launch date").unwrap();
    assert_eq!(launch["ours"]["letter"], "A");
    assert_eq!(launch["ours"]["person"], ana.as_str());
    assert_eq!(launch["partner"], serde_json::Value::Null);
}

#[test]
fn exports_write_csv_and_icalendar() {
    let ws = Ws::new();
    let demo = ws.json(&["demo"]);
    let p = demo["project"].as_str().unwrap();
    let out = ws.cmd(&["export", "blockers", "--project", p]).output().unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("id,title,class,waiting_on,owner,opened,due,age_business_days,escalated"));
    let file = ws.db.with_file_name("milestones.ics");
    let out =
        ws.cmd(&["export", "milestones", "--project", p, "--out", file.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    let ics = std::fs::read_to_string(file).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR") && ics.contains("BEGIN:VEVENT"));
}

#[test]
fn readiness_says_what_is_missing() {
    let ws = Ws::new();
    let p = ws.project();
    let r = ws.json(&["readiness", "--project", &p]);
    assert_eq!(r["ready"], false);
    assert_eq!(r["passed"], 0);
    assert_eq!(r["total"], 9);
    assert!(r["missing"].as_array().unwrap().iter().any(|m| m == "A named owner at Acme"));
}

#[test]
fn refusals_name_the_company_and_read_as_sentences() {
    let ws = Ws::new();
    let (p, ana, kim) = staffed(&ws);
    ws.json(&["owner", "set", "--project", &p, "--side", "ours", "--person", &ana]);
    let lee = ws
        .json(&["person", "list", "--project", &p])
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "Lee Chen")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let live =
        ws.json(&["milestone", "add", "--project", &p, "--track", "build", "--kind", "production-go-live"]);
    // (the refused command, what its one line says)
    let cases: [(Vec<&str>, &str); 6] = [
        (
            vec!["escalation", "set", "--project", &p, "--side", "ours", "--person", &ana],
            "error: person Ana Ruiz is already Acme's owner; the escalation contact must be someone above the owner",
        ),
        (
            vec!["owner", "set", "--project", &p, "--side", "partner", "--person", &lee],
            "error: person Lee Chen is already Globex's escalation contact; the escalation contact must be someone above the owner",
        ),
        (
            vec!["escalation", "set", "--project", &p, "--side", "ours", "--person", &kim],
            "error: person must be one of Acme's people to be its escalation contact; Kim Park is with Globex",
        ),
        (
            vec!["person", "remove", "--id", &ana],
            "error: person Ana Ruiz is Acme's owner; name someone else as owner first",
        ),
        (
            vec!["raci", "set", "--project", &p, "--workstream", "Launch date", "--side", "ours", "--letter", "A", "--person", &kim],
            "error: person must be one of Acme's people; Kim Park is with Globex",
        ),
        (
            vec!["milestone", "done", "--id", live["id"].as_str().unwrap()],
            "error: Production go-live waits for the signed agreement: mark \"Agreement signed\" done on the legal track first",
        ),
    ];
    for (args, expect) in cases {
        let said = ws.fails(&args, 1);
        assert_eq!(said, expect);
        for word in ["ours", "partner side", "gate closed"] {
            assert!(!said.contains(word), "{said}");
        }
    }
}
