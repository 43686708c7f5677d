#!/usr/bin/env bash
# Wall time of `cargo xtask codegen` (release build of the xtask), side by side in one run:
# the seed closure in schemas/, the 2,934 pages of the 2021 beta resources, and the whole
# beta 2021 model (its metadata merged with those pages), with `drift docs` on the same
# inputs (which reads, merges and checks them: the yardstick of issue 12). BEFORE=path/to/xtask
# adds an older build's regeneration of the whole model, into a folder of its own.
# Prints hyperfine's figures; record them in BENCHMARKS.md with the machine and date.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus/docs-2021-07/beta/resources
csdl=../shared/corpus/csdl/beta-2021-07-13.xml
[ -d "$corpus" ] || { echo "skipped: $corpus is missing (the benchmark needs ../shared)"; exit 0; }
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine"; exit 1; }
cargo build --release --quiet -p xtask
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# A first run writes every file; the timed runs then compare and rewrite nothing, as a
# regeneration after a small schema change does. The --check runs do the same work but write nothing.
./target/release/xtask codegen --docs "$corpus" --out "$out/beta" 2>/dev/null
./target/release/xtask codegen --csdl "$csdl" --docs "$corpus" --out "$out/model" 2>/dev/null
before=()
if [ -n "${BEFORE:-}" ]; then
  "$BEFORE" codegen --csdl "$csdl" --docs "$corpus" --out "$out/before" 2>/dev/null
  before=(-n "whole beta 2021 model, BEFORE ($BEFORE)" "$BEFORE codegen --csdl $csdl --docs $corpus --out $out/before")
fi
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u +%Y-%m-%d)"
# drift docs exits 1 when it finds drift, as it does here: -i.
hyperfine --warmup 2 --runs 10 --style basic -i \
  -n 'seed closure (schemas/, 8 pages)' './target/release/xtask codegen' \
  -n 'docs-2021-07 beta resources (2,934 pages)' "./target/release/xtask codegen --docs $corpus --out $out/beta" \
  -n 'whole beta 2021 model (metadata + 2,934 pages)' "./target/release/xtask codegen --csdl $csdl --docs $corpus --out $out/model" \
  -n 'drift docs on the whole beta 2021 model' "./target/release/xtask drift docs --csdl $csdl --docs $corpus" \
  "${before[@]}" \
  -n 'docs-2021-07 beta resources, fresh output folder' --prepare "rm -rf $out/fresh; sync; sleep 1" "./target/release/xtask codegen --docs $corpus --out $out/fresh"
