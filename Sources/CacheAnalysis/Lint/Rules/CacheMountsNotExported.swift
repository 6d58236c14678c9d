import CacheModel

/// `RUN --mount=type=cache` steps: their contents never travel with any exported cache.
public struct CacheMountsNotExported: LintRule {
    public init() {}
    public let id = "cache-mounts-not-exported"
    public let severity = LintSeverity.info
    public let title = "RUN steps use cache mounts, which no exported cache carries"
    public let explanation = """
        The contents of `RUN --mount=type=cache` directories stay in the builder that ran the step. Neither inline \
        nor registry, local or GitHub Actions caches export them, so on a fresh CI runner the mount starts empty and \
        the step does all its work again whenever it runs.
        """
    public let fix = """
        Expect cold cache mounts on fresh runners: keep the step's own layer cached (so it does not run), use a \
        persistent builder, or save and restore the mount directory (e.g. reproducible-containers/buildkit-cache-dance).
        """

    public func check(_ s: LintSubject) -> [LintFinding] {
        // The step runs as often with a cold mount as with a warm one, only slower; by how much, nothing records.
        let cost = LintCost.notMeasured("a cache mount makes its step slower when it runs, not run more often; what a warm mount saves is recorded nowhere")
        var out: [LintFinding] = []
        var seenLines = Set<Int>()
        let steps = s.steps
        let lines = s.dockerfile?.lines(forSteps: steps) ?? [:]
        for (layer, step) in steps.enumerated() {
            guard let step, StepText.instruction(step) == "RUN", step.contains("--mount=type=cache") else { continue }
            if let l = lines[layer] { seenLines.insert(l) }
            out.append(finding(layer: layer, message: "\(StepText.short(step)) uses a cache mount: its contents are not in any exported cache", step: step, cost: cost))
        }
        // BuildKit's Dockerfile frontend leaves mount flags out of history (seen with v0.8 and v0.13); the Dockerfile has them.
        if let d = s.dockerfile {
            for ins in d.instructions where ins.keyword == "RUN" && !seenLines.contains(ins.line)
                && ins.flagValues("mount").contains(where: { $0.contains("type=cache") }) {
                let layer = lines.first { $0.value == ins.line }?.key
                out.append(finding(layer: layer, stage: layer == nil ? "Dockerfile line \(ins.line)" : nil,
                                   message: "\(StepText.short("RUN " + ins.body)) (line \(ins.line)) uses a cache mount: its contents are not in any exported cache",
                                   line: ins.line, cost: cost))
            }
        }
        return out
    }
}
