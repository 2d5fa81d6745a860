//! The repository's map stays true: every Rust module of the crates and the shell, and every
//! folder of the UI's `lib/` and `routes/`, is named in `ARCHITECTURE.md`, and every source
//! file the map names (`…rs`, `….svelte`, `….ts` in backticks) still exists; and no Rust
//! module imports in a circle. It lives here because this crate builds fastest; it reads
//! files only, never compiles them.

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

/// The modules of one crate (`a/b` for `a/b.rs` or `a/b/mod.rs`, "" for the root) and the
/// text each holds before its tests.
fn modules(src: &Path) -> Vec<(String, String)> {
    let mut all = Vec::new();
    walk(src, &mut all);
    let mut out = Vec::new();
    for p in all.into_iter().filter(|p| p.extension().is_some_and(|e| e == "rs")) {
        let rel = p.strip_prefix(src).unwrap().to_string_lossy().replace('\\', "/");
        let module = rel.trim_end_matches(".rs").trim_end_matches("/mod").to_string();
        let module = if module == "lib" || module == "main" { String::new() } else { module };
        if module.rsplit('/').next().unwrap().ends_with("tests") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        // Code only: comments name paths too, and a file's tests may reach anywhere.
        let code: Vec<&str> = text
            .lines()
            .take_while(|l| l.trim() != "#[cfg(test)]")
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect();
        out.push((module, code.join("\n")));
    }
    out
}

/// The paths a use tree after `crate::`/`super::` names: `a::{b, c::d}` is `a::b` and `a::c::d`.
fn use_tree(text: &str) -> (Vec<Vec<String>>, usize) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut prefix: Vec<String> = Vec::new();
    loop {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        if i > start {
            prefix.push(text[start..i].to_string());
        }
        if text[i..].starts_with("::{") {
            i += 3;
            let mut paths = Vec::new();
            loop {
                while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\n' || bytes[i] == b',') {
                    i += 1;
                }
                if i >= bytes.len() || bytes[i] == b'}' {
                    break;
                }
                let (inner, used) = use_tree(&text[i..]);
                for p in inner {
                    paths.push(prefix.iter().cloned().chain(p).collect());
                }
                i += used.max(1);
            }
            return (paths, i + 1);
        }
        if text[i..].starts_with("::") {
            i += 2;
            continue;
        }
        return (vec![prefix], i);
    }
}

/// A crate's modules, what each names (`use` brings a name into a module: a child reaching
/// `super::Project` reaches where `Project` comes from, not the parent that passes it on),
/// and which module a path reaches.
struct Crate {
    modules: Vec<String>,
    /// (module, name) -> the absolute path the name was brought from.
    names: std::collections::BTreeMap<(String, String), Vec<String>>,
}

impl Crate {
    /// The module `path` (segments from the crate root) reaches: the longest that exists, or
    /// where the name after it was brought from.
    fn resolve(&self, path: &[String], depth: usize) -> Option<String> {
        let n = (0..=path.len()).rev().find(|n| self.modules.contains(&path[..*n].join("/")))?;
        let module = path[..n].join("/");
        if let (Some(name), true) = (path.get(n), depth < 8) {
            if let Some(from) = self.names.get(&(module.clone(), name.clone())) {
                return self.resolve(from, depth + 1).or(Some(module));
            }
        }
        Some(module)
    }
}

/// `path` written in `module` (after `crate::`, `super::`, `self::` or a child's name) as
/// segments from the crate root; `None` for another crate's path.
fn absolute(module: &str, path: &[String], modules: &[String]) -> Option<Vec<String>> {
    let here: Vec<String> = module.split('/').filter(|s| !s.is_empty()).map(String::from).collect();
    let mut base = here.clone();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        Some(first) => {
            let child = here.iter().cloned().chain([first.to_string()]).collect::<Vec<_>>().join("/");
            if !modules.contains(&child) {
                return None;
            }
        }
        None => return None,
    }
    Some(base.into_iter().chain(rest.iter().cloned()).collect())
}

/// A `use` statement: whether it passes its names on (`pub use`), and the paths it names.
type Use = (bool, Vec<Vec<String>>);

/// The `use` statements of a module's code, and the code without them.
fn uses(code: &str) -> (Vec<Use>, String) {
    let mut found = Vec::new();
    let mut body = String::new();
    let mut rest = code;
    loop {
        let at = ["\nuse ", "\npub use ", "\npub(crate) use ", "\npub(super) use "]
            .iter()
            .filter_map(|k| rest.find(k).map(|i| (i, *k)))
            .min();
        let Some((i, key)) = at else {
            body.push_str(rest);
            break;
        };
        body.push_str(&rest[..i]);
        let start = i + key.len();
        let end = rest[start..].find(';').map_or(rest.len(), |e| start + e);
        let tree: String = rest[start..end].split_whitespace().collect::<Vec<_>>().join(" ");
        found.push((key != "\nuse ", use_tree(&tree).0));
        rest = &rest[end..];
    }
    (found, body)
}

