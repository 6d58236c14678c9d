#!/usr/bin/env bash
# Benchmark (rerunnable, not a test): the cost of hashing a build context, i.e. of `cachectl plan`
# on a Dockerfile `FROM scratch` / `COPY . /` (no registry is needed), release build.
#   scripts/bench-context.sh [BEFORE]    BEFORE: another cachectl binary to time beside this build
# Environment: RUNS (rounds, default 7), CONTEXT_DIR (where the contexts are written and kept for
# the next run, default /tmp/cachectl-bench-context), SCRATCH (the build's scratch path, .build).
#
# The context (scripts/bench/make_context.py): 10,000 files, 200 MiB, deterministic: small sources
# in nested folders, MB-sized assets, a .git/ and a node_modules/. Two variants, hard links of the
# same files: `plain` (no .dockerignore: every file hashed) and `ignored` (a .dockerignore leaves
# out .git/ and node_modules/ and a few files, with a `!` exception). Plus `sparse-1g`: one 1 GiB
# file (sparse, read from memory), to show that memory stays bounded whatever the file sizes.
#
# Compared, side by side (scripts/bench/alternate.py: one warm-up each, then RUNS rounds running
# each command once in turn, so a change of load falls on all alike; medians):
#   cachectl      cachectl plan --format json -f DOCKERFILE CONTEXT
#   tar|sha256    tar -cf - -C CONTEXT . | sha256sum  (the ignored variant excludes .git and node_modules)
#   whycache      whycache.manifest.build_manifest(CONTEXT)  (PyPI whycache, in a venv under /tmp/wc)
# Warm runs: the page cache is not dropped (that needs root on an unshared machine), so every
# command reads from memory after the warm-up; this measures CPU cost, not disk speed.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build}
RUNS=${RUNS:-7}
CONTEXT_DIR=${CONTEXT_DIR:-/tmp/cachectl-bench-context}
BEFORE=${1:-}

swift build -c release --scratch-path "$SCRATCH" --product cachectl 2>&1 | grep -E "error|complete" >&2 || true
BIN=$SCRATCH/release/cachectl
[[ $BIN == /* ]] || BIN=$PWD/$BIN  # SCRATCH may be absolute
if [[ ! -x /tmp/wc/bin/python ]] || ! /tmp/wc/bin/python -c 'import whycache' 2>/dev/null; then
    python3 -m venv /tmp/wc && /tmp/wc/bin/pip install -q whycache
fi

# The contexts, rebuilt when the generator changed.
stamp=$(sha256sum scripts/bench/make_context.py | cut -c1-16)
if [[ $(cat "$CONTEXT_DIR/stamp" 2>/dev/null) != "$stamp" ]]; then
    echo "writing the contexts in $CONTEXT_DIR ..." >&2
    rm -rf "$CONTEXT_DIR" && mkdir -p "$CONTEXT_DIR"
    python3 scripts/bench/make_context.py "$CONTEXT_DIR/plain"
    cp -al "$CONTEXT_DIR/plain" "$CONTEXT_DIR/ignored"
    printf '.git\nnode_modules\n**/*.tmp\ndocs/section1\n!docs/section1/page001.md\n' > "$CONTEXT_DIR/ignored/.dockerignore"
    mkdir -p "$CONTEXT_DIR/sparse-1g" && truncate -s 1G "$CONTEXT_DIR/sparse-1g/big.bin"
    echo "$stamp" > "$CONTEXT_DIR/stamp"
fi
files=$(find "$CONTEXT_DIR/plain" -type f | wc -l)
mib=$(find "$CONTEXT_DIR/plain" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1048576}')
echo "context: $files files, $mib MiB ($CONTEXT_DIR/plain); cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"

W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
printf 'FROM scratch\nCOPY . /\n' > "$W/Dockerfile"
cat > "$W/cachectl.sh" <<EOF
#!/bin/sh
exec "\$1" plan --format json -f "$W/Dockerfile" "\$2" >/dev/null
EOF
cat > "$W/tar.sh" <<'EOF'
#!/bin/sh
# tar.sh CONTEXT [EXCLUDE...]
ctx=$1; shift
for e in "$@"; do set -- "$@" "--exclude=./$e"; shift; done
tar -cf - -C "$ctx" "$@" . | sha256sum >/dev/null
EOF
cat > "$W/whycache.sh" <<'EOF'
#!/bin/sh
exec /tmp/wc/bin/python -c 'import sys; from whycache.manifest import build_manifest; build_manifest(sys.argv[1])' "$1"
EOF
chmod +x "$W"/*.sh
# The keys must not depend on which binary computed them.
if [[ -n $BEFORE ]]; then
    for v in plain ignored; do
        cmp -s <("$BIN" plan --format json -f "$W/Dockerfile" "$CONTEXT_DIR/$v") <("$BEFORE" plan --format json -f "$W/Dockerfile" "$CONTEXT_DIR/$v") \
            || { echo "bench-context.sh: $BIN and $BEFORE disagree on $v" >&2; exit 1; }
    done
fi

# peak_rss CMD...: the peak resident set of one run, from /usr/bin/time -v (MiB).
peak_rss() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}'
}

printf '\n%-10s %-12s %9s %9s %9s %11s %11s\n' variant command "wall s" "cpu s" "RSS MiB" "/tar|sha" "/whycache"
for v in plain ignored sparse-1g; do
    ctx=$CONTEXT_DIR/$v
    excludes=()
    [[ $v == ignored ]] && excludes=(.git node_modules)
    cmds=("cachectl=$W/cachectl.sh $BIN $ctx" "tar|sha256=$W/tar.sh $ctx ${excludes[*]}")
    [[ -n $BEFORE ]] && cmds=("before=$W/cachectl.sh $BEFORE $ctx" "${cmds[@]}")
    [[ $v != sparse-1g ]] && cmds+=("whycache=$W/whycache.sh $ctx")
    python3 scripts/bench/alternate.py "$RUNS" "${cmds[@]}" > "$W/out"
    rss_cachectl=$(peak_rss "$BIN" plan --format json -f "$W/Dockerfile" "$ctx")
    rss_before=""
    [[ -n $BEFORE ]] && rss_before=$(peak_rss "$BEFORE" plan --format json -f "$W/Dockerfile" "$ctx")
    python3 - "$W/out" "$v" "$rss_cachectl" "$rss_before" <<'PY'
import sys
out, variant, rss_cachectl, rss_before = sys.argv[1:5]
rows = [l.split() for l in open(out) if l.strip()]
wall = {r[0]: float(r[1]) / 1000 for r in rows}
for name, w, cpu, rss in rows:
    # Peak RSS: /usr/bin/time -v for cachectl; for the others the largest of the timed runs
    # (a pipeline's: its largest process).
    rss = {"cachectl": rss_cachectl, "before": rss_before}.get(name) or "%.1f" % float(rss)
    ratio = lambda other: "%.2fx" % (wall[name] / wall[other]) if other in wall and other != name else "-"
    print("%-10s %-12s %9.3f %9.3f %9s %11s %11s" % (variant, name, wall[name], float(cpu) / 1000, rss,
                                                   ratio("tar|sha256"), ratio("whycache")))
PY
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); rounds: $RUNS (median), warm page cache"
