#!/usr/bin/env bash
# Installs what cachectl needs to build and test on Debian (run as root or with sudo),
# then builds it. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -f /usr/include/jansson.h ] || need+=(libjansson-dev)
[ -f /usr/include/zlib.h ] || need+=(zlib1g-dev)
[ -f /usr/include/zstd.h ] || need+=(libzstd-dev)
[ -f /usr/include/openssl/sha.h ] || need+=(libssl-dev)
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v htpasswd >/dev/null || need+=(apache2-utils)
command -v openssl >/dev/null || need+=(openssl)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v python3 >/dev/null || need+=(python3)
# The history page's browser test (scripts/e2e-history-html.sh).
command -v chromium >/dev/null || need+=(chromium)
command -v man >/dev/null || need+=(man-db)
# Shells whose completion scripts scripts/check-install.sh loads.
command -v zsh >/dev/null || need+=(zsh)
command -v fish >/dev/null || need+=(fish)
if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The registry service the Debian package may start is not used (tests start their own).
if ! python3 -c 'import yaml' 2>/dev/null; then
    echo "setup: installing PyYAML (advise snippet checks)"
    python3 -m pip install -q pyyaml 2>/dev/null || apt-get install -y -qq python3-yaml >/dev/null || true
fi
if ! python3 -c 'import jsonschema' 2>/dev/null; then
    echo "setup: installing jsonschema (JSON output schema checks)"
    python3 -m pip install -q jsonschema 2>/dev/null || python3 -m pip install -q --break-system-packages jsonschema 2>/dev/null \
        || apt-get install -y -qq python3-jsonschema >/dev/null || true
fi
echo "setup: building cachectl"
swift build ${SCRATCH:+--scratch-path "$SCRATCH"} 2>&1 | grep -E "error|warning: unre|Build complete|Compiling cachectl" || true
test -x "${SCRATCH:-.build}/debug/cachectl"
