#!/usr/bin/env bash
# Checks the syntax of `cachectl advise` snippets: runs the built binary on a real fixture and
# hands its JSON to check_advise_snippets.py (YAML via PyYAML, bake HCL shape, --cache-to/--cache-from keys).
# Usage: scripts/check-advise-snippets.sh [path/to/cachectl]   (default .build/debug/cachectl)
# Needs python3 with PyYAML (CI: pip install pyyaml).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/debug/cachectl}"
[ -x "$bin" ] || { echo "check-advise-snippets: no executable at $bin (build first, or pass its path)" >&2; exit 2; }
status=0
for ref in v013-multistage-old v013-single v013-multiarch; do
    for extra in "" "--cache-ref ghcr.io/acme/cache:app"; do
        # shellcheck disable=SC2086
        json="$("$bin" advise "oci:fixtures/images:$ref" --format json $extra)"
        if ! printf '%s' "$json" | python3 scripts/check_advise_snippets.py "$ref $extra"; then status=1; fi
    done
done
exit $status
