import CacheKeys
import CacheModel

/// A context copy that will run because its files changed, and the layer its analogue made in the
/// build an imported cache recorded: the CLI reads that layer and the context's files, and
/// `PlanReport.fillFiles` lists what differs.
public struct PlanFileComparison: Sendable, Equatable {
    /// Index into `diff.stages`, then into that stage's `steps`.
    public let stage: Int
    public let step: Int
    /// Index into the imported sources.
    public let oldSource: Int
    public let old: LayerBlob
    /// The context paths the copy reads, relative to the context root (`src`, `go.mod`; `` for `.`).
    public let sources: [String]
}

extension PlanReport {
    /// The copies to compare: each context copy that runs because its content checksum is new,
    /// whose analogue (the same step in the imported build, `StepAnalogue`) left a layer there.
    static func fileComparisons(_ d: DiffReport, planned: PlannedGraph, sources: [ImportedCache], analogues: [Analogues?])
        -> [PlanFileComparison]
    {
        var stepOf: [Int: PlannedGraph.StepID] = [:]
        for (id, r) in planned.stepRecords { stepOf[r] = id }
        var out: [PlanFileComparison] = []
        for (i, (src, a)) in zip(sources, analogues).enumerated() {
            guard let analogue = a?.steps.analogue else { continue }
            var layerOf: [Int: Int] = [:]
            if let st = src.stage { for (r, l) in zip(st.chain, st.chainLayers) { layerOf[r] = l } }
            for (si, st) in d.stages.enumerated() {
                for (k, v) in st.steps.enumerated() where v.status == .run && !out.contains(where: { $0.stage == si && $0.step == k }) {
                    guard case .contentChanged = v.cause, let id = stepOf[v.record] else { continue }
                    let step = planned.step(id)
                    let paths = step.sources.filter { $0.origin == .context }
                    guard !paths.isEmpty, paths.count == step.sources.count,
                        paths.allSatisfy({ !$0.allowWildcard || !$0.path.contains(where: { "*?[".contains($0) }) }),
                        v.record < analogue.count, let o = analogue[v.record]
                    else { continue }
                    let blob: LayerBlob?
                    if let l = layerOf[o], src.layerBlobs.indices.contains(l) {
                        blob = src.layerBlobs[l]
                    } else {
                        blob = src.recordBlobs[o]
                    }
                    guard let blob else { continue }
                    out.append(
                        PlanFileComparison(
                            stage: si, step: k, oldSource: i, old: blob,
                            sources: paths.map { String($0.path.drop { $0 == "/" }) }))
                }
            }
        }
        return out
    }

    /// Lists the files of comparison `c` that differ between the old layer and the context:
    /// `context` holds the copied files keyed by their path below their source (a file source by
    /// its name), each with its path in the context. The old layer's files are found under the
    /// destination that most of the context's paths line up with (the destination itself and its
    /// parents are the copy's own), and modes are compared unless the copy sets them (`--chmod`).
    public mutating func fillFiles(_ c: PlanFileComparison, old: LayerListing, context: [String: TarEntry]) {
        guard diff.stages.indices.contains(c.stage), diff.stages[c.stage].steps.indices.contains(c.step) else { return }
        let v = diff.stages[c.stage].steps[c.step]
        let chmod = (v.name?.printed ?? v.createdBy ?? "").contains("--chmod")
        guard let prefix = Self.destination(old: old, context: context) else {
            diff.stages[c.stage].steps[c.step].filesGap = .doesNotLineUp
            return
        }
        var o: [TarEntry] = [], n: [TarEntry] = []
        for (p, e) in old.entries where prefix.isEmpty || p.hasPrefix(prefix) {
            o.append(
                TarEntry(
                    path: String(p.dropFirst(prefix.count)), kind: e.kind, mode: chmod ? 0 : e.mode & 0o7777,
                    size: e.size, linkTarget: e.linkTarget, sha256: e.sha256))
        }
        for (p, e) in context where !p.isEmpty {
            n.append(
                TarEntry(path: p, kind: e.kind, mode: chmod ? 0 : e.mode & 0o7777, size: e.size, linkTarget: e.linkTarget, sha256: e.sha256)
            )
        }
        // Shown by their paths in the context (a file no longer there: below its source, when it has one).
        let dirSource = c.sources.count == 1 && !c.sources[0].isEmpty && context.contains { $0.key != $0.value.path }
        diff.stages[c.stage].steps[c.step].files = FileDiff.changes(old: LayerListing(entries: o), new: LayerListing(entries: n)).map { f in
            let shown = context[f.path]?.path ?? (dirSource ? c.sources[0] + "/" + f.path : f.path)
            return FileChange(path: shown, change: f.change, oldSize: f.oldSize, newSize: f.newSize)
        }
        diff.stages[c.stage].steps[c.step].filesGap = nil
    }

    /// Says why the files of `c` are not listed.
    public mutating func noteFiles(_ c: PlanFileComparison, _ note: FilesGap) {
        guard diff.stages.indices.contains(c.stage), diff.stages[c.stage].steps.indices.contains(c.step) else { return }
        diff.stages[c.stage].steps[c.step].files = nil
        diff.stages[c.stage].steps[c.step].filesGap = note
    }

    /// The directory prefix (`app/`, or `` at the root) under which the most context paths appear
    /// in the old layer; nil when none does.
    static func destination(old: LayerListing, context: [String: TarEntry]) -> String? {
        // Paths are compared and cut as bytes: a name starting with a combining mark joins the slash
        // before it into one Character.
        var byName: [[UInt8]: [String]] = [:]
        for q in old.entries.keys { byName[Array(GoPath.base(q).utf8), default: []].append(q) }
        var votes: [String: Int] = [:]
        for p in context.keys where !p.isEmpty {
            for q in byName[Array(GoPath.base(p).utf8)] ?? []
            where GoPath.same(q, p) || q.utf8.reversed().starts(with: ("/" + p).utf8.reversed()) {
                votes[String(decoding: q.utf8.dropLast(p.utf8.count), as: UTF8.self), default: 0] += 1
            }
        }
        return votes.max { ($0.value, -$0.key.count) < ($1.value, -$1.key.count) }?.key
    }
}
