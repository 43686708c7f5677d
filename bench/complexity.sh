#!/usr/bin/env bash
# Complexity of `xtask codegen` on hostile inputs (issue 9): each case is timed at N and at
# 4N, with every xtask binary given, side by side in one run.
#
#   bench/complexity.sh                        # the release build of this worktree
#   bench/complexity.sh /tmp/xtask-before target/release/xtask
#   CASES="json-keys chain" bench/complexity.sh ...   # some cases only
#   DIVIDE=100 bench/complexity.sh ...                # every N divided by 100: a quick check
#
# The inputs are written at run time by bench/complexity_inputs.py into a temporary folder
# (nothing is committed). Times are CPU seconds (user + system, both threads) because this
# machine is shared and wall time swings with the load; wall time is printed beside them.
# Where the output grows linearly the target is t(4N) <= 5 x t(N). An inheritance chain's
# output grows quadratically (inherited properties are flattened into each struct), so its
# target is CPU time per byte written: constant within 2x between N and 4N.
# A run that exceeds TIMEOUT seconds (default 900) is reported as such, and 4N is then not run.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
timeout_seconds=${TIMEOUT:-900}
# case:N. word-*: an unquoted word of N characters as a JSON value, a JSON key, a table's type cell.
all_cases="json-keys:100000 table-rows:25000 props-csdl:10000 props-both:10000 word-json:100000 word-key:100000 word-table:100000 example-objects:10000 chain:1000"
selected=${CASES:-json-keys table-rows props-csdl props-both word-json word-key word-table example-objects chain}

binaries=("$@")
if [ ${#binaries[@]} -eq 0 ]; then
  cargo build --release --quiet -p xtask
  binaries=("$here/target/release/xtask")
fi
for binary in "${binaries[@]}"; do
  [ -x "$binary" ] || { echo "not an executable: $binary"; exit 2; }
done
command -v python3 >/dev/null || { echo "python3 is needed to write the inputs"; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs one binary on one input; prints "cpu_seconds wall_seconds output_bytes", "timeout"
# or "exit-CODE".
run() {
  local binary=$1 input=$2 out="$work/out"
  rm -rf "$out"
  local TIMEFORMAT='%U %S %R' times status=0
  # shellcheck disable=SC2046 # the flags file holds several words on purpose
  times=$( { time timeout "$timeout_seconds" "$binary" codegen $(cat "$input/flags") --out "$out" >/dev/null 2>"$work/stderr"; } 2>&1 ) || status=$?
  if [ "$status" -eq 124 ]; then
    echo timeout
  elif [ "$status" -ne 0 ]; then
    echo "failed (exit $status): $(tail -n 3 "$work/stderr")" >&2
    echo "exit-$status"
  else
    local bytes
    bytes=$(du -sb "$out" | cut -f1)
    awk -v t="$times" -v b="$bytes" 'BEGIN { split(t, x, " "); printf "%.2f %.2f %d\n", x[1] + x[2], x[3], b }'
  fi
  rm -rf "$out"
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "times: CPU seconds (user + system) [wall seconds]; timeout ${timeout_seconds} s"
echo
echo "| case | N | binary | t(N) | t(4N) | ratio | output at N | output at 4N | target |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---|"
for entry in $all_cases; do
  name=${entry%%:*}
  n=$(( ${entry##*:} / ${DIVIDE:-1} ))
  case " $selected " in *" $name "*) ;; *) continue ;; esac
  for size in "$n" $((4 * n)); do
    mkdir -p "$work/$name-$size"
    python3 "$here/bench/complexity_inputs.py" "$name" "$size" "$work/$name-$size" >"$work/$name-$size/flags"
  done
  for binary in "${binaries[@]}"; do
    small=$(run "$binary" "$work/$name-$n")
    large="not-run"
    [ "$small" = timeout ] || large=$(run "$binary" "$work/$name-$((4 * n))")
    awk -v name="$name" -v n="$n" -v bin="$binary" -v s="$small" -v l="$large" '
      function mb(bytes) { return sprintf("%.1f MB", bytes / 1e6) }
      BEGIN {
        split(s, a, " "); split(l, b, " ")
        done_s = (s ~ /^[0-9]/); done_l = (l ~ /^[0-9]/)
        ts = done_s ? sprintf("%.2f s [%.1f]", a[1], a[2]) : s
        tl = done_l ? sprintf("%.2f s [%.1f]", b[1], b[2]) : l
        if (!done_s || !done_l) { ratio = "-"; verdict = "-" }
        else if (name == "chain") {
          # CPU time per byte written, at N and at 4N.
          ps = a[1] / a[3] * 1e6; pl = b[1] / b[3] * 1e6
          ratio = sprintf("%.2f (%.2f -> %.2f us/byte)", pl / ps, ps, pl)
          verdict = (pl / ps <= 2) ? "per byte within 2x: yes" : "per byte within 2x: NO"
        } else {
          ratio = (a[1] > 0) ? sprintf("%.1f", b[1] / a[1]) : "-"
          verdict = (b[1] <= 5 * a[1] || b[1] < 0.1) ? "<= 5x: yes" : "<= 5x: NO"
        }
        printf "| %s | %d | %s | %s | %s | %s | %s | %s | %s |\n", name, n, bin, ts, tl, ratio,
          done_s ? mb(a[3]) : "-", done_l ? mb(b[3]) : "-", verdict
      }'
  done
done
