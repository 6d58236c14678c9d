import CacheModel

/// The Dockerfile steps of a build, read from its key graph alone: the final chain (the record
/// whose result is the image, down input slot 0 to the base image), and the chains of the other
/// stages it reaches through `COPY --from` / `RUN --mount=from=` links and `COPY --link` copies.
///
/// A `COPY --link` is two records: the copy, built on scratch (one input slot, its result is the
/// layer), and the merge that lays it onto the stage (slot 0 the stage so far, slot 1 the copy).
/// They are one step here (BuildKit's Dockerfile frontend, `dockerfile2llb`: `--link` turns a copy
/// into `llb.Merge` of the stage and a scratch copy).
public struct BuildSteps: Sendable {
    public struct Step: Sendable, Equatable {
        /// The record that stands for the step in its stage's chain (the merge, for `COPY --link`).
        public let record: Int
        /// The copy of a `COPY --link` (the record whose result is the layer).
        public let linkCopy: Int?
        /// The record the step reports as its own: the copy of a `COPY --link`, else `record`.
        public var reported: Int { linkCopy ?? record }
    }

    public struct Stage: Sendable, Equatable {
        /// Whether the stage builds the image (the final chain).
        public let final: Bool
        /// Steps from the first to the last.
        public let steps: [Step]
    }

    /// The final stage first, then the other stages in the order the final chain reaches them.
    public let stages: [Stage]
    /// Records reachable from the top record, through every alternative.
    public let reachable: Set<Int>

    /// - Parameters:
    ///   - graph: the new build's key graph.
    ///   - chain: the final chain, bottom first (`FinalStage.chain`).
    public init(graph g: CacheGraph, chain: [Int]) {
        var reach = Set<Int>()
        var stack = chain.last.map { [$0] } ?? []
        while let r = stack.popLast() {
            guard reach.insert(r).inserted else { continue }
            for slot in g.records[r].inputs { for alt in slot { stack.append(alt.link) } }
        }
        reachable = reach

        var placed = Set<Int>()
        var stages: [Stage] = []
        var pendingTails: [Int] = []
        func step(_ r: Int) -> Step {
            if let copy = Self.linkCopy(of: r, in: g) { placed.insert(copy); return Step(record: r, linkCopy: copy) }
            return Step(record: r, linkCopy: nil)
        }
        func noteTails(of s: Step) {
            // Other stages start where a step links a built record beyond slot 0 (a copy or mount
            // source), or where a `COPY --link` copy links one through its only slot.
            let rec = g.records[s.record]
            for slot in rec.inputs.dropFirst() { for alt in slot where !g.records[alt.link].isRoot { pendingTails.append(alt.link) } }
            if let c = s.linkCopy {
                for alt in g.records[c].inputs.first ?? [] where !g.records[alt.link].isRoot { pendingTails.append(alt.link) }
            }
        }
        let finalSteps = chain.map(step)
        placed.formUnion(chain)
        stages.append(Stage(final: true, steps: finalSteps))
        finalSteps.reversed().forEach(noteTails)
        // The bottom of the final chain may copy from another stage through its only slot
        // (a copy onto scratch): that stage starts there.
        if let bottom = chain.first, let slot0 = g.records[bottom].inputs.first,
            slot0.contains(where: { g.records[$0.link].isRoot })
        {
            for alt in slot0 where !g.records[alt.link].isRoot { pendingTails.append(alt.link) }
        }
        // Each tail: walk down slot 0 until a root or a record already placed; the records met,
        // bottom first, are one stage (a stage built FROM another stage continues its chain).
        var stageEndingAt: [Int: Int] = [:]
        var cursor = 0
        while cursor < pendingTails.count {
            let tail = pendingTails[cursor]
            cursor += 1
            guard !placed.contains(tail), !g.records[tail].isRoot else { continue }
            var run: [Int] = []
            var cur: Int? = tail
            var seen = Set<Int>()
            while let c = cur, !placed.contains(c), !g.records[c].isRoot, seen.insert(c).inserted {
                run.append(c)
                cur = g.records[c].inputs.first?.first(where: { !g.records[$0.link].isRoot })?.link
            }
            guard !run.isEmpty else { continue }
            let steps = run.reversed().map(step)
            placed.formUnion(run)
            // A stage whose chain continues one already placed extends it: merge them into one.
            if let below = cur, placed.contains(below), let k = stageEndingAt[below] {
                stages[k] = Stage(final: false, steps: stages[k].steps + steps)
                stageEndingAt[below] = nil
                stageEndingAt[run[0]] = k
            } else {
                stageEndingAt[run[0]] = stages.count
                stages.append(Stage(final: false, steps: steps))
            }
            steps.reversed().forEach(noteTails)
        }
        self.stages = stages
    }

    /// The copy record of a `COPY --link` merge: two slots whose alternatives carry no selector,
    /// slot 1 a single link to a built record with one input slot.
    static func linkCopy(of r: Int, in g: CacheGraph) -> Int? {
        let inputs = g.records[r].inputs
        guard inputs.count == 2, inputs[1].count == 1,
            inputs.allSatisfy({ $0.allSatisfy { $0.selector.isEmpty } })
        else { return nil }
        let copy = inputs[1][0].link
        let c = g.records[copy]
        guard c.inputs.count == 1, !c.isRoot else { return nil }
        return copy
    }
}
