#!/usr/bin/env bash
# Regenerates man/cachectl.1 from the command definitions (swift-argument-parser's
# generate-manual). With --check, regenerates into a temporary folder and fails when
# man/cachectl.1 is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build}
if [ -z "${PREBUILT:-}" ]; then  # PREBUILT=1: scripts/test.sh built both already
    swift build --scratch-path "$SCRATCH" --product cachectl >/dev/null
    swift build --scratch-path "$SCRATCH" --product generate-manual >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$SCRATCH/debug/generate-manual" "$SCRATCH/debug/cachectl" --date 2026-11-29 --section 1 -o "$out" >/dev/null
if [ "${1:-}" = "--check" ]; then
    if ! diff -u man/cachectl.1 "$out/cachectl.1"; then
        echo "man/cachectl.1 is out of date: run scripts/gen-man.sh and commit the result" >&2
        exit 1
    fi
    echo "man page: up to date"
else
    mkdir -p man
    cp "$out/cachectl.1" man/cachectl.1
    echo "wrote man/cachectl.1"
fi
