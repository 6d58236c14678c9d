#!/usr/bin/env bash
# Builds (fuzz/build.sh) and runs every libFuzzer target of cachectl.
#   scripts/fuzz.sh              each target -runs=1000000
#   scripts/fuzz.sh --smoke      each target for 20 s (about 3 minutes in all, for CI)
#   scripts/fuzz.sh [--smoke] TARGET...   only these targets
# Seeds come from fuzz/corpus/<target>/ (written by fuzz/seeds.py from the fixtures) and
# fuzz/found/<target>/ (inputs earlier long runs found that reach further, kept with
# `fuzz-<target> -merge=1`); both are committed. New inputs go to .build-fuzz/corpus/<target>/,
# crashes to .build-fuzz/crashes/<target>/. Exits non-zero on the first target that crashes,
# printing the reproducer path and the command to replay it.
set -uo pipefail
cd "$(dirname "$0")/.."
MODE=(-runs=1000000)
if [[ ${1:-} == --smoke ]]; then MODE=(-max_total_time=20); shift; fi
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] || mapfile -t TARGETS < <(bash fuzz/build.sh --list)  # each fuzz/*.swift but common.swift
bash fuzz/build.sh "${TARGETS[@]}" 2>&1 | grep -v 'warning: Cannot export local symbol' || true
[[ ${PIPESTATUS[0]} -eq 0 ]] || { echo "fuzz.sh: build failed" >&2; exit 2; }
status=0
for t in "${TARGETS[@]}"; do
    bin=.build-fuzz/bin/fuzz-$t
    corpus=.build-fuzz/corpus/$t crashes=.build-fuzz/crashes/$t log=.build-fuzz/logs/$t.log
    mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
    cp -n fuzz/corpus/$t/* "$corpus/" 2>/dev/null  # seeds; libFuzzer only writes to the runtime corpus
    [[ -d fuzz/found/$t ]] && cp -n fuzz/found/$t/* "$corpus/" 2>/dev/null
    echo "== $t (${MODE[*]})"
    start=$(date +%s)
    ASAN_OPTIONS=detect_leaks=0:malloc_context_size=2 "$bin" "${MODE[@]}" -detect_leaks=0 -timeout=10 -rss_limit_mb=4096 -max_len=1048576 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" > "$log" 2>&1
    rc=$?
    grep -E '^#[0-9]+.*(DONE|INITED)|stat::number_of_executed_units|stat::average_exec_per_sec|cov:' "$log" | tail -3
    echo "   $(( $(date +%s) - start )) s, exit $rc, log $log"
    if [[ $rc -ne 0 ]]; then
        status=1
        repro=$(grep -oE "Test unit written to [^ ]+" "$log" | tail -1 | sed 's/Test unit written to //')
        echo "fuzz.sh: $t FAILED (exit $rc). Reproducer: ${repro:-see $log}" >&2
        [[ -n $repro ]] && echo "   replay: $bin $repro" >&2
        grep -m3 -E 'Fatal error|ERROR: |SUMMARY' "$log" >&2
    fi
done
exit $status
