import CacheModel

/// How each planned record meets imported caches when some contents are unknown before the
/// build: `Matcher`'s rule (equal digests and slot counts, every slot agreeing through some
/// alternative whose link matches), with three answers. A slot lacking its content root
/// (`PlannedGraph.unknownContentSlots`) may still agree through that content, once the build has
/// computed it, with any old alternative that links a root without a selector (a content root).
public struct PlannedMatch: Sendable {
    public enum Answer: String, Sendable {
        /// Matches whatever the unknown contents turn out to be.
        case matched
        /// Matches nothing whatever they turn out to be.
        case unmatched
        /// Matches only if an unknown content equals one an imported cache holds.
        case depends
    }

    /// Per planned record.
    public let answers: [Answer]

    /// - Parameter sources: the imported caches' graphs (nil: a source without a usable cache).
    public init(planned p: PlannedGraph, sources: [CacheGraph?]) {
        var combined = [Answer](repeating: .unmatched, count: p.graph.records.count)
        for old in sources.compactMap({ $0 }) {
            let one = Self.answers(p, old)
            for i in combined.indices {
                if one[i] == .matched || combined[i] == .matched {
                    combined[i] = .matched
                } else if one[i] == .depends {
                    combined[i] = .depends
                }
            }
        }
        answers = combined
    }

    public func answer(_ record: Int) -> Answer { answers[record] }

    static func answers(_ p: PlannedGraph, _ old: CacheGraph) -> [Answer] {
        let g = p.graph
        // Per planned record: the old records it surely matches, and those it may match.
        var sure = [Set<Int>](repeating: [], count: g.records.count)
        var maybe = [Set<Int>](repeating: [], count: g.records.count)
        for r in g.topologicalOrder {
            let rec = g.records[r]
            let candidates = (old.byDigest[rec.digest] ?? []).filter { old.records[$0].inputs.count == rec.inputs.count }
            if rec.inputs.isEmpty { sure[r] = Set(candidates); maybe[r] = sure[r]; continue }
            let unknownSlots = Set(p.unknownContentSlots[r] ?? [])
            var s = Set(candidates), m = Set(candidates)
            for (k, slot) in rec.inputs.enumerated() {
                var sureHere = Set<Int>(), maybeHere = Set<Int>()
                for o in m {
                    let oldSlot = old.records[o].inputs[k]
                    let agreesSurely = slot.contains { a in oldSlot.contains { $0.selector == a.selector && sure[a.link].contains($0.link) }
                    }
                    let agreesMaybe =
                        agreesSurely
                        || slot.contains { a in oldSlot.contains { $0.selector == a.selector && maybe[a.link].contains($0.link) } }
                        || (unknownSlots.contains(k) && oldSlot.contains { $0.selector.isEmpty && old.records[$0.link].isRoot })
                    if agreesSurely { sureHere.insert(o) }
                    if agreesMaybe { maybeHere.insert(o) }
                }
                s.formIntersection(sureHere)
                m.formIntersection(maybeHere)
                if m.isEmpty { break }
            }
            sure[r] = s
            maybe[r] = m
        }
        return g.records.indices.map { sure[$0].isEmpty ? (maybe[$0].isEmpty ? .unmatched : .depends) : .matched }
    }
}
