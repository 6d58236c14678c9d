import CacheModel

/// What `cachectl inspect` reports about a BuildKit cache export (registry cache or local export).
public struct ExportReport: Sendable {
    public struct Layer: Sendable {
        public let index: Int
        public let blob: Digest
        public let parent: Int
        public let size: Int?
        public let mediaType: String?
        public let diffID: Digest?
        public let createdAt: String?
        /// `created_by` borrowed from an image layer with the same diffID (`--image`).
        public let createdBy: String?
        /// The layer belongs to the final image's chain (else: another stage, kept by mode=max).
        public let finalChain: Bool
    }

    public let export: CacheExport
    public let layers: [Layer]
    /// What the export rules (`LintRules.exports`) find.
    public let notes: [LintFinding]
    /// The role of each record.
    public let recordRoles: [RecordRole]

    /// What a cache export holds; `image`, an image of the same build, names its layers' steps.
    public static func analyze(_ export: CacheExport, image: LoadedImage? = nil) -> ExportReport { ExportReport(export, image: image) }

    init(_ export: CacheExport, image: LoadedImage? = nil) {
        self.export = export
        var stepByDiffID: [Digest: String] = [:]
        if let image {
            let steps = image.config.layerHistory
            for (i, d) in image.config.diffIDs.enumerated() where i < steps.count {
                if let s = steps[i].createdBy { stepByDiffID[d] = s }
            }
        }
        let g = export.graph
        var finalLayers = Set<Int>()
        // Each layer's parent chain is walked once, whatever the number of chain records.
        var walked = Set<Int>()
        for r in export.stage.chain {
            for res in g.results[r] {
                if let ex = res.explicit { finalLayers.formUnion(ex); continue }
                var cur = res.top
                while cur >= 0 && walked.insert(cur).inserted { finalLayers.insert(cur); cur = g.layerParents[cur] }
            }
        }
        let descriptors = Dictionary(export.loaded.layerDescriptors.map { ($0.digest, $0) }, uniquingKeysWith: { a, _ in a })
        layers = export.layers.enumerated().map { i, l in
            let d = descriptors[l.blob]
            let diffID = l.diffID ?? d?.annotations["containerd.io/uncompressed"].flatMap { try? Digest(parsing: $0) }
            return Layer(
                index: i, blob: l.blob, parent: l.parent, size: l.size ?? d?.size, mediaType: l.mediaType ?? d?.mediaType,
                diffID: diffID, createdAt: l.createdAt ?? d?.annotations["buildkit/createdat"],
                createdBy: diffID.flatMap { stepByDiffID[$0] }, finalChain: finalLayers.contains(i))
        }
        notes = LintRules.check(export)
        recordRoles = RecordRole.roles(of: g, finalChain: export.stage.chain)
    }

    public var intermediateSteps: Int { export.stage.intermediateSteps.count + export.stage.resultsOffChain.count }
}
