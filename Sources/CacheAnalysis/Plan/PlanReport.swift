import CacheKeys
import CacheModel

/// What `cachectl plan` reports for one platform: every step of the build, before it runs, as the
/// per-step model of `diff` answers it for the key graph computed from the Dockerfile, the context
/// and the base images — plus `depends` and `unknown` where the answer is not knowable yet
/// (JSON schema plan.v1.json).
public struct PlanReport: Sendable {
    /// The answer in `diff`'s shape: stages, steps, summary, first lines.
    public var diff: DiffReport
    public let platform: String
    /// The key formula used, and how many of the plan's records the imported caches hold under it.
    public let formula: KeyFormula
    public let formulaFound: Int
    /// Per step record: the record digest computed for it (`key`) and, for a copy, its content record.
    public var keys: [Int: Digest] = [:]
    public var contentKeys: [Int: Digest] = [:]
    /// Per step record: why its answer is `unknown` or `depends`.
    public var why: [Int: Open] = [:]

    /// Why a step's answer waits for the build.
    public enum Open: Sendable, Equatable {
        /// It copies files from a stage that will run: it hits if that output is byte-identical.
        case dependsOnStage
        /// It follows such a copy.
        case followsDependentCopy
        /// Loaded only if the step after it must run; else not needed.
        case loadedIfNextRuns
        /// Not planned (`unknown`).
        case unplanned(PlannedGraph.Unplanned)
    }
    /// The caches the build imports (empty: a cold build).
    public let imported: [String]
    /// Copies whose changed files can be listed, once the CLI reads their old layers and the context.
    public var fileComparisons: [PlanFileComparison] = []

    public var steps: [StepVerdict] { diff.stages.flatMap(\.steps) }
    public var stepsRun: Int { steps.filter { $0.status == .run }.count }
    /// Seconds the steps that will run (and those that depend and may run) took when the imported
    /// cache's build ran them (`estimateRuns`); nil when no such time is recorded. A step loaded only if
    /// the step after it must run is never run: its seconds count as saved (`diff.timeSavedSeconds`).
    public var timeRunSeconds: Double? { diff.total(steps.filter { $0.status == .run }) }
    public var timeDependsSeconds: Double? {
        diff.total(steps.filter { $0.status == .depends && !diff.dependsButNeverRun.contains($0.record) })
    }

