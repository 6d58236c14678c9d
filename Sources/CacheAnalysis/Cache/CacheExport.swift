import CacheModel

/// A BuildKit cache export (registry cache or `type=local`), decoded into a graph.
public struct CacheExport: Sendable {
    public enum Mode: String, Sendable { case min, max }

    public let loaded: LoadedCacheExport
    public let layers: [CacheLayer]
    public let graph: CacheGraph
    /// The final image's chain: the record whose result was created last (the final stage
    /// finishes after the stages it copies from), ties broken by the longer layer chain.
    public let stage: FinalStage
    public let mode: Mode
    /// Layer blobs the config names that the container does not list.
    public let missingBlobs: [Digest]

    public init(_ loaded: LoadedCacheExport) throws(ModelError) {
        self.loaded = loaded
        let decoded = try CacheRecords.decodeConfig(loaded.configBytes)
        layers = decoded.layers
        graph = try CacheGraph(records: decoded.records, layerParents: decoded.layers.map(\.parent))
        var top: Int?
        var best: (time: Timestamp, length: Int)?
        let chainLength = Self.chainLengths(graph.layerParents)
        for r in 0..<graph.records.count {
            for res in graph.results[r] {
                // Chain lengths are computed once for all layers, so this is linear in the results.
                let len = res.explicit?.count ?? chainLength[res.top]
                let key = (Timestamp(res.createdAt), len)
                if best == nil || key.0 > best!.time || (key.0 == best!.time && len > best!.length) {
                    best = key; top = r
                }
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

    /// An RFC 3339 UTC time as BuildKit writes it (`2026-11-29T00:47:45.123456789Z`), ordered to the
    /// nanosecond; unparsable or missing times sort first.
    struct Timestamp: Comparable {
        let seconds: Int64
        let nanos: Int64
        init(_ text: String?) {
            let t = text.flatMap(RFC3339Time.init)
            seconds = t?.seconds ?? Int64.min
            nanos = t?.nanos ?? 0
        }
        static func < (a: Timestamp, b: Timestamp) -> Bool { (a.seconds, a.nanos) < (b.seconds, b.nanos) }

        /// Seconds since the epoch with the fraction; nil when missing, unparsable or before 1971
        /// (BuildKit writes `0001-01-01T00:00:00Z` for results it did not time).
        var value: Double? { seconds > 31_536_000 ? Double(seconds) + Double(nanos) / 1e9 : nil }
    }

    /// Per record with a result, the blob of its result's top layer (the step's own layer).
    public var recordBlobs: [Int: LayerBlob] {
        var sizes: [Digest: Int] = [:]
        for d in loaded.layerDescriptors { sizes[d.digest] = d.size }
        var out: [Int: LayerBlob] = [:]
        for r in 0..<graph.records.count {
            guard let res = graph.results[r].first, layers.indices.contains(res.top) else { continue }
            let l = layers[res.top]
            out[r] = LayerBlob(digest: l.blob, mediaType: l.mediaType, size: sizes[l.blob] ?? l.size)
        }
        return out
    }

    public var recordsWithResults: Int { (0..<graph.records.count).filter { graph.hasResult($0) }.count }
}

extension ImportedCache {
    public init(export e: CacheExport) {
        self.init(reference: e.loaded.reference, manifestDigest: e.loaded.manifestDigest, graph: e.graph)
        recordBlobs = e.recordBlobs
        missingBlobs = Set(e.missingBlobs)
    }
}
