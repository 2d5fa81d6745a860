#!/usr/bin/env bash
# The README's second command, and what CI runs: installs what is missing, then every check
# and every test. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test

# Test devices keep their keys in files beside their test workspaces, never in the keychain
# of whoever runs the tests.
export SEAMLINE_KEYSTORE=file

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Rust formatting"
cargo fmt --all -- --check

step "UI lint, format and type check"
(cd ui && npm run --silent lint && npm run --silent check)

step "UI unit tests"
(cd ui && npm run --silent test)

step "UI build"
(cd ui && npm run --silent build)

# One feature set for clippy, the tests and the app binary, so Tauri compiles once.
features=(--features seamline-app/custom-protocol)

step "Clippy"
cargo clippy --workspace --all-targets "${features[@]}" -- -D warnings

step "Unit, property, command and IPC tests (and the bindings drift check)"
cargo test --workspace "${features[@]}"

step "End-to-end tests in the real window"
cargo build -p seamline-app -p seamline-cli "${features[@]}"
bash tests/e2e/run.sh
