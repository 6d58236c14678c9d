#!/usr/bin/env bash
# The CLI's documented contract: exit codes, one-line errors, no colour when piped.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-${BIN:-.build/debug/cachectl}}
F=oci:fixtures/images
fail=0; n=0
check() { # expected-rc needle -- command...
    local want=$1 needle=$2; shift 3
    local out rc
    out=$("$BIN" "$@" 2>&1); rc=$?
    n=$((n+1))
    if [ "$rc" != "$want" ]; then echo "FAIL ($*): exit $rc, expected $want: $out"; fail=1; return; fi
    if [ -n "$needle" ] && ! grep -qF -- "$needle" <<<"$out"; then echo "FAIL ($*): output lacks '$needle': $out"; fail=1; return; fi
    if printf '%s' "$out" | grep -q $'\x1b'; then echo "FAIL ($*): escape sequence in piped output"; fail=1; fi
}
check 0 "cachectl" -- --help
check 0 "" -- --version
check 64 "lowercase" -- inspect UPPER
check 64 "invalid platform" -- inspect "$F:v013-single" --platform linux
check 64 "" -- inspect "$F:v013-single" --format sarif
check 64 "" -- inspect
check 64 "--password-stdin" -- inspect "$F:v013-single" --username u
check 2 "not an OCI image layout" -- inspect oci:/nonexistent/layout
check 2 "no image tagged" -- inspect "$F:no-such-tag"
check 2 "has no linux/s390x image" -- inspect "$F:v013-multiarch" --platform linux/s390x
check 0 "inline, " -- inspect "$F:v013-multistage-old"
check 0 "\"schemaVersion\": 1" -- inspect "$F:v013-multistage-old" --format json
check 0 "digraph cache" -- inspect "$F:v013-multistage-old" --format dot
check 0 "mode=max" -- inspect "$F:v013-cache-max-im"
check 0 "upstream-changed" -- diff "$F:v013-multistage-old" "$F:v013-multistage-src2"
check 1 "upstream-changed" -- diff "$F:v013-multistage-old" "$F:v013-multistage-src2" --fail-on-miss
check 0 "| # | Status |" -- diff "$F:v013-multistage-old" "$F:v013-multistage-src2" --format markdown
check 0 "All 5 built layers" -- diff "$F:v013-multistage-old" "$F:v013-multistage-same" --fail-on-miss
check 2 "carries no inline cache" -- diff "$F:v013-multistage-old" "$F:v013-noinline"
check 0 "no-cache" -- diff "$F:v013-noinline" "$F:v013-multistage-old"
check 0 "Stages" -- diff "$F:v013-multistage-old" "$F:v013-cache-max-im"
check 1 "run " -- diff "$F:v013-multistage-old" "$F:v013-multistage-src2" --fail-on-run
check 0 "No step of the other stages runs" -- diff "$F:v013-multistage-old" "$F:v013-multistage-same" --fail-on-run
check 0 "[builder 1/3] COPY src /src" -- diff "$F:v013-multistage-old" "$F:v013-noinline" "$F:v013-multistage-src2" --dockerfile fixtures/make/projects/multistage-src2/Dockerfile
check 64 "--target needs --dockerfile" -- diff "$F:v013-multistage-old" "$F:v013-multistage-src2" --target final
check 64 "at least two references" -- diff "$F:v013-multistage-old"
check 1 "::warning file=fixtures/make/projects/multistage/Dockerfile,line=" -- lint "$F:v013-multistage-old" --format github \
    --dockerfile fixtures/make/projects/multistage/Dockerfile --fail-on warning
check 0 "title=cachectl early-build-arg::" -- lint "$F:v013-multistage-old" --format github
check 64 "" -- diff "$F:v013-multistage-old" "$F:v013-multistage-src2" --format github
check 0 "every-second-build" -- history oci:fixtures/images --tags 'v08-multistage-*' --tags v08-holes-new
check 0 "\"schemaVersion\": 1" -- history oci:fixtures/images --tags 'v013-*' --format json
check 0 "<!DOCTYPE html>" -- history oci:fixtures/images --last 3 --format html
check 0 "#### Patterns" -- history oci:fixtures/images --last 3 --format markdown
check 0 "no tag matches" -- history oci:fixtures/images --tags 'nothing-*'
check 64 "--last must be between" -- history oci:fixtures/images --last 0
check 64 "--jobs must be between" -- history oci:fixtures/images --jobs 0
check 64 "without a tag" -- history 127.0.0.1:5000/team/app:v1
check 64 "without a tag" -- history oci:fixtures/images:v013-single
check 64 "" -- history oci:fixtures/images --format sarif
check 2 "not an OCI image layout" -- history oci:/nonexistent/layout
# Errors are one line.
out=$("$BIN" inspect oci:/nonexistent 2>&1 >/dev/null); n=$((n+1))
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || { echo "FAIL: error is not one line: $out"; fail=1; }
# Usage errors: exit 64 and the first line is one `cachectl: error: …` line (a usage hint may follow).
usage_first_line() { # description -- command...
    local what=$1; shift 2
    local err rc
    err=$("$BIN" "$@" 2>&1 >/dev/null); rc=$?; n=$((n+1))
    if [ "$rc" != 64 ]; then echo "FAIL ($what): exit $rc, expected 64: $err"; fail=1; return; fi
    case "$(printf '%s\n' "$err" | head -1)" in
        "cachectl: error: "?*) ;;
        *) echo "FAIL ($what): first line is not 'cachectl: error: …': $(printf '%s\n' "$err" | head -1)"; fail=1 ;;
    esac
}
usage_first_line "unknown flag" -- inspect "$F:v013-single" --no-such-flag
usage_first_line "bad --format" -- inspect "$F:v013-single" --format yaml
usage_first_line "--platform garbage" -- inspect "$F:v013-single" --platform garbage
usage_first_line "--timeout nan" -- inspect "$F:v013-single" --timeout nan
usage_first_line "--timeout inf" -- inspect "$F:v013-single" --timeout inf
usage_first_line "unknown subcommand" -- frobnicate
usage_first_line "missing argument" -- diff "$F:v013-single"
# Output write failures: exit 2 with one message (a reader that goes away: scripts/hostile.sh).
write_fails() { # description, redirection
    local what=$1 err rc
    case $2 in
        closed) err=$("$BIN" inspect "$F:v013-multistage-old" 2>&1 >&-); rc=$? ;;
        full) err=$("$BIN" inspect "$F:v013-multistage-old" --format json 2>&1 >/dev/full); rc=$? ;;
    esac
    n=$((n+1))
    if [ "$rc" != 2 ]; then echo "FAIL (stdout $what): exit $rc, expected 2"; fail=1; return; fi
    if [ "$(printf '%s\n' "$err" | wc -l)" != 1 ] || [[ $err != "cachectl: error: cannot write the output"* ]]; then
        echo "FAIL (stdout $what): expected one 'cachectl: error: cannot write the output…' line: $err"; fail=1
    fi
}
write_fails closed closed
write_fails full full
if [ $fail -ne 0 ]; then echo "cli-contract: FAILED"; exit 1; fi
echo "cli-contract: $n checks passed"
