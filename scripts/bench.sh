#!/usr/bin/env bash
# Runs the benchmarks on the large generated workspace in release mode and writes the figures
# to target/bench.json (the numbers docs/PERFORMANCE.md quotes).
set -euo pipefail
cd "$(dirname "$0")/.."
# The command too: the bench measures the peak memory of `seamline sync run` as a child.
cargo build --release --quiet -p seamline-bench -p seamline-cli
./target/release/seamline-bench | tee target/bench.json
