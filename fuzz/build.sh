#!/usr/bin/env bash
# Builds the libFuzzer targets of cachectl into .build-fuzz/bin/.
#   fuzz/build.sh            every target: each fuzz/*.swift but common.swift
#   fuzz/build.sh match      one target
#   fuzz/build.sh --list     print the target names
# The modules of Sources/ that the targets import (CacheModel, CacheAnalysis, CacheContext: they
# need nothing but Foundation, Dispatch, libc, the C libraries and each other) are compiled once as static libraries,
# instrumented the same way, from every .swift file under their folders; each target links them.
# A target that uses CacheRegistry's internal types (auth_challenge, docker_config) is compiled in
# one module with the CacheRegistry files that declare them, found by name: the files of
# Sources/CacheRegistry that declare or extend a type the target names, and so on for what those
# files name, among the files that need no HTTP stack (none of their imports is outside
# Foundation, libc, CacheModel and the C libraries), plus one file with those files' imports (a
# module's imports reach all its files). A target importing another module, or
# needing a type that only a file with the HTTP stack declares, stops the build with the name
# and the file before the compiler runs.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.build-fuzz
mkdir -p "$OUT/bin" "$OUT/lib"
# The C libraries are the system-library modules of Sources/ (a folder with a module.modulemap):
# each is on the include path, and the library its map links is linked into every target.
mapfile -t CMODULES < <(for d in Sources/*/; do [[ -f $d/module.modulemap ]] && basename "$d"; done)
CLINK=()
for m in "${CMODULES[@]}"; do
    while read -r l; do CLINK+=("-l$l"); done < <(sed -nE 's/^[[:space:]]*link "([^"]+)".*/\1/p' "Sources/$m/module.modulemap")
done
FLAGS=(-use-ld=lld -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 5 -I "$OUT/lib")
for m in "${CMODULES[@]}"; do FLAGS+=(-I "Sources/$m"); done
mapfile -t ALL < <(find fuzz -maxdepth 1 -name '*.swift' ! -name common.swift -printf '%f\n' | sed 's/\.swift$//' | sort)
if [[ ${1:-} == --list ]]; then printf '%s\n' "${ALL[@]}"; exit 0; fi
TARGETS=("${ALL[@]}")
if [[ $# -gt 0 ]]; then TARGETS=("$@"); fi

stale() { # stale OUTPUT INPUT...: OUTPUT missing or older than an input
    local out=$1; shift
    [[ -e $out ]] || return 0
    local f; for f in "$@"; do [[ $f -nt $out ]] && return 0; done; return 1
}

lib() { # lib MODULE SOURCES...
    local mod=$1; shift
    [[ $# -gt 0 ]] || { echo "fuzz/build.sh: no sources for $mod" >&2; exit 2; }
    if stale "$OUT/lib/lib$mod.a" "$@"; then
        echo "== lib$mod"
        rm -f "$OUT/lib/lib$mod.a"  # an archive is appended to: objects of renamed files would stay
        swiftc "${FLAGS[@]}" -module-name "$mod" -emit-module -emit-module-path "$OUT/lib/$mod.swiftmodule" \
            -emit-library -static -o "$OUT/lib/lib$mod.a" "$@"
    fi
}

# Compile a snapshot of the sources, so that edits made meanwhile do not break the build.
SRC=$OUT/src
rm -rf "$SRC.new" && mkdir -p "$SRC.new" && cp -R Sources/. "$SRC.new/"
# Keep the old snapshot's files (and their times) where nothing changed, so up-to-date libraries are not rebuilt.
if [[ -d $SRC ]]; then
    while IFS= read -r f; do cmp -s "$SRC.new/$f" "$SRC/$f" 2>/dev/null && cp -p "$SRC/$f" "$SRC.new/$f"; done < <(cd "$SRC.new" && find . -name '*.swift')
fi
rm -rf "$SRC" && mv "$SRC.new" "$SRC"
# The pure modules the targets import (CacheModel, CacheAnalysis…: modules of Sources/ that need
# nothing but Foundation, libc, the C libraries and each other), in dependency order.
mapfile -t PURE_MODULES < <(CMODULES="${CMODULES[*]}" python3 - "$SRC" fuzz/*.swift <<'PY'
import os, re, sys
root, targets = sys.argv[1], sys.argv[2:]
base = {"Foundation", "Dispatch", "Glibc", "Musl", "Darwin"} | set(os.environ["CMODULES"].split())
imports = re.compile(r"^\s*(?:@\w+\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?(\w+)", re.M)
deps = {}
for m in sorted(os.listdir(root)):
    files = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, m)) for f in fs if f.endswith(".swift")]
    if files and not any(os.path.basename(f) == "main.swift" for f in files):
        deps[m] = {i for f in files for i in imports.findall(open(f).read())} - base - {m}
order = []
while True:
    ready = [m for m in sorted(deps) if m not in order and deps[m] <= set(order)]
    if not ready:
        break
    order += ready
# Only those the fuzz targets import, and what those import.
needed = {i for f in targets for i in imports.findall(open(f).read())} & set(order)
while True:
    more = {d for m in needed for d in deps[m]} - needed
    if not more:
        break
    needed |= more
missing = {i for f in targets for i in imports.findall(open(f).read())} - base - set(order) - {"CacheRegistry"}
if missing:
    sys.exit("fuzz/build.sh: the targets import %s, which is not a module of Sources/ that needs only Foundation, "
             "libc and the C libraries" % ", ".join(sorted(missing)))
print("\n".join(m for m in order if m in needed))
PY
)
[[ ${#PURE_MODULES[@]} -gt 0 && -n ${PURE_MODULES[0]} ]] || { echo "fuzz/build.sh: no module of Sources/ to fuzz was found" >&2; exit 2; }
LIBS=() LIBFILES=()
for m in "${PURE_MODULES[@]}"; do
    mapfile -t files < <(find "$SRC/$m" -name '*.swift' | sort)
    lib "$m" "${files[@]}"
    LIBS=("-l$m" "${LIBS[@]}")  # dependents first, for the linker
    LIBFILES+=("$OUT/lib/lib$m.a")
done

# registry_sources TARGET_FILE: the CacheRegistry files TARGET_FILE needs, one a line (none: it
# uses no CacheRegistry type). Exit 2 with the reason when one it needs imports the HTTP stack.
registry_sources() {
    CMODULES="${CMODULES[*]}" python3 - "$SRC/CacheRegistry" "$1" <<'PY'
import os, re, sys
folder, target = sys.argv[1], sys.argv[2]
PURE = {"Foundation", "Glibc", "Musl", "Darwin", "CacheModel"} | set(os.environ["CMODULES"].split())
def code(path):  # the text without comments and string contents, so only code names a type
    s = open(path).read()
    s = re.sub(r"/\*.*?\*/", " ", s, flags=re.S)
    s = re.sub(r"//[^\n]*", " ", s)
    return re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', s)
imports = re.compile(r"^\s*(?:@\w+\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?(\w+)", re.M)
mods = r"(?:(?:public|package|internal|fileprivate|private|final|nonisolated|@\w+(?:\([^)]*\))?)\s+)*"
declares = re.compile(r"^" + mods + r"(?:struct|class|enum|protocol|actor|typealias|func)\s+(\w+)", re.M)
extends = re.compile(r"^" + mods + r"extension\s+(\w+)", re.M)
files = {f: code(os.path.join(folder, f)) for f in sorted(os.listdir(folder)) if f.endswith(".swift")}
declared, extended = {}, {}  # type name -> files declaring it, files extending it
for f, t in files.items():
    for n in declares.findall(t):
        declared.setdefault(n, set()).add(f)
    for n in extends.findall(t):
        extended.setdefault(n, set()).add(f)
def names(text):
    return [n for n in declared if re.search(r"\b%s\b" % n, text)]
# impure[f]: why f cannot be compiled without the HTTP stack (it imports it, or names a type
# that only such files declare); empty for the files that can.
impure = {f: ", ".join(sorted(set(imports.findall(t)) - PURE)) for f, t in files.items()}
impure = {f: ("imports " + why if why else "") for f, why in impure.items()}
changed = True
while changed:
    changed = False
    for f, t in files.items():
        if impure[f]:
            continue
        for n in names(t):
            if all(impure[g] for g in declared[n]):
                impure[f] = "names %s (%s)" % (n, sorted(declared[n])[0]); changed = True; break
def close(chosen, todo):  # add what the texts in todo name, and what those files name
    while todo:
        text = todo.pop()
        for name in names(text):
            fs = declared[name]
            pure = {f for f in fs if not impure[f]}
            if not pure:
                f = sorted(fs)[0]
                sys.exit(f"fuzz/build.sh: {os.path.basename(target)} needs {name}, declared in Sources/CacheRegistry/{f}, "
                         f"which {impure[f]}: fuzzing needs {name} in a file that does not need the HTTP stack")
            for f in pure | {f for f in extended.get(name, ()) if not impure[f]}:
                if f not in chosen:
                    chosen.add(f); todo.append(files[f])
chosen = set()
close(chosen, [code(target)])
if chosen:
    # Extensions of types from outside the module (String, StringProtocol…) are helpers any file may use.
    helpers = {f for n, fs in extended.items() if n not in declared for f in fs if not impure[f]} - chosen
    chosen |= helpers
    close(chosen, [files[f] for f in helpers])
if chosen:
    # A module's imports make members visible in all its files (Redaction.swift calls
    # Foundation's range(of:) with no import of its own): one file brings the module's imports.
    mods = sorted({m for f, t in files.items() if not impure[f] for m in imports.findall(t)})
    path, text = os.path.join(os.path.dirname(os.path.dirname(folder)), "CacheRegistry-imports.swift"), "".join(
        "#if canImport(%s)\nimport %s\n#endif\n" % (m, m) for m in mods)
    if not os.path.exists(path) or open(path).read() != text:  # unchanged: its time stays, no rebuild
        with open(path, "w") as out:
            out.write(text)
    print(path)
for f in sorted(chosen):
    print(os.path.join(folder, f))
PY
}

# shared_sources TARGET_FILE: fuzz/common.swift when the target names a type it declares.
shared_sources() {
    local n
    for n in $(grep -oE '^(enum|struct|class|func) [A-Za-z_]+' fuzz/common.swift | awk '{print $2}'); do
        if grep -qw "$n" "$1"; then echo fuzz/common.swift; return; fi
    done
}

for t in "${TARGETS[@]}"; do
    [[ -f fuzz/$t.swift ]] || { echo "fuzz/build.sh: unknown target $t (targets: ${ALL[*]})" >&2; exit 64; }
    for m in $(sed -nE 's/^import ([A-Za-z]+).*/\1/p' "fuzz/$t.swift"); do
        case " Glibc Musl Darwin Foundation Dispatch ${PURE_MODULES[*]} " in *" $m "*) ;; *)
            echo "fuzz/build.sh: fuzz/$t.swift imports $m, which is not a module of Sources/ that needs only Foundation, libc and the C libraries" >&2
            exit 2 ;;
        esac
    done
    registry=$(registry_sources "fuzz/$t.swift") || exit 2
    mapfile -t srcs < <({ shared_sources "fuzz/$t.swift"; [[ -z $registry ]] || printf '%s\n' "$registry"; echo "fuzz/$t.swift"; })
    if stale "$OUT/bin/fuzz-$t" "${srcs[@]}" "${LIBFILES[@]}"; then
        echo "== fuzz-$t (${#srcs[@]} files)"
        swiftc "${FLAGS[@]}" -module-name "Fuzz_$t" -o "$OUT/bin/fuzz-$t" "${srcs[@]}" -L "$OUT/lib" \
            "${LIBS[@]}" "${CLINK[@]}" \
            || { echo "fuzz/build.sh: fuzz-$t did not build from: ${srcs[*]}" >&2; exit 2; }
    fi
done
