#!/usr/bin/env bash
# Benchmark (rerunnable, not a test): decode and diff synthetic inline caches of growing
# size, release build. Each step of the synthetic chain offers two alternatives in its
# first input slot; the diff changes the upper half of the chain. Time should grow
# linearly with the record count (compare the per-record column). Then diamond graphs.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product cachectl-bench >/dev/null
B=.build/release/cachectl-bench
for op in decode diff diff-upstream; do
    for n in 12500 25000 50000 100000; do
        line=$("$B" "$op" "$n" 5)
        ms=$(sed -E 's/.*medianMs=([0-9.]+).*/\1/' <<<"$line")
        printf '%s  per-record=%s us\n' "$line" "$(python3 -c "print(round($ms*1000/$n, 2))")"
    done
done
# Diamond graphs (two alternatives per slot at every level): memoised matching keeps the
# diff linear in depth; an unmemoised walk would take 2^depth steps.
for depth in 5000 20000 80000; do
    "$B" diamond "$depth" 5
done
