//! The `seamline` binary on real temporary workspaces: the contract of docs/cli.md (forms, JSON
//! fields, exit codes, one-line errors) as scripts depend on it.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use assert_cmd::Command;
use serde_json::Value;

struct Ws {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
}

impl Ws {
    fn new() -> Ws {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("ws.sqlite");
        Ws { _dir: dir, db }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("seamline").unwrap();
        // Device keys in a file beside the test's workspace, never in the user's keychain.
        c.env("SEAMLINE_NOW", "2027-01-15T10:00:00Z")
            .env("SEAMLINE_KEYSTORE", "file")
            .env_remove("SEAMLINE_DB")
            .arg("--db")
            .arg(&self.db)
            .args(args);
        c
    }

    /// Runs a command that must succeed and returns its JSON output.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd(args).arg("--json").output().unwrap();
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("exactly one JSON value on stdout")
    }

    /// Runs a command that must succeed and returns what it printed for people.
    fn text(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must fail with `code` and one line on stderr; returns that line.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "one line on stderr, got {err:?}");
        assert!(out.stdout.is_empty());
        err.trim_end().to_string()
    }

    fn project(&self) -> String {
        self.json(&["project", "create", "--name", "Acme ↔ Globex", "--ours", "Acme", "--partner", "Globex"])
            ["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

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
    assert_eq!(
        err,
        "error: person must be on the partner side (Globex) to be its owner; Ana Ruiz is on the ours side (Acme)"
    );
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

/// A project with one person on each side; returns (project, ours person, partner person).
fn staffed(ws: &Ws) -> (String, String, String) {
    let p = ws.project();
    let ana = ws.json(&["person", "add", "--project", &p, "--side", "ours", "--name", "Ana Ruiz"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let kim = ws.json(&["person", "add", "--project", &p, "--side", "partner", "--name", "Kim Park"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let lee = ws.json(&["person", "add", "--project", &p, "--side", "partner", "--name", "Lee Chen"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    ws.json(&["escalation", "set", "--project", &p, "--side", "partner", "--person", &lee]);
    (p, ana, kim)
}

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
        err.starts_with("error: gate closed: Production go-live waits for the signed agreement"),
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
    assert_eq!(err, "error: person must be on the ours side (Acme); Kim Park is on the partner side");
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
fn the_scope_is_written_signed_and_goes_stale_from_the_command() {
    let ws = Ws::new();
    let p = ws.project();
    let person = |side: &str, name: &str| {
        ws.json(&["person", "add", "--project", &p, "--side", side, "--name", name])["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let ana = person("ours", "Ana");
    let gil = person("partner", "Gil");
    let story = ws.json(&["story", "add", "--project", &p, "--text", "As a rep I see invoices"]);
    let story_id = story["id"].as_str().unwrap();
    assert_eq!(story["text"], "As a rep I see invoices");
    ws.json(&["criterion", "add", "--project", &p, "--text", "Invoices sync", "--story", story_id]);
    let later = ws.json(&["criterion", "add", "--project", &p, "--text", "Refunds sync", "--cut", "v1.1"]);
    ws.json(&["boundary", "add", "--project", &p, "--text", "No backfill beyond 90 days"]);
    ws.json(&["workflow", "add", "--project", &p, "--side", "partner", "--text", "Admin connects"]);

    let err = ws.fails(&["scope", "sign", "--project", &p, "--side", "ours", "--person", &gil], 1);
    assert!(err.contains("person must be one of Acme's people to sign for it; Gil is with Globex"), "{err}");
    // This device created the project: it is with Acme, and signs only for Acme.
    let err = ws.fails(&["scope", "sign", "--project", &p, "--side", "partner", "--person", &gil], 1);
    assert!(
        err.starts_with(
            "error: side is Globex but this device is with Acme: a company signs only for itself"
        ),
        "{err}"
    );
    ws.json(&["scope", "sign", "--project", &p, "--side", "ours", "--person", &ana]);
    ws.json(&[
        "scope",
        "sign",
        "--project",
        &p,
        "--side",
        "partner",
        "--person",
        &gil,
        "--recorded",
        "signed by email on 12 Jan",
    ]);
    let shown = ws.json(&["scope", "show", "--project", &p]);
    assert_eq!(shown["hash"].as_str().unwrap().len(), 64);
    let sigs = shown["signatures"].as_array().unwrap();
    assert_eq!(sigs.len(), 2);
    assert!(sigs
        .iter()
        .all(|s| s["stale"] == false && s["person"].is_string() && s["signed_at"].is_string()));
    assert_eq!(sigs[0]["recorded"], Value::Null, "Acme signed in the app");
    assert_eq!(sigs[1]["recorded"]["how"], "signed by email on 12 Jan", "Globex's signature is recorded");
    assert_eq!(shown["criteria"].as_array().unwrap().len(), 2);
    assert_eq!(shown["workflow"][0]["side"], "partner");

    ws.json(&["criterion", "cut", "--id", later["id"].as_str().unwrap(), "--cut", "v1"]);
    let shown = ws.json(&["scope", "show", "--project", &p]);
    assert!(shown["signatures"].as_array().unwrap().iter().all(|s| s["stale"] == true));
    let r = ws.json(&["readiness", "--project", &p]);
    assert!(r["missing"]
        .as_array()
        .unwrap()
        .contains(&Value::from("Scope signed by both sides, and not changed since")));

    // The human form says so too.
    let out = ws.cmd(&["scope", "show", "--project", &p]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("STALE"), "{text}");
    assert!(text.contains("v1.1 acceptance criteria") || text.contains("v1 acceptance criteria"));

    ws.fails(&["story", "add", "--project", &p, "--text", " "], 1);
    let usage = ws.fails(&["scope", "sign", "--project", &p, "--side", "both", "--person", &ana], 2);
    assert!(usage.contains("ours, partner"), "{usage}");
}

#[test]
fn the_contract_and_checklists_from_the_command() {
    let ws = Ws::new();
    let p = ws.project();
    let c = ws.json(&[
        "contract",
        "set",
        "--project",
        &p,
        "--objects",
        "Invoice",
        "--direction",
        "partner-to-ours",
        "--latency",
        "under 60 s",
    ]);
    assert_eq!(c["terms"]["direction"], "partner-to-ours");
    let usage = ws.fails(&["contract", "set", "--project", &p, "--direction", "up"], 2);
    assert!(usage.contains("partner-to-ours, ours-to-partner, two-way"), "{usage}");

    ws.json(&[
        "contract",
        "map",
        "--project",
        &p,
        "--object",
        "Invoice",
        "--partner-field",
        "priority",
        "--our-field",
        "severity",
        "--value-map",
        "low=3, med=2, high=1",
        "--default",
        "2",
        "--source-of-truth",
        "partner",
    ]);
    let c = ws.json(&[
        "contract",
        "map",
        "--project",
        &p,
        "--object",
        "Invoice",
        "--partner-field",
        "priority",
        "--our-field",
        "urgency",
    ]);
    let fields: Vec<&str> =
        c["problems"].as_array().unwrap().iter().map(|x| x["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["partner_field", "partner_field", "source_of_truth"]);
    let c = ws.json(&[
        "contract",
        "scope",
        "--project",
        &p,
        "--scope",
        "invoices.read",
        "--description",
        "Read invoices",
    ]);
    assert!(c["problems"].as_array().unwrap().iter().any(|x| x["field"] == "justification"));

    let out = ws.cmd(&["contract", "show", "--project", &p, "--markdown"]).output().unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# Integration contract: Acme ↔ Globex"), "{md}");
    assert!(
        md.contains("| Invoice | priority | — | severity | — | — | low=3, med=2, high=1 | 2 | Globex |"),
        "{md}"
    );

    let items = ws.json(&["checklist", "list", "--project", &p, "--list", "test-cases"]);
    let items = items.as_array().unwrap();
    assert!(items.iter().any(|i| i["text"].as_str().unwrap().contains("429")));
    let id = items[0]["id"].as_str().unwrap();
    assert_eq!(ws.json(&["checklist", "check", "--id", id])["done"], true);
    assert_eq!(
        ws.json(&["checklist", "edit", "--id", id, "--note", "covered in CI"])["note"],
        "covered in CI"
    );
    let added =
        ws.json(&["checklist", "add", "--project", &p, "--list", "runbook", "--text", "5xx → page on-call"]);
    assert_eq!(added["list"], "runbook");
    let usage = ws.fails(&["checklist", "add", "--project", &p, "--list", "launch", "--text", "x"], 2);
    assert!(usage.contains("app-review, test-cases, rollout, runbook"), "{usage}");

    assert_eq!(ws.json(&["wizard", "--project", &p])["step"], Value::Null);
    assert_eq!(ws.json(&["wizard", "--project", &p, "--step", "contract"])["step"], "contract");
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
fn joining_a_project_already_here_needs_relink_and_sync_status_names_clocks_and_values() {
    let ws = Ws::new();
    let p = ws.project();
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    std::fs::create_dir_all(&first).unwrap();
    std::fs::create_dir_all(&second).unwrap();
    ws.json(&["sync", "link", "--project", &p, "--folder", first.to_str().unwrap()]);
    // The project's folder as it was shared before encryption (a plaintext folder).
    let descriptor = serde_json::json!({
        "format": "seamline-folder", "format_version": 1, "project_id": p, "project_name": "Acme ↔ Globex",
        "min_app_version": "0.1.0", "created_at": "2027-01-15T10:00:00Z",
    });
    std::fs::write(second.join("seamline.json"), descriptor.to_string()).unwrap();

    let usage = ws.fails(&["sync", "join", "--folder", second.to_str().unwrap()], 2);
    assert!(usage.contains("--company"), "{usage}");
    let err = ws.fails(&["sync", "join", "--folder", second.to_str().unwrap(), "--company", "Acme"], 1);
    assert!(
        err.starts_with("error: this workspace already has the project \"Acme ↔ Globex\" (shared through "),
        "{err}"
    );
    assert!(err.ends_with("; add --relink to move it to this folder"), "{err}");
    assert!(!second.join("devices").exists(), "nothing written to the folder not picked for it");
    let joined =
        ws.json(&["sync", "join", "--folder", second.to_str().unwrap(), "--relink", "--company", "Acme"]);
    assert_eq!(joined["project"], p.as_str());

    let status = ws.json(&["sync", "status", "--project", &p]);
    assert_eq!(status["link"]["folder"], std::fs::canonicalize(&second).unwrap().to_str().unwrap());
    assert_eq!(status["clock_skews"], serde_json::json!([]));
    assert_eq!(status["invalid_values"], serde_json::json!([]));
    // Alone in a folder shared before encryption: it stays so until asked (or until another
    // device of this Seamline joins).
    assert_eq!(status["encryption"]["encrypted"], false);
    ws.json(&["sync", "encrypt", "--project", &p]);
    let status = ws.json(&["sync", "status", "--project", &p]);
    assert_eq!(status["encryption"]["encrypted"], true);
    assert!(status["view_code"].as_str().unwrap().starts_with("SV-"), "{status}");
    let again = ws.fails(&["sync", "encrypt", "--project", &p], 1);
    assert_eq!(again, "error: this project's folder is already encrypted");
}

/// Everything under `dir`, as (path, bytes).
fn folder_bytes(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn an_encrypted_folder_admits_a_device_only_with_its_invite_and_a_company_removes_its_own_devices() {
    let acme = Ws::new();
    let p = acme.project();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Shared");
    std::fs::create_dir_all(&folder).unwrap();
    let f = folder.to_str().unwrap();
    let linked = acme.json(&["sync", "link", "--project", &p, "--folder", f]);
    let code = linked["invite"].as_str().expect("sharing prints an invite for the partner").to_string();
    assert!(code.starts_with("SL-"), "{code}");

    // Without a valid code: exit 1, a clear message, nothing written here or there.
    let globex = Ws::new();
    let before = folder_bytes(&folder);
    let err = globex.fails(&["sync", "join", "--folder", f, "--company", "Globex"], 1);
    assert_eq!(
        err,
        "error: this project's folder is encrypted: enter the invite code the person who shared it sent you"
    );
    let err = globex.fails(&["sync", "join", "--folder", f, "--company", "Globex", "--invite", "SL-NOPE"], 1);
    assert!(err.starts_with("error: invite code must look like SL-XXXXXX"), "{err}");
    let forged = "SL-AAAAAA-AAAAAA-AAAAAA-AAAAAA";
    let err = globex.fails(&["sync", "join", "--folder", f, "--company", "Globex", "--invite", forged], 1);
    assert!(err.starts_with("error: no invite in this folder matches this code"), "{err}");
    let usage = globex.fails(&["sync", "join", "--folder", f, "--company", "Initech", "--invite", &code], 2);
    assert_eq!(
        usage,
        "error: company must be one of the project's companies, Acme or Globex (got 'Initech')"
    );
    let err = globex.fails(&["sync", "join", "--folder", f, "--company", "Acme", "--invite", &code], 1);
    assert_eq!(err, "error: this invite is for a device of Globex, not Acme; ask Acme for an invite");
    assert_eq!(folder_bytes(&folder), before, "nothing written to the folder");
    assert_eq!(globex.json(&["project", "list"]), serde_json::json!([]), "nothing written to the workspace");

    let joined = globex.json(&["sync", "join", "--folder", f, "--company", "Globex", "--invite", &code]);
    assert_eq!(joined["project"], p.as_str());
    // The same code admits no second device.
    let other = Ws::new();
    let err = other.fails(&["sync", "join", "--folder", f, "--company", "Globex", "--invite", &code], 1);
    assert!(err.contains("already used"), "{err}");

    // A second device of Globex's, invited by Globex.
    let invite = globex.json(&["sync", "invite", "--project", &p, "--company", "Globex"]);
    assert_eq!(invite["company"], "Globex");
    let laptop = Ws::new();
    let code2 = invite["code"].as_str().unwrap();
    laptop.json(&["sync", "join", "--folder", f, "--company", "Globex", "--invite", code2]);
    // Globex cannot invite for Acme.
    let err = globex.fails(&["sync", "invite", "--project", &p, "--company", "Acme"], 1);
    assert!(err.contains("cannot invite a device of Acme"), "{err}");
    acme.json(&["sync", "run", "--project", &p]);

    let devices = acme.json(&["sync", "devices", "--project", &p]);
    let devices = devices.as_array().unwrap();
    assert_eq!(devices.len(), 3, "{devices:?}");
    for d in devices {
        for field in ["id", "name", "company", "fingerprint", "admitted_by", "last_seen", "removed"] {
            assert!(d.get(field).is_some(), "{field} in {d}");
        }
        assert_eq!(d["fingerprint"].as_str().unwrap().len(), 11);
    }
    globex.json(&["sync", "run", "--project", &p]);
    let globex_devices = globex.json(&["sync", "devices", "--project", &p]);
    let laptop_entry = globex_devices
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["company"] == "Globex" && !d["this_device"].as_bool().unwrap())
        .expect("Globex sees its second device")
        .clone();
    let laptop_device = laptop_entry["id"].as_str().unwrap();

    // Acme cannot remove Globex's device; Globex can.
    let err = acme.fails(&["sync", "remove", "--project", &p, "--device", laptop_device], 1);
    assert!(err.contains("a company removes only its own devices"), "{err}");
    globex.json(&["sync", "remove", "--project", &p, "--device", laptop_device]);
    acme.json(&["sync", "run", "--project", &p]);
    let devices = acme.json(&["sync", "devices", "--project", &p]);
    let removed = devices.as_array().unwrap().iter().find(|d| d["id"] == laptop_device).unwrap();
    assert_eq!(removed["removed"]["at"], "2027-01-15T10:00:00Z", "{removed}");
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
