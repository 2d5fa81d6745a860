//! The repository's map stays true: every Rust module of the crates and the shell, and every
//! folder of the UI's `lib/` and `routes/`, is named in `ARCHITECTURE.md`, and every source
//! file the map names (`…rs`, `….svelte`, `….ts` in backticks) still exists. It lives here
//! because this crate builds fastest; it reads files only, never the code.

// A test reports its failure by panicking: reading files directly is its business (the bans in
// clippy.toml are for the product code).
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.push(p.clone());
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Every file and folder under the source roots, as paths relative to their root (`src/`).
fn sources(root: &Path) -> Vec<(PathBuf, String)> {
    let mut roots: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .flatten()
        .map(|e| e.path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    roots.push(root.join("src-tauri/src"));
    roots.push(root.join("ui/src"));
    let mut out = Vec::new();
    for r in roots {
        let mut all = Vec::new();
        walk(&r, &mut all);
        for p in all {
            let rel = p.strip_prefix(&r).unwrap().to_string_lossy().replace('\\', "/");
            out.push((p, rel));
        }
    }
    out
}

/// How the map may name a Rust module `a/b` (the file `a/b.rs` or `a/b/mod.rs`).
fn named(map: &str, module: &str) -> bool {
    [format!("{module}.rs"), format!("{module}/"), format!("`{module}`"), module.replace('/', "::")]
        .iter()
        .any(|n| map.contains(n.as_str()))
}

#[test]
fn every_module_is_on_the_map_and_the_map_names_nothing_that_is_gone() {
    let root = root();
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let files = sources(&root);

    let mut missing = Vec::new();
    for (path, rel) in &files {
        let ui = path.starts_with(root.join("ui"));
        if !ui && rel.ends_with(".rs") {
            let module = rel.trim_end_matches(".rs").trim_end_matches("/mod");
            let last = module.rsplit('/').next().unwrap();
            if matches!(last, "lib" | "main" | "tests") || last.ends_with("tests") {
                continue;
            }
            if !named(&map, module) {
                missing.push(format!("{} ({module})", path.strip_prefix(&root).unwrap().display()));
            }
        }
        if ui && path.is_dir() && (rel.starts_with("lib/") || rel == "lib") && !rel.contains("/api/") {
            // A UI folder: `lib/sync/` on the map.
            if rel != "lib" && !map.contains(&format!("{rel}/")) && !map.contains(&format!("`{rel}`")) {
                missing.push(format!("ui/src/{rel}/"));
            }
        }
    }
    assert!(missing.is_empty(), "not on ARCHITECTURE.md's map: {missing:#?}");

    // Source files the map names: each must still exist (by its path's end).
    let mut gone = Vec::new();
    for token in map.split('`').skip(1).step_by(2) {
        let token = token.trim();
        let is_source = [".rs", ".svelte", ".ts"].iter().any(|e| token.ends_with(e));
        // Templates (`commands/<noun>.rs`) and patterns name no one file.
        if !is_source || [' ', '…', '*', '<'].iter().any(|c| token.contains(*c)) {
            continue;
        }
        let suffix = format!("/{token}");
        let exists = files.iter().any(|(path, _)| {
            let repo = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            repo == token || repo.ends_with(&suffix)
        });
        if !exists {
            gone.push(token.to_string());
        }
    }
    gone.sort();
    gone.dedup();
    assert!(gone.is_empty(), "ARCHITECTURE.md names files that are gone: {gone:?}");
}
