import CacheModel

/// What BuildKit does with one step of the new build, given the caches it imported.
public enum StepStatus: String, Sendable, CaseIterable {
    /// Its result is loaded from an imported cache.
    case cached
    /// Its key matched, and nothing that runs needs its output (BuildKit prints CACHED).
    case unneeded
    /// BuildKit executes it.
    case run
    /// `plan` only: its answer needs the output of a step that will run (a `COPY --from` of a stage
    /// that re-runs hits only if that stage's output is byte-identical).
    case depends
    /// `plan` only: it cannot be known before the build (an `ADD` of a URL, another frontend).
    case unknown
}

/// Why a step runs.
public enum RunReason: String, Sendable, CaseIterable {
    /// The step itself, or the content it copies, changed.
    case changed
    /// An input changed: an earlier step of its stage, or the stage it copies from.
    case upstreamChanged = "upstream-changed"
    /// Its key matched, but no imported cache holds its result (inline cache and mode=min keep
    /// none for other stages; BuildKit v0.8 and compression changes leave holes).
    case notExported = "not-exported"
    /// It ran only so that a content-keyed copy could checksum its output; that copy then hit.
    case neededForChecksum = "needed-for-checksum"
    /// The base image changed.
    case baseChanged = "base-changed"
    /// No imported source carries a usable cache.
    case noCache = "no-cache"
}

/// The structured cause of a step's status: the records involved, for renderers to name.
public enum StepCause: Sendable, Equatable {
    /// Loaded from source `source` (index into the sources).
    case loaded(source: Int)
    case unneeded
    case noCache
    /// The build was told not to use the cache for it (`--no-cache`, `--no-cache-filter`).
    case disabled
    case baseChanged
    /// The step's own key is new (its instruction, an ARG or ENV in scope).
    case ownKeyChanged
    /// The content it copies changed (a new content checksum in input slot `slot`).
    case contentChanged(slot: Int)
    /// Input slot `slot` changed upstream; `root` is the record where the change starts.
    case upstream(slot: Int, root: Int)
    /// Matched without a result; `hole` when the source's final chain has no result there.
    case matchedWithoutResult(hole: Bool)
    /// Ran for the checksum of `consumer`'s copy; `own` is why its own key did not hit.
    case checksum(consumer: Int, own: RunReason)
}

/// The demand model of BuildKit's solver (`solver/edge.go`, `solver/scheduler.go`), over the key
/// graph a build recorded and the caches it imported:
/// - keys are computed for every record the top record reaches; where an input slot has no
///   matching definition key but carries a content checksum (`COPY`, `COPY --from`), the input's
///   result is needed to compute that checksum (`edge.go`: slow cache keys), so it is produced;
/// - to produce a record: if its key matches a record with a result in an imported cache, the
///   result is loaded and nothing below it is needed; otherwise every input is produced and the
///   record runs.
/// Records matched but never produced are `unneeded`.
public struct Execution: Sendable {
    public struct Outcome: Sendable, Equatable {
        public let status: StepStatus
        public let reason: RunReason?
        public let cause: StepCause
        /// Its key matches a record of an imported cache.
        public var keyMatched = false
        /// A matching record carries a result (the step can be loaded when needed).
        public var resultAvailable = false
    }

    /// Per record of the (pruned) new graph; nil for roots and records the build never reached.
    public let outcomes: [Outcome?]
    /// The new graph with the imported caches' copied keys pruned (see `prune`).
    public let graph: CacheGraph
    /// Per source, the matcher of the pruned graph against it.
    public let matchers: [Matcher?]

