#!/usr/bin/env bash
# Benchmarks (rerunnable, not tests). Ratios matter, not absolute times: machines are shared.
#
#   bench.sh [synthetic]       decode and diff synthetic inline caches of growing size, release
#                              build. Each step of the synthetic chain offers two alternatives in
#                              its first input slot; the diff changes the upper half of the chain.
#                              Time should grow linearly with the record count (compare the
#                              per-record column). Then diamond graphs.
#   bench.sh latency [BEFORE]  docker-registry on loopback behind a proxy adding 50 ms per round
#                              trip (scripts/bench/delay_proxy.py), the fixture images pushed; times
#                              inspect, diff and lint of 8 images, and prints diff and lint as
#                              multiples of one inspect. BEFORE: another cachectl binary to
#                              compare with (e.g. a build of an older commit).
#   bench.sh decode [BEFORE]   inspect --format json of 1 MiB and 12 MiB inline caches against a
#                              jansson-only C floor (scripts/bench/decode_floor.c: base64 decode and
#                              json_loadb), with peak RSS of each. The floor, BEFORE and this build
#                              run in turn (scripts/bench/alternate.py); wall and CPU medians.
#                              Also a second floor that writes the records as well (decode_floor
#                              --dump: jansson json_dumpf of the same records in inspect's shape),
#                              and the wall ratio to it (dump-ratio).
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build}
mode=${1:-synthetic}
BEFORE=${2:-}
RUNS=${RUNS:-10}

release() {
    swift build -c release --scratch-path "$SCRATCH" --product cachectl --static-swift-stdlib -Xlinker -s 2>&1 \
        | grep -E "error|Build complete" >&2 || true
    echo "$SCRATCH/release/cachectl"
}

# median_ms NAME COMMAND...: median wall time of RUNS runs (hyperfine when installed).
median_ms() {
    local name=$1; shift
    if command -v hyperfine >/dev/null; then
        local json
        json=$(mktemp)
        hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
        python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['results'][0]['median']*1000, 1))" "$json"
        rm -f "$json"
    else
        python3 - "$RUNS" "$@" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
ts = []
for _ in range(runs):
    t = time.monotonic(); subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); ts.append(time.monotonic() - t)
ts.sort(); print(round(ts[len(ts) // 2] * 1000, 1))
PY
    fi
}

# peak_mib COMMAND...: peak resident set of one run, MiB.
peak_mib() {
    /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f", $1 / 1024}'
}

ratio() { python3 -c "import sys; print(round(float(sys.argv[1]) / float(sys.argv[2]), 2))" "$1" "$2"; }

case $mode in
synthetic)
    swift build -c release --scratch-path "$SCRATCH" --product cachectl-bench >/dev/null
    B=$SCRATCH/release/cachectl-bench
    for op in decode diff diff-upstream; do
        for n in 12500 25000 50000 100000; do
            line=$("$B" "$op" "$n" 5)
            ms=$(sed -E 's/.*medianMs=([0-9.]+).*/\1/' <<<"$line")
            printf '%s  per-record=%s us\n' "$line" "$(python3 -c "print(round($ms*1000/$n, 2))")"
        done
    done
    # Diamond graphs (two alternatives per slot at every level): memoised matching keeps the
    # diff linear in depth; an unmemoised walk would take 2^depth steps.
    for depth in 5000 20000 80000; do
        "$B" diamond "$depth" 5
    done
    ;;
latency)
    BIN=$(release)
    source scripts/lib/common.sh
    work=$(mktemp -d)
    trap 'stop_registry; [ -n "${PROXY_PID:-}" ] && kill "$PROXY_PID" 2>/dev/null; rm -rf "$work"' EXIT
    start_registry "$work"
    push_layout fixtures/images bench/app >/dev/null
    port=$(free_port)
    python3 scripts/bench/delay_proxy.py "$port" "$REGISTRY" 50 &
    PROXY_PID=$!
    sleep 0.5
    R=127.0.0.1:$port/bench/app
    mapfile -t tags < <(python3 -c "
import json
for m in json.load(open('fixtures/images/index.json'))['manifests']:
    n = m['annotations']['org.opencontainers.image.ref.name']
    if n.startswith('v013-') and 'cache' not in n and 'multiarch' not in n: print(n)" | head -8)
    lint_refs=()
    for t in "${tags[@]}"; do lint_refs+=("$R:$t"); done
    echo "latency: 50 ms per round trip through $R; lint of ${#lint_refs[@]} images; median of $RUNS runs"
    printf '%-8s %10s %10s %10s %14s %14s\n' binary inspect diff lint-8 diff/inspect lint/inspect
    for b in ${BEFORE:+"$BEFORE"} "$BIN"; do
        label=after; [ "$b" = "$BIN" ] || label=before
        i=$(median_ms inspect "$b" inspect "$R:v013-multistage-old")
        d=$(median_ms diff "$b" diff "$R:v013-multistage-old" "$R:v013-multistage-last")
        l=$(median_ms lint "$b" lint --fail-on none "${lint_refs[@]}")
        printf '%-8s %8s ms %8s ms %8s ms %14s %14s\n' "$label" "$i" "$d" "$l" "$(ratio "$d" "$i")" "$(ratio "$l" "$i")"
    done
    ;;
decode)
    BIN=$(release)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    cc -O2 -o "$work/decode_floor" scripts/bench/decode_floor.c -ljansson
    # Floor, BEFORE and this build take turns (scripts/bench/alternate.py), so that a change in a
    # shared machine's load falls on all three; wall and CPU (user + system) medians.
    echo "decode: median of $RUNS alternating runs; load: $(uptime | sed 's/.*load average: //')"
    printf '%-8s %7s %9s %9s %9s %9s %8s %8s %9s %9s %11s %9s %10s\n' binary payload floor-wall wall wall-ratio floor-cpu cpu cpu-ratio floor-RSS RSS RSS-budget dump-wall dump-ratio
    for spec in 1MiB:5300 12MiB:63000; do
        name=${spec%%:*}; records=${spec#*:}
        size=$(python3 scripts/bench/make_cache_image.py "$work/$name" "$records")
        budget=$(python3 -c "print(round(4 * $size / 1048576 + 30, 1))")
        args="inspect --format json oci:$work/$name:bench"
        cmds=("floor=$work/decode_floor $work/$name/payload.b64" "dump=$work/decode_floor --dump $work/$name/payload.b64")
        [ -n "$BEFORE" ] && cmds+=("before=$BEFORE $args")
        cmds+=("after=$BIN $args")
        python3 scripts/bench/alternate.py "$RUNS" "${cmds[@]}" >"$work/times"
        read -r _ fwall fcpu frss < <(grep '^floor ' "$work/times")
        read -r _ dwall _ _ < <(grep '^dump ' "$work/times")
        grep -v '^floor \|^dump ' "$work/times" | while read -r label wall cpu rss; do
            printf '%-8s %7s %7sms %7sms %9s %7sms %6sms %8s %6sMiB %6sMiB %8sMiB %7sms %10s\n' "$label" "$name" "$fwall" "$wall" \
                "$(ratio "$wall" "$fwall")" "$fcpu" "$cpu" "$(ratio "$cpu" "$fcpu")" "$frss" "$rss" "$budget" "$dwall" "$(ratio "$wall" "$dwall")"
        done
    done
    ;;
*)
    echo "usage: bench.sh [synthetic | latency [BEFORE_BINARY] | decode [BEFORE_BINARY]]" >&2
    exit 64
    ;;
esac
