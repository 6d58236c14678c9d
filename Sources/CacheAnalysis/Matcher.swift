import CacheModel

/// Which records of a new build's key graph match records of an old cache, by BuildKit's rule:
/// equal digests, the same number of input slots, and for every slot some alternative of each
/// side with equal selectors linking to records that match in turn. Roots match on digest alone.
///
/// Records are visited in topological order, so each record is decided once from the already
/// decided records it links to: linear in the size of the graphs, whatever the alternatives.
public struct Matcher: Sendable {
    /// For each new record, the old records it matches (sorted).
    public let matches: [[Int]]

    /// Work bound: candidate comparisons allowed before the graphs are declared too complex.
    public static let defaultBudget = 10_000_000

    public enum MatchError: UserFacingError {
        case tooComplex(Int)
        public var exitCode: Int32 { 2 }
        public var description: String {
            switch self {
            case let .tooComplex(n): return "the cache graphs are too complex to compare (over \(n) comparisons); refusing to continue"
            }
        }
    }

    public init(new: CacheGraph, old: CacheGraph, budget: Int = Matcher.defaultBudget) throws(MatchError) {
        var sets = [Set<Int>](repeating: [], count: new.records.count)
        var work = 0
        for n in new.topologicalOrder {
            let rec = new.records[n]
            guard let candidates = old.byDigest[rec.digest] else { continue }
            var found = Set<Int>()
            for o in candidates {
                // Every candidate costs work, even one that fails at once or has no inputs
                // (thousands of records sharing one digest were unbounded before).
                work += 1
                if work > budget { throw .tooComplex(budget) }
                let orec = old.records[o]
                guard orec.inputs.count == rec.inputs.count else { continue }
                var all = true
                for (slotN, slotO) in zip(rec.inputs, orec.inputs) {
                    work += slotN.count * slotO.count + 1
                    if work > budget { throw .tooComplex(budget) }
                    let ok = slotN.contains { a in slotO.contains { b in a.selector == b.selector && sets[a.link].contains(b.link) } }
                    if !ok { all = false; break }
                }
                if all { found.insert(o) }
            }
            sets[n] = found
        }
        matches = sets.map { $0.sorted() }
    }

    public func matched(_ n: Int) -> Bool { !matches[n].isEmpty }

    /// Old records matching `n` that carry a result.
    public func matchesWithResult(_ n: Int, in old: CacheGraph) -> [Int] {
        matches[n].filter { old.hasResult($0) }
    }

    /// The first input slot of new record `n` that has no matching alternative, if any.
    public func failingSlot(_ n: Int, new: CacheGraph, old: CacheGraph) -> Int? {
        let rec = new.records[n]
        let candidates = (old.byDigest[rec.digest] ?? []).filter { old.records[$0].inputs.count == rec.inputs.count }
        guard !candidates.isEmpty else { return nil }
        // The slot that fails for the candidate that agrees on the most slots.
        var best: (slot: Int, agreed: Int)?
        for o in candidates {
            let orec = old.records[o]
            var agreed = 0
            var failing: Int?
            for (s, (slotN, slotO)) in zip(rec.inputs, orec.inputs).enumerated() {
                let ok = slotN.contains { a in slotO.contains { b in a.selector == b.selector && matches[a.link].contains(b.link) } }
                if ok { agreed += 1 } else if failing == nil { failing = s }
            }
            if let f = failing, best == nil || agreed > best!.agreed { best = (f, agreed) }
        }
        return best?.slot
    }
}
