//! Killed at any moment: `seamline` is killed (SIGKILL, no chance to clean up) at random points
//! of edits, syncs (import, export, compaction, the status page) and a key change on two
//! devices sharing an encrypted folder. Whatever was cut short, the next runs complete, both
//! devices converge, every edit that was reported done is on both, none is doubled, and no file
//! in the folder is refused.
//!
//! CI runs a few dozen kills; a longer soak runs hundreds:
//! `SEAMLINE_CRASH_ROUNDS=400 cargo test -p seamline-cli --release --test crash`.
//! The seed is printed, and `SEAMLINE_CRASH_SEED` replays a run.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::*;

/// A small deterministic generator (xorshift64*): a failing run replays from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Starts the command and kills it after `after_ms`; true when it finished by itself, with
/// success, before that.
fn run_killed(ws: &Ws, args: &[&str], after_ms: u64) -> bool {
    let mut child = ws.process(args).spawn().unwrap();
    let deadline = std::time::Instant::now() + Duration::from_millis(after_ms);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        if std::time::Instant::now() >= deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            return false;
        }
        std::thread::sleep(Duration::from_micros(300));
    }
}

fn people(ws: &Ws, p: &str) -> Vec<String> {
    let list = ws.json(&["person", "list", "--project", p]);
    let mut names: Vec<String> =
        list.as_array().unwrap().iter().map(|x| x["name"].as_str().unwrap().to_string()).collect();
    names.sort();
    names
}

/// A sync that must complete with every file of the folder used.
fn clean_sync(ws: &Ws, p: &str) -> serde_json::Value {
    let ran = ws.json(&["sync", "run", "--project", p]);
    assert_eq!(ran["skipped"], serde_json::json!([]), "no file refused after the crashes: {ran}");
    ran
}

#[test]
fn killed_at_any_moment_both_devices_converge_with_every_edit_once() {
    let seed = std::env::var("SEAMLINE_CRASH_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    println!("SEAMLINE_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let rounds = env_number("SEAMLINE_CRASH_ROUNDS", 16);

    // Acme shares the project; Globex's lead and Acme's laptop join and are let in.
    let acme = Ws::new();
    let p = acme.project();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Shared");
    std::fs::create_dir_all(&folder).unwrap();
    let f = folder.to_str().unwrap();
    let code =
        acme.json(&["sync", "link", "--project", &p, "--folder", f])["invite"].as_str().unwrap().to_string();
    let globex = Ws::new();
    globex.json(&["sync", "join", "--folder", f, "--invite", &code]);
    let laptop = Ws::new();
    let code2 = acme.json(&["sync", "invite", "--project", &p, "--company", "Acme"])["code"]
        .as_str()
        .unwrap()
        .to_string();
    laptop.json(&["sync", "join", "--folder", f, "--invite", &code2]);
    acme.json(&["sync", "run", "--project", &p]);
    for r in acme.json(&["sync", "requests", "--project", &p]).as_array().unwrap() {
        acme.json(&["sync", "admit", "--project", &p, "--device", r["device"].as_str().unwrap()]);
    }
    clean_sync(&globex, &p);
    clean_sync(&laptop, &p);
    let laptop_id = laptop
        .json(&["sync", "devices", "--project", &p])
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["this_device"] == true)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut maybe: BTreeSet<String> = BTreeSet::new();
    for round in 0..rounds {
        let (ws, side, tag) =
            if rng.below(2) == 0 { (&acme, "ours", "A") } else { (&globex, "partner", "G") };
        // An edit, sometimes killed before it could answer.
        let name = format!("{tag}{round}");
        let edit = ["person", "add", "--project", &p, "--side", side, "--name", &name];
        if rng.below(3) == 0 {
            if run_killed(ws, &edit, rng.below(40)) {
                done.insert(name);
            } else {
                maybe.insert(name);
            }
        } else {
            ws.json(&edit);
            done.insert(name);
        }
        // A sync killed at a random moment (or let finish, when it is quicker).
        run_killed(ws, &["sync", "run", "--project", &p], rng.below(120));
        if rng.below(4) == 0 {
            let other = if std::ptr::eq(ws, &acme) { &globex } else { &acme };
            run_killed(other, &["sync", "run", "--project", &p], rng.below(200));
        }
    }

    // A key change cut short: removing the laptop, killed mid-way, then finished.
    run_killed(&acme, &["sync", "remove", "--project", &p, "--device", &laptop_id], rng.below(150));
    acme.json(&["sync", "run", "--project", &p]);
    let removed = acme
        .json(&["sync", "devices", "--project", &p])
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["id"] == laptop_id.as_str() && !d["removed"].is_null());
    if !removed {
        acme.json(&["sync", "remove", "--project", &p, "--device", &laptop_id]);
    }
    let last = format!("A{rounds}");
    acme.json(&["person", "add", "--project", &p, "--side", "ours", "--name", &last]);
    done.insert(last);

    // Runs that are not killed complete, and converge.
    for _ in 0..2 {
        clean_sync(&acme, &p);
        clean_sync(&globex, &p);
    }
    let (a, g) = (people(&acme, &p), people(&globex, &p));
    assert_eq!(a, g, "both devices show the same people (seed {seed})");
    let unique: BTreeSet<&String> = a.iter().collect();
    assert_eq!(unique.len(), a.len(), "no edit doubled: {a:?} (seed {seed})");
    for name in &done {
        assert!(a.contains(name), "{name} was reported done and is missing (seed {seed})");
    }
    for name in &a {
        assert!(done.contains(name) || maybe.contains(name), "{name} came from nowhere (seed {seed})");
    }
    // No device wrote two segments under one number, whatever was cut short.
    for device in std::fs::read_dir(folder.join("devices")).unwrap().flatten() {
        let mut seqs: Vec<String> = std::fs::read_dir(device.path())
            .unwrap()
            .flatten()
            .filter_map(|f| {
                f.file_name().to_str().and_then(|n| n.strip_prefix("seg-")).map(|n| n[..8].to_string())
            })
            .collect();
        let all = seqs.len();
        seqs.sort();
        seqs.dedup();
        assert_eq!(seqs.len(), all, "a segment number reused in {:?} (seed {seed})", device.path());
    }
    // The removed laptop's key no longer opens what follows.
    let after = laptop.cmd(&["sync", "run", "--project", &p, "--json"]).output().unwrap();
    let text = String::from_utf8_lossy(&after.stdout).to_string() + &String::from_utf8_lossy(&after.stderr);
    assert!(!people(&laptop, &p).contains(&format!("A{rounds}")), "{text}");
}
