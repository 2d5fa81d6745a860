#!/usr/bin/env bash
# The benchmarks on the large generated workspace, in release mode.
#
#   scripts/bench.sh [WORD...]
#       this checkout's figures -> target/bench.json (the numbers docs/PERFORMANCE.md quotes);
#       WORDs run only the benches whose names contain one of them (e.g. import portfolio)
#   scripts/bench.sh --against REV [--rounds N] [WORD...]
#       builds REV in a temporary worktree, then runs REV's benches and this checkout's in
#       turn (N rounds each, A B A B…, 2 by default) and prints every figure side by side with
#       its ratio and the regression budget its bench allows, marking what is over it:
#       target/bench-compare.md and .json. Run it before and after a change to the store,
#       sync or start-up.
set -euo pipefail
cd "$(dirname "$0")/.."

against=""
rounds=2
words=()
while [ $# -gt 0 ]; do
  case "$1" in
    --against) against="${2:?--against needs a revision}"; shift 2 ;;
    --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) words+=("$1"); shift ;;
  esac
done

# The command too: the bench measures the peak memory of `seamline sync run` as a child.
cargo build --release --quiet -p seamline-bench -p seamline-cli

if [ -z "$against" ]; then
  ./target/release/seamline-bench "${words[@]}" | tee target/bench.json
  exit 0
fi

rev=$(git rev-parse --verify --quiet "$against^{commit}") || { echo "not a revision: $against" >&2; exit 2; }
before_label=$(git rev-parse --short "$rev")
after_label=$(git rev-parse --short HEAD)
[ -n "$(git status --porcelain --untracked-files=no)" ] && after_label="$after_label+changes"

out=target/bench-against
mkdir -p "$out"
wt=$(mktemp -d "${TMPDIR:-/tmp}/seamline-bench-$before_label.XXXXXX")
cleanup() { git worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"; git worktree prune; }
trap cleanup EXIT
git worktree add --quiet --detach "$wt" "$rev"
echo "==> Building $before_label in a temporary worktree (release)" >&2
# One target folder for every earlier revision, kept between runs: the next comparison
# rebuilds only what differs.
CARGO_TARGET_DIR="$(pwd)/$out/target" bash -c "cd '$wt' && cargo build --release --quiet -p seamline-bench -p seamline-cli"
before_bin="$out/target/release/seamline-bench"

rm -f "$out"/before-*.json "$out"/after-*.json
for i in $(seq 1 "$rounds"); do
  echo "==> Round $i of $rounds: $before_label" >&2
  "$before_bin" "${words[@]}" >"$out/before-$i.json"
  echo "==> Round $i of $rounds: $after_label" >&2
  ./target/release/seamline-bench "${words[@]}" >"$out/after-$i.json"
done

./target/release/seamline-bench compare "$before_label" "$after_label" \
  --before "$out"/before-*.json --after "$out"/after-*.json --json target/bench-compare.json \
  | tee target/bench-compare.md
