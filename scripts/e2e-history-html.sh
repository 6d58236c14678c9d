#!/usr/bin/env bash
# The history page in a real browser: headless Chromium renders `cachectl history --format html`
# of the fixture builds; the screenshot must not be blank, the DOM must hold one entry per build,
# and markup in an image's history must come out escaped.
# usage: scripts/e2e-history-html.sh [path/to/cachectl]   (OUT=dir keeps page.html and page.png)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-${BIN:-${SCRATCH:-.build}/debug/cachectl}}
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "e2e-history-html: chromium is missing (scripts/setup.sh installs it)"; exit 1; }
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
# png_check FILE.png: the screenshot is not blank. A tiny PNG decoder (zlib only, no PIL) prints
# the size, the number of distinct colours and the share of pixels that differ from the most
# common (background) colour; fails when the page looks blank (under 16 colours or under 2%).
png_check() {
    python3 - "$1" <<'PY'
import struct, sys, zlib

data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width = 8, b"", 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
        assert depth == 8 and ctype in (2, 6) and interlace == 0, f"unsupported PNG (depth {depth}, type {ctype})"
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += chunk
    pos += 12 + length
raw = zlib.decompress(idat)
stride = width * bpp
prev = bytearray(stride)
counts = {}
i = 0
for _ in range(height):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
    for x in range(0, stride, bpp * 2):  # every second pixel is plenty
        key = bytes(line[x:x + 3])
        counts[key] = counts.get(key, 0) + 1
    prev = line
total = sum(counts.values())
background = max(counts.values())
ink = 1 - background / total
print(f"{width}x{height}, {len(counts)} distinct colours, {ink:.1%} non-background pixels")
sys.exit(0 if len(counts) >= 16 and ink >= 0.02 else 1)
PY
}
profile=$(mktemp -d)
chrome() { timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null; }
chrome --screenshot="$out/page.png" --window-size=1280,2000 "file://$out/page.html" >/dev/null || true
chrome --dump-dom "file://$out/page.html" > "$out/dom.html" || true
rm -rf "$profile"
if [ ! -s "$out/page.png" ]; then echo "FAIL no screenshot"; fail=1
elif ! png_check "$out/page.png"; then echo "FAIL the screenshot is blank"; fail=1; fi
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
[ $fail -eq 0 ] || { echo "e2e-history-html: FAILED (files in $out)"; exit 1; }
echo "e2e-history-html: $entries build entries and $patterns pattern(s) rendered by $(basename "$CHROMIUM"), screenshot not blank, image text escaped"
[ -n "${OUT:-}" ] || rm -rf "$out"
