import CacheModel

/// A manifest, config or inline payload over BuildKit's 1 MiB import limit.
public struct CacheConfigTooLarge: LintRule {
    public init() {}
    public let id = "cache-config-too-large"
    public let severity = LintSeverity.error
    public let title = "Cache metadata over BuildKit's 1 MiB import limit"
    public let explanation = """
        BuildKit refuses to read a manifest or config blob over 1 MiB when it imports a cache, and then builds \
        without cache without failing. An inline payload over 1 MiB makes the config too large by itself.
        """
    public let fix = """
        Shrink what the cache describes: split the build into smaller targets with one cache ref each, drop large \
        LABELs/ENV values from the config, or move to a registry cache (`mode=max` with one ref per target).
        """

    public static let limit = 1 << 20

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard s.cache.status != .absent else { return [] }
        let img = s.image
        var parts: [String] = []
        if img.config.inlineCacheBytes > Self.limit { parts.append("the inline cache payload is \(img.config.inlineCacheBytes) bytes") }
        if img.configSize > Self.limit { parts.append("the config is \(img.configSize) bytes") }
        if img.manifestSize > Self.limit { parts.append("the manifest is \(img.manifestSize) bytes") }
        guard !parts.isEmpty else { return [] }
        return [finding(stage: "image",
                        message: parts.joined(separator: ", ") + " (limit \(Self.limit)): BuildKit refuses to import it and the next build runs cold without an error",
                        cost: s.wholeBuildCost)]
    }
}
