import CacheModel

/// A whole-context `COPY . …` / `ADD . …` precedes RUN steps of the final stage.
public struct BroadCopyBeforeRun: LintRule {
    public init() {}
    public let id = "broad-copy-before-run"
    public let severity = LintSeverity.warning
    public let title = "The whole build context is copied before RUN steps"
    public let explanation = """
        `COPY . …` puts a checksum of the whole build context into the cache key of every later step. Any change to \
        any file (source, README, .git, CI config) re-runs every RUN after it, such as dependency installs.
        """
    public let fix = """
        Copy only what the next RUN needs first (lock files, manifests), run the expensive steps, then `COPY . …`; \
        keep .git and build outputs out of the context with .dockerignore.
        """

    public func check(_ s: LintSubject) -> [LintFinding] {
        let steps = s.steps
        let start = s.firstBuiltLayer
        guard start < steps.count else { return [] }
        let fromFlags = s.dockerfile.map(copyFromLines) ?? []
        let lines = s.dockerfile?.lines(forSteps: steps) ?? [:]
        var out: [LintFinding] = []
        for layer in start..<steps.count {
            guard let sources = StepText.copySources(steps[layer]), sources.contains(where: StepText.isWholeContext) else { continue }
            // History leaves out --from: with a Dockerfile, skip copies from another stage or image.
            if let line = lines[layer], fromFlags.contains(line) { continue }
            let runs = (layer + 1..<steps.count).filter { StepText.run(steps[$0]) != nil }
            guard !runs.isEmpty else { continue }
            out.append(finding(layer: layer,
                               message: "\(StepText.short(steps[layer])) copies the whole build context before \(runs.count) RUN step(s) (layers \(runs.map(String.init).joined(separator: ", "))): any change to any file re-runs them",
                               step: steps[layer], cost: s.cost(layers: runs)))
        }
        return out
    }

    private func copyFromLines(_ d: Dockerfile) -> Set<Int> {
        Set(d.instructions.filter { $0.flag("from") != nil }.map(\.line))
    }
}
