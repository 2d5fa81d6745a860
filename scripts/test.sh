#!/usr/bin/env bash
# The README's second command, and what CI runs: installs what is missing, then every check
# and every test. Stops at the first failure.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."

# The whole run goes in a session of its own, and whatever of it is still running at the end
# (a test's child left behind, a helper a build started) is stopped then: a straggler holding
# this command's output open would keep CI waiting long after the last test.
if [ -z "${SEAMLINE_TEST_SESSION:-}" ]; then
  # The run writes its session's id here (setsid may or may not fork, so $! is not it).
  SEAMLINE_TEST_SESSION="$(mktemp)"
  export SEAMLINE_TEST_SESSION
  setsid --wait bash "$self" "$@" </dev/null &
  run=$!
  stop_session() {
    sid=$(tr -dc '0-9' <"$SEAMLINE_TEST_SESSION" 2>/dev/null || true)
    [ -n "$sid" ] || return 0
    left=$(ps -s "$sid" -o pid=,stat=,args= 2>/dev/null | awk '$2 !~ /^Z/' || true)
    if [ -n "$left" ]; then
      echo "Still running after the tests, now stopped:" >&2
      echo "$left" >&2
      pkill -KILL -s "$sid" 2>/dev/null || true
    fi
  }
  trap 'stop_session' INT TERM
  status=0
  wait "$run" || status=$?
  stop_session
  rm -f "$SEAMLINE_TEST_SESSION"
  exit "$status"
fi
ps -o sid= -p $$ >"$SEAMLINE_TEST_SESSION"

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
