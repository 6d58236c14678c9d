#!/usr/bin/env bash
# The history page in a real browser: headless Chromium renders `cachectl history --format html`
# of the fixture builds; the screenshot must not be blank, the DOM must hold one entry per build,
# and markup in an image's history must come out escaped.
# usage: scripts/test-history-html.sh [path/to/cachectl]   (OUT=dir keeps page.html and page.png)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-${BIN:-${SCRATCH:-.build}/debug/cachectl}}
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "test-history-html: chromium is missing (scripts/setup.sh installs it)"; exit 1; }
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
args=(history oci:fixtures/v025/images --tags 'hist-*' --dockerfile fixtures/make/v025/projects/hist/Dockerfile)
"$BIN" "${args[@]}" --format html > "$out/page.html"
"$BIN" "${args[@]}" --format json > "$out/page.json"
builds=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['builds']))" "$out/page.json")
fail=0
if grep -qiE '<script|https?://[^"]*\.(css|woff2?|ttf|js)|@import|<link ' "$out/page.html"; then
    echo "FAIL the page loads scripts, fonts or styles"; fail=1
fi
profile=$(mktemp -d)
chrome() { timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null; }
chrome --screenshot="$out/page.png" --window-size=1280,2000 "file://$out/page.html" >/dev/null || true
chrome --dump-dom "file://$out/page.html" > "$out/dom.html" || true
rm -rf "$profile"
if [ ! -s "$out/page.png" ]; then echo "FAIL no screenshot"; fail=1
elif ! python3 scripts/lib/png_check.py "$out/page.png"; then echo "FAIL the screenshot is blank"; fail=1; fi
entries=$(grep -o '<section class="card build"' "$out/dom.html" | wc -l)
patterns=$(grep -o 'data-pattern="' "$out/dom.html" | wc -l)
if [ "$entries" -ne "$builds" ] || [ "$builds" -lt 2 ]; then echo "FAIL the DOM holds $entries build entries for $builds builds"; fail=1; fi
if [ "$patterns" -lt 1 ]; then echo "FAIL no pattern in the DOM"; fail=1; fi
# Image text is escaped: a copy of a fixture whose last history entry carries markup.
python3 - "$out/hostile" <<'PY'
import hashlib, json, os, sys
src, dst = "fixtures/images", sys.argv[1]
os.makedirs(dst + "/blobs/sha256", exist_ok=True)
open(dst + "/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
idx = json.load(open(src + "/index.json"))
entries = []
def blob(d): return open(src + "/blobs/sha256/" + d.split(":")[1], "rb").read()
def put(data):
    d = "sha256:" + hashlib.sha256(data).hexdigest()
    open(dst + "/blobs/sha256/" + d.split(":")[1], "wb").write(data)
    return d
for m in idx["manifests"]:
    name = m["annotations"]["org.opencontainers.image.ref.name"]
    if name not in ("v013-multistage-old", "v013-multistage-src2"):
        continue
    man = json.loads(blob(m["digest"]))
    cfg = json.loads(blob(man["config"]["digest"]))
    if name.endswith("src2"):
        last = [h for h in cfg["history"] if not h.get("empty_layer")][-1]
        last["created_by"] = 'RUN <img src=x onerror=alert(1)> & "quotes" </td></table>'
    cdata = json.dumps(cfg).encode()
    man["config"]["digest"], man["config"]["size"] = put(cdata), len(cdata)
    mdata = json.dumps(man).encode()
    entries.append({"mediaType": m["mediaType"], "digest": put(mdata), "size": len(mdata),
                    "annotations": {"org.opencontainers.image.ref.name": "x-" + name}})
json.dump({"schemaVersion": 2, "manifests": entries}, open(dst + "/index.json", "w"))
PY
"$BIN" history "oci:$out/hostile" --format html > "$out/hostile.html"
if grep -q '<img src=x' "$out/hostile.html" || ! grep -q '&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;' "$out/hostile.html"; then
    echo "FAIL image text is not escaped for HTML"; fail=1
fi
[ $fail -eq 0 ] || { echo "test-history-html: FAILED (files in $out)"; exit 1; }
echo "test-history-html: $entries build entries and $patterns pattern(s) rendered by $(basename "$CHROMIUM"), screenshot not blank, image text escaped"
[ -n "${OUT:-}" ] || rm -rf "$out"
