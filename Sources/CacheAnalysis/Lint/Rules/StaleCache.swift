import CacheModel

/// The newest cached result is older than `--max-age`.
public struct StaleCache: LintRule {
    public init() {}
    public let id = "stale-cache"
    public let severity = LintSeverity.info

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard let g = s.cache.graph else { return [] }
        // Go's zero time (0001-01-01, written for chains) and anything before 1971 mean "unknown".
        let times = g.results.joined().compactMap { $0.createdAt.flatMap(RFC3339Time.seconds) }.filter { $0 > 365 * 86_400 }
        guard let newest = times.max() else { return [] }
        let age = s.configuration.now - newest
        guard age > s.configuration.maxAge else { return [] }
        return [finding(scope: .image, .staleCache(ageSeconds: age, maxAgeSeconds: s.configuration.maxAge))]
    }
}
