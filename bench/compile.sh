#!/usr/bin/env bash
# Clean `cargo build` (dev profile) wall time and peak rustc memory of generated model
# crates, side by side in one run with the naive yardstick (../shared/tools/naive_codegen.py):
# the whole beta 2021 model with all features, only `cloud-communications`, and the
# `--root microsoft.graph.recordOperation` closure, and the whole model re-packaged as a
# façade over part crates by bench/split_prototype.py (an experiment: what a crate split
# would buy). Dependencies are built first; each figure counts the model crates alone. Then
# the incremental rebuild of the whole model, its split and the naive output after one
# property is added to one type in the metadata and all are regenerated. `bench/compile.sh
# incremental` runs only that part.
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
split="python3 bench/split_prototype.py '$work/ours' '$work/split'"
eval "$split" | sed 's/^/split: /'
split_packages=$(cd "$work/split" && echo graph-models graph-models-runtime parts/* | sed 's|parts/|graph-models-|g')

# timed DIR CARGO-ARGS...: `cargo build` in DIR, as "seconds GB GB": wall time; GNU time's
# %M, the largest resident set of any one process (a rustc); and the largest sum of the
# resident sets of the rustc processes alive at once, sampled every 50 ms (Cargo runs one
# rustc per core when crates can build side by side; any rustc counts: run it on an idle machine).
timed() {
  local dir=$1; shift
  (cd "$dir" && exec /usr/bin/time -f "%e %M" -o "$dir/.time" cargo build --quiet "$@" >/dev/null 2>&1) &
  local build=$! at_once=0 sum
  while kill -0 "$build" 2>/dev/null; do
    sum=$(ps -C rustc -o rss= | awk '{s += $1} END {print s + 0}')
    [ "$sum" -gt "$at_once" ] && at_once=$sum
    sleep 0.05
  done
  wait "$build"
  read -r seconds kib < "$dir/.time"
  echo "$seconds $(echo "$kib / 1048576" | bc -l) $(echo "$at_once / 1048576" | bc -l)"
}
row() { printf '| %-52s | %8.1f s | %7.2f GB | %7.2f GB |\n' "$1" $2 $3 $4; }

# measure LABEL DIR PACKAGES CARGO-ARGS...: build once for the dependencies, then time a
# rebuild of the packages (space-separated) alone.
measure() {
  local label=$1 dir=$2 packages=$3; shift 3
  (cd "$dir" && cargo build --quiet "$@" >/dev/null 2>&1 && cargo clean --quiet $(printf -- '-p %s ' $packages))
  row "$label" $(timed "$dir" "$@")
}
if [ "$part" = all ]; then
echo "| crate | clean build | peak rustc memory | rustc processes at once |"
echo "|---|---:|---:|---:|"
measure "naive (serde derives, flatten), all types" "$work/naive" naive-graph
measure "ours, whole model, --all-features" "$work/ours" graph-models --all-features
# The same types without the actions and functions: every feature but `operations`.
types=$(sed -n '/^\[features\]/,/^\[/p' "$work/ours/Cargo.toml" | grep -E '^[a-z0-9_-]+ = \[\]' | cut -d' ' -f1 | grep -vx operations | paste -sd, -)
measure "ours, whole model, all features but operations" "$work/ours" graph-models --no-default-features --features "$types"
measure "ours, --features cloud-communications" "$work/ours" graph-models --no-default-features --features cloud-communications
measure "ours, --root recordOperation closure" "$work/root" graph-models --all-features
measure "ours, whole model split into crates (prototype), --all-features" "$work/split" "$split_packages" --all-features
fi

# One property more: `addedProperty` on `recordOperation`, added to the metadata in place;
# each crate is regenerated from it (the split re-packaged) and rebuilt (dev profile,
# incremental as Cargo's default). measure_rebuild LABEL DIR REGENERATE CARGO-ARGS...: the
# unchanged metadata generates the crate, which is built, then the changed one regenerates
# it and only the change is rebuilt.
add_property() {
  sed 's|<EntityType Name="recordOperation" BaseType="graph.commsOperation" OpenType="true">|&\n        <Property Name="addedProperty" Type="Edm.String" />|' "$csdl" > "$metadata"
  grep -q addedProperty "$metadata" || { echo "the metadata has no recordOperation to change"; exit 1; }
}
measure_rebuild() {
  local label=$1 dir=$2 regenerate=$3; shift 3
  cp "$csdl" "$metadata"
  eval "$regenerate" >/dev/null 2>&1
  (cd "$dir" && cargo build --quiet "$@" >/dev/null 2>&1)
  add_property
  eval "$regenerate" > "$dir/.regenerated" 2>&1
  row "$label" $(timed "$dir" "$@")
}
echo
echo "| crate, after one property is added | rebuild | peak rustc memory | rustc processes at once |"
echo "|---|---:|---:|---:|"
regenerate="./target/release/xtask codegen --csdl '$metadata' --docs '$docs' --out '$work/ours'"
measure_rebuild "naive (serde derives, flatten), all types" "$work/naive" \
  "python3 ../shared/tools/naive_codegen.py '$metadata' '$work/naive'"
measure_rebuild "ours, whole model, --all-features" "$work/ours" "$regenerate" --all-features
measure_rebuild "ours, whole model split into crates (prototype)" "$work/split" "$regenerate && $split" --all-features
grep -q added_property "$work/ours/src/microsoft_graph/record_operation.rs" || { echo "the property was not generated"; exit 1; }
echo
echo "ours, regenerated after the change: $(grep -h ' written, ' "$work/ours/.regenerated")"
echo "split, re-packaged after the change: $(grep -h ' files written' "$work/split/.regenerated")"
cp "$csdl" "$metadata"
