import CacheModel

/// The patterns of a history, each found by its own rule over the explained builds.
public enum HistoryPatterns {
    /// - Parameter alternates: builds (by tag) that would have run fewer steps importing the build
    ///   two before them, with the steps saved (see `HistoryAnalyzer.alternation`).
    public static func find(_ builds: [HistoryBuild], alternates: [String: Int] = [:]) -> [HistoryPattern] {
        [
            everySecondBuild(builds), brokeAt(builds), noInlineCache(builds), targetsOverwrite(builds, alternates: alternates),
            baseUpdates(builds),
        ].compactMap { $0 }
    }

    static func ordered(_ builds: [HistoryBuild], _ tags: Set<String>) -> [String] {
        builds.map(\.tag).filter { tags.contains($0) }
    }

    /// Builds that re-ran steps whose keys matched a hole of the image they imported.
    public static func everySecondBuild(_ builds: [HistoryBuild]) -> HistoryPattern? {
        var victims: [String] = [], carriers: [String] = []
        for b in builds {
            let holed = b.stages.flatMap(\.steps).contains { $0.status == .run && $0.cause == .matchedWithoutResult(hole: true) }
            guard holed else { continue }
            victims.append(b.tag)
            if let from = b.cacheFrom, !carriers.contains(from) { carriers.append(from) }
        }
        guard !victims.isEmpty else { return nil }
        let all = ordered(builds, Set(victims + carriers))
        return HistoryPattern(
            id: .everySecondBuild, builds: all.isEmpty ? victims : all,
            finding: .everySecondBuild(victims: victims, carriers: carriers))
    }

    /// From one build on, the same final-stage step misses in every build, having hit before.
    public static func brokeAt(_ builds: [HistoryBuild]) -> HistoryPattern? {
        let explained = builds.filter { $0.explained && !$0.layers.isEmpty }
        guard explained.count >= 3 else { return nil }
        func base(_ b: HistoryBuild) -> Int { b.layers.filter { $0.status == .base }.count }
        func changedAt(_ b: HistoryBuild) -> [Int: LayerVerdict] {
            var out: [Int: LayerVerdict] = [:]
            for l in b.layers where l.status == .miss && l.reason == .changed { out[l.index - base(b)] = l }
            return out
        }
        func hitAt(_ b: HistoryBuild, _ p: Int) -> Bool {
            b.layers.contains { $0.index - base(b) == p && $0.status == .hit }
        }
        let changed = explained.map(changedAt)
        // The earliest start k (with a hit at p just before it) after which every build misses at p.
        for k in 1..<explained.count where explained.count - k >= 2 {
            let positions = changed[k].keys.sorted()
            for p in positions where hitAt(explained[k - 1], p) && changed[k...].allSatisfy({ $0[p] != nil }) {
                let tags = explained[k...].map(\.tag)
                let first = changed[k][p]!
                // With a Dockerfile, the step as BuildKit prints it; else its layer's history text.
                let named = explained[k].stages.lazy.flatMap(\.steps).first { $0.layer == first.index }?.name
                return HistoryPattern(
                    id: .brokeAt, builds: tags,
                    finding: .brokeAt(
                        position: p + 1, printed: named?.printed, createdBy: first.createdBy,
                        change: KeyChange.between(old: first.cause?.oldStep, new: first.createdBy)))
            }
        }
        return nil
    }

    /// Builds whose image carries no inline cache, and the builds that imported them.
    public static func noInlineCache(_ builds: [HistoryBuild]) -> HistoryPattern? {
        let without = builds.filter { !$0.hasInlineCache }.map(\.tag)
        guard !without.isEmpty else { return nil }
        let set = Set(without)
        let importers = builds.filter { $0.cacheFrom.map(set.contains) ?? false }.map(\.tag)
        return HistoryPattern(
            id: .noInlineCache, builds: ordered(builds, set.union(importers)),
            finding: .noInlineCache(without: without, importers: importers))
    }

    /// Builds of different targets alternating into one cache ref, each missing the other's steps.
    public static func targetsOverwrite(_ builds: [HistoryBuild], alternates: [String: Int]) -> HistoryPattern? {
        let hit = builds.filter { alternates[$0.tag] != nil }
        guard hit.count >= 2 else { return nil }
        let saved = hit.compactMap { alternates[$0.tag] }.reduce(0, +)
        let tops = Array(Set(hit.compactMap(\.topStep))).sorted()
        return HistoryPattern(id: .targetsOverwrite, builds: hit.map(\.tag), finding: .targetsOverwrite(finalSteps: tops, saved: saved))
    }

    /// Builds that missed because the base image changed under them.
    public static func baseUpdates(_ builds: [HistoryBuild]) -> HistoryPattern? {
        let moved = builds.filter { b in
            b.firstMiss?.reason == .baseChanged || b.stages.flatMap(\.steps).contains { $0.status == .run && $0.cause == .baseChanged }
        }.map(\.tag)
        guard !moved.isEmpty else { return nil }
        return HistoryPattern(id: .baseUpdates, builds: moved, finding: .baseUpdates)
    }
}
