import CacheModel

/// The old side of a diff: a cache the new build imported.
public struct ImportedCache: Sendable {
    public let reference: String
    public let manifestDigest: Digest
    /// nil when the old side carries no usable cache.
    public let graph: CacheGraph?
    /// Why there is no graph (absent or invalid), for the `no-cache` detail.
    public let unusable: Unusable?

    /// Why an imported source serves no step.
    public enum Unusable: Sendable, Equatable {
        /// The image carries no inline cache (no `moby.buildkit.cache.v0` in its config).
        case noInlineCache(reference: String)
        /// Its inline cache is there, but BuildKit cannot import it (why).
        case invalid(reference: String, why: String)
        /// Nothing is imported: a cold build.
        case nothingImported
    }
    /// For an image: its final stage and layer steps, to quote before/after texts.
    public let stage: FinalStage?
    public let layerSteps: [String?]
    public let baseDiffIDs: [Digest]
    public let isInline: Bool
    /// The source's final chain (records), to tell a hole from a step of another stage.
    public var finalChain: Set<Int> = []
    /// The `SOURCE_DATE_EPOCH` an image source was built with (nil: none, or an export).
    public var sourceDateEpoch: Int64?
    /// An image's layers; an export's layer blob per record with a result (its top layer).
    public var layerBlobs: [LayerBlob] = []
    public var recordBlobs: [Int: LayerBlob] = [:]
    /// Blobs an export's config names that the export does not hold.
    public var missingBlobs: Set<Digest> = []
    /// When the build that made an image source started, from its provenance attestation: a result
    /// no older than this was made by that build (a loaded one keeps an earlier build's time).
    public var buildStarted: Double?

    public init(image c: ImageCache) {
        reference = c.image.reference
        manifestDigest = c.image.manifestDigest
        graph = c.graph
        stage = c.stage
        layerSteps = c.layerSteps
        isInline = true
        finalChain = Set(c.stage?.chain ?? [])
        sourceDateEpoch = c.sourceDateEpoch
        layerBlobs = c.image.manifest.layers.map { LayerBlob(digest: $0.digest, mediaType: $0.mediaType, size: $0.size) }
        let base = c.stage?.baseLayerCount ?? 0
        baseDiffIDs = Array(c.image.config.diffIDs.prefix(base))
        switch c.status {
        case .absent: unusable = .noInlineCache(reference: c.image.reference)
        case let .invalid(why): unusable = .invalid(reference: c.image.reference, why: why)
        case .present: unusable = nil
        }
    }

    /// What a cold build imports: no cache at all.
    public static let nothing = ImportedCache()

    private init() {
        reference = "(nothing)"; manifestDigest = Digest.sha256(of: [UInt8]()); graph = nil
        unusable = .nothingImported; stage = nil; layerSteps = []; baseDiffIDs = []; isInline = true
    }

    public init(reference: String, manifestDigest: Digest, graph: CacheGraph, layerSteps: [String?] = []) {
        self.reference = reference; self.manifestDigest = manifestDigest; self.graph = graph
        unusable = nil; stage = nil; self.layerSteps = layerSteps; baseDiffIDs = []; isInline = false
    }
}
