import CacheModel

/// Final-stage layers without a result below a layer with one, reported once per cause: BuildKit
/// v0.8 warm builds, or (v0.25) a build whose output compression differs from the cache it imported.
public struct CacheHoles: LintRule {
    public init() {}
    public let id = "cache-holes"
    public let severity = LintSeverity.warning
    public let title = "Final-stage layers without a cached result below cached ones"
    public let explanation = """
        The image's inline cache holds no result for some layers below a layer that has one. The next build that \
        changes a step above such a layer rebuilds it and everything after it: the cache "works every second build". \
        Two causes are known: BuildKit v0.8 (Docker 20.10) exports an image whose lower layers came from an imported \
        cache without results for them; and current BuildKit (v0.25) keeps a result only for the last layer when the \
        build's output compression differs from the imported cache's (a zstd cache and a gzip build, or \
        `compression=zstd,force-compression=true` over a gzip cache).
        """
    public let fix = """
        Compression: build with the compression of the cache you import, every time (for zstd: \
        `--output type=image,compression=zstd,force-compression=true,oci-mediatypes=true`), or export a registry \
        cache with `mode=max`. BuildKit v0.8: upgrade (Docker 23+ / BuildKit v0.11+ keep these results), or use a \
        `mode=max` registry cache.
        """

    /// Whether the image's layers are zstd-compressed (the cause BuildKit v0.25 shows).
    static func zstdLayers(_ image: LoadedImage) -> Bool {
        image.manifest.layers.contains { $0.mediaType.hasSuffix("zstd") }
    }

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard let stage = s.cache.stage, let first = stage.holes.first else { return [] }
        let top = stage.layerHasResult.lastIndex(of: true) ?? 0
        let steps = s.steps
        let step = first < steps.count ? steps[first] : nil
        let layers = stage.holes.map(String.init).joined(separator: ", ")
        let what = "layer(s) \(layers) have no cached result although layer \(top) has one: a build that changes a step above them rebuilds them"
        let cause = Self.zstdLayers(s.image)
            ? "; the layers are zstd-compressed and the holes come from a compression change between this build and the cache it imported (BuildKit then keeps only the last layer's result)"
            : "; BuildKit v0.8 (Docker 20.10) leaves such holes where a build took layers from an imported cache"
        // A hole has no result, so the cache keeps no time for it (and none for the layer above it,
        // whose start is the hole's end).
        let cost = LintCost.unknown(stage.holes.map { .layer($0) }, "a hole layer has no result in the image's cache, so no time is recorded for it")
        return [finding(layer: first, message: what + cause, step: step, cost: cost)]
    }
}
