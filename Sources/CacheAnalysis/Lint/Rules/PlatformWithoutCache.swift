import CacheModel

/// In an index, some platforms carry inline cache and others do not.
public struct PlatformWithoutCache: LintRule {
    public init() {}
    public let id = "platform-without-cache"
    public let severity = LintSeverity.warning

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard s.siblings.count > 1, s.cache.status == .absent else { return [] }
        let withCache = s.siblings.filter { $0.status != .absent }.map { $0.image.platform.description }
        guard !withCache.isEmpty else { return [] }
        let platform = s.image.platform.description
        return [
            finding(scope: .platform(platform), .platformWithoutCache(platform: platform, withCache: withCache), cost: s.wholeBuildCost)
        ]
    }
}
