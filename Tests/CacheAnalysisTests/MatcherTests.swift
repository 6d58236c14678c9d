import CacheAnalysis
import CacheModel
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The matcher against a direct transcription of BuildKit's rule, and its cost on slots with
/// many alternatives.
@Suite struct MatcherTests {
    static func d(_ s: String) -> Digest { Digest.sha256(of: Array(s.utf8)) }

    /// The rule as written: nested loops over both slots' alternatives.
    static func reference(new: CacheGraph, old: CacheGraph) -> [[Int]] {
        var sets = [Set<Int>](repeating: [], count: new.records.count)
        for n in new.topologicalOrder {
            let rec = new.records[n]
            for o in old.byDigest[rec.digest] ?? [] {
                let orec = old.records[o]
                guard orec.inputs.count == rec.inputs.count else { continue }
                let all = zip(rec.inputs, orec.inputs).allSatisfy { slotN, slotO in
                    slotN.contains { a in slotO.contains { b in a.selector == b.selector && sets[a.link].contains(b.link) } }
                }
                if all { sets[n].insert(o) }
            }
        }
        return sets.map { $0.sorted() }
    }

    /// The failing slot as first written: the candidate agreeing on the most slots, first in order.
    static func referenceFailingSlot(_ n: Int, new: CacheGraph, old: CacheGraph, matches: [[Int]]) -> Int? {
        let rec = new.records[n]
        var best: (slot: Int, agreed: Int)?
        for o in (old.byDigest[rec.digest] ?? []) where old.records[o].inputs.count == rec.inputs.count {
            var agreed = 0
            var failing: Int?
            for (s, (slotN, slotO)) in zip(rec.inputs, old.records[o].inputs).enumerated() {
                let ok = slotN.contains { a in slotO.contains { b in a.selector == b.selector && matches[a.link].contains(b.link) } }
                if ok { agreed += 1 } else if failing == nil { failing = s }
            }
            if let f = failing, best == nil || agreed > best!.agreed { best = (f, agreed) }
        }
        return best?.slot
    }

    /// A random acyclic graph over few digests and selectors, so that matches, partial matches
    /// and duplicate digests are all common.
    static func randomGraph(_ rng: inout SystemRandomNumberGenerator, records: Int) throws -> CacheGraph {
        var recs: [CacheRecord] = []
        for i in 0..<records {
            let digest = d("r\(Int.random(in: 0..<4, using: &rng))")
            var inputs: [[CacheInput]] = []
            if i > 0 && Int.random(in: 0..<4, using: &rng) > 0 {
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    inputs.append(
                        (0..<Int.random(in: 1...3, using: &rng)).map { _ in
                            CacheInput(
                                selector: ["", "s1", "s2"][Int.random(in: 0..<3, using: &rng)], link: Int.random(in: 0..<i, using: &rng))
                        })
                }
            }
            recs.append(CacheRecord(digest: digest, inputs: inputs, results: []))
        }
        return try CacheGraph.inline(records: recs, layerCount: 0)
    }

    @Test func sameAnswerAsTheRuleOnRandomGraphs() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let new = try Self.randomGraph(&rng, records: Int.random(in: 1...25, using: &rng))
            let old = try Self.randomGraph(&rng, records: Int.random(in: 1...25, using: &rng))
            let m = try Matcher(new: new, old: old)
            #expect(m.matches == Self.reference(new: new, old: old))
            for n in 0..<new.records.count {
                #expect(m.failingSlot(n, new: new, old: old) == Self.referenceFailingSlot(n, new: new, old: old, matches: m.matches))
            }
        }
    }

    /// 3,000 records sharing one digest, each with a slot of 40 alternatives (40 selectors)
    /// linking to the 40 records below; old and new differ at the base (nothing matches) or not
    /// (everything does). Comparing every slot pair of every same-digest candidate is ~10^10
    /// comparisons: the nested-loop matcher gave up ("too complex") after its budget.
    static func wide(_ base: String, records: Int = 3000, alternatives: Int = 40) throws -> CacheGraph {
        var recs = (0..<alternatives).map { CacheRecord(digest: d("\(base)-\($0)"), inputs: [], results: []) }
        for i in alternatives..<records {
            let slot = (1...alternatives).map { k in CacheInput(selector: "sha256:sel-\(k)", link: i - k) }
            recs.append(CacheRecord(digest: d("step"), inputs: [slot], results: []))
        }
        return try CacheGraph.inline(records: recs, layerCount: 0)
    }

    @Test func manyAlternativesAreLinear() throws {
        let old = try Self.wide("old"), new = try Self.wide("new"), same = try Self.wide("old")
        var start = timespec(); clock_gettime(CLOCK_MONOTONIC, &start)
        let miss = try Matcher(new: new, old: old)
        let hit = try Matcher(new: same, old: old)
        for n in 0..<new.records.count where !miss.matched(n) { _ = miss.failingSlot(n, new: new, old: old) }
        var end = timespec(); clock_gettime(CLOCK_MONOTONIC, &end)
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        #expect(miss.matches.allSatisfy { $0.isEmpty })
        #expect(hit.matches.enumerated().allSatisfy { $0.element == [$0.offset] })
        #expect(seconds < 10, "took \(seconds) s")  // a debug build; well under 1 s in release
    }

    @Test func sharedDigestsAreRefusedFastNamingTheBudget() throws {
        let roots = (0..<50_000).map { _ in CacheRecord(digest: Self.d("same"), inputs: [], results: []) }
        let g = try CacheGraph.inline(records: roots, layerCount: 0)
        #expect(throws: DiffError.tooComplex(Matcher.defaultBudget)) { _ = try Matcher(new: g, old: g) }
    }
}
