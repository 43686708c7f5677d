#!/usr/bin/env bash
# Stack bytes per nesting level (issue 8, "Bounded stack"): how much stack reading one more
# nesting level costs, for the three largest generated structs (by size_of) of the whole
# beta 2021 model, in a debug and a release build; and whether 100 levels through
# `user.manager` read on a 2 MiB thread, and what happens past serde_json's 128 levels.
#
#   bash bench/stack.sh            # BENCH_DIR=DIR keeps the scratch folder (and its target/)
#   CORPUS=/work/shared/corpus bash bench/stack.sh   # from a worktree
#   STACK_TYPES="microsoft.graph.a microsoft.graph.b" bash bench/stack.sh   # other types
#
# It generates the model as a standalone crate into a scratch folder, writes a probe crate
# beside it (bench/stack.py: only `serde_json::from_str::<T>` and `size_of::<T>` are used),
# builds it once per profile in one CARGO_TARGET_DIR, and bisects a thread's stack size,
# one child process per probe. 15 minutes on a loaded 2-core machine with nothing built
# (compiling the model twice and the probe three times); 25 s again with BENCH_DIR kept.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${CORPUS:-../shared/corpus} # CORPUS=DIR where ../shared is elsewhere (a worktree)
csdl=$corpus/csdl/beta-2021-07-13.xml
[ -f "$csdl" ] || { echo "skipped: $csdl is missing (the benchmark needs ../shared)"; exit 0; }
if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT # its target/ holds gigabytes
fi
work=$(cd "$work" && pwd)
export CARGO_TARGET_DIR="$work/target"
ulimit -c 0 # an overflow aborts a probe: no core files

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); rustc $(rustc --version | cut -d' ' -f2); commit $(git rev-parse --short HEAD)"
env -u CARGO_TARGET_DIR nice cargo build --release --quiet -p xtask
# The whole beta 2021 model, as .ci/run generates it.
./target/release/xtask codegen --csdl "$csdl" --docs $corpus/docs-2021-07/beta/resources \
  --docs $corpus/docs-2021-07/beta/api-sample --out "$work/model" > "$work/codegen.log" 2>&1
python3 bench/stack.py "$work" "$csdl"
