import CacheModel

/// A whole-context `COPY . …` / `ADD . …` precedes RUN steps of the final stage.
public struct BroadCopyBeforeRun: LintRule {
    public init() {}
    public let id = "broad-copy-before-run"
    public let severity = LintSeverity.warning

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
            out.append(
                finding(
                    layer: layer, .broadCopyBeforeRun(copy: .init(layer: layer, text: steps[layer]), runLayers: runs),
                    step: steps[layer], cost: s.cost(layers: runs)))
        }
        return out
    }

    private func copyFromLines(_ d: Dockerfile) -> Set<Int> {
        Set(d.instructions.filter { $0.flag("from") != nil }.map(\.line))
    }
}
