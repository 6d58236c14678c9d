import CacheModel

/// Steps of other stages are keyed but carry no results (inline cache is min-only).
public struct IntermediateStagesUncached: LintRule {
    public init() {}
    public let id = "intermediate-stages-uncached"
    public let severity = LintSeverity.warning
    public let title = "Steps of other stages have no cached results"
    public let explanation = """
        Inline cache is always mode=min: it keeps layers only for the final image. Steps of other stages \
        (builders, dependency stages) are keyed but have no results, so whenever one of them must run — after \
        any change that reaches that stage — all of them run again, even though their keys matched.
        """
    public let fix = """
        Export a registry cache with `mode=max` (`--cache-to type=registry,ref=<repo>:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`, \
        and `--cache-from type=registry,ref=<repo>:buildcache`); `cachectl advise` prints ready-to-paste snippets.
        """

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard let stage = s.cache.stage, !stage.intermediateSteps.isEmpty else { return [] }
        let n = stage.intermediateSteps.count
        return [finding(stage: "other stages",
                        message: "\(n) step(s) of other stages are keyed but have no cached results: whenever one must run, all of them run (inline cache is mode=min)",
                        cost: s.otherStagesCost)]
    }
}
