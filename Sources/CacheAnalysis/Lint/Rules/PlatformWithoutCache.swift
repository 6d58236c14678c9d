import CacheModel

/// In an index, some platforms carry inline cache and others do not.
public struct PlatformWithoutCache: LintRule {
    public init() {}
    public let id = "platform-without-cache"
    public let severity = LintSeverity.warning
    public let title = "Some platforms of the index have no inline cache"
    public let explanation = """
        Each platform's config carries its own inline cache. When some platforms of a multi-platform image have it \
        and others do not, builds for the platforms without it import nothing, typically because they were built \
        on another runner or builder without `--cache-to type=inline`, or merged into the index afterwards.
        """
    public let fix = """
        Build every platform with `--cache-to type=inline` (one `buildx build --platform a,b`), or give each platform \
        its own registry cache ref (`ref=<repo>:buildcache-<os>-<arch>`).
        """

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard s.siblings.count > 1, s.cache.status == .absent else { return [] }
        let withCache = s.siblings.filter { $0.status != .absent }.map { $0.image.platform.description }
        guard !withCache.isEmpty else { return [] }
        return [finding(stage: "platform \(s.image.platform)",
                        message: "\(s.image.platform) has no inline cache while \(withCache.joined(separator: ", ")) do(es): builds for \(s.image.platform) import nothing",
                        cost: s.wholeBuildCost)]
    }
}
