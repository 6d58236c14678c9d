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
    public let note: String?

    static func unknown(_ why: String) -> StepDuration { StepDuration(seconds: nil, source: .unknown, note: why) }
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
    func ran(_ r: Int, ran: (Int) -> Bool, describe: (Int) -> String) -> StepDuration {
        guard let end = Self.end(graph, r) else { return .unknown("the new build's cache keeps no result time for it (inline cache and mode=min keep none for other stages)") }
        return Self.span(graph, r, end: end, sameBuild: ran, describe: describe, source: .newBuild)
    }

    /// A step that did not run: its duration in the build that made the imported result `o` of `source`.
    /// `cache` names `source` in the notes (lint reads an image's own cache: "the image's cache").
    /// `started`: when the build that made `source` started (its provenance); with it, a result is
    /// read as made by that build exactly when it is no older than the start, and a step counts only
    /// when it and every input were.
    static func saved(_ source: CacheGraph, _ o: Int, describe: (Int) -> String, cache: String = "the imported cache",
                      started: Double? = nil) -> StepDuration {
        guard let end = end(source, o) else { return .unknown("\(cache) keeps no result time for it") }
        if let started {
            guard end >= started else { return .unknown("\(cache)'s build loaded it from an earlier build, whose start is not recorded") }
            return span(source, o, end: end, sameBuild: { i in (Self.end(source, i) ?? -.infinity) >= started },
                        describe: { _ in "an input" }, source: .importedCache)
        }
        // An input the source build itself reused keeps the time of an earlier build, and nothing
        // in the cache tells the two apart (a warm source build measured 55 s "between" a loaded
        // copy and the 2.7 s step after it). Only a gap short enough that no earlier build can
        // hide in it is read as the step's duration.
        return span(source, o, end: end, sameBuild: { i in
            guard let e = Self.end(source, i) else { return false }
            return sameBuild(inputEnd: e, end: end)
        }, describe: { _ in "an input" }, source: .importedCache, longGap: longGap(cache))
    }

    /// `saved` for lint, which reads the image's own cache (the one the next build imports).
    static func savedInImage(_ g: CacheGraph, _ o: Int) -> StepDuration {
        saved(g, o, describe: { _ in "an input" }, cache: "the image's cache")
    }

    /// The longest gap read as an imported step's own duration.
    static let maxImportedGap = 30.0

    /// Whether an input that ended at `inputEnd` is read as made by the same build as a step that
    /// ended at `end`, when times may come from earlier builds: no later than the step, and close
    /// enough that no earlier build can hide in between (`maxImportedGap`).
    static func sameBuild(inputEnd: Double, end: Double) -> Bool {
        inputEnd <= end && end - inputEnd <= maxImportedGap
    }

    static func longGap(_ cache: String) -> String {
        "more than \(Int(maxImportedGap)) s lie between its result and its input's in \(cache): the input may come from an earlier build"
    }

    /// A final-stage layer's duration from image history, for an image without a usable cache:
    /// `ends[l]` is layer `l`'s history `created` (the step's end, like a result time; a loaded
    /// layer keeps the time of the build that made it), its input is the layer below, and the gap
    /// is read by the same rule as an imported cache's (`sameBuild`). History has no other inputs:
    /// the gap at a copy from another stage includes the time the final stage waited for it.
    static func history(_ ends: [Double?], layer l: Int, firstBuilt: Int) -> StepDuration {
        guard l > firstBuilt, l < ends.count else { return .unknown("the first step of its stage: when it started is not recorded") }
        guard let end = ends[l], let below = ends[l - 1] else { return .unknown("its history entry, or the one below it, has no time") }
        guard sameBuild(inputEnd: below, end: end) else {
            return .unknown(below > end ? "its history time is older than the layer's below it (layers from different builds)" : longGap("the image's history"))
        }
        return StepDuration(seconds: ((end - below) * 1000).rounded() / 1000, source: .importedCache, note: nil)
    }

    static func span(_ g: CacheGraph, _ r: Int, end: Double, sameBuild: (Int) -> Bool, describe: (Int) -> String,
                     source: DurationSource, longGap: String? = nil) -> StepDuration {
        let inputs = Set(g.records[r].inputs.flatMap { $0 }.map(\.link).filter { !g.records[$0].isRoot })
        guard !inputs.isEmpty else { return .unknown("the first step of its stage: when it started is not recorded") }
        var start = -Double.infinity
        for i in inputs.sorted() {
            guard sameBuild(i), let e = Self.end(g, i) else {
                if let longGap, Self.end(g, i) != nil { return .unknown(longGap) }
                return .unknown("it waited for \(describe(i)), whose end this build's cache does not record")
            }
            start = max(start, e)
        }
        let d = end - start
        guard d >= 0 else { return .unknown("its result is older than its inputs' (results from different builds)") }
        return StepDuration(seconds: (d * 1000).rounded() / 1000, source: source, note: nil)
    }
}
