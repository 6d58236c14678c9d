import CacheModel

/// Which records of a new build's key graph match records of an old cache, by BuildKit's rule:
/// equal digests, the same number of input slots, and for every slot some alternative of each
/// side with equal selectors linking to records that match in turn. Roots match on digest alone.
/// (BuildKit: the importer's key store, cache/remotecache/v1/cachestorage.go, queried by
/// solver/cachemanager.go `Query`: a key is reached through every input slot.)
///
/// Records are visited in topological order, so each record is decided once from the already
/// decided records it links to. The old graph's alternatives are indexed by (digest, slot count,
/// slot, selector, link), so a slot is decided by looking each new alternative up once per old
/// record its link matches: the work is linear in the number of alternatives (plus the matches
/// found), not in the product of two slots' alternatives.
public struct Matcher: Sendable {
    /// For each new record, the old records it matches (sorted).
    public let matches: [[Int]]
    private let index: AlternativeIndex

    /// Work bound: lookups and matches allowed before the graphs are declared too complex
    /// (thousands of records sharing one digest make the matches themselves quadratic).
    public static let defaultBudget = 10_000_000

    public init(new: CacheGraph, old: CacheGraph, budget: Int = Matcher.defaultBudget) throws(DiffError) {
        let index = AlternativeIndex(old)
        var sets = [Set<Int>](repeating: [], count: new.records.count)
        var work = 0
        for n in new.topologicalOrder {
            let rec = new.records[n]
            guard let digest = index.digestIDs[rec.digest] else { continue }
            if rec.inputs.isEmpty {
                let roots = index.roots[digest]
                work += roots.count + 1
                if work > budget { throw .tooComplex(budget) }
                sets[n] = Set(roots)
                continue
            }
            var found = Set<Int>()
            for s in rec.inputs.indices {
                let agreeing = try index.agreeing(rec, digest: digest, slot: s, linkMatches: { sets[$0] }, work: &work, budget: budget)
                found = s == 0 ? agreeing : found.intersection(agreeing)
                if found.isEmpty { break }
            }
            sets[n] = found
        }
        matches = sets.map { $0.sorted() }
        self.index = index
    }

    public func matched(_ n: Int) -> Bool { !matches[n].isEmpty }

    /// Old records matching `n` that carry a result.
    public func matchesWithResult(_ n: Int, in old: CacheGraph) -> [Int] {
        matches[n].filter { old.hasResult($0) }
    }

    /// The first input slot of new record `n` that has no matching alternative, if any:
    /// for the candidate (same digest and slot count, first in order) that agrees on the most slots.
    public func failingSlot(_ n: Int, new: CacheGraph, old: CacheGraph) -> Int? {
        let rec = new.records[n]
        guard !rec.inputs.isEmpty, let digest = index.digestIDs[rec.digest] else { return nil }
        let candidates = index.candidates[AlternativeIndex.Shape(digest: digest, slots: rec.inputs.count)] ?? 0
        guard candidates > 0 else { return nil }
        var work = 0
        let perSlot = rec.inputs.indices.map { s in
            (try? index.agreeing(rec, digest: digest, slot: s, linkMatches: { matches[$0] }, work: &work, budget: .max)) ?? []
        }
        var agreeingSomewhere = Set<Int>()
        for set in perSlot { agreeingSomewhere.formUnion(set) }
        var best: (slot: Int, agreed: Int, record: Int)?
        for o in agreeingSomewhere {
            var agreed = 0
            var failing: Int?
            for (s, set) in perSlot.enumerated() {
                if set.contains(o) { agreed += 1 } else if failing == nil { failing = s }
            }
            guard let failing else { continue }
            if best == nil || agreed > best!.agreed || (agreed == best!.agreed && o < best!.record) { best = (failing, agreed, o) }
        }
        if let best { return best.slot }
        // No candidate agrees on any slot: the first one fails at slot 0.
        return candidates > agreeingSomewhere.count ? 0 : nil
    }
}

/// The old graph's alternatives, by what a new alternative must equal to agree with them.
struct AlternativeIndex: Sendable {
    struct Key: Hashable, Sendable {
        let digest: Int
        let slots: Int
        let slot: Int
        let link: Int
        let selector: String
    }

    struct Shape: Hashable, Sendable {
        let digest: Int
        let slots: Int
    }

    /// Old digests, numbered.
    let digestIDs: [Digest: Int]
    /// How many old records have each (digest, slot count): a new record's candidates.
    let candidates: [Shape: Int]
    /// Per digest number, the old records with that digest and no inputs.
    let roots: [[Int]]
    /// Old records by (digest, slot count, slot, selector, link) of one of their alternatives.
    let table: [Key: [Int]]

    init(_ old: CacheGraph) {
        var ids: [Digest: Int] = [:]
        var roots: [[Int]] = []
        var table: [Key: [Int]] = [:]
        var candidates: [Shape: Int] = [:]
        for (o, rec) in old.records.enumerated() {
            let id: Int
            if let known = ids[rec.digest] { id = known } else { id = roots.count; ids[rec.digest] = id; roots.append([]) }
            candidates[Shape(digest: id, slots: rec.inputs.count), default: 0] += 1
            if rec.inputs.isEmpty { roots[id].append(o); continue }
            for (s, slot) in rec.inputs.enumerated() {
                for alt in slot {
                    table[Key(digest: id, slots: rec.inputs.count, slot: s, link: alt.link, selector: alt.selector), default: []].append(o)
                }
            }
        }
        digestIDs = ids
        self.candidates = candidates
        self.roots = roots
        self.table = table
    }

    /// The old records (with `rec`'s digest and slot count) that agree with slot `s` of new
    /// record `rec`: some alternative of each with equal selectors, linking to matching records.
    func agreeing<S: Sequence<Int>>(
        _ rec: CacheRecord, digest: Int, slot s: Int, linkMatches: (Int) -> S,
        work: inout Int, budget: Int
    ) throws(DiffError) -> Set<Int> {
        var out = Set<Int>()
        for alt in rec.inputs[s] {
            for m in linkMatches(alt.link) {
                work += 1
                if let hits = table[Key(digest: digest, slots: rec.inputs.count, slot: s, link: m, selector: alt.selector)] {
                    work += hits.count
                    out.formUnion(hits)
                }
                if work > budget { throw .tooComplex(budget) }
            }
        }
        return out
    }
}