    /// - Parameters:
    ///   - noCache: `--no-cache`: every step runs.
    ///   - noCacheFilter: `--no-cache-filter`: the steps of these stages run.
    public static func analyze(
        _ inputs: PlanInputs, sources: [ImportedCache], dockerfile: Dockerfile?, target: String?,
        platform: String, noCache: Bool = false, noCacheFilter: [String] = [],
        formulaFound: Int = 0
    ) throws -> PlanReport {
        let planned = try PlannedGraph(plan: inputs.plan, baseImages: inputs.baseImages, content: inputs.content, formula: inputs.formula)
        let new = NewBuild(planned: planned, reference: "plan", sourceDateEpoch: inputs.sourceDateEpoch)
        let used = sources.isEmpty ? [ImportedCache.nothing] : sources
        var d = try DiffReport.analyze(sources: used, new: new, dockerfile: dockerfile, target: target, verifyDockerfile: false)
        var report = PlanReport(
            diff: d, platform: platform, formula: inputs.formula, formulaFound: formulaFound,
            imported: sources.map(\.reference))
        // Keys, and what cannot be known before the build.
        var unknownRecords: [Int: PlannedGraph.Unplanned] = [:]
        for (id, r) in planned.stepRecords {
            let step = planned.step(id)
            report.keys[r] = planned.graph.records[r].digest
            if let c = inputs.content[id] { report.contentKeys[r] = c }
            if let why = step.unknown.map(PlannedGraph.Unplanned.keys) ?? inputs.contentUnknown[id] ?? planned.unplanned[id] {
                unknownRecords[r] = why
            }
        }
        // A step without a key (a stand-in record) decides what runs around it, in its stage and in the
        // stages that copy from it or load the image: every step's answer then waits on it.
        let blocker = planned.unplanned.keys.sorted().first.map { id in
            PlannedGraph.Unplanned.waitsOn(step: planned.step(id).name, because: planned.unplanned[id]!)
        }
        if let blocker { for r in planned.stepRecords.values where unknownRecords[r] == nil { unknownRecords[r] = blocker } }
        // Steps are named as the planner printed them (BuildKit's `prefixCommand`), which knows what
        // the Dockerfile alone does not show: a base image's ONBUILD triggers, and the stage name a lone
        // stage keeps when a RUN --mount or a COPY --from of an image adds a state.
        d.stages = plannedNames(d.stages, planned: planned)
        let dependsOn = Set(planned.unknownContent)
        let filtered = Set(noCacheFilter.map { $0.lowercased() })
        var dependent = Set<Int>(), neverRun = Set<Int>()
        d.fileComparisons = []
        d.stages = d.stages.map { st in
            var out = st
            out.steps = st.steps.map { step in
                // No layer exists yet to list files from; an imported inline cache keeps only the checksum.
                var v = step
                v.files = nil
                v.filesGap =
                    v.status == .run && v.reason == .changed
                        && { if case .contentChanged = v.cause { return true } else { return false } }()
                    ? .checksumOnly : nil
                if noCache || (st.name.map { filtered.contains($0.lowercased()) } ?? false) {
                    return v.replacing(status: .run, reason: .noCache, cause: .disabled)
                }
                if let why = unknownRecords[v.record] {
                    report.why[v.record] = .unplanned(why)
                    return v.replacing(status: .unknown, reason: nil, cause: v.cause)
                }
                guard v.status == .run else { return v }
                // A copy whose content is known only once its source stage has run, and the steps after
                // it in its stage: they hit if that stage's output comes out byte-identical.
                let upstreamDepends: Bool = {
                    if case let .upstream(0, _) = v.cause,
                        let prev = st.steps.firstIndex(of: step).flatMap({ $0 > 0 ? st.steps[$0 - 1] : nil })
                    {
                        return dependent.contains(prev.record)
                    }
                    return false
                }()
                // Only a change that arrives through the copied files depends on them: a copy whose own key
                // is new, or whose stage below changed, runs whatever the files turn out to be.
                // (A `COPY --link` copy is made on scratch: its only slot is the source.)
                let onScratch = planned.graph.records[v.record].inputs.count == 1
                let throughSource: Bool = {
                    if onScratch { return v.cause != .ownKeyChanged }
                    if case let .upstream(slot, _) = v.cause { return slot >= 1 }
                    return false
                }()
                if !sources.isEmpty, (dependsOn.contains(v.record) && throughSource) || upstreamDepends {
                    dependent.insert(v.record)
                    report.why[v.record] = dependsOn.contains(v.record) ? .dependsOnStage : .followsDependentCopy
                    return v.replacing(status: .depends, reason: nil, cause: v.cause)
                }
                return v
            }
            // A step loaded only as the input of a step that depends: if that copy hits, nothing needs it.
            for k in out.steps.indices.dropLast() where out.steps[k].status == .cached && out.steps[k + 1].status == .depends {
                let v = out.steps[k]
                report.why[v.record] = .loadedIfNextRuns
                neverRun.insert(v.record)
                out.steps[k] = v.replacing(status: .depends, reason: nil, cause: v.cause)
            }
            return out
        }
        let analogues = sources.map { src in
            src.graph.flatMap { g in
                (try? Matcher(new: new.graph, old: g)).map { (g, $0, StepAnalogue(new: new.graph, old: g, matcher: $0)) }
            }
        }
        d.dependsButNeverRun = neverRun
        report.diff = estimateRuns(d, sources: sources, analogues: analogues)
        report.fileComparisons = fileComparisons(report.diff, planned: planned, sources: sources, analogues: analogues)
        return report
    }

    /// An imported cache's graph, the planned graph's matches in it, and each planned step's analogue.
    typealias Analogues = (graph: CacheGraph, matcher: Matcher, steps: StepAnalogue)

