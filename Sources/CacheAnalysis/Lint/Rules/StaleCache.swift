import CacheModel

/// The newest cached result is older than `--max-age`.
public struct StaleCache: LintRule {
    public init() {}
    public let id = "stale-cache"
    public let severity = LintSeverity.info
    public let title = "The newest cached result is old"
    public let explanation = """
        Every result in the cache was written longer ago than --max-age (default 30 days). The image the build \
        imports from is probably no longer the one CI pushes, or base images and dependencies have moved on since, \
        so most steps will miss.
        """
    public let fix = """
        Point --cache-from at the tag CI pushes on every build (e.g. the branch tag or a dedicated `buildcache` \
        ref), or rebuild and push it.
        """

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard let g = s.cache.graph else { return [] }
        // Go's zero time (0001-01-01, written for chains) and anything before 1971 mean "unknown".
        let times = g.results.joined().compactMap { $0.createdAt.flatMap(RFC3339Time.seconds) }.filter { $0 > 365 * 86_400 }
        guard let newest = times.max() else { return [] }
        let age = s.configuration.now - newest
        guard age > s.configuration.maxAge else { return [] }
        return [finding(stage: "image",
                        message: "the newest cached result was written \(LintTime.describe(seconds: age)) ago (over the limit of \(LintTime.describe(seconds: s.configuration.maxAge))): the next build will likely miss where inputs moved on since")]
    }
}
