#!/usr/bin/env bash
# Builds the libFuzzer targets of cachectl into .build-fuzz/bin/.
#   fuzz/build.sh            all targets
#   fuzz/build.sh match      one target
# CacheModel and CacheAnalysis are compiled once as static libraries (instrumented the same way),
# then each target links them. docker_config is compiled in one module with the credential
# sources of CacheRegistry, so their internal readers are reachable without @testable.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.build-fuzz
mkdir -p "$OUT/bin" "$OUT/lib"
FLAGS=(-use-ld=lld -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 5 -I Sources/CJansson -I "$OUT/lib")
TARGETS=(reference manifest config_inline cache_config auth_challenge docker_config match tar)
if [[ $# -gt 0 ]]; then TARGETS=("$@"); fi

stale() { # stale OUTPUT INPUT...: OUTPUT missing or older than an input
    local out=$1; shift
    [[ -e $out ]] || return 0
    local f; for f in "$@"; do [[ $f -nt $out ]] && return 0; done; return 1
}

lib() { # lib MODULE SOURCES...
    local mod=$1; shift
    if stale "$OUT/lib/lib$mod.a" "$@"; then
        echo "== lib$mod"
        swiftc "${FLAGS[@]}" -module-name "$mod" -emit-module -emit-module-path "$OUT/lib/$mod.swiftmodule" \
            -emit-library -static -o "$OUT/lib/lib$mod.a" "$@"
    fi
}

# Compile a snapshot of the sources, so that edits made meanwhile do not break the build.
SRC=$OUT/src
rm -rf "$SRC.new" && mkdir -p "$SRC.new" && cp -R Sources/CacheModel Sources/CacheAnalysis Sources/CacheRegistry "$SRC.new/"
# Keep the old snapshot's files (and their times) where nothing changed, so up-to-date libraries are not rebuilt.
if [[ -d $SRC ]]; then
    while IFS= read -r f; do cmp -s "$SRC.new/$f" "$SRC/$f" 2>/dev/null && cp -p "$SRC/$f" "$SRC.new/$f"; done < <(cd "$SRC.new" && find . -name '*.swift')
fi
rm -rf "$SRC" && mv "$SRC.new" "$SRC"
mapfile -t MODEL < <(find "$SRC/CacheModel" -name '*.swift' | sort)
mapfile -t ANALYSIS < <(find "$SRC/CacheAnalysis" -name '*.swift' | sort)
lib CacheModel "${MODEL[@]}"
lib CacheAnalysis "${ANALYSIS[@]}"

R=$SRC/CacheRegistry
CREDS=("$R/Credentials.swift" "$R/POSIXSupport.swift" "$R/RegistryOptions.swift" "$R/RegistryError.swift" "$R/RetryPolicy.swift")

for t in "${TARGETS[@]}"; do
    case $t in
        reference|manifest|tar) srcs=(fuzz/$t.swift); libs=(-lCacheModel) ;;
        config_inline|cache_config|match) srcs=(fuzz/common.swift fuzz/$t.swift); libs=(-lCacheAnalysis -lCacheModel) ;;
        auth_challenge) srcs=("$SRC/CacheRegistry/AuthChallenge.swift" fuzz/$t.swift); libs=() ;;
        docker_config) srcs=("${CREDS[@]}" fuzz/$t.swift); libs=(-lCacheModel) ;;
        *) echo "unknown target $t" >&2; exit 64 ;;
    esac
    if stale "$OUT/bin/fuzz-$t" "${srcs[@]}" "$OUT/lib/libCacheModel.a" "$OUT/lib/libCacheAnalysis.a"; then
        echo "== fuzz-$t"
        swiftc "${FLAGS[@]}" -module-name "Fuzz_$t" -o "$OUT/bin/fuzz-$t" "${srcs[@]}" -L "$OUT/lib" "${libs[@]}" -ljansson
    fi
done
