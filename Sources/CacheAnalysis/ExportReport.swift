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

    public struct Note: Sendable {
        public let id: String
        public let severity: String
        public let message: String
    }

    /// BuildKit refuses to import a cache manifest or config over 1 MiB.
    public static let importLimit = 1 << 20

    public let export: CacheExport
    public let layers: [Layer]
    public let notes: [Note]

    public init(_ export: CacheExport, image: LoadedImage? = nil) {
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
        // Each parent chain is walked once: layers(of:) per chain record was chain length x depth.
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
            return Layer(index: i, blob: l.blob, parent: l.parent, size: l.size ?? d?.size, mediaType: l.mediaType ?? d?.mediaType,
                         diffID: diffID, createdAt: l.createdAt ?? d?.annotations["buildkit/createdat"],
                         createdBy: diffID.flatMap { stepByDiffID[$0] }, finalChain: finalLayers.contains(i))
        }
        var notes: [Note] = []
        let configSize = export.loaded.configBytes.count
        if configSize > Self.importLimit {
            notes.append(Note(id: "cache-config-too-large", severity: "error",
                              message: "the cache config is \(configSize) bytes; BuildKit refuses to import a config over \(Self.importLimit) bytes and silently builds cold"))
        }
        if export.loaded.manifestSize > Self.importLimit {
            notes.append(Note(id: "cache-config-too-large", severity: "error",
                              message: "the cache manifest is \(export.loaded.manifestSize) bytes; BuildKit refuses to import one over \(Self.importLimit) bytes"))
        }
        for blob in export.missingBlobs {
            notes.append(Note(id: "missing-blob", severity: "error",
                              message: "layer \(blob) is named by the cache config but not listed by the manifest: results using it cannot be imported"))
        }
        if export.loaded.form == .index && !export.loaded.reference.hasPrefix("oci:") {
            notes.append(Note(id: "index-form", severity: "info",
                              message: "this cache uses the legacy index form; some registries (Amazon ECR among them) reject it: export with image-manifest=true,oci-mediatypes=true"))
        }
        self.notes = notes
    }

    public var intermediateSteps: Int { export.stage.intermediateSteps.count + export.stage.resultsOffChain.count }

    public func json() -> JSONNode {
        let g = export.graph
        let loaded = export.loaded
        let chain = Set(export.stage.chain)
        return .object([
            ("schemaVersion", .int(1)),
            ("reference", .string(loaded.reference)),
            ("manifestDigest", .string(loaded.manifestDigest.description)),
            ("indexDigest", .null),
            ("platform", .null),
            ("cache", .object([
                ("kind", .string("export")),
                ("status", .string("present")),
                ("detail", .null),
                ("form", .string(loaded.form.rawValue)),
                ("mode", .string(export.mode.rawValue)),
                ("records", .int(g.records.count)),
                ("recordsWithResults", .int(export.recordsWithResults)),
                ("layers", .int(export.layers.count)),
                ("configDigest", .string(loaded.configDigest.description)),
                ("configBytes", .int(loaded.configBytes.count)),
            ])),
            ("layers", .array(layers.map { l in
                .object([("index", .int(l.index)), ("digest", .string(l.blob.description)), ("parent", .int(l.parent)),
                         ("size", .optional(l.size)), ("mediaType", .optional(l.mediaType)),
                         ("diffID", .optional(l.diffID?.description)), ("createdAt", .optional(l.createdAt)),
                         ("createdBy", .optional(l.createdBy)), ("finalChain", .bool(l.finalChain))])
            })),
            ("intermediateSteps", .int(intermediateSteps)),
            ("intermediateWithResults", .int(export.stage.resultsOffChain.count)),
            ("notes", .array(notes.map { n in .object([("id", .string(n.id)), ("severity", .string(n.severity)), ("message", .string(n.message))]) })),
            ("records", recordsJSON(g, roles: g.records.indices.map { i in
                g.records[i].isRoot ? "root" : (chain.contains(i) ? "final" : (g.hasResult(i) ? "result" : "intermediate"))
            })),
        ])
    }
}
