import CacheModel

/// For each record of a planned build, the record of an imported cache that stands for the same
/// step in the build the cache recorded: the record its key matches, else the one reached the same
/// way from the same inputs (an old record that links, in every slot whose analogue is known, to
/// that analogue with the same selector, and has as many slots). A step whose key is new — its
/// text, its files or an earlier step changed — thus finds what it was last time, and that
/// result's time says what running it again is likely to cost.
///
/// Where several old records qualify (a cache holding several builds, or stages that start alike),
/// one with the same digest wins, then the one with the latest result.
struct StepAnalogue {
    /// Per planned record: its analogue in `old`, if any.
    let analogue: [Int?]

    init(new: CacheGraph, old: CacheGraph, matcher: Matcher) {
        // Who links to each old record: (record, slot, selector).
        var linkers = [[(record: Int, slot: Int, selector: String)]](repeating: [], count: old.records.count)
        for (o, rec) in old.records.enumerated() {
            for (k, slot) in rec.inputs.enumerated() {
                for a in slot where a.link < linkers.count { linkers[a.link].append((o, k, a.selector)) }
            }
        }
        let end = { (o: Int) in Durations.end(old, o) ?? -.infinity }
        func best(_ candidates: [Int], digest: Digest) -> Int? {
            if let same = candidates.first(where: { old.records[$0].digest == digest }) { return same }
            return candidates.max { (end($0), -$0) < (end($1), -$1) }
        }
        var out = [Int?](repeating: nil, count: new.records.count)
        for r in new.topologicalOrder {
            let rec = new.records[r]
            let matched = matcher.matches[r]
            if !matched.isEmpty {
                out[r] = best(matched.filter(old.hasResult).isEmpty ? matched : matched.filter(old.hasResult), digest: rec.digest)
                continue
            }
            guard !rec.inputs.isEmpty else { continue }
            var candidates: Set<Int>?
            for (k, slot) in rec.inputs.enumerated() {
                var here = Set<Int>()
                var known = false
                for a in slot {
                    guard let o = out[a.link] else { continue }
                    known = true
                    for l in linkers[o]
                    where l.slot == k && l.selector == a.selector && old.records[l.record].inputs.count == rec.inputs.count {
                        here.insert(l.record)
                    }
                }
                guard known else { continue }
                candidates = candidates.map { $0.intersection(here) } ?? here
            }
            guard let c = candidates, !c.isEmpty else { continue }
            out[r] = best(c.sorted(), digest: rec.digest)
        }
        analogue = out
    }
}
