#!/usr/bin/env bash
# Runs every test. First it installs what is missing (scripts/setup.sh) and builds everything the
# stages use: the debug build with its tests and generate-manual, the release binary, the fuzz
# targets. Then the stages, which only run those builds: the source format (swift-format lint with
# .swift-format, 140 columns), unit and fixture tests (swift test),
# the man-page drift check, the end-to-end runs against real docker-registry
# servers and in headless Chromium, the advise snippet checks, the hostile-input corpus and the
# JSON schema checks (release binary), the installed layout, and a short fuzzing smoke pass.
# A stage whose build failed fails without running. Exit status 0 only if every build and stage passed.
set -uo pipefail
cd "$(dirname "$0")/.."
export SCRATCH=${SCRATCH:-.build}
BIN=$SCRATCH/debug/cachectl
RELEASE=$SCRATCH/release/cachectl
export BIN

bash scripts/setup.sh || { echo "setup failed"; exit 1; }

results=()
failed=0
built=" "
stage() { # stage [--needs BUILD] NAME COMMAND...
    local needs=
    if [ "$1" = --needs ]; then needs=$2; shift 2; fi
    local name=$1; shift
    echo
    echo "=== $name"
    if [ -n "$needs" ] && [[ $built != *" $needs "* ]]; then
        echo "not run: the $needs build failed"
        results+=("FAIL  $name (not run: the $needs build failed)")
        failed=1
        return 1
    fi
    local start=$SECONDS
    if "$@"; then
        results+=("PASS  $name ($((SECONDS - start)) s)")
    else
        results+=("FAIL  $name ($((SECONDS - start)) s)")
        failed=1
        return 1
    fi
}
build() { # build NAME COMMAND...: a build stage; the stages that need NAME run only if it passed
    local name=$1; shift
    stage "build: $name" "$@" && built+="$name "
}
swift_build() { # swift build, printing errors and the outcome only; its exit status
    swift build --scratch-path "$SCRATCH" "$@" 2>&1 | grep -E "error|Build complete|Build of product .* complete"
    return "${PIPESTATUS[0]}"
}
# The installed layout, with the release binary (install.sh alone builds a static one): the binary
# runs, `man -l` renders the page, and each completion script loads in its shell (zsh and fish
# when installed; scripts/setup.sh installs them).
install_check() {
    local prefix fail=0
    prefix=$(mktemp -d)
    BIN=$RELEASE bash scripts/install.sh "$prefix" >/dev/null || { rm -rf "$prefix"; return 1; }
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
    rm -rf "$prefix"
    return $fail
}

build debug swift_build --build-tests
build generate-manual swift_build --product generate-manual
build release swift_build -c release --product cachectl
build fuzz bash -c 'bash fuzz/build.sh 2>&1 | grep -v "warning: Cannot export local symbol"; exit "${PIPESTATUS[0]}"'
export PREBUILT=1  # scripts/gen-man.sh: use the builds above

stage "format (.swift-format: swift-format lint --strict)" swift-format lint --strict --recursive Sources Tests fuzz
stage --needs debug "swift test" swift test --skip-build --scratch-path "$SCRATCH"
stage --needs generate-manual "man page up to date" bash scripts/gen-man.sh --check
stage --needs debug "e2e: fixtures through docker-registry" bash scripts/e2e-fixtures.sh
stage --needs debug "e2e: history of fixture series through docker-registry" bash scripts/e2e-history.sh
stage --needs debug "history page in headless Chromium" bash scripts/e2e-history-html.sh "$BIN"
stage --needs debug "e2e: registry access (auth, TLS, faults, soak)" env CACHECTL="$PWD/$BIN" bash scripts/e2e-registry.sh
stage --needs debug "advise snippets parse" python3 scripts/check_advise_snippets.py "$BIN"
# Time bounds on hostile input are a property of the shipped (release) binary.
stage --needs release "hostile input corpus (release build)" bash scripts/hostile.sh "$RELEASE"
stage --needs release "JSON output matches schemas/" python3 scripts/check_schemas.py "$RELEASE"
stage --needs release "install into a temporary prefix (man page, completions)" install_check
stage --needs fuzz "fuzz smoke" bash scripts/fuzz.sh --smoke

echo
echo "=== summary"
printf '%s\n' "${results[@]}"
exit $failed
