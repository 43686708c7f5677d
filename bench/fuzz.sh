#!/usr/bin/env bash
# Runs the four fuzz targets of fuzz/ (graph-codegen-fuzz) with libFuzzer for MINUTES in
# all, MINUTES/4 each, on the stable toolchain, and prints per target: executions, corpus
# size and crashes. See FUZZING.md.
#
#   bash bench/fuzz.sh 30                 # the recorded run: 7.5 minutes per target
#   bash bench/fuzz.sh 2 markdown csdl    # chosen targets only, MINUTES shared among them
#
# Needs cargo-bolero (`cargo install cargo-bolero --locked`, once). Builds with the `fuzz`
# profile into target/fuzz/ (first build: several minutes). The working corpus grows in
# target/fuzz-run/<target>/corpus, seeded from fuzz/tests/__fuzz__/<target>/corpus (the
# committed seeds, which `cargo test` replays); crash inputs are kept in
# target/fuzz-run/<target>/found. A crash ends libFuzzer's run: the target is started
# again on its grown corpus for the rest of its time, at most MAX_RESTARTS (5) times.
# Exit code: 0 when no target crashed, 1 when one did, 2 on bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
}
if [[ $# -lt 1 || ! "$1" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
    usage >&2
    exit 2
fi
minutes=$1
shift
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(markdown csdl lenient_json runtime)
for target in "${targets[@]}"; do
    [[ -d fuzz/tests/__fuzz__/$target ]] || { echo "unknown target \`$target\`; expected markdown, csdl, lenient_json or runtime" >&2; exit 2; }
done
command -v cargo-bolero >/dev/null || { echo "cargo-bolero is missing: cargo install cargo-bolero --locked" >&2; exit 2; }

seconds_each=$(awk -v m="$minutes" -v n="${#targets[@]}" 'BEGIN { s = int(m * 60 / n); print (s < 1 ? 1 : s) }')
max_restarts=${MAX_RESTARTS:-5}
run_dir=target/fuzz-run
crashed=0
summary=()

for target in "${targets[@]}"; do
    corpus=$run_dir/$target/corpus
    # cargo-bolero hands libFuzzer its crashes folder as a second corpus: a crash left
    # there would end every restart at once, so each is moved to found/ after the run.
    crashes=$run_dir/$target/crashes
    found=$run_dir/$target/found
    mkdir -p "$corpus" "$crashes" "$found"
    rm -f "$run_dir/$target"/run-*.log
    cp -n fuzz/tests/__fuzz__/"$target"/corpus/* "$corpus"/
    find "$crashes" -type f -exec mv -t "$found" {} +
    crashes_before=$(find "$found" -type f | wc -l)
    executions=0
    starts=0
    deadline=$((SECONDS + seconds_each))
    while ((SECONDS < deadline && starts <= max_restarts)); do
        log=$run_dir/$target/run-$starts.log
        starts=$((starts + 1))
        # --sanitizer NONE: no -Zsanitizer, which only nightly has; coverage comes from
        # -Cpasses=sancov-module, which stable has.
        status=0
        cargo bolero test "$target" -p graph-codegen-fuzz --sanitizer NONE --engine libfuzzer \
            -T "$((deadline - SECONDS))s" --corpus-dir "$corpus" --crashes-dir "$crashes" >"$log" 2>&1 || status=$?
        # libFuzzer's last status line: `#N ... exec/s` (on a crash, the last one before it).
        runs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
        executions=$((executions + ${runs:-0}))
        if ((status != 0)); then
            if ! grep -aqE 'Test unit written to|test failed|panicked|deadly signal|ERROR: libFuzzer' "$log"; then
                echo "$target: cargo bolero failed without a crash (build error?); see $log" >&2
                tail -20 "$log" >&2
                exit 2
            fi
            echo "$target: crash (see $log):" >&2
            grep -aE 'panicked at|^thread .* panicked|Test unit written to|ERROR: libFuzzer' "$log" | head -5 >&2
        fi
        find "$crashes" -type f -exec mv -t "$found" {} +
    done
    corpus_size=$(find "$corpus" -type f | wc -l)
    new_crashes=$(($(find "$found" -type f | wc -l) - crashes_before))
    ((new_crashes == 0)) || crashed=1
    summary+=("$(printf '| %s | %s s | %s | %s | %s |' "$target" "$seconds_each" "$executions" "$corpus_size" "$new_crashes")")
done

echo
echo "| target | time | executions | corpus (files) | crashes |"
echo "|---|---|---|---|---|"
printf '%s\n' "${summary[@]}"
echo "crash inputs, if any: $run_dir/<target>/found/ (panic and minimised input: run-N.log beside it)"
exit "$crashed"
