import CacheModel

/// Final-stage layers without a result below a layer with one, reported once per cause: BuildKit
/// v0.8 warm builds, or (v0.25) a build whose output compression differs from the cache it imported.
public struct CacheHoles: LintRule {
    public init() {}
    public let id = "cache-holes"
    public let severity = LintSeverity.warning

    /// Whether the image's layers are zstd-compressed (the cause BuildKit v0.25 shows).
    static func zstdLayers(_ image: LoadedImage) -> Bool {
        image.manifest.layers.contains { $0.mediaType.hasSuffix("zstd") }
    }

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard let stage = s.cache.stage, let first = stage.holes.first else { return [] }
        let top = stage.layerHasResult.lastIndex(of: true) ?? 0
        let steps = s.steps
        let step = first < steps.count ? steps[first] : nil
        let cause: LintFacts.HoleCause = Self.zstdLayers(s.image) ? .compressionChange : .buildkitV08
        // A hole has no result, so the cache keeps no time for it (and none for the layer above it,
        // whose start is the hole's end).
        let cost = LintCost.unknown(stage.holes.map { .layer($0) }, .holeLayer)
        return [finding(layer: first, .cacheHoles(layers: stage.holes, cachedAbove: top, cause: cause), step: step, cost: cost)]
    }
}
