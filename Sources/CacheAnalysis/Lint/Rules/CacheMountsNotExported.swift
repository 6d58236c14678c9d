import CacheModel

/// `RUN --mount=type=cache` steps: their contents never travel with any exported cache.
public struct CacheMountsNotExported: LintRule {
    public init() {}
    public let id = "cache-mounts-not-exported"
    public let severity = LintSeverity.info

    public func check(_ s: LintSubject) -> [LintFinding] {
        // The step runs as often with a cold mount as with a warm one, only slower; by how much, nothing records.
        let cost = LintCost.notMeasured(.cacheMount)
        var out: [LintFinding] = []
        var seenLines = Set<Int>()
        let steps = s.steps
        let lines = s.dockerfile?.lines(forSteps: steps) ?? [:]
        for (layer, step) in steps.enumerated() {
            guard let step, StepText.instruction(step) == "RUN", step.contains("--mount=type=cache") else { continue }
            if let l = lines[layer] { seenLines.insert(l) }
            out.append(finding(layer: layer, .cacheMount(step: step, line: nil), step: step, cost: cost))
        }
        // BuildKit's Dockerfile frontend leaves mount flags out of history (seen with v0.8 and v0.13); the Dockerfile has them.
        if let d = s.dockerfile {
            for ins in d.instructions
            where ins.keyword == "RUN" && !seenLines.contains(ins.line)
                && ins.flagValues("mount").contains(where: { $0.contains("type=cache") })
            {
                let layer = lines.first { $0.value == ins.line }?.key
                out.append(
                    finding(
                        layer: layer, scope: .dockerfileLine(ins.line), .cacheMount(step: "RUN " + ins.body, line: ins.line),
                        line: ins.line, cost: cost))
            }
        }
        return out
    }
}
