import CacheAnalysis
import CacheModel
import Testing

/// Worked examples of a cache's anatomy (`FinalStage`), one per rule, each on a graph of about
/// five records. An inline cache (BuildKit cache/remotecache/inline/inline.go) has one result per layer of
/// the image; the final image's record is the one with a result at the top layer, and the chain
/// below it follows input slot 0 (the stage's previous step) down to the base image's roots.
@Suite struct FinalStageExampleTests {
    static func d(_ s: String) -> Digest { Digest.sha256(of: Array(s.utf8)) }
    static func root(_ name: String) -> CacheRecord { CacheRecord(digest: d(name), inputs: [], results: []) }
    static func step(_ name: String, _ slots: [(String, Int)]..., layer: Int? = nil, chain: [Int]? = nil) -> CacheRecord {
        var results: [CacheResult] = []
        if let layer { results.append(.layer(layer, createdAt: nil)) }
        if let chain { results.append(.chain(chain, createdAt: nil)) }
        return CacheRecord(digest: d(name), inputs: slots.map { $0.map { CacheInput(selector: $0.0, link: $0.1) } }, results: results)
    }

    /// One stage on a one-layer base: layers 0 (base), 1, 2, 3.
    @Test func theChainRunsFromTheTopLayerDownToTheBase() throws {
        let g = try CacheGraph.inline(
            records: [
                Self.root("base:1"),  // 0
                Self.step("RUN a", [("", 0)], layer: 1),  // 1
                Self.step("RUN b", [("", 1)], layer: 2),  // 2
                Self.step("RUN c", [("", 2)], layer: 3),  // 3
            ], layerCount: 4)
        let f = FinalStage(graph: g)
        #expect(f.chain == [1, 2, 3])
        #expect(f.chainLayers == [1, 2, 3])
        #expect(f.baseLayerCount == 1)
        #expect(f.baseRoots == [0])
        #expect(f.layerHasResult == [false, true, true, true])
        #expect(f.recordsByLayer == [[], [1], [2], [3]])
        #expect(f.holes.isEmpty && f.intermediate.isEmpty && f.resultsOffChain.isEmpty)
    }

    /// Built layers whose records have no result, below one that has: what BuildKit v0.8 exports
    /// after a warm build for the lower layers it took from the imported cache (measured: results
    /// for layers 3 and 4 only). The chain still passes through them, and they are holes.
    @Test func builtLayersWithoutResultsBelowOneWithAreHoles() throws {
        let g = try CacheGraph.inline(
            records: [
                Self.root("base:1"),
                Self.step("RUN a", [("", 0)]),  // layer 1: no result
                Self.step("RUN b", [("", 1)]),  // layer 2: no result
                Self.step("RUN c", [("", 2)], layer: 3),
            ], layerCount: 4)
        let f = FinalStage(graph: g)
        #expect(f.chain == [1, 2, 3])
        #expect(f.chainLayers == [1, 2, 3])
        #expect(f.baseLayerCount == 1)
        #expect(f.layerHasResult == [false, false, false, true])
        #expect(f.holes == [1, 2])
    }

    /// Steps of another stage (inline cache is mode=min): keyed, not on the final chain, without
    /// results. They are grouped into stages through slot 0 and into steps by digest.
    @Test func stepsOfOtherStagesAreIntermediate() throws {
        let g = try CacheGraph.inline(
            records: [
                Self.root("base:1"),  // 0
                Self.root("local context"),  // 1
                Self.step("COPY src /src", [("", 0)], [("sha256:src", 1)]),  // 2 builder
                Self.step("RUN make", [("", 2)]),  // 3 builder
                Self.step("COPY --from=builder /out /app", [("", 0)], [("sha256:out", 3)], layer: 1),  // 4 final
                Self.step("RUN ready", [("", 4)], layer: 2),  // 5 final
            ], layerCount: 3)
        let f = FinalStage(graph: g)
        #expect(f.chain == [4, 5])
        #expect(f.baseRoots == [0])
        #expect(f.intermediate == [2, 3])
        #expect(f.intermediateStages == [[2, 3]])
        #expect(f.intermediateSteps == [[2], [3]])
        #expect(f.resultsOffChain.isEmpty)
    }

    /// One step keyed in two contexts (two records with one digest, on different inputs) is one
    /// step of another stage, not two.
    @Test func oneDigestInTwoContextsIsOneIntermediateStep() throws {
        let g = try CacheGraph.inline(
            records: [
                Self.root("base:1"),  // 0
                Self.root("base:2"),  // 1
                Self.step("RUN deps", [("", 0), ("", 1)]),  // 2 other stage, two alternatives in its slot
                Self.step("RUN gen", [("", 2)]),  // 3 other stage
                Self.step("RUN gen", [("", 1)]),  // 4 the same step keyed on base:2 alone
                Self.step("RUN app", [("", 0)], layer: 1),  // 5 final
            ], layerCount: 2)
        let f = FinalStage(graph: g)
        #expect(f.chain == [5])
        #expect(f.intermediate == [2, 3, 4])
        #expect(f.intermediateSteps == [[2], [3, 4]])
    }

    /// A record with a result that is not on the final chain: what a mode=max export holds for
    /// every step of the other stages (and an inline cache for a `COPY --link` copy).
    @Test func resultsOffTheChainAreCountedApart() throws {
        // Export form: layer 1 is the builder's, layer 2 the final stage's, both on the base layer 0.
        let g = try CacheGraph(
            records: [
                Self.root("base:1"),  // 0
                Self.step("RUN make", [("", 0)], layer: 1),  // 1 builder, with a result
                Self.step("COPY --from=builder /out /app", [("", 0)], [("sha256:out", 1)], layer: 2),  // 2 final
            ], layerParents: [-1, 0, 0])
        let f = FinalStage(graph: g)
        #expect(f.chain == [2])
        #expect(f.chainLayers == [2])
        #expect(f.resultsOffChain == [1])
        #expect(f.intermediate.isEmpty)
    }

    /// At the top layer, a `layers` (prefix) result names the final image before a `chains` one.
    @Test func theTopPrefersALayerResultToAChainResult() throws {
        let g = try CacheGraph.inline(
            records: [
                Self.root("base:1"),  // 0
                Self.step("COPY --link a /a", [("sha256:a", 0)], chain: [1]),  // 1 a copy onto scratch, its own layer
                Self.step("RUN a", [("", 0)], layer: 1),  // 2 the final stage
            ], layerCount: 2)
        let f = FinalStage(graph: g)
        #expect(f.chain == [2])
        #expect(f.resultsOffChain == [1])
        // Told which record is the image, the anatomy starts there instead.
        #expect(FinalStage(graph: g, top: 1).chain == [1])
    }
}