    /// - Parameters:
    ///   - graph: the new build's key graph.
    ///   - top: the record whose result is the image.
    ///   - sources: the graphs of the caches the build imported (nil: a source without cache).
    ///   - baseRoots: the base image's root records (for `base-changed`).
    ///   - sourceChains: per source, its final chain (to tell a hole from an unexported stage).
    public init(
        graph original: CacheGraph, top: Int, sources: [CacheGraph?], baseRoots: Set<Int>,
        sourceChains: [Set<Int>] = [], matchers given: [Matcher?]? = nil
    ) throws(DiffError) {
        var first: [Matcher?] = []
        if let given, given.count == sources.count {
            first = given
        } else {
            for s in sources { first.append(try s.map { s throws(DiffError) in try Matcher(new: original, old: s) }) }
        }
        let (g, pruned) = Self.prune(original, matchedBy: first)
        var ms: [Matcher?] = first
        if pruned {
            ms = []
            for s in sources { ms.append(try s.map { s throws(DiffError) in try Matcher(new: g, old: s) }) }
        }
        graph = g
        matchers = ms
        let anyCache = sources.contains { $0 != nil }
        let n = g.records.count

        func matched(_ r: Int) -> Bool { ms.contains { $0?.matched(r) ?? false } }
        func loadSource(_ r: Int) -> Int? {
            sources.indices.first { i in
                guard let m = ms[i], let s = sources[i] else { return false }
                return !m.matchesWithResult(r, in: s).isEmpty
            }
        }

        // Reachable records, and the slots whose checksum must be computed.
        var reach = Set<Int>()
        var stack = [top]
        while let r = stack.popLast() {
            guard reach.insert(r).inserted else { continue }
            for slot in g.records[r].inputs { for alt in slot { stack.append(alt.link) } }
        }
        var checksumDemands: [(consumer: Int, input: Int)] = []
        for r in reach.sorted() {
            for slot in g.records[r].inputs {
                let defs = slot.filter { !g.records[$0.link].isRoot }
                let hasContent = slot.contains { g.records[$0.link].isRoot }
                guard !defs.isEmpty, hasContent, !defs.contains(where: { matched($0.link) }) else { continue }
                for d in defs { checksumDemands.append((r, d.link)) }
            }
        }

        // Production: from the top, then from every checksum demand.
        var status = [StepStatus?](repeating: nil, count: n)
        var source = [Int?](repeating: nil, count: n)
        var primary = [Bool](repeating: false, count: n)
        var consumerOf = [Int?](repeating: nil, count: n)
        func produce(_ start: Int, consumer: Int?) {
            var work = [start]
            while let r = work.popLast() {
                guard !g.records[r].isRoot, status[r] == nil else { continue }
                if let consumer { consumerOf[r] = consumer } else { primary[r] = true }
                if let s = loadSource(r) {
                    status[r] = .cached; source[r] = s
                    continue
                }
                status[r] = .run
                for slot in g.records[r].inputs { for alt in slot where !g.records[alt.link].isRoot { work.append(alt.link) } }
            }
        }
        produce(top, consumer: nil)
        for d in checksumDemands { produce(d.input, consumer: d.consumer) }

        // Causes.
        let explainer = Causes(graph: g, matchers: ms, sources: sources, baseRoots: baseRoots)
        var out = [Outcome?](repeating: nil, count: n)
        for r in reach where !g.records[r].isRoot {
            defer { out[r]?.keyMatched = matched(r); out[r]?.resultAvailable = loadSource(r) != nil }
            guard let st = status[r] else {
                out[r] = Outcome(status: .unneeded, reason: nil, cause: .unneeded)
                continue
            }
            if st == .cached { out[r] = Outcome(status: .cached, reason: nil, cause: .loaded(source: source[r]!)); continue }
            guard anyCache else { out[r] = Outcome(status: .run, reason: .noCache, cause: .noCache); continue }
            var (reason, cause) = explainer.explain(r, matched: matched(r), sourceChains: sourceChains)
            // A record produced only for a checksum, whose consumer did not run, ran for the checksum
            // alone (the step where the change starts keeps `changed`).
            if !primary[r], let c = consumerOf[r], status[c] != .run, reason != .changed {
                cause = .checksum(consumer: c, own: reason)
                reason = .neededForChecksum
            }
            out[r] = Outcome(status: .run, reason: reason, cause: cause)
        }
        outcomes = out
    }

