#!/usr/bin/env bash
# Runs every test: unit and fixture tests (swift test), the man-page drift check, the
# end-to-end runs against real docker-registry servers, the advise snippet checks,
# the hostile-input corpus, the JSON schema checks and a short fuzzing smoke pass.
# Installs what is missing first (scripts/setup.sh). Exit status 0 only if all pass.
set -uo pipefail
cd "$(dirname "$0")/.."
export SCRATCH=${SCRATCH:-.build}
BIN=$SCRATCH/debug/cachectl
export BIN

bash scripts/setup.sh || { echo "setup failed"; exit 1; }

results=()
failed=0
stage() {
    local name=$1; shift
    echo
    echo "=== $name"
    local start=$SECONDS
    if "$@"; then
        results+=("PASS  $name ($((SECONDS - start)) s)")
    else
        results+=("FAIL  $name ($((SECONDS - start)) s)")
        failed=1
    fi
}

stage "swift test" swift test --scratch-path "$SCRATCH"
stage "man page up to date" bash scripts/gen-man.sh --check
stage "e2e: fixtures through docker-registry" bash scripts/e2e-fixtures.sh
stage "e2e: history of fixture series through docker-registry" bash scripts/e2e-history.sh
stage "history page in headless Chromium" bash scripts/test-history-html.sh "$BIN"
[ -f scripts/test-registry.sh ] && stage "e2e: registry access (auth, TLS, faults)" bash scripts/test-registry.sh
[ -f scripts/check-advise-snippets.sh ] && stage "advise snippets parse" bash scripts/check-advise-snippets.sh "$BIN"
# Time bounds on hostile input are a property of the shipped (release) binary.
hostile() {
    swift build -c release --scratch-path "$SCRATCH" --product cachectl 2>&1 | grep -E "error|Build complete" || true
    bash scripts/hostile.sh "$SCRATCH/release/cachectl"
}
[ -f scripts/hostile.sh ] && stage "hostile input corpus (release build)" hostile
stage "JSON output matches schemas/" python3 scripts/check-schemas.py "$SCRATCH/release/cachectl"
# The installed layout, with the release binary built above (install.sh alone builds a static one).
stage "install into a temporary prefix (man page, completions)" bash scripts/check-install.sh "$SCRATCH/release/cachectl"
[ -f scripts/fuzz.sh ] && stage "fuzz smoke" bash scripts/fuzz.sh --smoke

echo
echo "=== summary"
printf '%s\n' "${results[@]}"
exit $failed
