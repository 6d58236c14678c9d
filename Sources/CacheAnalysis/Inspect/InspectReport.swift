import CacheModel

/// What `cachectl inspect` reports about one image (JSON schema version 1).
public struct InspectReport: Sendable {
    public struct Layer: Sendable {
        public let index: Int
        public let digest: Digest
        public let size: Int
        public let createdBy: String?
        public let role: LayerRole
        public let cached: Bool  // the cache holds a result ending at this layer
    }

    public let cache: ImageCache
    public let layers: [Layer]

    /// What the image's inline cache covers, layer by layer and stage by stage.
    public static func analyze(_ cache: ImageCache) -> InspectReport { InspectReport(cache) }

    init(_ cache: ImageCache) {
        self.cache = cache
        let steps = cache.layerSteps
        let stage = cache.stage
        let base = stage?.baseLayerCount ?? 0
        layers = cache.image.manifest.layers.enumerated().map { i, d in
            Layer(
                index: i, digest: d.digest, size: d.size, createdBy: steps[i],
                role: (stage != nil && i < base) ? .base : .step,
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

    /// The role of each record (empty when the image carries no usable cache).
    public var recordRoles: [RecordRole] {
        guard let g = cache.graph, let s = cache.stage else { return [] }
        return RecordRole.roles(of: g, finalChain: s.chain)
    }
}
