import CacheModel

/// Where a step's duration comes from.
public enum DurationSource: String, Sendable, CaseIterable {
    /// The new build's own result times: the step's end minus the latest end of its inputs.
    case newBuild = "new-build"
    /// The imported cache's result times, for a step that did not run: what it cost the build that ran it.
    case importedCache = "imported-cache"
    case unknown
}

/// A step's estimated duration, or why there is none.
public struct StepDuration: Sendable, Equatable {
    public let seconds: Double?
    public let source: DurationSource
    /// Why the duration is unknown (nil when known).
    public let gap: Gap?

    init(seconds: Double?, source: DurationSource, gap: Gap?) { self.seconds = seconds; self.source = source; self.gap = gap }

    static func unknown(_ why: Gap) -> StepDuration { StepDuration(seconds: nil, source: .unknown, gap: why) }

    /// The longest gap between an imported result and its input's read as the step's own duration.
    public static let maxImportedGap = 30.0

    /// Whose times a duration is read from.
    public enum Side: Sendable, Equatable {
        /// The cache the new build imported.
        case importedCache
        /// The image's own cache (lint: the one the next build imports).
        case imageCache
        /// The image's history.
        case imageHistory
    }

    /// Why a step's duration is unknown.
    public enum Gap: Sendable, Equatable {
        case notEstimated
        /// No imported cache holds its result.
        case notStored
        /// The new build's cache keeps no result time for it (inline cache, mode=min: other stages).
        case newBuildKeepsNoTime
        /// `plan`: no step of the imported cache's build is the one it stands for, so none of its times applies.
        case noAnalogue
        /// `plan`: no imported image records when its build started (a provenance attestation), so
        /// result times are not read as the time a step took.
        case buildStartUnknown
        case keepsNoTime(Side)
        /// That cache's build loaded it from an earlier build, whose start is not recorded.
        case loadedFromEarlierBuild(Side)
        /// More than `maxImportedGap` seconds lie between its result and its input's.
        case longGap(Side)
        case firstStep
        case historyWithoutTime
        case historyOlderThanBelow
        /// It waited for a step of the new build (`record`), whose end is not recorded.
        case waitedFor(record: Int)
        /// It waited for an input whose end is not recorded.
        case waitedForInput
        case olderThanInputs
    }
}

/// Durations from result times. BuildKit stamps a result with the time its snapshot was committed
/// (`createdAt` of inline records and `buildkit/createdat` of export layers: the step's end, seen
/// within 10 ms of the rawjson `completed` time on v0.25). A step starts when the last of its
/// inputs is ready (`solver/scheduler.go` dispatches an edge once its dependencies are done), so
/// its duration is its end minus the latest end of its inputs — known only when every input's
/// result was made by the same build. Times are not clamped by `SOURCE_DATE_EPOCH`.
struct Durations {
    let graph: CacheGraph

    /// A result's end time (the latest of its results).
    static func end(_ g: CacheGraph, _ r: Int) -> Double? {
        g.results[r].compactMap { CacheExport.Timestamp($0.createdAt).value }.max()
    }

    /// A step that ran in the new build; `ran(r)` tells which inputs ran in it too.
    func ran(_ r: Int, ran: (Int) -> Bool) -> StepDuration {
        guard let end = Self.end(graph, r) else { return .unknown(.newBuildKeepsNoTime) }
        return Self.span(graph, r, end: end, sameBuild: ran, named: true, source: .newBuild)
    }

    /// A step that did not run: its duration in the build that made the imported result `o` of `source`.
    /// `cache` says whose cache `source` is (lint reads an image's own cache).
    /// `started`: when the build that made `source` started (its provenance); with it, a result is
    /// read as made by that build exactly when it is no older than the start, and a step counts only
    /// when it and every input were.
    static func saved(
        _ source: CacheGraph, _ o: Int, cache: StepDuration.Side = .importedCache,
        started: Double? = nil
    ) -> StepDuration {
        guard let end = end(source, o) else { return .unknown(.keepsNoTime(cache)) }
        if let started {
            guard end >= started else { return .unknown(.loadedFromEarlierBuild(cache)) }
            return span(
                source, o, end: end, sameBuild: { i in (Self.end(source, i) ?? -.infinity) >= started },
                named: false, source: .importedCache)
        }
        // An input the source build itself reused keeps the time of an earlier build, and nothing
        // in the cache tells the two apart (a warm source build measured 55 s "between" a loaded
        // copy and the 2.7 s step after it). Only a gap short enough that no earlier build can
        // hide in it is read as the step's duration.
        return span(
            source, o, end: end,
            sameBuild: { i in
                guard let e = Self.end(source, i) else { return false }
                return sameBuild(inputEnd: e, end: end)
            }, named: false, source: .importedCache, longGap: .longGap(cache))
    }

    /// `saved` for lint, which reads the image's own cache (the one the next build imports).
    static func savedInImage(_ g: CacheGraph, _ o: Int) -> StepDuration {
        saved(g, o, cache: .imageCache)
    }

    /// The longest gap read as an imported step's own duration.
    static let maxImportedGap = StepDuration.maxImportedGap

    /// Whether an input that ended at `inputEnd` is read as made by the same build as a step that
    /// ended at `end`, when times may come from earlier builds: no later than the step, and close
    /// enough that no earlier build can hide in between (`maxImportedGap`).
    static func sameBuild(inputEnd: Double, end: Double) -> Bool {
        inputEnd <= end && end - inputEnd <= maxImportedGap
    }

    /// A final-stage layer's duration from image history, for an image without a usable cache:
    /// `ends[l]` is layer `l`'s history `created` (the step's end, like a result time; a loaded
    /// layer keeps the time of the build that made it), its input is the layer below, and the gap
    /// is read by the same rule as an imported cache's (`sameBuild`). History has no other inputs:
    /// the gap at a copy from another stage includes the time the final stage waited for it.
    static func history(_ ends: [Double?], layer l: Int, firstBuilt: Int) -> StepDuration {
        guard l > firstBuilt, l < ends.count else { return .unknown(.firstStep) }
        guard let end = ends[l], let below = ends[l - 1] else { return .unknown(.historyWithoutTime) }
        guard sameBuild(inputEnd: below, end: end) else {
            return .unknown(below > end ? .historyOlderThanBelow : .longGap(.imageHistory))
        }
        return StepDuration(seconds: ((end - below) * 1000).rounded() / 1000, source: .importedCache, gap: nil)
    }

    /// `named`: the inputs are records of the new build, which a note may name.
    static func span(
        _ g: CacheGraph, _ r: Int, end: Double, sameBuild: (Int) -> Bool, named: Bool,
        source: DurationSource, longGap: StepDuration.Gap? = nil
    ) -> StepDuration {
        let inputs = Set(g.records[r].inputs.flatMap { $0 }.map(\.link).filter { !g.records[$0].isRoot })
        guard !inputs.isEmpty else { return .unknown(.firstStep) }
        var start = -Double.infinity
        for i in inputs.sorted() {
            guard sameBuild(i), let e = Self.end(g, i) else {
                if let longGap, Self.end(g, i) != nil { return .unknown(longGap) }
                return .unknown(named ? .waitedFor(record: i) : .waitedForInput)
            }
            start = max(start, e)
        }
        let d = end - start
        guard d >= 0 else { return .unknown(.olderThanInputs) }
        return StepDuration(seconds: (d * 1000).rounded() / 1000, source: source, gap: nil)
    }
}
