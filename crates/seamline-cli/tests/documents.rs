//! The command's documents: the signed scope and its cut line, the contract and the
//! checklists (docs/cli.md).

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use common::*;
use serde_json::Value;

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
fn a_new_project_has_not_enough_data_yet_and_turns_at_risk_only_when_flat_for_two_weeks() {
    let ws = Ws::new();
    let p = ws.json(&[
        "project",
        "create",
        "--name",
        "New",
        "--ours",
        "Acme",
        "--partner",
        "Globex",
        "--target-launch",
        "2027-03-01",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    for text in ["Invoices appear within 60 s", "Refunds sync both ways"] {
        ws.json(&["criterion", "add", "--project", &p, "--text", text, "--cut", "v1"]);
    }
    let metrics_at = |now: &str| -> Value {
        let out = ws.cmd(&["metrics", "--project", &p, "--json"]).env("SEAMLINE_NOW", now).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // Written today: no history, so no risk, no forecast and nothing proposed to cut.
    let m = metrics_at("2027-01-15T10:00:00Z");
    assert_eq!(m["at_risk"], false, "{m}");
    assert_eq!(m["outlook"], "not-enough-data");
    assert_eq!(m["outlook_label"], "Not enough data yet");
    assert_eq!(m["forecast_v1_date"], Value::Null);
    assert_eq!(m["cut_proposal"], serde_json::json!([]));
    let text = ws.text(&["metrics", "--project", &p]);
    assert!(!text.contains("AT RISK") && text.contains("Not enough data yet"), "{text}");
    // Thirteen days on, still new; two weeks on with nothing met, flat: at risk, yet with no
    // forecast there is still nothing to cut against.
    assert_eq!(metrics_at("2027-01-28T10:00:00Z")["at_risk"], false);
    let m = metrics_at("2027-01-29T10:00:00Z");
    assert_eq!((m["at_risk"].clone(), m["outlook"].clone()), (Value::from(true), Value::from("flat")), "{m}");
    assert_eq!(m["flat_for_two_weeks"], true);
    assert_eq!(m["cut_proposal"], serde_json::json!([]));
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
