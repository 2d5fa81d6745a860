#!/usr/bin/env bash
# Runs the benchmarks on the large generated workspace in release mode and writes the figures
# to target/bench.json (the numbers docs/PERFORMANCE.md quotes).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p seamline-bench
./target/release/seamline-bench | tee target/bench.json
