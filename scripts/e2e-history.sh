#!/usr/bin/env bash
# End to end: push the fixture builds into a real docker-registry, run `cachectl history` on
# series of them, and check every build's step statuses against BuildKit's own log
# (fixtures/pairs, checked by check_history below) and the patterns found.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-${SCRATCH:-.build}/debug/cachectl}
source scripts/lib/common.sh
make_work_dir
work=$WORK
start_registry "$work"
push_layout fixtures/images e2e/app >/dev/null
push_layout fixtures/v025/images e2e/v025 >/dev/null
push_layout fixtures/history/images e2e/series >/dev/null
REPO=$REGISTRY/e2e/app
DF=fixtures/make/projects/multistage/Dockerfile
fail=0
# Checks `cachectl history --format json` against BuildKit's own truth in fixtures/pairs.
#
# check_history HISTORY.json[:TARGET][,HISTORY.json:TARGET...] EXPECTED_PATTERNS [EXPECTED_BUILDS]
#
# Every build explained against another (cacheFrom) must be a pair of fixtures/pairs,
# fixtures/v025/pairs or fixtures/history/pairs (OLD = the build it imported, NEW = the build; a `shared-after-X` export
# is the record of build `targets-X`), and every step's status must equal what BuildKit's log
# says (run / cached / unneeded; a COPY --link copy and merge are one step, FROM is not a step).
# Several files are runs of one history with step names for different --target stages: each
# build is checked in the file whose TARGET is its pair's target (statuses do not depend on it).
# EXPECTED_PATTERNS: comma-separated pattern ids that must be found, exactly ("" for none).
# EXPECTED_BUILDS: the number of builds. Exit 0 when everything matches.
check_history() {
    python3 - "$@" <<'PY'
import glob, json, re, sys

runs = []
for item in sys.argv[1].split(","):
    path, _, target = item.partition(":")
    runs.append((json.load(open(path)), target or None))
doc = runs[0][0]
want_patterns = set(p for p in sys.argv[2].split(",") if p)
want_builds = int(sys.argv[3]) if len(sys.argv) > 3 else None
pairs = []
for p in sorted(glob.glob("fixtures/pairs/*.json")) + sorted(glob.glob("fixtures/v025/pairs/*.json")) + sorted(glob.glob("fixtures/history/pairs/*.json")):
    d = json.load(open(p))
    if "old" not in d:
        if len(d.get("sources", [])) != 1:
            continue
        d["old"] = d["sources"][0]
        d["steps"] = [s for s in d["steps"] if s.get("kind") != "from"]
    pairs.append(d)

def names(tags):
    return set(tags) | {"targets-" + t[len("shared-after-"):] for t in tags if t.startswith("shared-after-")}

def truth(pair):
    by = {}
    for s in pair["steps"]:
        if "] FROM " in s["name"]:
            continue
        by.setdefault(f'{s["stage"]} {s["index"]}', []).append(s)
    out = {}
    for k, steps in by.items():
        statuses = [s.get("status") for s in steps if s.get("status")]
        copy = next((s.get("status") for s in steps if s.get("kind") != "link-merge"), None)
        out[k] = "run" if copy == "run" else ("cached" if "cached" in statuses else (copy or statuses[0]))
    return out

failures, checked = [], 0
tags_of = {b["tag"]: set(b["tags"]) for b in doc["builds"]}
if want_builds is not None and len(doc["builds"]) != want_builds:
    failures.append(f"{len(doc['builds'])} builds, expected {want_builds}")
for i, b in enumerate(doc["builds"]):
    if b["cacheFrom"] is None:
        continue
    olds = tags_of.get(b["cacheFrom"], set()) | {b["cacheFrom"]}
    pair = next((p for p in pairs if p["old"] in olds and p["new"] in names(b["tags"])), None)
    if pair is None:
        failures.append(f"{b['tag']} (from {b['cacheFrom']}): no fixture pair holds BuildKit's truth for it")
        continue
    t = truth(pair)
    run_doc = next((d for d, target in runs if target == pair.get("target")), runs[0][0])
    b = run_doc["builds"][i]
    predicted = {}
    for st in b["stages"]:
        for s in st["steps"]:
            m = re.match(r"^\[(?:(\S+) )?(\d+)/\d+\]", s["printed"] or "")
            if m:
                predicted[f'{m.group(1) or "final"} {m.group(2)}'] = s["status"]
    for k, status in sorted(t.items()):
        checked += 1
        if predicted.get(k) != status:
            failures.append(f"{b['tag']} ({pair['pair']}): step {k}: BuildKit {status}, cachectl {predicted.get(k)}")
    if set(predicted) != set(t):
        failures.append(f"{b['tag']} ({pair['pair']}): steps {sorted(predicted)} vs BuildKit's {sorted(t)}")
    run = sum(1 for v in t.values() if v == "run")
    if b["stepsRun"] != run:
        failures.append(f"{b['tag']}: stepsRun {b['stepsRun']}, BuildKit ran {run}")
found = {p["id"] for p in doc["patterns"]}
if found != want_patterns:
    failures.append(f"patterns {sorted(found)}, expected {sorted(want_patterns)}")
for f in failures:
    print("FAIL " + f)
if failures:
    sys.exit(1)
print(f"{checked} step statuses equal BuildKit's, patterns {sorted(found) or 'none'} as expected")
PY
}
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
    check_history "$work/$name.json" "$patterns" "$builds" | sed "s/^/$name: /"
    [ "${PIPESTATUS[0]}" -eq 0 ] || fail=1
}
tags() { for t in "$@"; do printf -- '--tags\n%s\n' "$t"; done; }
# Each build --cache-from the one before it: cold, warm (last step changed), then the original again.
mapfile -t a < <(tags v08-multistage-old v08-multistage-last v08-holes-new)
run v08-chain every-second-build 3 "${a[@]}"
mapfile -t a < <(tags v013-multistage-old v013-multistage-last v013-holes-new)
run v013-chain "" 3 "${a[@]}"
# Every build imported one fixed tag; -same is the same manifest as -old: a build of its own, a
# rebuild that hit every step (BuildKit's log for the no-change pair is its truth).
for e in v08 v013; do
    mapfile -t a < <(tags "$e-multistage-*")
    run "$e-fixed" base-updates 6 --cache-from-tag "$e-multistage-old" "${a[@]}"