    /// The new graph without the copies of an imported cache's keys that BuildKit writes beside
    /// the new ones: for every record the build loaded, its inline cache also lists the source's
    /// key (and its chain) as another alternative of the same input. Where a slot links several
    /// built records under one selector, keep those that match no source (all if all match).
    static func prune(_ g: CacheGraph, matchedBy ms: [Matcher?]) -> (CacheGraph, changed: Bool) {
        func matched(_ r: Int) -> Bool { ms.contains { $0?.matched(r) ?? false } }
        var changedAny = false
        let records = g.records.map { rec -> CacheRecord in
            var inputs: [[CacheInput]] = []
            inputs.reserveCapacity(rec.inputs.count)
            var changed = false
            for slot in rec.inputs {
                guard slot.count > 1 else { inputs.append(slot); continue }
                // Alternatives for one input under one selector: the build's own key, and the
                // keys of the source it was loaded from (same digest, or another digest when the
                // load was by content checksum).
                var bySelector: [String: [CacheInput]] = [:]
                for alt in slot where !g.records[alt.link].isRoot { bySelector[alt.selector, default: []].append(alt) }
                var drop = Set<CacheInput>()
                for (_, alts) in bySelector where alts.count > 1 {
                    let fresh = alts.filter { !matched($0.link) }
                    if !fresh.isEmpty && fresh.count < alts.count { drop.formUnion(alts.filter { matched($0.link) }) }
                }
                if drop.isEmpty { inputs.append(slot) } else { inputs.append(slot.filter { !drop.contains($0) }); changed = true }
            }
            guard changed else { return rec }
            changedAny = true
            return CacheRecord(digest: rec.digest, inputs: inputs, results: rec.results)
        }
        guard changedAny, let pruned = try? CacheGraph(records: records, layerParents: g.layerParents) else { return (g, false) }
        return (pruned, true)
    }
}

/// Why a record that runs did not hit: walks failing inputs down to where the change starts.
struct Causes {
    let graph: CacheGraph
    let matchers: [Matcher?]
    let sources: [CacheGraph?]
    let baseRoots: Set<Int>
    final class Memo { var origins: [Int: Origin] = [:] }
    let memo = Memo()

    func matched(_ r: Int) -> Bool { matchers.contains { $0?.matched(r) ?? false } }
    func digestKnown(_ r: Int) -> Bool { sources.contains { $0?.byDigest[graph.records[r].digest] != nil } }

    /// The first input slot with no alternative that matches in any source.
    func failingSlot(_ r: Int) -> Int? {
        for (i, slot) in graph.records[r].inputs.enumerated() {
            let ok = slot.contains { alt in
                graph.records[alt.link].isRoot ? rootKnown(alt.link) : matched(alt.link)
            }
            if !ok { return i }
        }
        return nil
    }

    func rootKnown(_ r: Int) -> Bool { digestKnown(r) }

    func explain(_ r: Int, matched isMatched: Bool, sourceChains: [Set<Int>]) -> (RunReason, StepCause) {
        if isMatched {
            var hole = false
            for (i, m) in matchers.enumerated() {
                guard let m, i < sourceChains.count else { continue }
                if m.matches[r].contains(where: sourceChains[i].contains) { hole = true }
            }
            return (.notExported, .matchedWithoutResult(hole: hole))
        }
        if !digestKnown(r) { return (.changed, .ownKeyChanged) }
        guard let slot = failingSlot(r) else { return (.changed, .ownKeyChanged) }
        let alts = graph.records[r].inputs[slot]
        if alts.allSatisfy({ graph.records[$0.link].isRoot }) {
            // A source slot: two roots are the base image, one is a content checksum.
            if alts.contains(where: { baseRoots.contains($0.link) }) || alts.count > 1 { return (.baseChanged, .baseChanged) }
            return (.changed, .contentChanged(slot: slot))
        }
        // Follow the failing definition link to where the change starts.
        guard let first = alts.first(where: { !graph.records[$0.link].isRoot && !matched($0.link) })?.link else {
            return (.upstreamChanged, .upstream(slot: slot, root: r))
        }
        switch origin(first) {
        case .base: return (.baseChanged, .baseChanged)
        case let .at(c): return (.upstreamChanged, .upstream(slot: slot, root: c))
        }
    }

    enum Origin: Equatable { case base, at(Int) }

    /// Where the change of an unmatched record starts: walks failing links down, memoised, so
    /// explaining every step of a long chain stays linear.
    func origin(_ start: Int) -> Origin {
        if let known = memo.origins[start] { return known }
        var path: [Int] = []
        var seen = Set<Int>()
        var cur = start
        var found: Origin = .at(start)
        while seen.insert(cur).inserted {
            if let known = memo.origins[cur] { found = known; break }
            path.append(cur)
            guard digestKnown(cur), let s = failingSlot(cur) else { found = .at(cur); break }
            let a = graph.records[cur].inputs[s]
            if a.allSatisfy({ graph.records[$0.link].isRoot }) {
                found = a.contains(where: { baseRoots.contains($0.link) }) || a.count > 1 ? .base : .at(cur)
                break
            }
            guard let next = a.first(where: { !graph.records[$0.link].isRoot && !matched($0.link) })?.link else { found = .at(cur); break }
            cur = next
        }
        for p in path { memo.origins[p] = found }
        return found
    }
}
