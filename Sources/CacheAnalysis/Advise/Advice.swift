import CacheModel

/// What `cachectl advise` decides: keep inline cache or move to a registry cache, from measured
/// signals of the image's own inline cache (JSON schema version 1).
public struct Advice: Sendable {
    public enum Recommendation: String, Sendable { case registryCache = "registry-cache", keepInline = "keep-inline" }

    public let reference: String
    public let recommendation: Recommendation
    /// Why, each with the measured number it rests on.
    public let reasons: [String]
    /// Steps a mode=max registry cache would keep that inline cache cannot: steps of other stages
    /// without results plus final-stage holes (per platform; the largest over platforms).
    public let stepsKeptByModeMax: Int
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
    public let snippets: AdviceSnippets
    /// Things that bite people when migrating.
    public let notes: [String]

    public static let placeholderRepository = "registry.example.com/team/app"

    /// - Parameters:
    ///   - reference: the image reference as the user wrote it.
    ///   - images: every platform of it.
    ///   - cacheRef: overrides the default `<repository>:buildcache`.
    public static func advise(reference: String, images: [LoadedImage], cacheRef: String? = nil) -> Advice {
        let caches = images.map { ImageCache(image: $0) }
        let platforms = images.map { $0.platform.description }
        let without = caches.filter { $0.status != .present }
        let inter = caches.map { $0.stage?.intermediateSteps.count ?? 0 }.max() ?? 0
        let interStages = caches.map { $0.stage?.intermediateStages.count ?? 0 }.max() ?? 0
        let holes = caches.map { $0.stage?.holes.count ?? 0 }.max() ?? 0
        let kept = caches.map { ($0.stage?.intermediateSteps.count ?? 0) + ($0.stage?.holes.count ?? 0) }.max() ?? 0

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

        var reasons: [String] = []
        for c in without {
            let p = c.image.platform.description
            switch c.status {
            case .absent:
                reasons.append(images.count > 1
                    ? "\(p) has no inline cache: builds for it import nothing from this image; a registry cache does not depend on how the image itself was pushed"
                    : "the image has no inline cache: --cache-from it imports nothing; a registry cache is exported beside the image, so a re-push or a tool that rewrites the config cannot drop it")
            case let .invalid(why):
                reasons.append("\(images.count > 1 ? p + ": " : "")the inline cache is unusable (\(Sanitize.inline(why))): BuildKit imports nothing")
            case .present: break
            }
        }
        if inter > 0 {
            reasons.append("\(inter) step(s) of other stages are keyed but have no results: inline cache is mode=min, so whenever one must run all of them run; mode=max keeps their layers")
        }
        if holes > 0 {
            reasons.append("\(holes) final-stage layer(s) have no result below a cached one (holes, as BuildKit v0.8 exports after a warm build): a mode=max registry cache keeps every result")
        }
        let recommendation: Recommendation = reasons.isEmpty ? .keepInline : .registryCache
        if recommendation == .keepInline {
            let built = caches.map { c in c.stage.map { c.image.manifest.layers.count - $0.baseLayerCount } ?? 0 }.max() ?? 0
            reasons.append("inline cache already serves the build: every one of its \(built) built layer(s) has a cached result, there are no steps of other stages and no holes, so a mode=max registry cache would keep 0 more steps")
            reasons.append("inline cache travels with the image: no extra ref to push, no extra permissions, and it works with the default docker driver")
            if images.count > 1 { reasons.append("every platform (\(platforms.joined(separator: ", "))) carries its own inline cache") }
        }

        var notes: [String] = []
        if placeholder {
            notes.append("\(Sanitize.inline(reference)) is not a registry reference, so the snippets use the placeholder \(placeholderRepository); replace it with your repository (or pass --cache-ref)")
        }
        if recommendation == .registryCache {
            notes.append("image-manifest=true,oci-mediatypes=true stores the cache as an OCI image manifest: registries that reject BuildKit's legacy index form (Amazon ECR, older Quay/GCR/ACR) need it (it is the default from BuildKit v0.21)")
            notes.append("use one cache ref per platform and per target when they are built by separate jobs or bake targets (e.g. \(cache)-linux-arm64, \(cache)-<target>): jobs writing the same ref overwrite each other's cache")
            notes.append("the default `docker` driver cannot export a registry cache unless the containerd image store is enabled; otherwise create a builder first: docker buildx create --driver docker-container --use")
            notes.append("add ignore-error=true to --cache-to so that a failing cache push (permissions, registry limits) does not fail the build")
            notes.append("the first build after migrating is cold: the cache ref is empty until a build has written it (a missing ref is not an error)")
            if images.count > 1 { notes.append("a single multi-platform build (--platform \(platforms.joined(separator: ","))) writes one cache for all its platforms") }
        }

        let snippets = recommendation == .registryCache
            ? AdviceSnippets(image: image, platforms: images.count > 1 ? platforms : [],
                             cacheFrom: "type=registry,ref=\(cache)",
                             cacheTo: "type=registry,ref=\(cache),mode=max,image-manifest=true,oci-mediatypes=true")
            : AdviceSnippets(image: image, platforms: images.count > 1 ? platforms : [],
                             cacheFrom: "type=registry,ref=\(image)", cacheTo: "type=inline")
        return Advice(reference: reference, recommendation: recommendation, reasons: reasons, stepsKeptByModeMax: kept,
                      intermediateSteps: inter, intermediateStages: interStages, holes: holes, platforms: platforms,
                      platformsWithoutCache: without.map { $0.image.platform.description }, cacheRef: cache,
                      isPlaceholder: placeholder, imageRef: image, snippets: snippets, notes: notes)
    }
}
