#!/usr/bin/env bash
# Reading unknown properties (issue 8): 1,000, 10,000 and 100,000 unknown keys in one object,
# on this tree and on an older commit (default e958fb0, before the index), side by side in
# one run. The older commit is checked out in a scratch worktree under /tmp with
# tests/benches/unknown_properties.rs copied in, built with its own target folder, and
# removed afterwards.
#
#   bench/unknown_properties.sh              # e958fb0 against this tree
#   BEFORE=<commit> bench/unknown_properties.sh
#   SIZES="1000 10000" bench/unknown_properties.sh
#
# Each figure is the fastest of repeated reads over at least half a second (at least 3).
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
before=${BEFORE:-e958fb0}
scratch=$(mktemp -d /tmp/unknown-properties-XXXXXX)
trap 'git -C "$here" worktree remove --force "$scratch/tree" >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT

git worktree add --quiet --detach "$scratch/tree" "$before"
cp tests/benches/unknown_properties.rs "$scratch/tree/tests/benches/"
if ! grep -q 'name = "unknown_properties"' "$scratch/tree/tests/Cargo.toml"; then
  printf '\n[[bench]]\nname = "unknown_properties"\nharness = false\n' >>"$scratch/tree/tests/Cargo.toml"
fi

run() { # folder target-folder
  (cd "$1" && CARGO_TARGET_DIR="$2" cargo bench --quiet -p graph-codegen-tests --bench unknown_properties 2>/dev/null) | grep '^unknown_properties '
}
run "$scratch/tree" "$scratch/target" >"$scratch/before.txt"
run "$here" "$here/target" >"$scratch/after.txt"

printf '%-8s %14s %14s %10s\n' keys "before (s)" "after (s)" speed-up
join -j 2 <(sort -k2,2 "$scratch/before.txt") <(sort -k2,2 "$scratch/after.txt") | sort -n |
  awk '{ printf "%-8s %14.6f %14.6f %9.0fx\n", $1, $3, $5, $3 / $5 }'
