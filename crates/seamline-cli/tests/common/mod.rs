//! What the command's tests share: a temporary workspace to run `seamline` on, and a staffed
//! project.

// A test reports its failure by panicking: unwrapping and reading files directly is its
// business (the bans in clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;

pub struct Ws {
    _dir: tempfile::TempDir,
    pub db: std::path::PathBuf,
}

impl Ws {
    pub fn new() -> Ws {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("ws.sqlite");
        Ws { _dir: dir, db }
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
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

    /// The same command as a plain process, to start and kill at will. It runs on the real
    /// clock: two runs then never write byte-identical files, so a file written twice shows.
    pub fn process(&self, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_seamline"));
        c.env_remove("SEAMLINE_NOW")
            .env("SEAMLINE_KEYSTORE", "file")
            .env_remove("SEAMLINE_DB")
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        c
    }

    /// Runs a command that must succeed and returns its JSON output.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd(args).arg("--json").output().unwrap();
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("exactly one JSON value on stdout")
    }

    /// Runs a command that must succeed and returns what it printed for people.
    pub fn text(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must fail with `code` and one line on stderr; returns that line.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "one line on stderr, got {err:?}");
        assert!(out.stdout.is_empty());
        err.trim_end().to_string()
    }

    pub fn project(&self) -> String {
        self.json(&["project", "create", "--name", "Acme ↔ Globex", "--ours", "Acme", "--partner", "Globex"])
            ["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

/// A project with one person on each side; returns (project, ours person, partner person).
pub fn staffed(ws: &Ws) -> (String, String, String) {
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
