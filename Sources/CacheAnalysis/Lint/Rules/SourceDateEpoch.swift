import CacheModel

/// The image was built with `SOURCE_DATE_EPOCH`: every build that imports its cache must use the same value.
public struct SourceDateEpoch: LintRule {
    public init() {}
    public let id = "source-date-epoch"
    public let severity = LintSeverity.info

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard let epoch = s.cache.sourceDateEpoch else { return [] }
        return [finding(scope: .image, .sourceDateEpoch(epoch: epoch, created: s.image.config.created), cost: s.wholeBuildCost)]
    }
}
