#!/usr/bin/env bash
# Builds the release binary (Swift runtime linked in statically, symbols stripped) and installs
#   PREFIX/bin/cachectl
#   PREFIX/share/man/man1/cachectl.1                       (man cachectl)
#   PREFIX/share/bash-completion/completions/cachectl      (bash-completion loads it on demand)
#   PREFIX/share/zsh/site-functions/_cachectl              (zsh: on $fpath)
#   PREFIX/share/fish/vendor_completions.d/cachectl.fish   (fish)
# usage: scripts/install.sh [PREFIX]   (default /usr/local; BIN=path installs that binary instead)
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${1:-/usr/local}
SCRATCH=${SCRATCH:-.build}
if [ -z "${BIN:-}" ]; then
    swift build -c release --scratch-path "$SCRATCH" --product cachectl --static-swift-stdlib \
        -Xlinker -s 2>&1 | grep -E "error|Build complete" || true
    BIN=$SCRATCH/release/cachectl
fi
test -x "$BIN" || { echo "install: no binary at $BIN" >&2; exit 1; }
install -d "$PREFIX/bin" "$PREFIX/share/man/man1" "$PREFIX/share/bash-completion/completions" \
    "$PREFIX/share/zsh/site-functions" "$PREFIX/share/fish/vendor_completions.d"
install -m 0755 "$BIN" "$PREFIX/bin/cachectl"
install -m 0644 man/cachectl.1 "$PREFIX/share/man/man1/cachectl.1"
"$PREFIX/bin/cachectl" --generate-completion-script bash > "$PREFIX/share/bash-completion/completions/cachectl"
"$PREFIX/bin/cachectl" --generate-completion-script zsh > "$PREFIX/share/zsh/site-functions/_cachectl"
"$PREFIX/bin/cachectl" --generate-completion-script fish > "$PREFIX/share/fish/vendor_completions.d/cachectl.fish"
echo "installed cachectl $("$PREFIX/bin/cachectl" --version) into $PREFIX"
