import CacheModel

/// The image was built with `SOURCE_DATE_EPOCH`: every build that imports its cache must use the same value.
public struct SourceDateEpoch: LintRule {
    public init() {}
    public let id = "source-date-epoch"
    public let severity = LintSeverity.info
    public let title = "Built with SOURCE_DATE_EPOCH"
    public let explanation = """
        BuildKit (v0.11+) puts `SOURCE_DATE_EPOCH` into the cache key of every step when it is set. A build that \
        imports this image's cache without it, or with another value, misses every step — WORKDIR and COPY included \
        (measured on BuildKit v0.25). The image's dates are clamped to the value; its cache's result times are not.
        """
    public let fix = """
        Pass the same `SOURCE_DATE_EPOCH` to every build that shares this cache (for example the commit time of the \
        cache's branch, not of each commit), or leave it unset everywhere.
        """

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard let epoch = s.cache.sourceDateEpoch else { return [] }
        return [finding(stage: "image",
                        message: "built with SOURCE_DATE_EPOCH=\(epoch) (its dates are clamped to \(Sanitize.inline(s.image.config.created ?? ""))): a build that imports this cache with another value, or none, misses every step",
                        cost: s.wholeBuildCost)]
    }
}
