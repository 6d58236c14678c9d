#!/usr/bin/env bash
# The history page in a real browser: headless Chromium renders `cachectl history --format html`
# of the fixture builds; the screenshot must not be blank and the DOM must hold one entry per build.
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
[ $fail -eq 0 ] || { echo "test-history-html: FAILED (files in $out)"; exit 1; }
echo "test-history-html: $entries build entries and $patterns pattern(s) rendered by $(basename "$CHROMIUM"), screenshot not blank"
[ -n "${OUT:-}" ] || rm -rf "$out"
