import CacheModel

/// What other stages cost the build that made an image, read from its inline cache's result
/// times: at each final-stage copy from another stage, the time between the end of the step below
/// it and its own end. The final stage waits there while the other stages build; a later build
/// that must re-run such a copy rebuilds every other stage under inline cache (it keeps none of
/// their results) and waits again, where a mode=max registry cache would load them.
///
/// A loaded step keeps the time of the build that made it (history and result times alike), so a
/// gap is read only when the step below the copy provably ran in the same build: its result is
/// no older than the build's start in the image's provenance attestation. Without one, the wait
/// is unknown (a warm build from goapp-old shows 22 s "between" a loaded step and the copy).
public struct OtherStageWait: Sendable, Equatable {
    /// Summed over the copies whose wait is measured; nil when none is.
    public let seconds: Double?
    /// Copies from other stages on the final chain, and how many of them were measured.
    public let copies: Int
    public let measured: Int
    /// Why a copy's wait is not measured (the first reason met).
    public let gap: Gap?

    public enum Gap: Sendable, Equatable {
        case noUsableCache
        /// A copy from another stage, or the step below it, has no result time.
        case noResultTime
        /// No provenance attestation with the build's start.
        case noBuildStart
        /// The step below a copy was loaded from an earlier build.
        case loadedBelow
        case noCopies
    }

    public static func measure(_ cache: ImageCache, times: BuildTimes?) -> OtherStageWait {
        guard let g = cache.graph, let stage = cache.stage else {
            return OtherStageWait(seconds: nil, copies: 0, measured: 0, gap: .noUsableCache)
        }
        let chain = Set(stage.chain)
        var total = 0.0, copies = 0, measured = 0
        var gap: Gap?
        for (i, r) in stage.chain.enumerated() where i > 0 {
            let others = g.records[r].inputs.dropFirst().flatMap { $0 }.map(\.link)
                .filter { !chain.contains($0) && !g.records[$0].isRoot }
            guard !others.isEmpty else { continue }
            copies += 1
            guard let end = Durations.end(g, r), let below = Durations.end(g, stage.chain[i - 1]) else {
                gap = gap ?? .noResultTime
                continue
            }
            guard let started = times?.started else {
                gap = gap ?? .noBuildStart
                continue
            }
            let wait = end - below
            guard below >= started, wait >= 0 else {
                gap = gap ?? .loadedBelow
                continue
            }
            total += wait; measured += 1
        }
        if copies == 0 { gap = .noCopies }
        return OtherStageWait(seconds: measured > 0 ? (total * 1000).rounded() / 1000 : nil, copies: copies, measured: measured, gap: gap)
    }
}
