#!/usr/bin/env bash
# Clean `cargo build` (dev profile) wall time and peak rustc memory of generated model
# crates, side by side in one run with the naive yardstick (../shared/tools/naive_codegen.py):
# the whole beta 2021 model with all features, only `cloud-communications`, and the
# `--root microsoft.graph.recordOperation` closure. Dependencies are built first; each
# figure counts the model crate alone.
set -euo pipefail
cd "$(dirname "$0")/.."
csdl=../shared/corpus/csdl/beta-2021-07-13.xml
docs=../shared/corpus/docs-2021-07/beta/resources
[ -f "$csdl" ] || { echo "skipped: $csdl is missing (the benchmark needs ../shared)"; exit 0; }
work=${BENCH_DIR:-$(mktemp -d)}
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ); rustc $(rustc --version | cut -d' ' -f2)"
cargo build --release --quiet -p xtask
./target/release/xtask codegen --csdl "$csdl" --docs "$docs" --out "$work/ours" >/dev/null 2>&1
./target/release/xtask codegen --csdl "$csdl" --docs "$docs" --root microsoft.graph.recordOperation --out "$work/root" >/dev/null 2>&1
python3 ../shared/tools/naive_codegen.py "$csdl" "$work/naive" >/dev/null

# measure LABEL DIR PACKAGE CARGO-ARGS...: build once for the dependencies, then time a
# rebuild of the package alone. GNU time's %M is the largest resident set of any process
# it waited for, which is rustc.
measure() {
  local label=$1 dir=$2 package=$3; shift 3
  (cd "$dir" && cargo build --quiet "$@" >/dev/null 2>&1 && cargo clean --quiet -p "$package" \
    && /usr/bin/time -f "%e %M" -o "$dir/.time" cargo build --quiet "$@" >/dev/null 2>&1)
  read -r seconds kib < "$dir/.time"
  printf '| %-48s | %8.1f s | %7.2f GB |\n' "$label" "$seconds" "$(echo "$kib / 1048576" | bc -l)"
}
echo "| crate | clean build | peak rustc memory |"
echo "|---|---:|---:|"
measure "naive (serde derives, flatten), all types" "$work/naive" naive-graph
measure "ours, whole model, --all-features" "$work/ours" graph-models --all-features
# The same types without the actions and functions: every feature but `operations`.
types=$(sed -n '/^\[features\]/,/^\[/p' "$work/ours/Cargo.toml" | grep -E '^[a-z0-9_-]+ = \[\]' | cut -d' ' -f1 | grep -vx operations | paste -sd, -)
measure "ours, whole model, all features but operations" "$work/ours" graph-models --no-default-features --features "$types"
measure "ours, --features cloud-communications" "$work/ours" graph-models --no-default-features --features cloud-communications
measure "ours, --root recordOperation closure" "$work/root" graph-models --all-features
