//! The command's shared folders: joining and relinking, sync status, encrypted folders,
//! invites and removals (docs/cli.md).

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use common::*;

#[test]
fn joining_a_project_already_here_needs_relink_and_sync_status_names_clocks_and_values() {
    let ws = Ws::new();
    let p = ws.project();
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    std::fs::create_dir_all(&first).unwrap();
    std::fs::create_dir_all(&second).unwrap();
    // The project's folders as they were shared before encryption (plaintext folders): an
    // encrypted project is never moved to one (tests/attacks.rs in seamline-sync).
    let descriptor = serde_json::json!({
        "format": "seamline-folder", "format_version": 1, "project_id": p, "project_name": "Acme ↔ Globex",
        "min_app_version": "0.1.0", "created_at": "2027-01-15T10:00:00Z",
    });
    std::fs::write(first.join("seamline.json"), descriptor.to_string()).unwrap();
    std::fs::write(second.join("seamline.json"), descriptor.to_string()).unwrap();
    ws.json(&["sync", "link", "--project", &p, "--folder", first.to_str().unwrap()]);

    let usage = ws.fails(&["sync", "join", "--folder", second.to_str().unwrap()], 2);
    assert!(usage.contains("--company is needed"), "{usage}");
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

    // The code lets Globex's device ask; Acme's lead compares its fingerprint and lets it in.
    let joined = globex.json(&["sync", "join", "--folder", f, "--invite", &code]);
    assert_eq!(joined["project"], p.as_str());
    assert_eq!(joined["waiting"], true, "{joined}");
    let fingerprint = joined["fingerprint"].as_str().unwrap().to_string();
    let waiting = globex.json(&["sync", "run", "--project", &p]);
    assert_eq!(waiting["waiting"]["inviter_company"], "Acme", "{waiting}");
    assert_eq!(globex.json(&["project", "list"]), serde_json::json!([]), "nothing readable before admission");
    let ran = acme.json(&["sync", "run", "--project", &p]);
    assert_eq!(ran["requests"], 1, "{ran}");
    let requests = acme.json(&["sync", "requests", "--project", &p]);
    assert_eq!(requests[0]["fingerprint"], fingerprint.as_str(), "{requests}");
    assert_eq!(requests[0]["company"], "Globex");
    let device = requests[0]["device"].as_str().unwrap().to_string();
    acme.json(&["sync", "admit", "--project", &p, "--device", &device]);
    globex.json(&["sync", "run", "--project", &p]);
    assert_eq!(
        globex.json(&["project", "list"]).as_array().unwrap().len(),
        1,
        "admitted, the project arrives"
    );
    // The same code admits no second device.
    let other = Ws::new();
    let err = other.fails(&["sync", "join", "--folder", f, "--company", "Globex", "--invite", &code], 1);
    assert!(err.contains("already used"), "{err}");

    // A second device of Globex's, invited and let in by Globex; invites expire and can be
    // withdrawn.
    let invite = globex.json(&["sync", "invite", "--project", &p, "--company", "Globex", "--expires", "3d"]);
    assert_eq!(invite["company"], "Globex");
    assert_eq!(invite["expires_at"], "2027-01-18T10:00:00Z");
    let spare = globex.json(&["sync", "invite", "--project", &p, "--company", "Globex"]);
    let listed = globex.json(&["sync", "invites", "--project", &p]);
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    globex.json(&["sync", "withdraw", "--project", &p, "--invite", spare["invite_id"].as_str().unwrap()]);
    assert_eq!(globex.json(&["sync", "invites", "--project", &p]).as_array().unwrap().len(), 1);
    let err = other.fails(&["sync", "join", "--folder", f, "--invite", spare["code"].as_str().unwrap()], 1);
    assert!(err.contains("withdrawn"), "{err}");
    let usage =
        globex.fails(&["sync", "invite", "--project", &p, "--company", "Globex", "--expires", "forever"], 2);
    assert!(usage.contains("expires must be a number of days"), "{usage}");
    let laptop = Ws::new();
    let code2 = invite["code"].as_str().unwrap();
    laptop.json(&["sync", "join", "--folder", f, "--company", "Globex", "--invite", code2]);
    globex.json(&["sync", "run", "--project", &p]);
    let requests = globex.json(&["sync", "requests", "--project", &p]);
    let laptop_id = requests[0]["device"].as_str().unwrap().to_string();
    // Acme does not answer Globex's invites.
    assert_eq!(acme.json(&["sync", "requests", "--project", &p]), serde_json::json!([]));
    globex.json(&["sync", "admit", "--project", &p, "--device", &laptop_id]);
    laptop.json(&["sync", "run", "--project", &p]);
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

    // Each company owns its side: Globex cannot add to Acme's people or name its escalation
    // contact (exit 1, the sentence), but suggests it; Acme accepts it.
    let acme_people = acme.json(&["person", "list", "--project", &p]);
    let acme_person = acme_people.as_array().unwrap().iter().find(|x| x["side"] == "ours");
    let acme_person = match acme_person {
        Some(x) => x["id"].as_str().unwrap().to_string(),
        None => acme.json(&["person", "add", "--project", &p, "--side", "ours", "--name", "Ana"])["id"]
            .as_str()
            .unwrap()
            .to_string(),
    };
    acme.json(&["sync", "run", "--project", &p]);
    globex.json(&["sync", "run", "--project", &p]);
    let err =
        globex.fails(&["person", "add", "--project", &p, "--side", "ours", "--name", "Fake Acme VP"], 1);
    assert_eq!(err, "error: Acme's people are changed by Acme; suggest it to them instead");
    let err =
        globex.fails(&["escalation", "set", "--project", &p, "--side", "ours", "--person", &acme_person], 1);
    assert!(err.contains("Acme's escalation contact is changed by Acme"), "{err}");
    let suggested = globex.json(&[
        "proposal",
        "add",
        "--project",
        &p,
        "--escalation",
        &acme_person,
        "--note",
        "per our call",
    ]);
    assert_eq!(suggested["state"], "open");
    let usage = globex
        .fails(&["proposal", "add", "--project", &p, "--owner", &acme_person, "--raci", "Launch date"], 2);
    assert!(usage.contains("exactly one of"), "{usage}");
    globex.json(&["sync", "run", "--project", &p]);
    acme.json(&["sync", "run", "--project", &p]);
    let list = acme.json(&["proposal", "list", "--project", &p]);
    assert_eq!(list[0]["mine_to_decide"], true, "{list}");
    let id = list[0]["id"].as_str().unwrap();
    let err = globex.fails(&["proposal", "accept", "--id", id], 1);
    assert!(err.contains("are decided by Acme"), "{err}");
    let accepted = acme.json(&["proposal", "accept", "--id", id]);
    assert_eq!(accepted["state"], "accepted");
    let shown = acme.json(&["project", "show", "--project", &p]);
    assert_eq!(shown["escalation_ours"], acme_person.as_str());

    // Globex deleting the project leaves it: gone from its devices, kept by Acme.
    let left = globex.json(&["project", "delete", "--project", &p]);
    assert_eq!(left["left"], true);
    assert_eq!(globex.json(&["project", "list"]), serde_json::json!([]));
    globex.json(&["sync", "run", "--project", &p]);
    acme.json(&["sync", "run", "--project", &p]);
    let kept = acme.json(&["project", "show", "--project", &p]);
    assert!(kept["partner_left_at"].is_string(), "{kept}");
}