done
# No inline cache, plus a tag that fails to load (an index without the platform asked for): a note, not a failure.
mapfile -t a < <(tags 'v013-noinline*' v013-multiarch)
run v013-noinline no-inline-cache 2 --platform linux/s390x "${a[@]}"
if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if any(n.startswith("v013-multiarch: ") for n in d["notes"]) else 1)' "$work/v013-noinline.json"; then
    echo "FAIL v013-noinline: the tag that failed to load is not a note"; fail=1
fi
# BuildKit v0.25: ten sequential builds (h02 = h01 and h08 = h07 byte for byte: rebuilds that hit
# every step, still ten builds); a
# compression change that leaves holes; two targets alternating on one shared cache ref, each
# build's record being that ref as the build left it (shared-after-*), named per --target.
REPO=$REGISTRY/e2e/v025
DF=fixtures/make/v025/projects/hist/Dockerfile
run v025-hist base-updates 10 --tags 'hist-*'
DF=fixtures/make/v025/projects/goapp/Dockerfile
run v025-zstd every-second-build 3 --tags 'zstd-*'
DF=fixtures/make/v025/projects/targets/Dockerfile
if hist v025-targets-api --tags 'shared-after-*' --target api && hist v025-targets-worker --tags 'shared-after-*' --target worker; then
    check_history "$work/v025-targets-api.json:api,$work/v025-targets-worker.json:worker" targets-overwrite 8 \
        | sed "s/^/v025-targets: /"
    [ "${PIPESTATUS[0]}" -eq 0 ] || fail=1
fi
# Build series (fixtures/history): six v0.8 builds each from the one before (holes every second
# build), six v0.25 builds where from the third on a build-arg carries a new commit SHA.
REPO=$REGISTRY/e2e/series
DF=fixtures/make/history/projects/chain/Dockerfile
run v08-six every-second-build 6 --tags 'v08-chain-*'
DF=fixtures/make/history/projects/brokeat/Dockerfile
run v025-brokeat broke-at 6 --tags 'v025-brokeat-*'
python3 - "$work/v025-brokeat.json" <<'PY' || fail=1
import json, sys
p = json.load(open(sys.argv[1]))["patterns"][0]
ok = p["builds"] == [f"v025-brokeat-{i}" for i in (3, 4, 5, 6)] and "`[final 3/6] RUN sleep 1 && echo \"commit $GIT_SHA\"" in p["message"] \
    and "build-arg changed: GIT_SHA" in p["message"]
print("v025-brokeat: broke-at names build 3, its step and the build-arg" if ok else f"FAIL v025-brokeat: {p}")
sys.exit(0 if ok else 1)
PY

