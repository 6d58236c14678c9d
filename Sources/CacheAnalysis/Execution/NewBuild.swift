import CacheModel

/// The build a diff explains: an image with inline cache, or the cache export the build wrote
/// (`--cache-to type=registry|local`), optionally with the image for its step texts.
public struct NewBuild: Sendable {
    public enum Kind: String, Sendable { case inline, export }

    public let reference: String
    public let manifestDigest: Digest
    public let kind: Kind
    /// The key graph, laid over the image's layers (an export's final chain is re-indexed so that
    /// layer i is the i-th layer of the image).
    public let graph: CacheGraph
    public let stage: FinalStage
    /// `created_by` per layer (nil where unknown).
    public let layerSteps: [String?]
    public var layerCount: Int { graph.layerCount }
    /// The `SOURCE_DATE_EPOCH` the image was built with (nil: none, or unknown for an export).
    public var sourceDateEpoch: Int64?
    /// The blob of each image layer (nil where unknown).
    public var layerBlobs: [LayerBlob?] = []
    /// An export's layer blob per record with a result (other stages too, in mode=max).
    public var recordBlobs: [Int: LayerBlob] = [:]

    public init(image c: ImageCache) throws(DiffError) {
        guard let g = c.graph, let stage = c.stage else {
            switch c.status {
            case .absent: throw DiffError.newHasNoCache(.noInlineCache(reference: c.image.reference))
            case let .invalid(why): throw DiffError.newHasNoCache(.invalid(reference: c.image.reference, why: why))
            case .present: throw DiffError.newHasNoCache(.noGraph(reference: c.image.reference))
            }
        }
        reference = c.image.reference
        manifestDigest = c.image.manifestDigest
        kind = .inline
        graph = g
        self.stage = stage
        layerSteps = c.layerSteps
        sourceDateEpoch = c.sourceDateEpoch
        layerBlobs = c.image.manifest.layers.map { LayerBlob(digest: $0.digest, mediaType: $0.mediaType, size: $0.size) }
    }

    /// - Parameter image: the image the build pushed, to borrow its history's step texts.
    public init(export e: CacheExport, image: ImageCache? = nil) throws(DiffError) {
        let g = e.graph
        guard let top = e.stage.chain.last,
            let result = g.results[top].max(by: { a, b in
                g.layers(of: a).count < g.layers(of: b).count
            })
        else {
            throw DiffError.newHasNoCache(.noTopResult(reference: e.loaded.reference))
        }
        // The image's layers: the top result's chain, root first; export layer → image position.
        let chain = g.layers(of: result)
        var position: [Int: Int] = [:]
        for (i, l) in chain.enumerated() where position[l] == nil { position[l] = i }
        let records = g.records.map { r -> CacheRecord in
            let kept = r.results.compactMap { res -> CacheResult? in
                switch res {
                case let .layer(k, c): return position[k].map { .layer($0, createdAt: c) }
                case let .chain(ks, c):
                    let mapped = ks.compactMap { position[$0] }
                    return mapped.count == ks.count ? .chain(mapped, createdAt: c) : nil
                }
            }
            return CacheRecord(digest: r.digest, inputs: r.inputs, results: kept)
        }
        let view: CacheGraph
        do { view = try CacheGraph.inline(records: records, layerCount: chain.count) } catch {
            throw DiffError.newHasNoCache(.invalid(reference: e.loaded.reference, why: error.description))
        }
        reference = e.loaded.reference
        manifestDigest = e.loaded.manifestDigest
        kind = .export
        graph = view
        stage = FinalStage(graph: view, top: top)
        let blobs = e.recordBlobs
        recordBlobs = blobs
        var sizes: [Digest: Int] = [:]
        for d in e.loaded.layerDescriptors { sizes[d.digest] = d.size }
        layerBlobs = chain.map { k in
            e.layers.indices.contains(k)
                ? LayerBlob(
                    digest: e.layers[k].blob, mediaType: e.layers[k].mediaType,
                    size: sizes[e.layers[k].blob] ?? e.layers[k].size) : nil
        }
        if let image, image.image.manifest.layers.count == chain.count {
            layerSteps = image.layerSteps
        } else {
            layerSteps = Array(repeating: nil, count: chain.count)
        }
    }
}
