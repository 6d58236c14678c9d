import CacheModel

/// Steps of other stages are keyed but carry no results (inline cache is min-only).
public struct IntermediateStagesUncached: LintRule {
    public init() {}
    public let id = "intermediate-stages-uncached"
    public let severity = LintSeverity.warning

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard let stage = s.cache.stage, !stage.intermediateSteps.isEmpty else { return [] }
        return [finding(scope: .otherStages, .intermediateStagesUncached(steps: stage.intermediateSteps.count), cost: s.otherStagesCost)]
    }
}