# Tag-list pagination. cachectl asks for pages of n=1000 and follows `Link` to the end (at most
# 200 pages). docker-registry 2.8 ignores n and sends every tag at once with no Link, so the tags
# are listed through scripts/lib/paging_proxy.py, which logs every request and pages the real
# registry's real list as the distribution spec says (sorted, `last`, `Link: <…>; rel="next"`).
# 1100 more tags of one image sort between v08-chain-3 and v08-chain-4: the chain spans two pages.
python3 - "$REGISTRY" <<'PY'
import http.client, json, sys
from concurrent.futures import ThreadPoolExecutor
host = sys.argv[1]
idx = json.load(open("fixtures/history/images/index.json"))
m = next(x for x in idx["manifests"] if x["annotations"]["org.opencontainers.image.ref.name"] == "base-1")
body = open("fixtures/history/images/blobs/sha256/" + m["digest"].split(":")[1], "rb").read()
def put(chunk):
    c = http.client.HTTPConnection(host, timeout=60)
    for i in chunk:
        c.request("PUT", f"/v2/e2e/series/manifests/v08-chain-3-fill-{i:04d}", body=body, headers={"Content-Type": m["mediaType"]})
        r = c.getresponse(); r.read()
        assert r.status == 201, r.status
with ThreadPoolExecutor(8) as ex:
    list(ex.map(put, [range(k, 1100, 8) for k in range(8)]))
PY
DF=fixtures/make/history/projects/chain/Dockerfile
proxy_pid=
paged() { # name, proxy mode, expected builds, history args...: through the proxy; its log in $work/name.log
    local name=$1 mode=$2 builds=$3; shift 3
    local port; port=$(free_port)
    : > "$work/$name.log"
    start_bg "$work/$name.proxy.log" python3 scripts/lib/paging_proxy.py "$port" "$REGISTRY" "$work/$name.log" "$mode"
    proxy_pid=$BG_PID
    $REGISTRY_PY wait "http://127.0.0.1:$port/v2/" || true
    REPO=127.0.0.1:$port/e2e/series
    run "$name" every-second-build "$builds" --tags 'v08-chain-?' "$@"
    stop_pid "$proxy_pid"; proxy_pid=
}
lists() { grep '^GET /v2/e2e/series/tags/list' "$work/$1.log" | tr '\n' ' '; }
# The registry as it is: one answer, every tag (1113), no Link: one request.
paged pages-pass pass 6 --last 6
[ "$(lists pages-pass)" = "GET /v2/e2e/series/tags/list?n=1000 " ] || { echo "FAIL pages-pass: $(lists pages-pass)"; fail=1; }
# Pages of n=1000: two requests, the second the Link's target.
paged pages-1000 page:1000 6 --last 6
want="GET /v2/e2e/series/tags/list?n=1000 GET /v2/e2e/series/tags/list?last=v08-chain-3-fill-0989&n=1000 "
[ "$(lists pages-1000)" = "$want" ] || { echo "FAIL pages-1000: asked $(lists pages-1000)"; fail=1; }
# --last 4 over two pages: the four most recent, the first explained from build 2 (on page 1).
paged pages-last4 page:1000 4 --last 4
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); b=d["builds"]; sys.exit(0 if [x["tag"] for x in b]==["v08-chain-%d"%i for i in (3,4,5,6)] and b[0]["cacheFrom"]=="v08-chain-2" else 1)' \
    "$work/pages-last4.json" && echo "pages-last4: ok" || { echo "FAIL pages-last4: $(head -c 300 "$work/pages-last4.json")"; fail=1; }
# A registry that caps pages at 100 tags: 12 pages, all followed.
paged pages-100 page:100 6 --last 6
n=$(grep -c '^GET /v2/e2e/series/tags/list' "$work/pages-100.log" || true)
[ "$n" = 12 ] || { echo "FAIL pages-100: $n tag-list requests, expected 12"; fail=1; }
# A registry whose Link never ends: cachectl stops at its bound (200 pages) and explains what it got.
port=$(free_port); : > "$work/pages-loop.log"
start_bg "$work/pages-loop.proxy.log" python3 scripts/lib/paging_proxy.py "$port" "$REGISTRY" "$work/pages-loop.log" loop
proxy_pid=$BG_PID
$REGISTRY_PY wait "http://127.0.0.1:$port/v2/" || true
if "$BIN" history "127.0.0.1:$port/e2e/series" --tags 'v08-chain-?' --format json > "$work/pages-loop.json" 2> "$work/pages-loop.err"; then
    n=$(grep -c '^GET /v2/e2e/series/tags/list' "$work/pages-loop.log")
    b=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["builds"]), any("cut after 200 pages" in n for n in d["notes"]))' "$work/pages-loop.json")
    [ "$n" = 200 ] && [ "$b" = "3 True" ] && echo "pages-loop: stopped after $n pages, 3 builds, and says the list was cut" \
        || { echo "FAIL pages-loop: $n requests, builds and note: $b"; fail=1; }
else
    echo "FAIL pages-loop: exit non-zero: $(cat "$work/pages-loop.err")"; fail=1
fi
stop_pid "$proxy_pid"; proxy_pid=
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
