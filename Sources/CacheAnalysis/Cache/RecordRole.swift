import CacheModel

/// What one record is in a cache's anatomy. One rule for images and cache exports alike.
public enum RecordRole: String, Sendable, CaseIterable {
    /// A root: the base image or a source (no inputs).
    case root
    /// On the final chain: the steps whose results the final image is made of.
    case final
    /// Off the final chain, with a result (another stage, kept by mode=max).
    case result
    /// A cache key with no result.
    case intermediate

    /// The role of every record of `graph`, given the records of its final chain.
    public static func roles(of graph: CacheGraph, finalChain: [Int]) -> [RecordRole] {
        let chain = Set(finalChain)
        return graph.records.indices.map { r in
            if graph.records[r].isRoot { return .root }
            if chain.contains(r) { return .final }
            return graph.hasResult(r) ? .result : .intermediate
        }
    }
}

/// Whether an image layer comes from the base image or from a step of this build.
public enum LayerRole: String, Sendable {
    case base, step
}
