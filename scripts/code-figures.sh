#!/usr/bin/env bash
# Two figures of how the code is kept (README, "Developing"): the public functions of the
# store's `Workspace` (its door: fewer is better), and the source files over 400 lines.
#   scripts/code-figures.sh [REV]   # REV: count a commit's tree instead of the checkout's
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:-}"
files() { if [ -n "$rev" ]; then git ls-tree -r --name-only "$rev"; else git ls-files; fi; }
show() { if [ -n "$rev" ]; then git show "$rev:$1"; else cat "$1"; fi; }

pub=0
for f in $(files | grep -E '^crates/seamline-store/src/.*\.rs$'); do
  # `pub fn` one level inside an `impl Workspace` block.
  n=$(show "$f" | awk '/^impl Workspace \{/ {inside=1; next} inside && /^\}/ {inside=0} inside && /^    pub fn / {n++} END {print n+0}')
  pub=$((pub + n))
done
# Each room named in `workspace/rooms.rs` gives the door two handles (`blockers`, `blockers_mut`).
rooms=0
if files | grep -x 'crates/seamline-store/src/workspace/rooms.rs' >/dev/null; then
  rooms=$(show crates/seamline-store/src/workspace/rooms.rs | grep -cE '^    [A-Z][A-Za-z]*Room: [a-z_]+, [a-z_]+;' || true)
fi
pub=$((pub + 2 * rooms))
# The use cases in the rooms (`pub fn` one level inside an `impl … XRoom<…>` block), per room.
room_fns=$(for f in $(files | grep -E '^crates/seamline-store/src/.*\.rs$'); do
  show "$f" | awk 'match($0, /^impl.* [A-Za-z]+Room</) {room=substr($0, RSTART, RLENGTH); sub(/.* /, "", room); sub(/<$/, "", room); next}
    room && /^\}/ {room=""} room && /^    pub fn / {print room}'
done | sort | uniq -c | sort -rn)
long=0
for f in $(files | grep -E '\.(rs|ts|svelte)$' | grep -vE '(^|/)(bindings\.ts|tests?/)' ); do
  [ "$(show "$f" | wc -l)" -gt 400 ] && long=$((long + 1))
done
echo "Workspace public functions: $pub ($rooms rooms)"
if [ -n "$room_fns" ]; then
  echo "use cases in the rooms: $(echo "$room_fns" | awk '{n+=$1} END {print n}'), the largest room $(echo "$room_fns" | head -1 | awk '{print $2" ("$1")"}')"
fi
echo "source files over 400 lines: $long"