    /// A step that will run (or may) has no time of its own yet: give it the time the same step took
    /// in the build an imported cache recorded, when that build's start is known (its provenance):
    /// then its end minus its inputs' ends is its duration exactly when they were all made by that
    /// build. (Without the start, an input loaded from a build a few seconds earlier cannot be told
    /// from one made in the same build, and the gap would count the time between the builds.) The
    /// same step is its analogue (`StepAnalogue`) when that is sure: the record its key matches, or,
    /// for a final-stage step, the old layer whose history text is the step's own. (Another step
    /// reached the same way — a sibling target's copy — or a text that changed says nothing about
    /// this step's time.) Other steps stay unknown. `analogues`: per source, as `Analogues` (nil
    /// without a graph); made once for this and for `fileComparisons`.
    static func estimateRuns(_ d: DiffReport, sources: [ImportedCache], analogues: [Analogues?]) -> DiffReport {
        var out = d
        var hasAnalogue = Set<Int>()
        for (src, a) in zip(sources, analogues) {
            guard let (g, matcher, steps) = a, let started = src.buildStarted else { continue }
            let analogue = steps.analogue
            var oldText: [Int: String] = [:]
            if let st = src.stage {
                for (r, l) in zip(st.chain, st.chainLayers) where src.layerSteps.indices.contains(l) {
                    if let t = src.layerSteps[l] { oldText[r] = StepText.normalizedHistory(t) }
                }
            }
            for (i, st) in out.stages.enumerated() {
                for (k, v) in st.steps.enumerated() where (v.status == .run || v.status == .depends) && v.duration.seconds == nil {
                    guard v.record < analogue.count, let o = analogue[v.record] else { continue }
                    hasAnalogue.insert(v.record)
                    guard g.hasResult(o) else { continue }
                    let same =
                        matcher.matches[v.record].contains(o)
                        || (v.createdBy.map(StepText.normalizedHistory) != nil && v.createdBy.map(StepText.normalizedHistory) == oldText[o])
                    guard same else { continue }
                    out.stages[i].steps[k].duration = Durations.saved(g, o, started: started)
                }
            }
        }
        // The planned build has no cache of its own: where no time was found, say why in terms of the
        // imported caches (diff's "the new build's cache keeps no time" does not apply before a build).
        let started = sources.contains { $0.buildStarted != nil }
        for (i, st) in out.stages.enumerated() {
            for (k, v) in st.steps.enumerated() where v.duration.seconds == nil && v.duration.gap == .newBuildKeepsNoTime {
                let gap: StepDuration.Gap =
                    sources.isEmpty
                    ? .notStored
                    : !started ? .buildStartUnknown : hasAnalogue.contains(v.record) ? .keepsNoTime(.importedCache) : .noAnalogue
                out.stages[i].steps[k].duration = .unknown(gap)
            }
        }
        return out
    }
}

/// The stages with each step named as the planner printed it.
func plannedNames(_ stages: [StageVerdict], planned: PlannedGraph) -> [StageVerdict] {
    var stepOf: [Int: PlannedGraph.StepID] = [:]
    for (id, rs) in planned.stepAllRecords { for r in rs where stepOf[r] == nil { stepOf[r] = id } }
    return stages.map { st in
        var out = st
        out.steps = st.steps.map { v in stepOf[v.record].flatMap { plannedName(planned.step($0), as: v.name) }.map(v.renamed) ?? v }
        return out
    }
}

/// The name the planner printed for a step (`[stage-0 2/7] …`, `[2/6] ONBUILD COPY …`; a platform
/// prefix left out), with the Dockerfile's own instruction text when the step has one.
func plannedName(_ step: PlannedStep, as dockerfile: StepNames.Name?) -> StepNames.Name? {
    guard step.name.hasPrefix("["), let close = step.name.firstIndex(of: "]") else { return nil }
    let words = step.name[step.name.index(after: step.name.startIndex)..<close].split(separator: " ")
    guard let frac = words.last?.split(separator: "/"), frac.count == 2, let index = Int(frac[0]), let total = Int(frac[1]) else {
        return nil
    }
    let stage = words.dropLast().last { !$0.contains("/") }.map(String.init)
    var text = String(step.name[step.name.index(after: close)...].drop { $0 == " " })
    if let own = dockerfile?.instruction, !text.hasPrefix("ONBUILD ") { text = own }
    return StepNames.Name(stage: stage, index: index, total: total, instruction: text, line: dockerfile?.line ?? step.line)
}

extension StepVerdict {
    /// The same step under another name.
    func renamed(_ name: StepNames.Name) -> StepVerdict {
        var v = StepVerdict(record: record, layer: layer, createdBy: createdBy, name: name, status: status, reason: reason, cause: cause)
        v.keyMatched = keyMatched; v.resultAvailable = resultAvailable; v.duration = duration
        v.files = files; v.filesGap = filesGap; v.keyChange = keyChange; v.oldCreatedBy = oldCreatedBy
        return v
    }

    /// The same step with another status (plan's `depends`, `unknown`, `--no-cache`).
    func replacing(status: StepStatus, reason: RunReason?, cause: StepCause) -> StepVerdict {
        var v = StepVerdict(record: record, layer: layer, createdBy: createdBy, name: name, status: status, reason: reason, cause: cause)
        v.keyMatched = keyMatched; v.resultAvailable = resultAvailable; v.duration = duration
        v.files = files; v.filesGap = filesGap; v.keyChange = keyChange; v.oldCreatedBy = oldCreatedBy
        return v
    }
}
