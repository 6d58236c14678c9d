import CacheModel

/// What `cachectl advise` decides: keep inline cache or move to a registry cache, from measured
/// signals of the image's own inline cache (JSON schema version 1).
public struct Advice: Sendable {
    public enum Recommendation: String, Sendable { case registryCache = "registry-cache", keepInline = "keep-inline" }

    public let reference: String
    public let recommendation: Recommendation
    /// Why, each with the measured number it rests on.
    public let reasons: [Reason]
    /// Steps a mode=max registry cache would keep that inline cache cannot: steps of other stages
    /// without results plus final-stage holes (per platform; the largest over platforms).
    public let stepsKeptByModeMax: Int
    /// Seconds the final stage waited for other stages in the build that made the image (the
    /// largest over platforms): what mode=max saves per build that must re-run those copies.
    public let otherStageWait: OtherStageWait
    public let intermediateSteps: Int
    public let intermediateStages: Int
    public let holes: Int
    public let platforms: [String]
    public let platformsWithoutCache: [String]
    /// The registry cache ref the snippets use.
    public let cacheRef: String
    /// Whether `cacheRef` and `imageRef` are placeholders (the image came from an OCI layout).
    public let isPlaceholder: Bool
    /// The image ref the snippets tag and push.
    public let imageRef: String
    /// What the ready-to-paste configurations use.
    public let snippet: Snippet
    /// Things that bite people when migrating.
    public let notes: [Note]

    public enum Reason: Sendable, Equatable {
        /// A platform (nil: the only one) has no inline cache.
        case noInlineCache(platform: String?)
        case unusableInlineCache(platform: String?, why: String)
        /// Steps of other stages keyed without results (mode=min).
        case otherStagesWithoutResults(steps: Int)
        /// The final stage's wait for other stages in the build that made the image.
        case otherStageWait(seconds: Double, measured: Int, copies: Int)
        case otherStageWaitUnknown(OtherStageWait.Gap)
        /// Final-stage layers without a result below a cached one.
        case holes(Int)
        case inlineServes(builtLayers: Int)
        case inlineTravels
        case everyPlatformCarries([String])
    }

    public enum Note: Sendable, Equatable {
        /// The reference is not a registry reference: the snippets use a placeholder.
        case placeholder(reference: String)
        case imageManifest
        case oneRefPerJob(cacheRef: String)
        case dockerDriver
        case ignoreError
        case firstBuildCold
        case oneMultiPlatformBuild([String])
    }

    /// The image to tag and push, its platforms (empty: the builder's) and the cache import and export.
    public struct Snippet: Sendable, Equatable {
        public let image: String
        public let platforms: [String]
        public let cacheFrom: String
        public let cacheTo: String
    }

    public static let placeholderRepository = "registry.example.com/team/app"

    /// - Parameters:
    ///   - reference: the image reference as the user wrote it.
    ///   - images: every platform of it.
    ///   - cacheRef: overrides the default `<repository>:buildcache`.
    ///   - buildTimes: per image manifest, the build times of its provenance attestation.
    public static func analyze(
        reference: String, images: [LoadedImage], cacheRef: String? = nil,
        buildTimes: [Digest: BuildTimes] = [:]
    ) -> Advice {
        let caches = images.map { ImageCache(image: $0) }
        let platforms = images.map { $0.platform.description }
        let without = caches.filter { $0.status != .present }
        let inter = caches.map { $0.stage?.intermediateSteps.count ?? 0 }.max() ?? 0
        let interStages = caches.map { $0.stage?.intermediateStages.count ?? 0 }.max() ?? 0
        let holes = caches.map { $0.stage?.holes.count ?? 0 }.max() ?? 0
        let kept = caches.map { ($0.stage?.intermediateSteps.count ?? 0) + ($0.stage?.holes.count ?? 0) }.max() ?? 0
        let waits = caches.map { OtherStageWait.measure($0, times: buildTimes[$0.image.manifestDigest]) }
        let wait = waits.max { ($0.seconds ?? -1) < ($1.seconds ?? -1) } ?? OtherStageWait(seconds: nil, copies: 0, measured: 0, gap: nil)

        // Where the snippets point.
        var repo = placeholderRepository
        var tag = "latest"
        var placeholder = true
        if case let .registry(r)? = try? ImageReference.parse(reference) {
            repo = "\(r.registry)/\(r.repository)"
            tag = r.tag ?? "latest"
            placeholder = false
        }
        let cache = cacheRef ?? "\(repo):buildcache"
        let image = "\(repo):\(tag)"

        var reasons: [Reason] = []
        for c in without {
            let p = images.count > 1 ? c.image.platform.description : nil
            switch c.status {
            case .absent: reasons.append(.noInlineCache(platform: p))
            case let .invalid(why): reasons.append(.unusableInlineCache(platform: p, why: why))
            case .present: break
            }
        }
        if inter > 0 {
            reasons.append(.otherStagesWithoutResults(steps: inter))
            if let secs = wait.seconds {
                reasons.append(.otherStageWait(seconds: secs, measured: wait.measured, copies: wait.copies))
            } else if wait.copies > 0, let why = wait.gap {
                reasons.append(.otherStageWaitUnknown(why))
            }
        }
        if holes > 0 { reasons.append(.holes(holes)) }
        let recommendation: Recommendation = reasons.isEmpty ? .keepInline : .registryCache
        if recommendation == .keepInline {
            let built = caches.map { c in c.stage.map { c.image.manifest.layers.count - $0.baseLayerCount } ?? 0 }.max() ?? 0
            reasons.append(.inlineServes(builtLayers: built))
            reasons.append(.inlineTravels)
            if images.count > 1 { reasons.append(.everyPlatformCarries(platforms)) }
        }

        var notes: [Note] = []
        if placeholder { notes.append(.placeholder(reference: reference)) }
        if recommendation == .registryCache {
            notes += [.imageManifest, .oneRefPerJob(cacheRef: cache), .dockerDriver, .ignoreError, .firstBuildCold]
            if images.count > 1 { notes.append(.oneMultiPlatformBuild(platforms)) }
        }

        let snippet =
            recommendation == .registryCache
            ? Snippet(
                image: image, platforms: images.count > 1 ? platforms : [], cacheFrom: "type=registry,ref=\(cache)",
                cacheTo: "type=registry,ref=\(cache),mode=max,image-manifest=true,oci-mediatypes=true")
            : Snippet(
                image: image, platforms: images.count > 1 ? platforms : [], cacheFrom: "type=registry,ref=\(image)",
                cacheTo: "type=inline")
        return Advice(
            reference: reference, recommendation: recommendation, reasons: reasons, stepsKeptByModeMax: kept, otherStageWait: wait,
            intermediateSteps: inter, intermediateStages: interStages, holes: holes, platforms: platforms,
            platformsWithoutCache: without.map { $0.image.platform.description }, cacheRef: cache,
            isPlaceholder: placeholder, imageRef: image, snippet: snippet, notes: notes)
    }
}
