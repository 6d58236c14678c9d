#!/usr/bin/env bash
# Installs into a temporary prefix (scripts/install.sh) and checks what was installed:
# the binary runs, `man -l` renders the page, and each completion script loads in its shell
# (zsh and fish only when installed; scripts/setup.sh installs them).
# usage: scripts/check-install.sh [BINARY]   (default: build the release binary as install.sh does)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
BIN=${1:-} bash scripts/install.sh "$prefix" >/dev/null
fail=0
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then echo "ok    $what"; else echo "FAIL  $what"; fail=1; fi; }
check "binary runs" "$prefix/bin/cachectl" --version
check "man -l renders" bash -c "MANWIDTH=80 man -l '$prefix/share/man/man1/cachectl.1' | grep -q inspect"
check "bash completion loads" bash -c "source '$prefix/share/bash-completion/completions/cachectl' && complete -p cachectl"
if command -v zsh >/dev/null; then
    check "zsh completion loads" zsh -c "fpath=('$prefix/share/zsh/site-functions' \$fpath); autoload -Uz compinit && compinit -u -D && autoload -Uz +X _cachectl"
else
    echo "skip  zsh completion (zsh not installed)"
fi
if command -v fish >/dev/null; then
    check "fish completion loads" fish -c "source '$prefix/share/fish/vendor_completions.d/cachectl.fish'; and complete -c cachectl | string match -q '*inspect*'"
else
    echo "skip  fish completion (fish not installed)"
fi
exit $fail
