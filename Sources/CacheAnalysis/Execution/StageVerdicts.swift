import CacheModel

/// One step of the new build, with what BuildKit does with it.
public struct StepVerdict: Sendable, Equatable {
    /// NEW's record index (the copy, for a `COPY --link`).
    public let record: Int
    /// The image layer the step makes (final stage), nil for other stages.
    public let layer: Int?
    /// The image history's text for that layer.
    public let createdBy: String?
    /// With `--dockerfile`: the step as BuildKit prints it, and its line.
    public let name: StepNames.Name?
    public let status: StepStatus
    public let reason: RunReason?
    public let cause: StepCause
    /// Its key matches a record of an imported cache / that record carries a result.
    public var keyMatched = false
    public var resultAvailable = false
    /// How long it took in the new build (run), or in the build that made the result it reuses.
    public var duration = StepDuration.unknown(.notEstimated)
    /// For a copy that runs because its content changed: the files that differ from OLD's layer.
    public var files: [FileChange]? = nil
    public var filesGap: FilesGap? = nil
    /// For a final-stage step whose own key is new: what changed in its history text.
    public var keyChange: KeyChange? = nil
    /// For that step: OLD's history text at the same position.
    public var oldCreatedBy: String? = nil
}

public struct StageVerdict: Sendable, Equatable {
    /// Whether the stage builds the image (the final stage and the stages it is built FROM).
    public let final: Bool
    /// With `--dockerfile`: the stage's name as BuildKit prints it.
    public let name: String?
    public var steps: [StepVerdict]
    public var run: Int { steps.filter { $0.status == .run }.count }
}

enum StageVerdicts {
    static func make(
        new: NewBuild, sources: [ImportedCache], dockerfile: Dockerfile?, target: String?,
        matchers: [Matcher?]? = nil
    ) throws(DiffError) -> (stages: [StageVerdict], criticalPath: Double?) {
        let stage = new.stage
        guard let top = stage.chain.last else { return ([], nil) }
        let graphs = sources.map(\.graph)
        let exec = try Execution(
            graph: new.graph, top: top, sources: graphs, baseRoots: Set(stage.baseRoots),
            sourceChains: sources.map(\.finalChain), matchers: matchers)
        let g = exec.graph
        let steps = BuildSteps(graph: g, chain: stage.chain)
        let names = dockerfile.map { StepNames(dockerfile: $0, graph: g, steps: steps, target: target) }
        let layerOf = Dictionary(zip(stage.chain, stage.chainLayers), uniquingKeysWith: { a, _ in a })

        let durations = Durations(graph: g)
        func ran(_ r: Int) -> Bool { exec.outcomes[r]?.status == .run }
        func duration(_ r: Int, _ o: Execution.Outcome) -> StepDuration {
            if o.status == .run { return durations.ran(r, ran: ran) }
            for (i, src) in sources.enumerated() {
                guard let sg = src.graph, let m = exec.matchers[i], let match = m.matchesWithResult(r, in: sg).first else { continue }
                return Durations.saved(sg, match, started: src.buildStarted)
            }
            return .unknown(.notStored)
        }
        var byRecord: [Int: Double] = [:]
        var out: [StageVerdict] = []
        for st in steps.stages {
            var verdicts: [StepVerdict] = []
            for s in st.steps {
                let outcome = combined(s, exec.outcomes)
                let layer = st.final ? layerOf[s.record].flatMap { $0 >= 0 && $0 < new.layerCount ? $0 : nil } : nil
                let createdBy = layer.flatMap { new.layerSteps[$0] }
                var v = StepVerdict(
                    record: s.reported, layer: layer, createdBy: createdBy,
                    name: names?.names[s.record], status: outcome.status, reason: outcome.reason,
                    cause: outcome.cause)
                if outcome.cause == .ownKeyChanged, let layer {
                    v.oldCreatedBy = oldStep(sources, newBase: stage.baseLayerCount, layer: layer)
                    v.keyChange = KeyChange.between(old: v.oldCreatedBy, new: createdBy)
                }
                v.keyMatched = outcome.keyMatched
                v.resultAvailable = outcome.resultAvailable
                let timed = s.linkCopy.flatMap { c in outcome == exec.outcomes[c] ? c : nil } ?? s.record
                v.duration = duration(timed, outcome)
                if outcome.status == .run, let d = v.duration.seconds { byRecord[timed] = d }
                verdicts.append(v)
            }
            // With names, a chain of several Dockerfile stages (one built FROM another) splits into them.
            var cur: [StepVerdict] = []
            var curName: String?? = .none
            for v in verdicts {
                let n = v.name?.stage
                if let c = curName, c != n, !cur.isEmpty {
                    out.append(StageVerdict(final: st.final, name: c, steps: cur)); cur = []
                }
                curName = .some(n)
                cur.append(v)
            }
            if !cur.isEmpty { out.append(StageVerdict(final: st.final, name: curName ?? nil, steps: cur)) }
        }
        // The longest chain of dependent steps that run (unknown durations count 0).
        var path = [Double](repeating: 0, count: g.records.count)
        var any = false
        for r in g.topologicalOrder where ran(r) {
            let below = g.records[r].inputs.flatMap { $0 }.map { path[$0.link] }.max() ?? 0
            path[r] = below + (byRecord[r] ?? 0)
            any = any || byRecord[r] != nil
        }
        return (out, any ? (path.max().map { ($0 * 1000).rounded() / 1000 }) : nil)
    }

    /// The history text of the first imported image's layer at the same position of the final stage.
    static func oldStep(_ sources: [ImportedCache], newBase: Int, layer: Int) -> String? {
        for src in sources {
            guard let oldStage = src.stage else { continue }
            let j = oldStage.baseLayerCount + (layer - newBase)
            if layer >= newBase, src.layerSteps.indices.contains(j) { return src.layerSteps[j] }
        }
        return nil
    }

    /// A `COPY --link` is its copy and its merge: loaded if either was loaded, else the copy's status.
    static func combined(_ s: BuildSteps.Step, _ outcomes: [Execution.Outcome?]) -> Execution.Outcome {
        let main = outcomes[s.record] ?? Execution.Outcome(status: .unneeded, reason: nil, cause: .unneeded)
        guard let c = s.linkCopy else { return main }
        let copy = outcomes[c] ?? Execution.Outcome(status: .unneeded, reason: nil, cause: .unneeded)
        if copy.status == .run { return copy }
        if copy.status == .cached { return copy }
        if main.status == .cached { return main }
        return copy
    }
}
