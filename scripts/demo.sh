#!/usr/bin/env bash
# The README's first command: installs what is missing, builds Seamline and opens it on a
# realistic demo workspace (kept in target/demo-workspace; delete that folder to start over).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "==> Building the UI and the app (the first build takes a few minutes)"
(cd ui && npm run build --silent)
cargo build --quiet --features custom-protocol -p seamline-app -p seamline-cli

data="$PWD/target/demo-workspace"
if [ ! -f "$data/workspace.sqlite" ]; then
  mkdir -p "$data"
  ./target/debug/seamline --db "$data/workspace.sqlite" demo
fi
echo "==> Opening Seamline on $data/workspace.sqlite"
SEAMLINE_DATA_DIR="$data" exec ./target/debug/seamline-app
