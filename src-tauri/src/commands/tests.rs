//! The commands through Tauri's mock runtime (no display), and the bindings drift check.

use std::path::PathBuf;

use seamline_store::{Clock, Workspace};
use specta_typescript::Typescript;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

use super::specta_builder;
use crate::state::AppState;

const BINDINGS: &str = "ui/src/lib/api/bindings.ts";

fn typescript() -> Typescript {
    Typescript::default().header("// Generated from the Rust commands by `cargo test -p seamline-app bindings`. Do not edit.\n// @ts-nocheck")
}

fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Fails when the committed bindings differ from what the Rust commands generate. Run with
/// `SEAMLINE_WRITE_BINDINGS=1` to rewrite them after changing a command or a DTO.
#[test]
fn bindings_are_current() {
    let fresh = std::env::temp_dir().join(format!("seamline-bindings-{}.ts", std::process::id()));
    specta_builder::<tauri::Wry>().export(typescript(), &fresh).expect("bindings export");
    let fresh_text = std::fs::read_to_string(&fresh).unwrap();
    let _ = std::fs::remove_file(&fresh);
    let committed = repo_path(BINDINGS);
    if std::env::var_os("SEAMLINE_WRITE_BINDINGS").is_some() {
        std::fs::write(&committed, &fresh_text).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        current == fresh_text,
        "{BINDINGS} is out of date with the Rust commands; run `SEAMLINE_WRITE_BINDINGS=1 cargo test -p seamline-app bindings` and commit it"
    );
}

type Queue = tokio::sync::mpsc::UnboundedReceiver<String>;

fn app() -> (tauri::App<tauri::test::MockRuntime>, tauri::WebviewWindow<tauri::test::MockRuntime>) {
    let (app, window, _queue) = app_with_queue();
    // The queue is dropped: these tests run no background syncs.
    (app, window)
}

/// The app and the queue of sync requests its commands make.
fn app_with_queue(
) -> (tauri::App<tauri::test::MockRuntime>, tauri::WebviewWindow<tauri::test::MockRuntime>, Queue) {
    let now = chrono::DateTime::parse_from_rfc3339("2027-01-15T10:00:00Z").unwrap();
    let ws = Workspace::open_in_memory(Clock::Fixed(now)).unwrap();
    let builder = specta_builder::<tauri::test::MockRuntime>();
    let (requests, queue) = tokio::sync::mpsc::unbounded_channel();
    let app = mock_builder()
        .manage(AppState::new(ws, requests))
        .invoke_handler(builder.invoke_handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    (app, window, queue)
}

fn invoke(
    window: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    body: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<serde_json::Value>().unwrap())
}

#[test]
fn a_project_and_its_people_through_ipc() {
    let (_app, w) = app();
    let p = invoke(
        &w,
        "create_project",
        serde_json::json!({ "input": { "name": "Acme ↔ Globex", "ours": "Acme", "partner": "Globex",
            "archetype": null, "target_launch": "2027-04-01", "threshold_days": null } }),
    )
    .unwrap();
    let id = p["id"].as_str().unwrap().to_string();
    let person = invoke(
        &w,
        "add_person",
        serde_json::json!({ "projectId": id, "input": { "side": "partner", "name": "Kim Park", "email": null, "title": "PM" } }),
    )
    .unwrap();
    invoke(
        &w,
        "set_role",
        serde_json::json!({ "projectId": id, "side": "partner", "role": "owner", "personId": person["id"] }),
    )
    .unwrap();
    let view = invoke(&w, "get_project", serde_json::json!({ "id": id })).unwrap();
    assert_eq!(view["project"]["owner_partner"], person["id"]);
    assert_eq!(view["people"][0]["name"], "Kim Park");
    let list = invoke(&w, "list_projects", serde_json::json!({})).unwrap();
    assert_eq!(list[0]["name"], "Acme ↔ Globex");
}

#[test]
fn errors_cross_ipc_as_code_message_and_field() {
    let (_app, w) = app();
    let err = invoke(
        &w,
        "create_project",
        serde_json::json!({ "input": { "name": "", "ours": "Acme", "partner": "Globex",
            "archetype": null, "target_launch": null, "threshold_days": null } }),
    )
    .unwrap_err();
    assert_eq!(
        err,
        serde_json::json!({ "code": "Validation", "message": "must not be empty", "field": "name" })
    );
    let err = invoke(&w, "get_project", serde_json::json!({ "id": "0123456789abcdef" })).unwrap_err();
    assert_eq!(err["code"], "NotFound");
    assert_eq!(err["message"], "no project with id '0123456789abcdef'");
    let list = invoke(&w, "list_projects", serde_json::json!({})).unwrap();
    assert_eq!(list, serde_json::json!([]), "the refused project was not created");
}

