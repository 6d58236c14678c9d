import CacheModel

/// The inline cache is present but BuildKit cannot use it.
public struct InvalidCacheMetadata: LintRule {
    public init() {}
    public let id = "invalid-cache-metadata"
    public let severity = LintSeverity.error

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard case let .invalid(why) = s.cache.status else { return [] }
        return [finding(scope: .image, .invalidCacheMetadata(problem: why), cost: s.wholeBuildCost)]
    }
}
