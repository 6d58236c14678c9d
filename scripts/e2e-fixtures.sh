#!/usr/bin/env bash
# End to end against a real docker-registry: push every fixture, then check that
# `cachectl inspect` through the registry equals `cachectl inspect` of the OCI layout,
# and that diff works across kinds (registry OLD + layout NEW, and the reverse).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-${SCRATCH:-.build}/debug/cachectl}
source scripts/lib/common.sh
make_work_dir
start_registry "$WORK"
push_layout fixtures/images e2e/fixtures
push_layout fixtures/v025/images e2e/v025 >/dev/null
push_layout fixtures/v013-files/images e2e/v013-files >/dev/null
fail=0; n=0
# Drop what names the source (references, the registry-only index-form note) before comparing.
strip() { python3 -c 'import json,sys,re
text=re.sub(r"(oci:fixtures/((v025|v013-files)/)?images:|127\.0\.0\.1:[0-9]+/e2e/(fixtures|v025|v013-files):)", "<src>", sys.stdin.read())
d=json.loads(text); d.pop("reference",None)
d["notes"]=[x for x in d.get("notes",[]) if not (isinstance(x,dict) and x.get("id")=="index-form")]
for side in ("old","new"):
    if isinstance(d.get(side),dict): d[side].pop("reference",None)
for s in d.get("sources",[]): s.pop("reference",None)
print(json.dumps(d,sort_keys=True))'; }
refs=$(python3 -c 'import json; print("\n".join(m["annotations"]["org.opencontainers.image.ref.name"] for m in json.load(open("fixtures/images/index.json"))["manifests"]))')
for ref in $refs; do
    platforms="linux/amd64"
    [ "$ref" = v013-multiarch ] && platforms="linux/amd64 linux/arm64"
    for p in $platforms; do
        a=$("$BIN" inspect "oci:fixtures/images:$ref" --platform "$p" --format json | strip)
        b=$("$BIN" inspect "$REGISTRY/e2e/fixtures:$ref" --platform "$p" --format json | strip)
        n=$((n+1))
        if [ "$a" != "$b" ]; then echo "FAIL inspect $ref ($p): registry and layout differ"; fail=1; fi
    done
done
for pair in fixtures/pairs/*.json; do
    old=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['old'])" "$pair")
    new=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['new'])" "$pair")
    a=$("$BIN" diff "oci:fixtures/images:$old" "oci:fixtures/images:$new" --format json | strip)
    b=$("$BIN" diff "$REGISTRY/e2e/fixtures:$old" "oci:fixtures/images:$new" --format json | strip)
    c=$("$BIN" diff "oci:fixtures/images:$old" "$REGISTRY/e2e/fixtures:$new" --format json | strip)
    n=$((n+3))
    if [ "$a" != "$b" ] || [ "$a" != "$c" ]; then echo "FAIL diff $(basename "$pair"): results differ across kinds"; fail=1; fi
done
# BuildKit v0.25 and v0.13 pairs (fixtures/<set>/pairs), every step of every stage: several
# sources, exports as sources and as NEW, through the registry and from the layout alike; where a
# pair lists the changes of its build context (contextChanges), the copy's files through the
# registry are exactly those.
pairs_through_registry() { # SET (v025 | v013-files); its layout is pushed as e2e/SET
local set=$1
for pair in fixtures/$set/pairs/*.json; do
    read -r sources new kind log < <(python3 -c "import json,sys; d=json.load(open(sys.argv[1]))
print(','.join(d['sources']) or '-', d['new'], d['newKind'], d['log'])" "$pair")
    [ "$sources" != - ] || continue
    case "$sources" in *local-cache*) continue;; esac
    case "$new" in targets-*) continue;; esac
    read -r df target < <(python3 -c 'import sys,shlex
w=shlex.split(open(sys.argv[1]).readline().replace("\\,",","))
f=[w[i+1] for i in range(len(w)-1) if w[i] in ("-f","--file")]
t=[w[i+1] for i in range(len(w)-1) if w[i]=="--target"]
print(f[0] if f else w[-1]+"/Dockerfile", t[0] if t else "")' "fixtures/$set/$log/command.txt")
    opts=(--dockerfile "$df"); [ -z "$target" ] || opts+=(--target "$target")
    lay=(); reg=()
    for s in ${sources//,/ }; do lay+=("oci:fixtures/$set/images:$s"); reg+=("$REGISTRY/e2e/$set:$s"); done
    a=$("$BIN" diff "${lay[@]}" "oci:fixtures/$set/images:$new" "${opts[@]}" --format json | strip)
    b=$("$BIN" diff "${reg[@]}" "$REGISTRY/e2e/$set:$new" "${opts[@]}" --format json | strip)
    n=$((n+1))
    if [ "$a" != "$b" ]; then echo "FAIL diff $set $(basename "$pair"): registry and layout differ"; fail=1; fi
    # The statuses through the registry are BuildKit's (every step named by the Dockerfile).
    if ! python3 - "$pair" "$b" <<'PY'
import json, sys
pair = json.load(open(sys.argv[1])); report = json.loads(sys.argv[2])
truth = {}
for s in pair["steps"]:
    if s.get("kind") == "from": continue
    truth.setdefault((s["stage"], s["index"]), []).append(s)
def status(steps):
    copy = next((s["status"] for s in steps if s.get("kind") != "link-merge"), None)
    if copy == "run": return "run"
    if any(s["status"] == "cached" for s in steps): return "cached"
    return copy or steps[0]["status"]
got = {}
for st in report["stages"]:
    for v in st["steps"]:
        if v["printed"]:
            name = v["printed"][1:].split("]")[0]
            stage, _, idx = name.rpartition(" ")
            got[(stage or "final", int(idx.split("/")[0]))] = v["status"]
bad = [k for k in truth if got.get(k) != status(truth[k])]
if bad or len(got) != len(truth):
    print("mismatch", bad, sorted(got), file=sys.stderr); sys.exit(1)
if "contextChanges" in pair:
    want = sorted((c["change"], c["path"]) for c in pair["contextChanges"])
    listed = [v for st in report["stages"] for v in st["steps"] if v.get("files")]
    files = sorted((f["change"], f["path"]) for v in listed for f in v["files"])
    if files != want or len(listed) > 1:
        print("files", files, "context", want, file=sys.stderr); sys.exit(1)
PY
    then echo "FAIL diff $set $(basename "$pair"): statuses differ from BuildKit's, or files from the context's changes"; fail=1; fi
    n=$((n+1))
done
}
pairs_through_registry v025
pairs_through_registry v013-files
# Errors through the registry: unknown tag, unknown repository.
set +e
out=$("$BIN" inspect "$REGISTRY/e2e/fixtures:no-such-tag" 2>&1); rc=$?
set -e
n=$((n+1))
if [ $rc -ne 2 ] || ! grep -qi "manifest unknown\|MANIFEST_UNKNOWN\|not found" <<<"$out"; then echo "FAIL unknown tag: rc=$rc $out"; fail=1; fi
if [ $fail -ne 0 ]; then echo "e2e-fixtures: FAILED"; exit 1; fi
echo "e2e-fixtures: $n checks passed against docker-registry at $REGISTRY"
