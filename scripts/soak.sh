#!/usr/bin/env bash
# Soak: many concurrent inspect/diff runs against a real registry behind the fault proxy in
# mixed mode (by default 5% connection resets, 5% 503 with Retry-After, 1% truncated bodies).
# Every run must end with the right answer (the output of a fault-free run) or exactly one
# `cachectl: error: …` line and exit 2; none may hang (each is killed after $SOAK_TIMEOUT s)
# and each run's peak RSS must stay under $SOAK_RSS_MIB. Prints the counts.
#
#   scripts/soak.sh CACHECTL UPSTREAM REPO:TAG USER PASSWORD_FILE WORKDIR
#     UPSTREAM: http://host:port of the registry; the proxy is started here, on 127.0.0.1.
# Knobs: SOAK_RUNS (200), SOAK_PARALLEL (16), SOAK_TIMEOUT (60), SOAK_RSS_MIB (256), SOAK_SEED (11).
# Called by scripts/test-registry.sh; exit 0 when every run passed, 1 otherwise.
set -u
CACHECTL=$1 UPSTREAM=$2 IMAGE=$3 USER_NAME=$4 PASSFILE=$5 WORK=$6
RUNS=${SOAK_RUNS:-200} PARALLEL=${SOAK_PARALLEL:-16} TIMEOUT=${SOAK_TIMEOUT:-60} RSS_MIB=${SOAK_RSS_MIB:-256}
TS="$(cd "$(dirname "$0")" && pwd)/testsupport"
PY="python3 $TS/regsupport.py"
mkdir -p "$WORK"
PORT=$($PY freeport)
REF="127.0.0.1:$PORT/$IMAGE"
PROXY=
stop_proxy() { [ -n "$PROXY" ] && { kill "$PROXY" 2>/dev/null; wait "$PROXY" 2>/dev/null; }; PROXY=; }
trap stop_proxy EXIT
start_proxy() { # mode, extra args...
    $PY faultproxy --port "$PORT" --upstream "$UPSTREAM" --mode "$1" --count-file "$WORK/counts.json" \
        --retry-after 1 --seed "${SOAK_SEED:-11}" "${@:2}" >"$WORK/proxy-$1.log" 2>&1 &
    PROXY=$!
    $PY wait "http://127.0.0.1:$PORT/v2/" >/dev/null || { echo "soak: the proxy did not start"; exit 1; }
}
run_one() { # label kind: one run under soakrun, one JSON line on stdout
    local args
    case $2 in
        inspect) args=(inspect "$REF" --format json --username "$USER_NAME" --password-stdin) ;;
        diff) args=(diff "$REF" "$REF" --format json --username "$USER_NAME" --password-stdin) ;;
    esac
    $PY soakrun --label "$1" --timeout "$TIMEOUT" --stdin "$PASSFILE" -- "$CACHECTL" "${args[@]}"
}
export REF USER_NAME PASSFILE CACHECTL TIMEOUT PY
export -f run_one

# Ground truth: the same commands through the proxy with no faults.
start_proxy pass
for kind in inspect diff; do run_one "baseline-$kind" "$kind" >"$WORK/baseline-$kind.json"; done
stop_proxy
rm -f "$WORK/counts.json"

start_proxy mixed
started=$(date +%s)
for i in $(seq 1 "$RUNS"); do
    kind=$([ $((i % 2)) = 0 ] && echo diff || echo inspect)
    echo "$kind-$i $kind"
done | xargs -P "$PARALLEL" -L 1 bash -c 'run_one "$1" "$2"' soak >"$WORK/runs.jsonl"
elapsed=$(( $(date +%s) - started ))
stop_proxy

python3 - "$WORK" "$RUNS" "$RSS_MIB" "$elapsed" "$PARALLEL" <<'PYEOF'
import json, sys
work, runs, rss_limit, elapsed, parallel = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
base = {k: json.load(open("%s/baseline-%s.json" % (work, k))) for k in ("inspect", "diff")}
for k, b in base.items():
    if b["rc"] != 0:
        print("soak: FAIL: the fault-free %s run failed: %s" % (k, b["stderr"].strip())); sys.exit(1)
rows = [json.loads(l) for l in open(work + "/runs.jsonl") if l.strip()]
counts = {"right answer": 0, "one clear error": 0, "wrong answer": 0, "bad error": 0, "hung": 0}
errors = {}
bad = []
for r in rows:
    kind = r["label"].split("-")[0]
    lines = r["stderr"].splitlines()
    if r["hung"]:
        counts["hung"] += 1; bad.append(r)
    elif r["rc"] == 0:
        if r["stdout_sha"] == base[kind]["stdout_sha"]: counts["right answer"] += 1
        else: counts["wrong answer"] += 1; bad.append(r)
    elif r["rc"] == 2 and r["stderr_lines"] == 1 and lines[0].startswith("cachectl: error: ") and r["stdout_len"] == 0:
        counts["one clear error"] += 1
        key = lines[0][len("cachectl: error: "):].split(":")[0][:60]
        errors[key] = errors.get(key, 0) + 1
    else:
        counts["bad error"] += 1; bad.append(r)
peak = max((r["rss_kib"] for r in rows), default=0) / 1024
slowest = max((r["seconds"] for r in rows), default=0)
try: proxy = json.load(open(work + "/counts.json"))
except OSError: proxy = {}
print("soak: %d runs (%d at a time) in %s s: %s" % (len(rows), int(parallel), elapsed, ", ".join("%d %s" % (v, k) for k, v in counts.items())))
print("soak: proxy: %d requests, %d resets, %d 503s, %d truncated bodies" % (
    proxy.get("requests", 0), proxy.get("resets", 0), proxy.get("unavailable", 0), proxy.get("truncated", 0)))
print("soak: peak RSS %.1f MiB (limit %d), slowest run %.1f s" % (peak, rss_limit, slowest))
for k, v in sorted(errors.items(), key=lambda kv: -kv[1]): print("soak:   error %4d× %s…" % (v, k))
for r in bad[:5]: print("soak:   BAD %s rc=%s hung=%s stderr=%r" % (r["label"], r["rc"], r["hung"], r["stderr"][:300]))
ok = len(rows) == runs and not bad and peak <= rss_limit
print("soak: %s" % ("PASS" if ok else "FAIL"))
sys.exit(0 if ok else 1)
PYEOF
