import CacheModel

/// The final stage of a build, found in the key graph: the record whose result is the top
/// layer, and the records below it through input slot 0 down to the base image's roots.
/// (BuildKit writes inline cache from the final result's first key with mode=min:
/// solver/llbsolver/export.go `inlineCache`, cache/remotecache/inline/inline.go `ExportForLayers`;
/// results whose blobs are not the image's own are dropped there, which is what leaves holes.)
public struct FinalStage: Sendable {
    /// Chain records from the first built layer to the top.
    public let chain: [Int]
    /// Layer index of each chain record.
    public let chainLayers: [Int]
    /// Number of layers that come from the base image (below the first built layer).
    public let baseLayerCount: Int
    /// Root records the bottom of the chain links to (the base image's keys).
    public let baseRoots: [Int]
    /// Records per layer that stand for that layer (chain records and records whose result ends there).
    public let recordsByLayer: [[Int]]
    /// Whether the cache holds a result ending at each layer.
    public let layerHasResult: [Bool]
    /// Built layers without a result below a layer that has one.
    public let holes: [Int]
    /// Records of other stages: not roots, not on the final chain, no result.
    public let intermediate: [Int]
    /// Intermediate records grouped by stage (records joined through input slot 0).
    public let intermediateStages: [[Int]]
    /// Intermediate records grouped by digest: one group per step of another stage (a step
    /// keyed in two contexts, e.g. before and after a base change, has one record per context).
    public let intermediateSteps: [[Int]]

    /// Non-root records with a result that are not on the final chain
    /// (`COPY --link` copies; every step of other stages in a mode=max export).
    public let resultsOffChain: [Int]

    /// - Parameter top: the record whose result is the final image; found from the top layer when nil.
    public init(graph g: CacheGraph, top explicitTop: Int? = nil) {
        let n = g.records.count
        let layerCount = g.layerCount
        var hasResult = [Bool](repeating: false, count: layerCount)
        var byLayer = [[Int]](repeating: [], count: layerCount)
        for r in 0..<n {
            for res in g.results[r] {
                hasResult[res.top] = true
                // r only grows: a duplicate can only be the last entry (contains() was quadratic).
                if byLayer[res.top].last != r { byLayer[res.top].append(r) }
            }
        }
        // The top record: a result ending at the top layer; prefer a `layer` (prefix) result.
        var top: Int? = explicitTop
        if top == nil && layerCount > 0 {
            let candidates = byLayer[layerCount - 1]
            top = candidates.first { r in g.results[r].contains { $0.top == layerCount - 1 && $0.explicit == nil } } ?? candidates.first
        }
        if top == nil, let highest = (0..<layerCount).reversed().first(where: { hasResult[$0] }) {
            top = byLayer[highest].first
        }
        var chain: [Int] = []
        var chainLayers: [Int] = []
        var roots: [Int] = []
        if let top {
            var cur = top
            var layer = g.results[top].map(\.top).max() ?? (layerCount - 1)
            var seen = Set<Int>()
            while seen.insert(cur).inserted {
                chain.append(cur)
                if let own = g.results[cur].first(where: { $0.explicit == nil })?.top { layer = own }
                chainLayers.append(layer)
                layer -= 1
                guard let slot0 = g.records[cur].inputs.first else { break }
                // A copy onto scratch (`FROM scratch`) has only its source as input: a content
                // checksum root beside the link means slot 0 is what it copies, not a stage below.
                let copiesFromSlot0 = slot0.contains { g.records[$0.link].isRoot } && slot0.contains { !g.records[$0.link].isRoot }
                if copiesFromSlot0 { break }
                if let next = slot0.first(where: { !g.records[$0.link].isRoot })?.link {
                    cur = next
                } else {
                    roots = slot0.map(\.link)
                    break
                }
            }
        }
        chain.reverse()
        chainLayers.reverse()
        // If the chain is longer than the built layers (empty layers dropped by old BuildKit), clamp.
        let firstBuilt = max(0, chainLayers.first ?? layerCount)
        // Chain records go first in their layer's list (later chain records before earlier ones),
        // with set membership: contains/insert(at: 0) per record was quadratic on long chains.
        var members: [Int: Set<Int>] = [:]
        var prepend: [Int: [Int]] = [:]
        for (r, l) in zip(chain, chainLayers) where l >= 0 && l < layerCount {
            if members[l] == nil { members[l] = Set(byLayer[l]) }
            if members[l]!.insert(r).inserted { prepend[l, default: []].append(r) }
        }
        for (l, rs) in prepend { byLayer[l] = rs.reversed() + byLayer[l] }
        let onChain = Set(chain)
        let intermediate = (0..<n).filter { !g.records[$0].isRoot && !onChain.contains($0) && g.results[$0].isEmpty }
        // Group intermediates by slot-0 ancestry.
        let interSet = Set(intermediate)
        var group = [Int: Int]()
        var stages: [[Int]] = []
        for r in g.topologicalOrder where interSet.contains(r) {
            let parent = g.records[r].inputs.first?.first(where: { interSet.contains($0.link) })?.link
            if let p = parent, let gi = group[p] {
                group[r] = gi
                stages[gi].append(r)
            } else {
                group[r] = stages.count
                stages.append([r])
            }
        }
        var holes: [Int] = []
        if let highest = (0..<layerCount).reversed().first(where: { hasResult[$0] }) {
            holes = (firstBuilt..<highest).filter { !hasResult[$0] }
        }
        self.chain = chain
        self.chainLayers = chainLayers
        self.baseLayerCount = min(firstBuilt, layerCount)
        self.baseRoots = roots
        self.recordsByLayer = byLayer
        self.layerHasResult = hasResult
        self.holes = holes
        self.intermediate = intermediate
        self.intermediateStages = stages
        var byDigest: [Digest: Int] = [:]
        var steps: [[Int]] = []
        for r in intermediate {
            if let k = byDigest[g.records[r].digest] {
                steps[k].append(r)
            } else {
                byDigest[g.records[r].digest] = steps.count; steps.append([r])
            }
        }
        self.intermediateSteps = steps
        self.resultsOffChain = (0..<n).filter { !g.records[$0].isRoot && !onChain.contains($0) && !g.results[$0].isEmpty }
    }
}
