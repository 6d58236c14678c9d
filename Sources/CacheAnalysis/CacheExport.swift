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
        for r in 0..<graph.records.count {
            for res in graph.results[r] {
                let len = graph.layers(of: res).count
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

    public var recordsWithResults: Int { (0..<graph.records.count).filter { graph.hasResult($0) }.count }
}

extension ImportedCache {
    public init(export e: CacheExport) {
        self.init(reference: e.loaded.reference, manifestDigest: e.loaded.manifestDigest, graph: e.graph)
    }
}
