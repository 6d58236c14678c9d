import CacheModel

/// A build-arg in scope of RUN steps that never use it.
public struct EarlyBuildArg: LintRule {
    public init() {}
    public let id = "early-build-arg"
    public let severity = LintSeverity.warning

    public func check(_ s: LintSubject) -> [LintFinding] {
        let steps = s.steps
        var unused: [(name: String, layers: [Int])] = []
        for layer in s.firstBuiltLayer..<steps.count {
            guard let run = StepText.run(steps[layer]) else { continue }
            for (name, _) in run.args where !name.hasPrefix("BUILDKIT_") && !StepText.uses(run.command, variable: name) {
                if let i = unused.firstIndex(where: { $0.name == name }) {
                    unused[i].layers.append(layer)
                } else {
                    unused.append((name, [layer]))
                }
            }
        }
        return unused.map { u in
            let first = u.layers[0]
            let unusedBy = u.layers.map { LintFacts.Step(layer: $0, text: StepText.run(steps[$0]).map { "RUN " + $0.command }) }
            var f = finding(
                layer: first, .earlyBuildArg(name: u.name, unusedBy: unusedBy),
                step: steps[first], cost: s.cost(layers: u.layers))
            f.argument = u.name
            return f
        }
    }
}
