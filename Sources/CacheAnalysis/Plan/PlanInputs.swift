import CacheKeys
import CacheModel

/// What a plan is computed from: BuildKit's keys for every step of the build (`BuildPlan`), and the
/// content records of the files each copy from the context reads.
public struct PlanInputs: Sendable {
    public let plan: BuildPlan
    public let formula: KeyFormula
    /// The base images the plan was made with.
    public let baseImages: [String: BaseImage]
    /// Per copy from the context: the content record of the files it reads.
    public let content: [PlannedGraph.StepID: Digest]
    /// Per copy from the context whose content record is not computed: why.
    public let contentUnknown: [PlannedGraph.StepID: PlannedGraph.Unplanned]

    /// The `SOURCE_DATE_EPOCH` the build is given (it enters every key).
    public let sourceDateEpoch: Int64?

    /// `cacheHolds` tells whether the imported caches hold a record: engines before v0.13 hash a
    /// wildcard copy with v0.8's formula or with v0.9's, and their other keys are the same, so where
    /// the two formulas give different content records the one the caches hold is the builder's (when
    /// they hold neither, the copy's content is new under both and either serves).
    public init(
        plan: BuildPlan, baseImages: [String: BaseImage], tree: ContextTree, formula: KeyFormula,
        sourceDateEpoch: Int64? = nil, cacheHolds: (Digest) -> Bool = { _ in false }
    ) {
        self.plan = plan
        self.sourceDateEpoch = sourceDateEpoch
        self.formula = formula
        self.baseImages = baseImages
        if formula.engine >= .v013ToV016 {
            (content, contentUnknown) = PlannedGraph.contextContent(plan: plan, tree: tree, wildcards: .v0_9Through0_25)
        } else {
            let v08 = PlannedGraph.contextContent(plan: plan, tree: tree, wildcards: .v0_8)
            let v09 = PlannedGraph.contextContent(plan: plan, tree: tree, wildcards: .v0_9Through0_25)
            var content = v08.content
            for (id, d) in v09.content where content[id] == nil || (content[id] != d && cacheHolds(d)) { content[id] = d }
            self.content = content
            contentUnknown = v08.unsupported.filter { content[$0.key] == nil }
        }
    }

    /// The context paths the copies of `plan` read (to hash only those).
    public static func contextSources(_ plan: BuildPlan) -> [String] {
        var out: [String] = []
        for s in plan.steps.flatMap(\.sources) {
            if case .context = s.origin, !out.contains(s.path) { out.append(s.path) }
        }
        return out
    }

    /// How many of the plan's own records (not content records) the caches hold: the key formula
    /// of the builder that made them reproduces the most.
    public static func recordsFound(_ plan: BuildPlan, in sources: [ImportedCache]) -> Int {
        let graphs = sources.compactMap(\.graph)
        guard !graphs.isEmpty else { return 0 }
        return plan.steps.flatMap(\.records).filter { r in graphs.contains { $0.byDigest[r.record] != nil } }.count
    }
}

extension KeyFormula {
    /// The formulas to try when no version is named, the current one first (it wins ties).
    public static var preferred: [KeyFormula] { [.current] + all.filter { $0 != .current } }
}
