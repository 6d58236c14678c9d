import Testing

@testable import CacheAnalysis
@testable import CacheModel

/// Regression tests for work that grew faster than the input (found with fixtures/hostile and
/// the fuzz targets): each builds the hostile graph in memory and bounds the time it may take.
@Suite struct HostileAnalysisTests {
    static func digest(_ s: String) -> Digest { Digest.sha256(of: Array(s.utf8)) }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// 300,000 records in one chain, each with a result at one of 8 layers: FinalStage used
    /// `contains` on per-layer lists of ~37,000 records for every record (quadratic: minutes).
    @Test func finalStageIsLinearInRecordsPerLayer() throws {
        let n = 300_000, layers = 8
        let records = (0..<n).map { i in
            CacheRecord(
                digest: Self.digest("r\(i % 1000)"), inputs: i == 0 ? [] : [[CacheInput(selector: "", link: i - 1)]],
                results: [.layer(i % layers, createdAt: nil)])
        }
        let g = try CacheGraph.inline(records: records, layerCount: layers)
        var stage: FinalStage?
        let t = Self.seconds { stage = FinalStage(graph: g) }
        #expect(t < 10, "FinalStage took \(t) s")
        let s = try #require(stage)
        #expect(s.recordsByLayer.map(\.count).reduce(0, +) == n)
        // Chain records come first in their layer's list, the later (higher) record first.
        for l in 0..<layers { #expect(Set(s.recordsByLayer[l]).count == s.recordsByLayer[l].count) }
    }

    /// The same chain semantics as before the fix, on a small graph: chain records are put in
    /// front of their layer's list, later chain records before earlier ones, without duplicates.
    @Test func finalStageOrderIsUnchanged() throws {
        // 0 root; 1 and 2 on the chain without results of their own at layer 0/1; 3 top at layer 2; 4 another record at layer 1.
        let rs = [
            CacheRecord(digest: Self.digest("root"), inputs: [], results: []),
            CacheRecord(digest: Self.digest("a"), inputs: [[CacheInput(selector: "", link: 0)]], results: []),
            CacheRecord(digest: Self.digest("b"), inputs: [[CacheInput(selector: "", link: 1)]], results: []),
            CacheRecord(digest: Self.digest("c"), inputs: [[CacheInput(selector: "", link: 2)]], results: [.layer(2, createdAt: nil)]),
            CacheRecord(digest: Self.digest("d"), inputs: [[CacheInput(selector: "", link: 0)]], results: [.layer(1, createdAt: nil)]),
        ]
        let s = FinalStage(graph: try CacheGraph.inline(records: rs, layerCount: 3))
        #expect(s.chain == [1, 2, 3])
        #expect(s.chainLayers == [0, 1, 2])
        #expect(s.recordsByLayer == [[1], [2, 4], [3]])
    }

    /// 3,000 roots sharing one digest on both sides: every pair matched, unbounded by the work
    /// budget (candidates without inputs cost nothing). Now each candidate counts.
    @Test func matcherCountsEveryCandidate() throws {
        let roots = (0..<3_000).map { _ in CacheRecord(digest: Self.digest("same"), inputs: [], results: [.layer(0, createdAt: nil)]) }
        let g = try CacheGraph.inline(records: roots, layerCount: 1)
        #expect(throws: DiffError.self) { try Matcher(new: g, old: g, budget: 1_000_000) }
        // Candidates with another input count are never visited (the index keys on the slot
        // count): 3,000 roots against one root and 3,000 one-input records cost 3,000 lookups.
        let oneInput =
            [roots[0]]
            + (0..<3_000).map { _ in
                CacheRecord(digest: Self.digest("same"), inputs: [[CacheInput(selector: "", link: 0)]], results: [])
            }
        let h = try CacheGraph.inline(records: oneInput, layerCount: 1)
        #expect(try Matcher(new: g, old: h, budget: 10_000).matches.allSatisfy { $0 == [0] })
        // Below the budget the answer is the same as ever.
        let small = try CacheGraph.inline(records: Array(roots.prefix(10)), layerCount: 1)
        #expect(try Matcher(new: small, old: small).matches.allSatisfy { $0 == Array(0..<10) })
    }

    /// Chain lengths computed once agree with layers(of:) (used to pick a cache export's top record).
    @Test func chainLengthsAgreeWithLayersOf() throws {
        let parents = [-1, 0, 1, 0, 3, 4, -1, 6, 2]
        let rs = parents.indices.map { CacheRecord(digest: Self.digest("l\($0)"), inputs: [], results: [.layer($0, createdAt: nil)]) }
        let g = try CacheGraph(records: rs, layerParents: parents)
        let lengths = CacheExport.chainLengths(parents)
        for (i, res) in g.results.enumerated() { #expect(lengths[i] == g.layers(of: res[0]).count) }
        // 200,000 layers in one chain, 200,000 records with a result at the top: linear now.
        let deep = (0..<200_000).map { $0 - 1 }
        let t = Self.seconds { #expect(CacheExport.chainLengths(deep).last == 200_000) }
        #expect(t < 5)
    }
}