/// No module imports another that imports it back, directly or through others: a layer
/// reaches only down (the store's workspace never names a noun that names it; the sync
/// pipeline never names an action that runs it). Counted: what a module's code reaches by
/// `crate::`, `super::` or a child's name, and its own `use`s; a name passed on by `pub use`
/// counts where it comes from. A folder's `mod.rs` and its own files are one room: they may
/// reach each other (the types in `mod.rs`, the parts in its files), never in a circle with
/// anything outside, and sibling files never in a circle with each other.
#[test]
fn no_module_imports_in_a_circle() {
    let root = root();
    let mut crates: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .flatten()
        .map(|e| e.path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    crates.push(root.join("src-tauri/src"));
    let mut circles = Vec::new();
    for src in crates {
        let mods = modules(&src);
        let modules: Vec<String> = mods.iter().map(|(m, _)| m.clone()).collect();
        let parsed: Vec<(String, Vec<Use>, String)> = mods
            .iter()
            .map(|(m, code)| {
                let (u, body) = uses(&format!("\n{code}"));
                (m.clone(), u, body)
            })
            .collect();
        let mut krate = Crate { modules: modules.clone(), names: Default::default() };
        for (module, statements, _) in &parsed {
            for (_, paths) in statements {
                for p in paths {
                    let (Some(name), Some(from)) = (p.last(), absolute(module, p, &modules)) else {
                        continue;
                    };
                    if name != "self" && name != "*" {
                        krate.names.insert((module.clone(), name.clone()), from);
                    }
                }
            }
        }
        let mut edges: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
            Default::default();
        for (module, statements, body) in &parsed {
            let mut paths: Vec<Vec<String>> = statements
                .iter()
                .filter(|(passed_on, _)| !passed_on)
                .flat_map(|(_, p)| p.iter().cloned())
                .collect();
            for key in ["crate::", "super::"] {
                for (at, _) in body.match_indices(key) {
                    if body[..at].ends_with("super::") || body[..at].ends_with("::") {
                        continue;
                    }
                    let lead = key.trim_end_matches("::").to_string();
                    for p in use_tree(&body[at + key.len()..]).0 {
                        paths.push([lead.clone()].into_iter().chain(p).collect());
                    }
                }
            }
            for child in modules.iter().filter(|c| {
                c.rsplit_once('/').map_or(!c.is_empty() && module.is_empty(), |(p, _)| p == module)
            }) {
                let name = child.rsplit('/').next().unwrap();
                for (at, _) in body.match_indices(&format!("{name}::")) {
                    let before = body[..at].chars().next_back();
                    if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                        paths.extend(use_tree(&body[at..]).0);
                    }
                }
            }
            let out = edges.entry(module.clone()).or_default();
            for p in paths {
                let Some(abs) = absolute(module, &p, &modules) else { continue };
                // A folder's own files may reach each other and their `mod.rs` (one room);
                // between rooms, and between a folder's sibling files, no circle.
                let inside = |a: &str, b: &str| b.starts_with(&format!("{a}/"));
                if let Some(t) = krate.resolve(&abs, 0) {
                    if t != *module && !t.is_empty() && !inside(&t, module) && !inside(module, &t) {
                        out.insert(t);
                    }
                }
            }
        }
        // A depth-first walk: a module met again while on the path closes a circle.
        fn visit(
            m: &str,
            edges: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
            path: &mut Vec<String>,
            done: &mut std::collections::BTreeSet<String>,
            found: &mut Vec<String>,
        ) {
            if let Some(at) = path.iter().position(|p| p == m) {
                found.push(format!("{} -> {m}", path[at..].join(" -> ")));
                return;
            }
            if !done.insert(m.to_string()) {
                return;
            }
            path.push(m.to_string());
            for next in edges.get(m).into_iter().flatten() {
                visit(next, edges, path, done, found);
            }
            path.pop();
        }
        let mut done = Default::default();
        let mut found = Vec::new();
        for m in edges.keys() {
            visit(m, &edges, &mut Vec::new(), &mut done, &mut found);
        }
        let name = src.parent().unwrap().file_name().unwrap().to_string_lossy().to_string();
        circles.extend(found.into_iter().map(|c| format!("{name}: {c}")));
    }
    assert!(circles.is_empty(), "modules that import each other in a circle: {circles:#?}");
}
