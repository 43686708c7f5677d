#!/usr/bin/env bash
# Wall time of `cargo xtask drift` (release build of the xtask), side by side in one run:
# `drift docs` over each documentation set of the corpus with its metadata (the target is
# under 1 s each), and `drift schema` over the two metadata version pairs. Reports are
# written in the human format (the slowest: it reads every source line it quotes) and
# discarded. The commands exit 1 (they find drift), so hyperfine ignores exit codes.
# Prints hyperfine's figures and the count of findings per rule; record them in
# BENCHMARKS.md and DRIFT.md with the machine and date.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus
[ -d "$corpus" ] || { echo "skipped: $corpus is missing (the benchmark needs ../shared)"; exit 0; }
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine"; exit 1; }
cargo build --release --quiet -p xtask
xtask=./target/release/xtask
docs_2021_beta="drift docs --docs $corpus/docs-2021-07/beta/resources --csdl $corpus/csdl/beta-2021-07-13.xml"
docs_2021_v1="drift docs --docs $corpus/docs-2021-07/v1.0/resources --csdl $corpus/csdl/v1.0-2021-07-13.xml"
docs_2018_beta="drift docs --docs $corpus/docs-2018-09/beta/resources --csdl $corpus/csdl/beta-2018-12-18.xml"
schema_2018_2021="drift schema --old $corpus/csdl/beta-2018-12-18.xml --new $corpus/csdl/beta-2021-07-13.xml"
schema_v1_beta="drift schema --old $corpus/csdl/v1.0-2021-07-13.xml --new $corpus/csdl/beta-2021-07-13.xml"

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u +%Y-%m-%d)"
hyperfine --warmup 2 --runs 10 --style basic --ignore-failure \
  -n 'drift docs: docs-2021-07 beta (2,934 pages) + beta-2021-07-13.xml' "$xtask $docs_2021_beta" \
  -n 'drift docs: docs-2021-07 v1.0 (1,239 pages) + v1.0-2021-07-13.xml' "$xtask $docs_2021_v1" \
  -n 'drift docs: docs-2018-09 beta (1,543 pages) + beta-2018-12-18.xml' "$xtask $docs_2018_beta" \
  -n 'drift schema: beta-2018-12-18.xml -> beta-2021-07-13.xml' "$xtask $schema_2018_2021" \
  -n 'drift schema: v1.0-2021-07-13.xml -> beta-2021-07-13.xml' "$xtask $schema_v1_beta"

# Findings per rule, from the JSON reports.
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
for args in "$docs_2021_beta" "$docs_2021_v1" "$docs_2018_beta" "$schema_2018_2021" "$schema_v1_beta"; do
  echo
  echo "== $args"
  report=$($xtask $args --format json 2>"$summary" || true)
  sed 's/^/   /' "$summary"
  sed -n 's/^    "rule": "\(.*\)",$/\1/p' <<<"$report" | sort | uniq -c | sort -k2
done
