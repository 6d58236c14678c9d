#!/usr/bin/env bash
# Benchmark (rerunnable, not a test): the changed-files diff of two ~100 MiB synthetic gzip
# layers (release build), streamed as `diff` reads them and, for comparison, read whole first;
# against `tar -tvzf` of the same blobs (which only lists, without
# hashing content). Synthetic: 2,000 files of 50 KiB (half random, half text); NEW changes
# 10 files, chmods 5, adds 3 and removes 2.
#   scripts/bench-layers.sh [SCRATCH]    SCRATCH: the build's scratch path, default .build
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${1:-.build}
swift build -c release --scratch-path "$SCRATCH" --product cachectl-bench >/dev/null
B=$SCRATCH/release/cachectl-bench
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
python3 - "$OUT" <<'PY'
import gzip, io, os, random, sys, tarfile
out = sys.argv[1]
rnd = random.Random(14)
def content(i):
    if i % 2: return rnd.randbytes(50 * 1024)
    return (("line %d of file %d: the quick brown fox\n" % (0, i)) * 1300).encode()[:50 * 1024]
files = {"app/f%04d.bin" % i: content(i) for i in range(2000)}
def write(path, files, modes):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in sorted(files.items()):
            ti = tarfile.TarInfo(name); ti.size = len(data); ti.mode = modes.get(name, 0o644); ti.mtime = 0
            t.addfile(ti, io.BytesIO(data))
    with open(path, "wb") as f:
        f.write(gzip.compress(b.getvalue(), compresslevel=1, mtime=0))
write(out + "/old.tar.gz", files, {})
new = dict(files)
for i in range(10): new["app/f%04d.bin" % (i * 100)] = b"changed " + new["app/f%04d.bin" % (i * 100)]
for i in range(3): new["app/added%d" % i] = b"new"
for i in range(2): del new["app/f%04d.bin" % (1999 - i)]
write(out + "/new.tar.gz", new, {"app/f%04d.bin" % (i * 7 + 1): 0o755 for i in range(5)})
PY
ls -l "$OUT"/*.tar.gz | awk '{print $5, $9}'
# The blobs as a layout's blobs: streamed from there as `diff` streams them, and read whole for comparison.
mkdir -p "$OUT/layout/blobs/sha256"
for f in old new; do
    hex=$(sha256sum "$OUT/$f.tar.gz" | cut -d' ' -f1)
    cp "$OUT/$f.tar.gz" "$OUT/layout/blobs/sha256/$hex"
    eval "${f}_digest=sha256:$hex"
done
for i in 1 2 3; do
    "$B" layers "$OUT/layout" "$old_digest" "$new_digest"
    "$B" layers-whole "$OUT/layout" "$old_digest" "$new_digest"
done
start=$(date +%s%N)
tar -tvzf "$OUT/old.tar.gz" >/dev/null; tar -tvzf "$OUT/new.tar.gz" >/dev/null
ms=$(( ($(date +%s%N) - start) / 1000000 ))
uncompressed=$(( $(gzip -dc "$OUT/old.tar.gz" | wc -c) + $(gzip -dc "$OUT/new.tar.gz" | wc -c) ))
echo "tar -tvzf (both blobs): ms=$ms MiBps(uncompressed)=$(python3 -c "print(round($uncompressed/1048576/($ms/1000),2))")"
