import CacheModel

/// What a finding puts at stake: the steps the problem would make run again and the seconds they
/// took, measured from the image itself (its cache's result times, else its history). Each rule
/// says which steps it concerns (docs/rules.md, "What a finding puts at stake").
public struct LintCost: Sendable, Equatable {
    /// A step a finding concerns: a final-stage layer, or a step of another stage (its records'
    /// first index in the cache graph). Two findings of one image naming the same step name it alike.
    enum Step: Hashable, Sendable {
        case layer(Int)
        case other(Int)
    }

    struct Part: Sendable, Equatable {
        let step: Step
        let seconds: Double?
        let note: String?
    }

    let parts: [Part]
    /// Set when the rule does not measure its steps (why), or when every step is unknown for one reason.
    private let reason: String?

    /// The known seconds of the steps, summed: a lower bound when `unknownSteps > 0`; nil when no
    /// step's duration is known (or the finding concerns no steps).
    public var seconds: Double? {
        let known = parts.compactMap(\.seconds)
        return known.isEmpty ? nil : (known.reduce(0, +) * 1000).rounded() / 1000
    }
    /// How many steps the finding concerns.
    public var steps: Int { parts.count }
    /// How many of them have no known duration.
    public var unknownSteps: Int { parts.filter { $0.seconds == nil }.count }
    /// Why the seconds are unknown or partial; nil when every step is known or the finding has no cost.
    public var note: String? {
        if let reason { return reason }
        let unknown = parts.filter { $0.seconds == nil }
        guard let first = unknown.first else { return nil }
        let why = first.note ?? "no time is recorded"
        if unknown.count == parts.count {
            return parts.count == 1 ? "its duration is unknown: \(why)" : "no step's duration is known (\(why))"
        }
        return "\(unknown.count) of \(parts.count) steps have no known duration (\(why)); the seconds are a lower bound"
    }

    init(parts: [Part], reason: String? = nil) {
        self.parts = parts
        self.reason = reason
    }

    /// A finding that concerns no steps: seconds make no sense for it (no note).
    public static let none = LintCost(parts: [])

    /// A finding whose steps the rule does not measure, and why.
    static func notMeasured(_ why: String) -> LintCost { LintCost(parts: [], reason: why) }

    /// A finding of an export rule: lint does not time a cache export's steps.
    static let exportNotTimed = notMeasured("lint does not time the steps of a cache export")

    /// Steps that are all unknown for one reason.
    static func unknown(_ steps: [Step], _ why: String) -> LintCost {
        LintCost(parts: steps.map { Part(step: $0, seconds: nil, note: why) }, reason: why)
    }

    /// The same step counted once: what several findings of one image put at stake together.
    static func union(_ costs: [LintCost]) -> LintCost {
        var seen = Set<Step>()
        var parts: [Part] = []
        for p in costs.flatMap(\.parts) where seen.insert(p.step).inserted { parts.append(p) }
        return LintCost(parts: parts)
    }

    /// Several images' totals together (each image's steps are its own).
    static func sum(_ costs: [LintCost]) -> LintCost { LintCost(parts: costs.flatMap(\.parts)) }
}

/// What a finding's step took, for each layer of the final stage, read once per image.
struct LayerDurations: Sendable {
    let byLayer: [StepDuration]

    /// From the image's cache when it is usable: each final-chain record's result time minus its
    /// inputs' (`Durations.saved`, the rule diff uses for imported caches: the image's cache is what
    /// the next build imports). Without a usable cache, from history (`Durations.history`).
    init(_ cache: ImageCache, firstBuiltLayer: Int) {
        let count = cache.image.manifest.layers.count
        if let g = cache.graph, let stage = cache.stage {
            var recordOf: [Int: Int] = [:]
            for (r, l) in zip(stage.chain, stage.chainLayers) where recordOf[l] == nil { recordOf[l] = r }
            byLayer = (0..<count).map { l in
                guard l >= stage.baseLayerCount else { return .unknown("a layer of the base image") }
                guard let r = recordOf[l] else { return .unknown("no record of the final stage's chain stands for this layer") }
                return Durations.saved(g, r, describe: { _ in "an input" }, cache: "the image's cache")
            }
        } else {
            let ends = cache.layerTimes
            byLayer = (0..<count).map { l in
                l < firstBuiltLayer ? .unknown("a layer of the base image") : Durations.history(ends, layer: l, firstBuilt: firstBuiltLayer)
            }
        }
    }

    /// The cost of re-running these final-stage layers.
    func cost(layers: [Int]) -> LintCost {
        LintCost(parts: layers.map { l in
            let d = l < byLayer.count ? byLayer[l] : .unknown("the image has no such layer")
            return LintCost.Part(step: .layer(l), seconds: d.seconds, note: d.note)
        })
    }
}

extension ImageCache {
    /// `created` of each layer's history entry, in seconds (nil when absent or history is short).
    var layerTimes: [Double?] {
        let h = image.config.layerHistory
        return (0..<image.manifest.layers.count).map { $0 < h.count ? h[$0].created.flatMap { RFC3339Time($0)?.value } : nil }
    }
}

extension LintSubject {
    /// The cost of re-running these final-stage layers.
    func cost(layers: [Int]) -> LintCost { durations.cost(layers: layers) }

    /// The steps of other stages, which inline cache keeps no result (and so no time) for.
    var otherStagesCost: LintCost {
        guard let stage = cache.stage, !stage.intermediateSteps.isEmpty else { return .none }
        return .unknown(stage.intermediateSteps.map { .other($0[0]) },
                        "inline cache keeps no result, and so no time, for steps of other stages")
    }

    /// The whole build: every built layer of the final stage, and every step of other stages the
    /// cache names. Without a usable cache, history shows the final stage only.
    var wholeBuildCost: LintCost {
        let layers = Array(firstBuiltLayer..<steps.count)
        let final = cost(layers: layers)
        guard cache.graph != nil else {
            guard !layers.isEmpty else { return .notMeasured("history shows no layer built by this build") }
            // Other stages leave no history: say so beside whatever is unknown.
            let why = "steps of other stages leave no history and are not counted (a copy from one includes the time the final stage waited for it)"
            return LintCost(parts: final.parts, reason: final.unknownSteps > 0 ? (final.note.map { $0 + "; " + why }) : why)
        }
        return LintCost.union([final, otherStagesCost])
    }
}
