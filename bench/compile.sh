#!/usr/bin/env bash
# Clean `cargo build` (dev profile) wall time and peak rustc memory of generated model
# crates, side by side in one run with the naive yardstick (../shared/tools/naive_codegen.py):
# the whole beta 2021 model with all features, only `cloud-communications`, and the
# `--root microsoft.graph.recordOperation` closure. Dependencies are built first; each
# figure counts the model crate alone. Then the incremental rebuild of the whole model and
# of the naive output after one property is added to one type in the metadata and both are
# regenerated. `bench/compile.sh incremental` runs only that part.
set -euo pipefail
cd "$(dirname "$0")/.."
csdl=../shared/corpus/csdl/beta-2021-07-13.xml
docs=../shared/corpus/docs-2021-07/beta/resources
[ -f "$csdl" ] || { echo "skipped: $csdl is missing (the benchmark needs ../shared)"; exit 0; }
work=${BENCH_DIR:-$(mktemp -d)}
# Generated from a copy that the incremental part changes in place: the docs name the metadata
# file, so a change under another name would touch every file, not one type's.
metadata="$work/metadata.xml"
cp "$csdl" "$metadata"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ); rustc $(rustc --version | cut -d' ' -f2)"
part=${1:-all}
cargo build --release --quiet -p xtask
./target/release/xtask codegen --csdl "$metadata" --docs "$docs" --out "$work/ours" >/dev/null 2>&1
./target/release/xtask codegen --csdl "$metadata" --docs "$docs" --root microsoft.graph.recordOperation --out "$work/root" >/dev/null 2>&1
python3 ../shared/tools/naive_codegen.py "$metadata" "$work/naive" >/dev/null

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
if [ "$part" = all ]; then
echo "| crate | clean build | peak rustc memory |"
echo "|---|---:|---:|"
measure "naive (serde derives, flatten), all types" "$work/naive" naive-graph
measure "ours, whole model, --all-features" "$work/ours" graph-models --all-features
# The same types without the actions and functions: every feature but `operations`.
types=$(sed -n '/^\[features\]/,/^\[/p' "$work/ours/Cargo.toml" | grep -E '^[a-z0-9_-]+ = \[\]' | cut -d' ' -f1 | grep -vx operations | paste -sd, -)
measure "ours, whole model, all features but operations" "$work/ours" graph-models --no-default-features --features "$types"
measure "ours, --features cloud-communications" "$work/ours" graph-models --no-default-features --features cloud-communications
measure "ours, --root recordOperation closure" "$work/root" graph-models --all-features
fi

# One property more: `addedProperty` on `recordOperation`, added to the metadata in place;
# both crates are regenerated from it and rebuilt (dev profile, incremental as Cargo's
# default). measure_rebuild LABEL DIR PACKAGE REGENERATE CARGO-ARGS...: the unchanged
# metadata generates the crate, which is built, then the changed one regenerates it and only
# the change is rebuilt.
add_property() {
  sed 's|<EntityType Name="recordOperation" BaseType="graph.commsOperation" OpenType="true">|&\n        <Property Name="addedProperty" Type="Edm.String" />|' "$csdl" > "$metadata"
  grep -q addedProperty "$metadata" || { echo "the metadata has no recordOperation to change"; exit 1; }
}
measure_rebuild() {
  local label=$1 dir=$2 package=$3 regenerate=$4; shift 4
  cp "$csdl" "$metadata"
  eval "$regenerate" >/dev/null 2>&1
  (cd "$dir" && cargo build --quiet "$@" >/dev/null 2>&1)
  add_property
  eval "$regenerate" > "$dir/.regenerated" 2>&1
  (cd "$dir" && /usr/bin/time -f "%e %M" -o "$dir/.time" cargo build --quiet "$@" >/dev/null 2>&1)
  read -r seconds kib < "$dir/.time"
  printf '| %-48s | %8.1f s | %7.2f GB |\n' "$label" "$seconds" "$(echo "$kib / 1048576" | bc -l)"
}
echo
echo "| crate, after one property is added | rebuild | peak rustc memory |"
echo "|---|---:|---:|"
measure_rebuild "naive (serde derives, flatten), all types" "$work/naive" naive-graph \
  "python3 ../shared/tools/naive_codegen.py '$metadata' '$work/naive'"
measure_rebuild "ours, whole model, --all-features" "$work/ours" graph-models \
  "./target/release/xtask codegen --csdl '$metadata' --docs '$docs' --out '$work/ours'" --all-features
grep -q added_property "$work/ours/src/microsoft_graph/record_operation.rs" || { echo "the property was not generated"; exit 1; }
echo
echo "ours, regenerated after the change: $(grep -h ' written, ' "$work/ours/.regenerated")"
cp "$csdl" "$metadata"
