//! The `seamline` binary on real temporary workspaces: the contract of docs/cli.md (forms, JSON
//! fields, exit codes, one-line errors) as scripts depend on it.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use assert_cmd::Command;
use common::*;
use serde_json::Value;

#[test]
fn project_create_list_show_keep_their_json_fields() {
    let ws = Ws::new();
    let p = ws.json(&[
        "project",
        "create",
        "--name",
        "Acme ↔ Globex",
        "--ours",
        "Acme",
        "--partner",
        "Globex",
        "--archetype",
        "identity",
        "--target-launch",
        "2027-04-01",
        "--threshold-days",
        "3",
    ]);
    for field in ["id", "name", "ours", "partner", "archetype", "target_launch", "threshold_days"] {
        assert!(p.get(field).is_some(), "project create --json lacks {field}: {p}");
    }
    assert_eq!(p["archetype"], "identity");
    assert_eq!(p["target_launch"], "2027-04-01");
    assert_eq!(p["threshold_days"], 3);
    let id = p["id"].as_str().unwrap();

    let list = ws.json(&["project", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["partner"], "Globex");

    let shown = ws.json(&["project", "show", "--project", &id[..8]]);
    assert_eq!(shown["name"], "Acme ↔ Globex");
    assert_eq!(shown["people"], serde_json::json!([]));

    let updated = ws.json(&[
        "project",
        "update",
        "--project",
        id,
        "--channel",
        "https://acme.slack.com/archives/C1",
        "--sync-day",
        "thursday",
        "--holiday",
        "2027-05-27",
        "--holiday",
        "2027-01-18",
    ]);
    assert_eq!(updated["sync_day"], "thursday");
    assert_eq!(updated["holidays"], serde_json::json!(["2027-01-18", "2027-05-27"]));

    // What an option sets, `""` clears (the one convention of every patch); a refused value
    // names what is allowed and changes nothing.
    let updated = ws.json(&["project", "update", "--project", id, "--status-day", "monday"]);
    assert_eq!(updated["status_day"], "monday");
    let err = ws.fails(&["project", "update", "--project", id, "--sync-day", "funday"], 2);
    assert!(err.contains("monday") && err.contains("friday"), "{err}");
    let cleared = ws.json(&[
        "project",
        "update",
        "--project",
        id,
        "--sync-day",
        "",
        "--status-day",
        "",
        "--target-launch",
        "",
        "--channel",
        "",
    ]);
    for field in ["sync_day", "status_day", "target_launch", "channel_url"] {
        assert_eq!(cleared[field], Value::Null, "{field} cleared: {cleared}");
    }
    assert_eq!(cleared["holidays"], serde_json::json!(["2027-01-18", "2027-05-27"]), "the rest kept");

    // A company's work week, typed as a range across the weekend, stored Monday first.
    let updated = ws.json(&["project", "update", "--project", id, "--work-week-partner", "Sun-Thu"]);
    assert_eq!(
        updated["work_week_partner"],
        serde_json::json!({"days": "mon,tue,wed,thu,sun", "label": "Sunday to Thursday"})
    );
    assert_eq!(updated["work_week_ours"]["days"], "mon,tue,wed,thu,fri");
    let shown = ws.text(&["project", "show", "--project", id]);
    assert!(shown.contains("works Sunday to Thursday"), "{shown}");
    let err = ws.fails(&["project", "update", "--project", id, "--work-week-ours", "weekdays"], 1);
    assert_eq!(
        err,
        "error: work_week_ours must be days of the week, such as 'mon-fri' or 'sun,mon,tue,wed,thu' ('weekdays' is not a day)"
    );
}

#[test]
fn people_and_roles_by_side() {
    let ws = Ws::new();
    let p = ws.project();
    let ana = ws.json(&[
        "person",
        "add",
        "--project",
        &p,
        "--side",
        "ours",
        "--name",
        "Ana Ruiz",
        "--email",
        "ana@acme.io",
        "--title",
        "Partner lead",
    ]);
    for field in ["id", "side", "name", "email", "title"] {
        assert!(ana.get(field).is_some(), "person add --json lacks {field}");
    }
    let kim = ws.json(&["person", "add", "--project", &p, "--side", "partner", "--name", "Kim Park"]);
    let ana = ana["id"].as_str().unwrap();
    let kim = kim["id"].as_str().unwrap();

    let list = ws.json(&["person", "list", "--project", &p]);
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|x| x["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Ana Ruiz", "Kim Park"]);
    assert_eq!(list[1]["side"], "partner");
    assert_eq!(list[1]["email"], Value::Null);

    let err = ws.fails(&["owner", "set", "--project", &p, "--side", "partner", "--person", ana], 1);
    assert_eq!(err, "error: person must be one of Globex's people to be its owner; Ana Ruiz is with Acme");
    ws.json(&["owner", "set", "--project", &p, "--side", "ours", "--person", ana]);
    let after = ws.json(&["escalation", "set", "--project", &p, "--side", "partner", "--person", kim]);
    assert_eq!(after["owner_ours"], ana);
    assert_eq!(after["escalation_partner"], kim);

    let out = ws.cmd(&["project", "show", "--project", &p]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Acme:") && text.contains("owner Ana Ruiz, escalation not named yet"), "{text}");
}

#[test]
fn usage_errors_exit_2_with_one_line_naming_what_is_allowed() {
    let ws = Ws::new();
    let p = ws.project();
    let err = ws.fails(&["person", "add", "--project", &p, "--side", "them", "--name", "X"], 2);
    assert!(err.contains("must be one of ours, partner (got 'them')"), "{err}");
    let err = ws.fails(
        &["project", "create", "--name", "X", "--ours", "A", "--partner", "B", "--target-launch", "1/2/2027"],
        2,
    );
    assert!(err.contains("expected a date written YYYY-MM-DD (got '1/2/2027')"), "{err}");
    ws.fails(&["project", "create", "--name", "X"], 2);
    ws.fails(&["project", "frobnicate"], 2);
    let out = ws.cmd(&["project", "list"]).env("SEAMLINE_NOW", "yesterday").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn refused_writes_exit_1_and_change_nothing() {
    let ws = Ws::new();
    let p = ws.project();
    let before = ws.json(&["project", "show", "--project", &p]);
    let err = ws.fails(&["project", "update", "--project", &p, "--name", "   "], 1);
    assert_eq!(err, "error: name must not be empty");
    let err = ws.fails(&["project", "update", "--project", &p, "--threshold-days", "0", "--name", "New"], 1);
    assert_eq!(err, "error: threshold_days must be a whole number of business days from 1 to 65 (got 0)");
    let err =
        ws.fails(&["person", "add", "--project", &p, "--side", "ours", "--name", "X", "--email", "nope"], 1);
    assert_eq!(err, "error: email must be an e-mail address like name@example.com (got 'nope')");
    assert_eq!(ws.json(&["project", "show", "--project", &p]), before);
    let err = ws.fails(&["project", "show", "--project", "0123456789abcdef"], 1);
    assert_eq!(err, "error: no project with id '0123456789abcdef'");
    let err = ws.fails(&["project", "update", "--project", &p, "--reminders", "maybe"], 2);
    assert!(err.contains("must be on or off (got 'maybe')"), "{err}");
    assert_eq!(ws.json(&["project", "show", "--project", &p]), before);

    // The status day is shared; the reminders switch is this device's.
    let shown =
        ws.json(&["project", "update", "--project", &p, "--status-day", "monday", "--reminders", "off"]);
    assert_eq!((shown["status_day"].as_str(), shown["reminders"].as_bool()), (Some("monday"), Some(false)));
}

#[test]
fn the_workspace_comes_from_seamline_db_and_the_demo_fills_it() {
    let ws = Ws::new();
    let mut c = Command::cargo_bin("seamline").unwrap();
    let out = c.env("SEAMLINE_DB", &ws.db).args(["demo", "--json"]).output().unwrap();
    assert!(out.status.success());
    let demo: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = demo["project"].as_str().unwrap();
    let shown = ws.json(&["project", "show", "--project", id]);
    assert_eq!(shown["partner"], "Ledgerly");
    assert!(shown["people"].as_array().unwrap().len() >= 6);
    for role in ["owner_ours", "owner_partner", "escalation_ours", "escalation_partner"] {
        assert!(shown[role].is_string(), "the demo names {role}");
    }
}

#[test]
fn a_deleted_project_is_listed_and_restored() {
    let ws = Ws::new();
    let p = ws.project();
    assert_eq!(ws.json(&["project", "delete", "--project", &p])["deleted"], p.as_str());
    assert_eq!(ws.json(&["project", "list"]).as_array().unwrap().len(), 0);
    let deleted = ws.json(&["project", "deleted"]);
    assert_eq!(deleted[0]["id"], p.as_str());
    assert_eq!(deleted[0]["name"], "Acme ↔ Globex");
    assert_eq!(deleted[0]["deleted_at"], "2027-01-15T10:00:00Z");
    assert_eq!(deleted[0]["by_this_device"], true);
    assert_eq!(ws.json(&["project", "restore", "--project", &p])["name"], "Acme ↔ Globex");
    assert_eq!(ws.json(&["project", "deleted"]).as_array().unwrap().len(), 0);
    let err = ws.fails(&["project", "restore", "--project", &p], 1);
    assert_eq!(err, format!("error: no project with id '{p}'"));
}

#[test]
fn me_names_the_user_and_the_person_and_history_reads_as_actions() {
    let ws = Ws::new();
    let p = ws.project();
    let who = ws.json(&["me"]);
    assert_eq!(who["name"], Value::Null, "not said yet");
    let who = ws.json(&["me", "--name", "Ana Lima"]);
    assert_eq!(who["name"], "Ana Lima");
    assert_eq!(who["shown_as"], "Ana Lima");
    let usage = ws.fails(&["me", "--name", " "], 1);
    assert!(usage.contains("name"), "{usage}");

    let shown = ws.json(&["project", "show", "--project", &p]);
    assert_eq!(shown["my_side"], "ours", "the creator's device is with its company");
    assert_eq!(shown["my_company"], "Acme");
    assert_eq!(shown["me"], Value::Null);
    let ana = ws.json(&["person", "add", "--project", &p, "--side", "ours", "--name", "Ana Lima"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let gil = ws.json(&["person", "add", "--project", &p, "--side", "partner", "--name", "Gil"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let err = ws.fails(&["me", "--project", &p, "--person", &gil], 1);
    assert!(err.contains("Globex"), "one can only be a person of one's own company: {err}");
    let mine = ws.json(&["me", "--project", &p, "--person", &ana]);
    assert_eq!(mine["me"], ana.as_str());
    assert_eq!(ws.json(&["project", "show", "--project", &p])["me"], ana.as_str());
    let err = ws.fails(&["me", "--project", &p, "--company", "Globex"], 1);
    assert!(err.contains("Acme"), "the company is said once: {err}");

    ws.json(&[
        "blocker",
        "add",
        "--project",
        &p,
        "--title",
        "Sandbox keys",
        "--class",
        "access",
        "--waiting-on",
        "partner",
        "--owner",
        &gil,
    ]);
    let actions = ws.json(&["history", "--project", &p]);
    let newest = &actions[0];
    assert_eq!(newest["who"], "Ana Lima");
    assert_eq!(newest["company"], "Acme");
    assert_eq!(newest["this_device"], true);
    assert_eq!(newest["kind"], "blockers");
    assert_eq!(newest["summary"], "added blocker \u{2018}Sandbox keys\u{2019}");
    assert!(newest["changes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["field"] == "owner_id" && c["value"] == "Gil"));
    assert_eq!(
        actions.as_array().unwrap().last().unwrap()["summary"],
        "created the project \u{2018}Acme ↔ Globex\u{2019}"
    );
    let text = String::from_utf8(ws.cmd(&["history", "--project", &p]).output().unwrap().stdout).unwrap();
    assert!(text.contains("Ana Lima (Acme)") && text.contains("added blocker"), "{text}");

    // The raw field writes keep their old form.
    let fields = ws.json(&["history", "--project", &p, "--fields"]);
    let f = fields.as_array().unwrap();
    assert!(f.len() > actions.as_array().unwrap().len());
    assert!(f.iter().any(|c| c["entity"] == "blocker"
        && c["field"] == "title"
        && c["value"] == "Sandbox keys"
        && c["user_name"] == "Ana Lima"));
}

#[test]
fn milestones_and_decisions_are_corrected_in_place() {
    let ws = Ws::new();
    let (p, ana, kim) = staffed(&ws);
    let m = ws.json(&[
        "milestone",
        "add",
        "--project",
        &p,
        "--track",
        "build",
        "--kind",
        "production-go-live",
        "--planned",
        "2027-03-08",
    ]);
    let id = m["id"].as_str().unwrap();
    let moved =
        ws.json(&["milestone", "update", "--id", id, "--title", "Pilot go-live", "--planned", "2027-03-15"]);
    assert_eq!(
        (moved["title"].as_str(), moved["planned"].as_str()),
        (Some("Pilot go-live"), Some("2027-03-15"))
    );
    let err = ws.fails(&["milestone", "update", "--id", id, "--title", " ", "--planned", "2027-04-01"], 1);
    assert_eq!(err, "error: title must not be empty");
    let list = ws.json(&["milestone", "list", "--project", &p]);
    assert_eq!(list[0]["planned"], "2027-03-15", "a refused update moves nothing");

    let d = ws.json(&[
        "decision",
        "add",
        "--project",
        &p,
        "--question",
        "Who owns SCIM?",
        "--decision",
        "Acme",
        "--by",
        &ana,
    ]);
    let fixed = ws.json(&[
        "decision",
        "update",
        "--id",
        d["id"].as_str().unwrap(),
        "--decision",
        "Globex",
        "--by",
        &kim,
    ]);
    assert_eq!(
        (fixed["decision"].as_str(), fixed["decided_by_name"].as_str()),
        (Some("Globex"), Some("Kim Park"))
    );
}
