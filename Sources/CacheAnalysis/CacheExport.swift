import CacheModel

/// A BuildKit cache export (registry cache or `type=local`), decoded into a graph.
public struct CacheExport: Sendable {
    public enum Mode: String, Sendable { case min, max }

    public let loaded: LoadedCacheExport
    public let layers: [CacheLayer]
    public let graph: CacheGraph
    /// The final image's chain (the record whose result has the longest layer chain).
    public let stage: FinalStage
    public let mode: Mode
    /// Layer blobs the config names that the container does not list.
    public let missingBlobs: [Digest]

    public init(_ loaded: LoadedCacheExport) throws {
        self.loaded = loaded
        let decoded = try CacheRecords.decodeConfig(loaded.configBytes)
        layers = decoded.layers
        graph = try CacheGraph(records: decoded.records, layerParents: decoded.layers.map(\.parent))
        var top: Int?
        var best = -1
        let chainLength = Self.chainLengths(graph.layerParents)
        for r in 0..<graph.records.count {
            for res in graph.results[r] {
                // layers(of:) per result walked the parents every time: records × depth.
                let len = res.explicit?.count ?? chainLength[res.top]
                if len > best { best = len; top = r }
            }
        }
        let g = graph
        let st = FinalStage(graph: g, top: top)
        stage = st
        mode = st.resultsOffChain.contains { r in g.results[r].contains { $0.explicit == nil } } ? .max : .min
        let listed = Set(loaded.layerDescriptors.map(\.digest))
        missingBlobs = layers.map(\.blob).filter { !listed.contains($0) }
    }

    /// For each layer, how many layers its parent chain holds (itself included), in one pass.
    /// The parents were checked loop-free by CacheGraph.
    static func chainLengths(_ parents: [Int]) -> [Int] {
        var length = [Int](repeating: 0, count: parents.count)
        for start in parents.indices where length[start] == 0 {
            var path: [Int] = []
            var cur = start
            while cur >= 0 && length[cur] == 0 { path.append(cur); cur = parents[cur] }
            var d = cur >= 0 ? length[cur] : 0
            for l in path.reversed() { d += 1; length[l] = d }
        }
        return length
    }

    public var recordsWithResults: Int { (0..<graph.records.count).filter { graph.hasResult($0) }.count }
}

extension ImportedCache {
    public init(export e: CacheExport) {
        self.init(reference: e.loaded.reference, manifestDigest: e.loaded.manifestDigest, graph: e.graph)
    }
}
