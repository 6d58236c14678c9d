import CacheModel

/// A manifest, config or inline payload over BuildKit's 1 MiB import limit.
public struct CacheConfigTooLarge: LintRule {
    public init() {}
    public let id = "cache-config-too-large"
    public let severity = LintSeverity.error

    public static let limit = 1 << 20

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard s.cache.status != .absent else { return [] }
        let img = s.image
        func over(_ n: Int) -> Int? { n > Self.limit ? n : nil }
        let inline = over(img.config.inlineCacheBytes), config = over(img.configSize), manifest = over(img.manifestSize)
        guard inline != nil || config != nil || manifest != nil else { return [] }
        return [
            finding(
                scope: .image,
                .cacheConfigTooLarge(inlineCacheBytes: inline, configBytes: config, manifestBytes: manifest, limit: Self.limit),
                cost: s.wholeBuildCost)
        ]
    }
}
