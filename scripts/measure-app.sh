#!/usr/bin/env bash
# Start-up and memory of the real app (release build) on the large workspace, under Xvfb.
# Prints JSON; docs/PERFORMANCE.md quotes it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
(cd ui && npm run --silent build)
cargo build --release --quiet --features custom-protocol -p seamline-app -p seamline-cli
cd tests/e2e
if [ -z "${DISPLAY:-}" ]; then
  Xvfb :97 -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  trap 'kill $! 2>/dev/null || true' EXIT
  export DISPLAY=:97
  sleep 1
fi
SEAMLINE_APP="$PWD/../../target/release/seamline-app" SEAMLINE_CLI="$PWD/../../target/release/seamline" \
  node measure.mjs
