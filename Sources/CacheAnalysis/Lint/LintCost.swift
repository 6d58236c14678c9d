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

    /// Why a step's duration is unknown.
    public enum Unknown: Sendable, Equatable {
        /// A layer of the base image.
        case baseLayer
        /// No record of the final stage's chain stands for the layer.
        case noChainRecord
        /// The image has no such layer.
        case noSuchLayer
        /// A hole layer has no result in the image's cache (`cache-holes`).
        case holeLayer
        /// Inline cache keeps no result, and so no time, for steps of other stages.
        case otherStage
        /// As the duration model says it (`StepDuration.gap`, shared with `diff`).
        case duration(StepDuration.Gap)
    }

    /// Why a finding's seconds are not measured, or are all unknown for one reason.
    public enum Reason: Sendable, Equatable {
        /// Every step is unknown for this reason.
        case allUnknown(Unknown)
        /// A cache mount makes its step slower, not run more often; what a warm mount saves is recorded nowhere.
        case cacheMount
        /// Lint does not time the steps of a cache export.
        case exportNotTimed
        /// History shows no layer built by this build.
        case noBuiltLayer
        /// Read from history: steps of other stages leave no history and are not counted.
        case historyOnly
    }

    struct Part: Sendable, Equatable {
        let step: Step
        let seconds: Double?
        let unknown: Unknown?
    }

    let parts: [Part]
    /// Set when the rule does not measure its steps (why), or when every step is unknown for one reason.
    public let reason: Reason?

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
    /// Why the first step of unknown duration is unknown (nil: none is, or no reason is recorded).
    public var firstUnknown: Unknown? { parts.first { $0.seconds == nil }?.unknown }

    init(parts: [Part], reason: Reason? = nil) {
        self.parts = parts
        self.reason = reason
    }

    /// A finding that concerns no steps: seconds make no sense for it (no note).
    public static let none = LintCost(parts: [])

    /// A finding whose steps the rule does not measure, and why.
    static func notMeasured(_ why: Reason) -> LintCost { LintCost(parts: [], reason: why) }

    /// A finding of an export rule: lint does not time a cache export's steps.
    static let exportNotTimed = notMeasured(.exportNotTimed)

    /// Steps that are all unknown for one reason.
    static func unknown(_ steps: [Step], _ why: Unknown) -> LintCost {
        LintCost(parts: steps.map { Part(step: $0, seconds: nil, unknown: why) }, reason: .allUnknown(why))
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
    /// A layer's duration as the duration model gives it, or why lint has none to ask for.
    enum Entry: Sendable {
        case measured(StepDuration)
        case unknown(LintCost.Unknown)

        var seconds: Double? { if case let .measured(d) = self { return d.seconds }; return nil }
        var unknown: LintCost.Unknown? {
            switch self {
            case let .measured(d): return d.seconds == nil ? d.gap.map(LintCost.Unknown.duration) : nil
            case let .unknown(u): return u
            }
        }
    }

    let byLayer: [Entry]

    /// From the image's cache when it is usable: each final-chain record's result time minus its
    /// inputs' (`Durations.saved`, the rule diff uses for imported caches: the image's cache is what
    /// the next build imports). Without a usable cache, from history (`Durations.history`).
    init(_ cache: ImageCache, firstBuiltLayer: Int) {
        let count = cache.image.manifest.layers.count
        if let g = cache.graph, let stage = cache.stage {
            var recordOf: [Int: Int] = [:]
            for (r, l) in zip(stage.chain, stage.chainLayers) where recordOf[l] == nil { recordOf[l] = r }
            byLayer = (0..<count).map { l in
                guard l >= stage.baseLayerCount else { return .unknown(.baseLayer) }
                guard let r = recordOf[l] else { return .unknown(.noChainRecord) }
                return .measured(Durations.savedInImage(g, r))
            }
        } else {
            let ends = cache.layerTimes
            byLayer = (0..<count).map { l in
                l < firstBuiltLayer ? .unknown(.baseLayer) : .measured(Durations.history(ends, layer: l, firstBuilt: firstBuiltLayer))
            }
        }
    }

    /// The cost of re-running these final-stage layers.
    func cost(layers: [Int]) -> LintCost {
        LintCost(
            parts: layers.map { l in
                let d = l < byLayer.count ? byLayer[l] : .unknown(.noSuchLayer)
                return LintCost.Part(step: .layer(l), seconds: d.seconds, unknown: d.unknown)
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
        return .unknown(stage.intermediateSteps.map { .other($0[0]) }, .otherStage)
    }

    /// The whole build: every built layer of the final stage, and every step of other stages the
    /// cache names. Without a usable cache, history shows the final stage only.
    var wholeBuildCost: LintCost {
        let layers = Array(firstBuiltLayer..<steps.count)
        let final = cost(layers: layers)
        guard cache.graph != nil else {
            guard !layers.isEmpty else { return .notMeasured(.noBuiltLayer) }
            // Other stages leave no history: the renderers say so beside whatever is unknown.
            return LintCost(parts: final.parts, reason: .historyOnly)
        }
        return LintCost.union([final, otherStagesCost])
    }
}
