import CacheModel

/// What `cachectl inspect` reports about one image (JSON schema version 1).
public struct InspectReport: Sendable {
    public struct Layer: Sendable {
        public let index: Int
        public let digest: Digest
        public let size: Int
        public let createdBy: String?
        public let role: String      // "base" | "step"
        public let cached: Bool      // the cache holds a result ending at this layer
    }

    public let cache: ImageCache
    public let layers: [Layer]

    public init(_ cache: ImageCache) {
        self.cache = cache
        let steps = cache.layerSteps
        let stage = cache.stage
        let base = stage?.baseLayerCount ?? 0
        layers = cache.image.manifest.layers.enumerated().map { i, d in
            Layer(index: i, digest: d.digest, size: d.size, createdBy: steps[i],
                  role: (stage != nil && i < base) ? "base" : "step",
                  cached: stage?.layerHasResult[i] ?? false)
        }
    }

    public var image: LoadedImage { cache.image }
    public var recordCount: Int { cache.graph?.records.count ?? 0 }
    public var intermediateSteps: Int { cache.stage?.intermediateSteps.count ?? 0 }
    public var intermediateStages: Int { cache.stage?.intermediateStages.count ?? 0 }
    public var holes: [Int] { cache.stage?.holes ?? [] }

    public var statusName: String {
        switch cache.status {
        case .absent: return "absent"
        case .invalid: return "invalid"
        case .present: return "present"
        }
    }

    public var statusDetail: String? {
        if case let .invalid(why) = cache.status { return why }
        return nil
    }

    public func json() -> JSONNode {
        .object([
            ("schemaVersion", .int(1)),
            ("reference", .string(image.reference)),
            ("manifestDigest", .string(image.manifestDigest.description)),
            ("indexDigest", .optional(image.indexDigest?.description)),
            ("platform", .string(image.platform.description)),
            ("cache", cacheJSON()),
            ("baseLayers", .int(cache.stage?.baseLayerCount ?? 0)),
            ("layers", .array(layers.map { l in
                .object([("index", .int(l.index)), ("digest", .string(l.digest.description)), ("size", .int(l.size)),
                         ("createdBy", .optional(l.createdBy)), ("role", .string(l.role)), ("cached", .bool(l.cached))])
            })),
            ("intermediateSteps", .int(intermediateSteps)),
            ("intermediateStages", .int(intermediateStages)),
            ("holes", .array(holes.map { .int($0) })),
            ("records", recordsJSON()),
        ])
    }

    func cacheJSON() -> JSONNode {
        .object([
            ("kind", .string(cache.status == .absent ? "none" : "inline")),
            ("status", .string(statusName)),
            ("detail", .optional(statusDetail)),
            ("records", .int(recordCount)),
            ("payloadBytes", .int(image.config.inlineCacheBytes)),
            ("configBytes", .int(image.configSize)),
        ])
    }

    /// Role of each record: root, final (on the final chain), result (carries a result), intermediate.
    public func recordRoles() -> [String] {
        guard let g = cache.graph, let s = cache.stage else { return [] }
        let chain = Set(s.chain)
        return (0..<g.records.count).map { r in
            if g.records[r].isRoot { return "root" }
            if chain.contains(r) { return "final" }
            if g.hasResult(r) { return "result" }
            return "intermediate"
        }
    }

    func recordsJSON() -> JSONNode {
        guard let g = cache.graph else { return .array([]) }
        return CacheAnalysis.recordsJSON(g, roles: recordRoles())
    }
}

/// The `records` array of inspect's JSON: each record with its role, inputs and results,
/// made one record at a time as the output is written.
func recordsJSON(_ g: CacheGraph, roles: [String]) -> JSONNode {
    .elements(count: g.records.count) { i in
        let r = g.records[i]
        return .object([
            ("index", .int(i)),
            ("digest", .string(r.digest.description)),
            ("role", .string(roles[i])),
            ("inputs", .array(r.inputs.map { slot in .array(slot.map { a in
                .object([("link", .int(a.link)), ("selector", .string(a.selector))]) }) })),
            ("results", .array(g.results[i].map(resultJSON))),
        ])
    }
}

/// A result as JSON, in the wire's own form: `{form: "layer", layer: k}` (layer k and its
/// parents) or `{form: "chain", layers: [...]}`. Never the expanded list, which is quadratic
/// in the depth of a graph.
func resultJSON(_ res: ResolvedResult) -> JSONNode {
    if let ex = res.explicit {
        return .object([("form", .string("chain")), ("layers", .array(ex.map { .int($0) })), ("createdAt", .optional(res.createdAt))])
    }
    return .object([("form", .string("layer")), ("layer", .int(res.top)), ("createdAt", .optional(res.createdAt))])
}
