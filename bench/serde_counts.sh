#!/usr/bin/env bash
# Allocations and instructions per object for reading and writing the serde benchmark's page
# (tests/benches/payload_page): the generated models, the naive derive output and the lossy
# derive, side by side in one run. Instructions are callgrind's count for the one function
# that reads or writes the page (--toggle-collect), so they do not vary with the machine's
# load as wall time does; the wall times (--wall) come from interleaved rounds, so that the
# machine's drift during the run falls on every step alike. Record the figures in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind"; exit 1; }
cargo build --release --quiet -p graph-codegen-tests --example serde_counts
binary=target/release/examples/serde_counts
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u +%Y-%m-%d); rustc $(rustc --version | cut -d' ' -f2)"
"$binary" --wall
objects=$("$binary" | sed -n 's/^page: [0-9]* items, \([0-9]*\) JSON objects.*/\1/p')
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo
echo "| step | instructions | per JSON object |"
echo "|---|---:|---:|"
for step in read_generated read_naive read_lossy write_generated write_generated_runtime write_naive write_naive_runtime write_lossy; do
  valgrind --tool=callgrind --callgrind-out-file="$out/$step" --toggle-collect="serde_counts_$step" "$binary" >/dev/null 2>&1
  instructions=$(sed -n 's/^summary: *//p' "$out/$step")
  printf '| %s | %s | %.0f |\n' "${step//_/, }" "$instructions" "$(echo "$instructions / $objects" | bc -l)"
done
