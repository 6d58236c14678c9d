import CacheModel

/// A build-arg in scope of RUN steps that never use it.
public struct EarlyBuildArg: LintRule {
    public init() {}
    public let id = "early-build-arg"
    public let severity = LintSeverity.warning
    public let title = "A build-arg is in scope of RUN steps that do not use it"
    public let explanation = """
        Every RUN after an ARG line sees the argument in its environment, and its value is part of the step's cache \
        key (history shows it as `RUN |N K=V …`). Changing the value re-runs all of those steps, also the ones whose \
        command never mentions it.
        """
    public let fix = """
        Move the `ARG` line down to just before the first RUN that uses it (its scope starts at its line), or into \
        the stage that needs it.
        """

    public func check(_ s: LintSubject) -> [LintFinding] {
        let steps = s.steps
        var unused: [(name: String, layers: [Int])] = []
        for layer in s.firstBuiltLayer..<steps.count {
            guard let run = StepText.run(steps[layer]) else { continue }
            for (name, _) in run.args where !name.hasPrefix("BUILDKIT_") && !StepText.uses(run.command, variable: name) {
                if let i = unused.firstIndex(where: { $0.name == name }) { unused[i].layers.append(layer) }
                else { unused.append((name, [layer])) }
            }
        }
        return unused.map { u in
            let first = u.layers[0]
            let list = u.layers.map { "layer \($0) \(StepText.short(StepText.run(steps[$0]).map { "RUN " + $0.command }, limit: 40))" }.joined(separator: ", ")
            var f = finding(layer: first,
                           message: "build-arg \(Sanitize.inline(u.name)) is in scope of \(u.layers.count) RUN step(s) that never use it (\(list)): changing its value re-runs them all",
                           fix: "Declare `ARG \(Sanitize.inline(u.name))` just before the first RUN that uses it (its scope starts at its line), or only in the stage that needs it.",
                           step: steps[first], cost: s.cost(layers: u.layers))
            f.argument = u.name
            return f
        }
    }
}
