import CacheModel

/// The config carries no `moby.buildkit.cache.v0`.
public struct NoInlineCache: LintRule {
    public init() {}
    public let id = "no-inline-cache"
    public let severity = LintSeverity.error

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard s.cache.status == .absent else { return [] }
        return [finding(scope: .image, .noInlineCache, cost: s.wholeBuildCost)]
    }
}
