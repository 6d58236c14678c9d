import CacheModel

/// What `cachectl diff` reports: each final-stage layer of NEW and each step of every stage,
/// served by the imported caches or run, and why (JSON schema version 1).
public struct DiffReport: Sendable {
    /// Which steps of `new` the imported `sources` serve, which run, and why.
    /// - Parameter verifyDockerfile: refuse a `dockerfile` whose final-stage steps are not what the
    ///   image's history records (off for `history`, whose Dockerfile changes over time).
    public static func analyze(
        sources: [ImportedCache], new: NewBuild, dockerfile: Dockerfile? = nil,
        target: String? = nil, verifyDockerfile: Bool = true
    ) throws(DiffError) -> DiffReport {
        try Differ.diff(sources: sources, new: new, dockerfile: dockerfile, target: target, verifyDockerfile: verifyDockerfile)
    }

    /// One imported image's inline cache against a new image's.
    public static func analyze(old: ImportedCache, new: ImageCache) throws(DiffError) -> DiffReport {
        try Differ.diff(old: old, new: new)
    }

    public struct Side: Sendable { public let reference: String; public let manifestDigest: Digest }
    public let old: Side
    public let new: Side
    public var layers: [LayerVerdict]
    /// Steps of other stages in the new build.
    public let intermediateSteps: Int
    public let intermediateMatchedWithoutResult: Int
    public let intermediateChanged: Int
    /// Steps of other stages the old cache could serve (only a mode=max export has results for them).
    public let intermediateHits: Int
    public var hits: Int { layers.filter { $0.status == .hit }.count }
    public var misses: Int { layers.filter { $0.status == .miss }.count }
    public var firstMiss: LayerVerdict? { layers.first { $0.status == .miss } }
    /// Whether the old side is an image's inline cache (always mode=min).
    public let oldIsInline: Bool
    /// Every cache the build imported, `old` first.
    public var sources: [Source] = []
    /// Every step of every stage of the new build, the final stage first.
    public var stages: [StageVerdict] = []
    /// Whether the new side is the build's cache export rather than an image.
    public var newKind: NewBuild.Kind = .inline
    /// Facts about the pair that explain many steps at once (e.g. a SOURCE_DATE_EPOCH change).
    public var notes: [DiffNote] = []
    /// Whether OLD and NEW were built with different SOURCE_DATE_EPOCH values.
    public var sourceDateEpochDiffers: Bool {
        notes.contains { if case .sourceDateEpoch = $0 { return true } else { return false } }
    }
    /// The longest chain of dependent steps that run, by their known durations.
    public var criticalPathLostSeconds: Double?

    /// Seconds the steps that run took in the new build (those whose duration is known); nil if none is.
    public var timeLostSeconds: Double? { total(stages.flatMap(\.steps).filter { $0.status == .run }) }
    /// `plan`: records of `depends` steps that do not run whichever way the build goes (loaded only
    /// if the step after them must run, else not needed).
    public var dependsButNeverRun: Set<Int> = []
    /// Seconds the steps that did not run took in the builds that made their results (`plan`: the
    /// steps that will not run whatever the build's RUN steps produce; a `depends` step that may run
    /// and an `unknown` one are not counted).
    public var timeSavedSeconds: Double? {
        total(stages.flatMap(\.steps).filter { $0.status == .cached || $0.status == .unneeded || dependsButNeverRun.contains($0.record) })
    }
    /// Steps whose duration is unknown, among those that run and those that did not.
    public var durationsUnknown: (run: Int, saved: Int) {
        let all = stages.flatMap(\.steps).filter { $0.duration.seconds == nil }
        return (all.filter { $0.status == .run }.count, all.filter { $0.status != .run }.count)
    }

    func total(_ steps: [StepVerdict]) -> Double? {
        let known = steps.compactMap(\.duration.seconds)
        return known.isEmpty ? nil : (known.reduce(0, +) * 1000).rounded() / 1000
    }
    /// Layer pairs to compare for changed files; the CLI reads the blobs and calls `fillFiles`.
    public var fileComparisons: [FileComparison] = []

    /// A fact about the pair as a whole.
    public enum DiffNote: Sendable, Equatable {
        /// An imported source (not the first) carries no usable cache.
        case unusableSource(reference: String, detail: ImportedCache.Unusable?)
        /// OLD and NEW were built with different SOURCE_DATE_EPOCH values (nil: none).
        case sourceDateEpoch(reference: String, old: Int64?, new: Int64?)
        /// NEW's newest result is older than OLD's: the references may be given in the wrong order.
        case newOlderThanOld(old: String, new: String)
        /// Stages and steps are named from the Dockerfile NEW's provenance attestation records.
        case namesFromProvenance(filename: String)
    }

    public struct Source: Sendable {
        public let reference: String
        public let manifestDigest: Digest
        public let kind: NewBuild.Kind
        /// Why it carries no usable cache (nil when it does).
        public var unusable: ImportedCache.Unusable? = nil
    }
}