/// Dates are read at the door (the store takes dates, not text): one that cannot be read is
/// refused naming its field, and nothing is written.
#[test]
fn a_date_argument_that_cannot_be_read_is_refused_naming_its_field() {
    let (_app, w) = app();
    let p = invoke(
        &w,
        "create_project",
        serde_json::json!({ "input": { "name": "Acme ↔ Globex", "ours": "Acme", "partner": "Globex",
            "archetype": null, "target_launch": null, "threshold_days": null } }),
    )
    .unwrap();
    let err = invoke(
        &w,
        "publish_status",
        serde_json::json!({ "projectId": p["id"], "week": "2027-02-30", "body": "Shipped" }),
    )
    .unwrap_err();
    assert_eq!((&err["code"], &err["field"]), (&"Validation".into(), &"week".into()), "{err}");
    let reports = invoke(&w, "list_status_reports", serde_json::json!({ "projectId": p["id"] })).unwrap();
    assert_eq!(reports, serde_json::json!([]));
    let draft = invoke(&w, "status_draft", serde_json::json!({ "projectId": p["id"], "week": "" })).unwrap();
    assert!(draft["body"].as_str().unwrap().contains("Shipped"), "blank is this week: {draft}");
}

/// One convention for every patch, as the front end sends it: a field absent or `null` is left
/// alone, `""` clears it, a choice (a day, a direction) as much as a text or a date.
#[test]
fn a_patch_leaves_what_is_absent_or_null_and_clears_what_is_blank() {
    let (_app, w) = app();
    let p = invoke(
        &w,
        "create_project",
        serde_json::json!({ "input": { "name": "Acme ↔ Globex", "ours": "Acme", "partner": "Globex",
            "archetype": null, "target_launch": "2027-04-01", "threshold_days": null } }),
    )
    .unwrap();
    let id = p["id"].clone();
    let set = serde_json::json!({ "id": id, "patch": { "sync_day": "tuesday", "status_day": "friday",
        "channel_url": "https://acme.slack.com/archives/C1" } });
    let p = invoke(&w, "update_project", set).unwrap();
    assert_eq!((&p["sync_day"], &p["status_day"]), (&"tuesday".into(), &"friday".into()));
    let kept = invoke(
        &w,
        "update_project",
        serde_json::json!({ "id": id, "patch": { "name": "Renamed",
        "sync_day": null, "channel_url": null } }),
    )
    .unwrap();
    assert_eq!((&kept["sync_day"], &kept["status_day"]), (&"tuesday".into(), &"friday".into()), "{kept}");
    assert_eq!(kept["channel_url"], "https://acme.slack.com/archives/C1", "null leaves it");
    let cleared = invoke(
        &w,
        "update_project",
        serde_json::json!({ "id": id, "patch": { "sync_day": "",
        "status_day": "", "channel_url": "", "target_launch": "" } }),
    )
    .unwrap();
    for field in ["sync_day", "status_day", "channel_url", "target_launch"] {
        assert_eq!(cleared[field], serde_json::Value::Null, "{field} cleared by \"\": {cleared}");
    }
    assert_eq!(cleared["name"], "Renamed");
    let refused =
        invoke(&w, "update_project", serde_json::json!({ "id": id, "patch": { "name": "" } })).unwrap_err();
    assert_eq!(refused["field"], "name", "a field that must hold a value refuses the blank: {refused}");
    let contract = invoke(
        &w,
        "edit_contract",
        serde_json::json!({ "projectId": id,
        "edit": { "op": "terms", "patch": { "direction": "two-way" } } }),
    )
    .unwrap();
    assert_eq!(contract["terms"]["direction"], "two-way");
    let contract = invoke(
        &w,
        "edit_contract",
        serde_json::json!({ "projectId": id,
        "edit": { "op": "terms", "patch": { "direction": "" } } }),
    )
    .unwrap();
    assert_eq!(contract["terms"]["direction"], serde_json::Value::Null, "{contract}");
}

#[test]
fn every_write_asks_for_a_sync_of_its_project_and_a_read_does_not() {
    let (_app, w, mut queue) = app_with_queue();
    let p = invoke(
        &w,
        "create_project",
        serde_json::json!({ "input": { "name": "Acme ↔ Globex", "ours": "Acme", "partner": "Globex",
            "archetype": null, "target_launch": null, "threshold_days": null } }),
    )
    .unwrap();
    let id = p["id"].as_str().unwrap().to_string();
    assert_eq!(queue.try_recv().ok(), Some(id.clone()), "creating the project asked for its sync");
    invoke(&w, "get_project", serde_json::json!({ "id": id })).unwrap();
    invoke(&w, "list_blockers", serde_json::json!({ "projectId": id })).unwrap();
    assert!(queue.try_recv().is_err(), "reads ask for nothing");
    invoke(
        &w,
        "add_person",
        serde_json::json!({ "projectId": id, "input": { "side": "partner", "name": "Kim Park", "email": null, "title": null } }),
    )
    .unwrap();
    assert_eq!(queue.try_recv().ok(), Some(id.clone()), "a new person asked for a sync");
    let refused = invoke(
        &w,
        "add_person",
        serde_json::json!({ "projectId": id, "input": { "side": "partner", "name": "", "email": null, "title": null } }),
    );
    assert!(refused.is_err());
    assert!(queue.try_recv().is_err(), "a refused write changes nothing, so there is nothing to sync");
}
