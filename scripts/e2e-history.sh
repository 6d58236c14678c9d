#!/usr/bin/env bash
# End to end: push the fixture builds into a real docker-registry, run `cachectl history` on
# series of them, and check every build's step statuses against BuildKit's own log
# (fixtures/pairs, via scripts/lib/check_history.py) and the patterns found.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-${SCRATCH:-.build}/debug/cachectl}
source scripts/lib/registry.sh
work=$(mktemp -d)
trap 'stop_registry; rm -rf "$work"' EXIT
start_registry "$work"
python3 scripts/lib/push_layout.py fixtures/images "$REGISTRY" e2e/app >/dev/null
python3 scripts/lib/push_layout.py fixtures/v025/images "$REGISTRY" e2e/v025 >/dev/null
REPO=$REGISTRY/e2e/app
DF=fixtures/make/projects/multistage/Dockerfile
fail=0
hist() { # name, history args...: writes $work/name.json
    local name=$1; shift
    if ! "$BIN" history "$REPO" --dockerfile "$DF" --format json "$@" > "$work/$name.json" 2> "$work/$name.err"; then
        echo "FAIL $name: cachectl history exited non-zero: $(cat "$work/$name.err")"; fail=1; return 1
    fi
    if [ -s "$work/$name.err" ]; then echo "FAIL $name: stderr not empty when piped: $(cat "$work/$name.err")"; fail=1; fi
}
run() { # name, expected patterns, expected builds, history args...
    local name=$1 patterns=$2 builds=$3; shift 3
    hist "$name" "$@" || return
    python3 scripts/lib/check_history.py "$work/$name.json" "$patterns" "$builds" | sed "s/^/$name: /"
    [ "${PIPESTATUS[0]}" -eq 0 ] || fail=1
}
tags() { for t in "$@"; do printf -- '--tags\n%s\n' "$t"; done; }
# Each build --cache-from the one before it: cold, warm (last step changed), then the original again.
mapfile -t a < <(tags v08-multistage-old v08-multistage-last v08-holes-new)
run v08-chain every-second-build 3 "${a[@]}"
mapfile -t a < <(tags v013-multistage-old v013-multistage-last v013-holes-new)
run v013-chain "" 3 "${a[@]}"
# Every build imported one fixed tag; -same is the same manifest as -old (one build, two tags).
for e in v08 v013; do
    mapfile -t a < <(tags "$e-multistage-*")
    run "$e-fixed" base-updates 5 --cache-from-tag "$e-multistage-old" "${a[@]}"
done
# No inline cache, plus a tag that fails to load (an index without the platform asked for): a note, not a failure.
mapfile -t a < <(tags 'v013-noinline*' v013-multiarch)
run v013-noinline no-inline-cache 2 --platform linux/s390x "${a[@]}"
if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if any(n.startswith("v013-multiarch: ") for n in d["notes"]) else 1)' "$work/v013-noinline.json"; then
    echo "FAIL v013-noinline: the tag that failed to load is not a note"; fail=1
fi
# BuildKit v0.25: ten sequential builds (h02 = h01 and h08 = h07 byte for byte: 8 builds); a
# compression change that leaves holes; two targets alternating on one shared cache ref, each
# build's record being that ref as the build left it (shared-after-*), named per --target.
REPO=$REGISTRY/e2e/v025
DF=fixtures/make/v025/projects/hist/Dockerfile
run v025-hist base-updates 8 --tags 'hist-*'
DF=fixtures/make/v025/projects/goapp/Dockerfile
run v025-zstd every-second-build 3 --tags 'zstd-*'
DF=fixtures/make/v025/projects/targets/Dockerfile
if hist v025-targets-api --tags 'shared-after-*' --target api && hist v025-targets-worker --tags 'shared-after-*' --target worker; then
    python3 scripts/lib/check_history.py "$work/v025-targets-api.json:api,$work/v025-targets-worker.json:worker" targets-overwrite 8 \
        | sed "s/^/v025-targets: /"
    [ "${PIPESTATUS[0]}" -eq 0 ] || fail=1
fi
REPO=$REGISTRY/e2e/app
# --last keeps the most recent builds; the one before still explains the first shown.
"$BIN" history "$REGISTRY/e2e/app" --tags 'v08-multistage-old' --tags 'v08-multistage-last' --tags 'v08-holes-new' --last 2 --format json > "$work/last.json"
python3 - "$work/last.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
tags = [b["tag"] for b in d["builds"]]
ok = tags == ["v08-multistage-last", "v08-holes-new"] and d["builds"][0]["cacheFrom"] == "v08-multistage-old"
print("last: ok" if ok else f"FAIL --last 2: {tags}, first from {d['builds'][0]['cacheFrom']}")
sys.exit(0 if ok else 1)
PY
# The whole repository in every format, and an unknown repository.
for f in text markdown html; do "$BIN" history "$REGISTRY/e2e/app" --last 40 --format $f > "$work/all.$f" || { echo "FAIL --format $f"; fail=1; }; done
grep -q '<section class="card build"' "$work/all.html" || { echo "FAIL html has no build"; fail=1; }
set +e
"$BIN" history "$REGISTRY/e2e/nothing-here" > /dev/null 2> "$work/none.err"; rc=$?
set -e
[ $rc -eq 2 ] || { echo "FAIL unknown repository: exit $rc $(cat "$work/none.err")"; fail=1; }
if [ $fail -ne 0 ]; then echo "e2e-history: FAILED"; exit 1; fi
echo "e2e-history: every series explained as BuildKit ran it, against docker-registry at $REGISTRY"
