import CacheModel

/// Final-stage layers without a result below a layer with one (BuildKit v0.8 warm builds).
public struct CacheHoles: LintRule {
    public init() {}
    public let id = "cache-holes"
    public let severity = LintSeverity.warning
    public let title = "Final-stage layers without a cached result below cached ones"
    public let explanation = """
        Older BuildKit (v0.8, embedded in Docker 20.10) exports an image whose lower layers came from an imported \
        cache without results for those layers. The next build that changes a step above such a layer rebuilds it \
        and everything after it: the cache "works every second build".
        """
    public let fix = """
        Upgrade BuildKit (Docker 23+ / BuildKit v0.11+ keep these results), or export a registry cache with \
        `mode=max`, which keeps every result.
        """

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard let stage = s.cache.stage, !stage.holes.isEmpty else { return [] }
        let top = stage.layerHasResult.lastIndex(of: true) ?? 0
        let steps = s.steps
        return stage.holes.map { l in
            let step = l < steps.count ? steps[l] : nil
            return finding(layer: l,
                           message: "layer \(l) (\(StepWords.quote(step))) has no cached result although layer \(top) has one: a build that changes a step above it rebuilds it",
                           step: step)
        }
    }
}
