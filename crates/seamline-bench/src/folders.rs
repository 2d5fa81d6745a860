//! A shared folder that others filled: a thousand copies of one record, a thousand junk files
//! named like records (issue 26). Each sync must stay cheap, measured next to a clean sync of
//! the same project in the same run; and the peak memory of a process, measured in a child of
//! a child so that one measure's peak never shows in another's.

use std::path::{Path, PathBuf};
use std::time::Instant;

use seamline_store::Workspace;

use crate::{clock, copy_of, median};

fn who() -> seamline_sync::Identity {
    seamline_sync::Identity { user_name: "bench".into(), app_version: "bench".into() }
}

/// A copy of the large workspace with `project` shared through a new encrypted folder.
pub fn shared(dir: &Path, source: &Path, project: &str, name: &str) -> (PathBuf, PathBuf) {
    let copy = copy_of(source, dir, &format!("{name}.sqlite"));
    let folder = dir.join(format!("{name}-folder"));
    std::fs::create_dir_all(&folder).unwrap();
    let mut ws = Workspace::open(&copy, clock()).unwrap();
    seamline_sync::link(&mut ws, project, &folder, &who()).unwrap();
    (copy, folder)
}

/// This device's own records in the folder (each a few hundred bytes).
fn own_records(folder: &Path, ws: &Workspace) -> Vec<PathBuf> {
    let dir = folder.join("devices").join(ws.device_id());
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sl"))
        .collect();
    out.sort();
    out
}

/// A sync of a shared project with nothing new in its folder.
pub fn clean_sync(dir: &Path, source: &Path, project: &str) -> (f64, usize) {
    let (copy, _) = shared(dir, source, project, "clean");
    let mut ws = Workspace::open(&copy, clock()).unwrap();
    seamline_sync::sync(&mut ws, project, &who()).unwrap();
    crate::time(10, || seamline_sync::sync(&mut ws, project, &who()).unwrap())
}

/// A sync of a folder where a sync service left 1,000 copies of one record, the first time
/// (`again`: the next sync, once they are known).
pub fn copies_sync(dir: &Path, source: &Path, project: &str, again: bool) -> (f64, usize) {
    let mut runs = Vec::new();
    for i in 0..3 {
        let (copy, folder) = shared(dir, source, project, &format!("copies-{again}-{i}"));
        let mut ws = Workspace::open(&copy, clock()).unwrap();
        // The smallest record, a member's record sealed under the project key: a new folder's
        // records are named by their content, so the first by name was the invite in some runs
        // and the sealed record in others, and the figure jumped between 45 and 100 ms with
        // it (the sealed record is not yet kept when the sync begins, and its copies were each
        // verified until the pass remembered what it kept).
        let record = own_records(&folder, &ws)
            .into_iter()
            .min_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            .expect("a shared project has records");
        for n in 0..1000 {
            std::fs::copy(&record, record.with_file_name(format!("copy ({n}).sl"))).unwrap();
        }
        if again {
            seamline_sync::sync(&mut ws, project, &who()).unwrap();
        }
        let start = Instant::now();
        seamline_sync::sync(&mut ws, project, &who()).unwrap();
        runs.push(start.elapsed());
    }
    (median(runs), 3)
}

/// The peak memory of `seamline sync run` on a folder where 1,000 junk files of 1 MiB each are
/// named like records in an admitted device's directory.
pub fn junk_peak_mb(dir: &Path, source: &Path, project: &str) -> (f64, usize) {
    let (copy, folder) = shared(dir, source, project, "junk");
    let me = Workspace::open(&copy, clock()).unwrap().device_id().to_string();
    let own = folder.join("devices").join(me);
    let junk = vec![b'x'; 1 << 20];
    for n in 0..1000 {
        std::fs::write(own.join(format!("r-junk{n:04}.sl")), &junk).unwrap();
    }
    let peak = peak_mb(&copy, project);
    for n in 0..1000 {
        let _ = std::fs::remove_file(own.join(format!("r-junk{n:04}.sl")));
    }
    (peak, 1)
}

/// The peak resident memory of `seamline sync run` on `workspace`, in MB: the bench runs itself
/// as a child (`--peak`) that runs the command and reads its own children's peak, so each
/// measure sees only its own command.
pub fn peak_mb(workspace: &Path, project: &str) -> f64 {
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(&exe).arg("--peak").arg(workspace).arg(project).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// The `--peak WORKSPACE PROJECT` child: runs `seamline sync run` and prints its peak in MB.
pub fn peak_child(workspace: &str, project: &str) {
    let cli = std::env::current_exe().unwrap().with_file_name("seamline");
    let status = std::process::Command::new(&cli)
        .args(["--db", workspace, "sync", "run", "--project", project, "--json"])
        .env("SEAMLINE_NOW", "2027-01-15T10:00:00Z")
        .env("SEAMLINE_KEYSTORE", "file")
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("cannot run {} (build it with the bench): {e}", cli.display()));
    assert!(status.success(), "the sync must succeed (skipping what is bad)");
    // SAFETY: getrusage writes into the struct it is given and nothing else. The workspace
    // denies unsafe code; this one call is the only way to read a child's peak memory.
    #[allow(unsafe_code)]
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut u);
        u
    };
    println!("{}", usage.ru_maxrss as f64 / 1024.0);
}
