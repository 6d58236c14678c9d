import CacheModel

/// One path that differs between OLD's and NEW's layer of a step, as BuildKit's content
/// checksum sees it: mtime, uid and gid are ignored.
public struct FileChange: Sendable, Equatable {
    public enum Change: String, Sendable, CaseIterable {
        case added, removed, modified, mode, type, symlink
    }
    public let path: String
    public let change: Change
    /// Sizes of regular files (0 for other kinds); nil on the side that lacks the path.
    public let oldSize: Int?
    public let newSize: Int?

    public init(path: String, change: Change, oldSize: Int?, newSize: Int?) {
        self.path = path; self.change = change; self.oldSize = oldSize; self.newSize = newSize
    }
}

/// Why a copy's changed files are not listed (renderers word it).
public enum FilesGap: Sendable, Equatable {
    /// Which layer is missing, and where.
    public enum Missing: Sendable, Equatable {
        /// NEW (or an imported source) is an image: its inline cache keeps no layers of other stages.
        case imageKeepsNoOtherStages(side: Side, reference: String)
        /// An export holds no layer for the step (a mode=min export keeps none for other stages).
        case exportHoldsNoLayer(side: Side, reference: String)
        /// An imported image has no layer at the step's position.
        case noLayerAtPosition(reference: String)
        /// An imported export names the step's layer but does not hold its blob.
        case blobNotHeld(reference: String, blob: Digest)
        /// No imported cache holds OLD's layer for the step.
        case noImportedLayer
    }
    public enum Side: String, Sendable, Equatable { case old = "OLD", new = "NEW" }

    case unavailable([Missing])
    /// `--no-files`.
    case notRead
    /// A layer would pass the byte budget.
    case overLimit(side: Side, blob: Digest, maxBytes: Int)
    case unreadable(side: Side, blob: Digest, detail: String)
    case layersNotRead
    /// The layers were read; the reader's own remarks (truncated entries, skipped content).
    case readerNotes([String])
    /// Plan: the imported cache keeps the checksum of the files the step copied, not a list.
    case checksumOnly
    /// Plan: the imported build's layer does not line up with the context's files.
    case doesNotLineUp
    /// Plan: the context's files would pass the byte budget.
    case contextOverLimit(maxBytes: Int)
    /// Plan: a context file cannot be read (its path, the errno).
    case contextUnreadable(path: String, errno: Int32)
}

/// A layer blob as a manifest or cache config names it.
public struct LayerBlob: Sendable, Hashable {
    public let digest: Digest
    public let mediaType: String?
    public let size: Int?
    public init(digest: Digest, mediaType: String?, size: Int?) {
        self.digest = digest; self.mediaType = mediaType; self.size = size
    }
}

/// Two layers the report wants compared: the CLI fetches both blobs and calls
/// `DiffReport.fillFiles`. `oldSource` indexes `DiffReport.sources`.
public struct FileComparison: Sendable, Equatable {
    /// Index into `stages`, then into that stage's `steps`.
    public let stage: Int
    public let step: Int
    /// The final-stage layer of NEW the step makes, when it has one.
    public let layer: Int?
    public let oldSource: Int
    public let old: LayerBlob
    public let new: LayerBlob
}

public enum FileDiff {
    /// The changes from `old` to `new`, sorted by path. A whiteout on one side and nothing on the
    /// other is a removal; a whiteout on both sides is no change.
    public static func changes(old: LayerListing, new: LayerListing) -> [FileChange] {
        var out: [FileChange] = []
        let paths = Set(old.entries.keys).union(new.entries.keys).union(old.whiteouts).union(new.whiteouts)
        for p in paths {
            let o = old.entries[p], n = new.entries[p]
            switch (o, n) {
            case (nil, nil):
                if old.whiteouts.contains(p) != new.whiteouts.contains(p) {
                    out.append(FileChange(path: p, change: new.whiteouts.contains(p) ? .removed : .added, oldSize: nil, newSize: nil))
                }
            case let (nil, n?):
                out.append(FileChange(path: p, change: .added, oldSize: nil, newSize: size(n)))
            case let (o?, nil):
                out.append(FileChange(path: p, change: .removed, oldSize: size(o), newSize: nil))
            case let (o?, n?):
                if let c = change(o, n) { out.append(FileChange(path: p, change: c, oldSize: size(o), newSize: size(n))) }
            }
        }
        return out.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    static func size(_ e: TarEntry) -> Int { e.kind == .file ? e.size : 0 }

    static func change(_ o: TarEntry, _ n: TarEntry) -> FileChange.Change? {
        if o.kind != n.kind { return .type }
        switch o.kind {
        case .symlink: if o.linkTarget != n.linkTarget { return .symlink }
        case .hardlink: if o.linkTarget != n.linkTarget { return .modified }
        case .file: if o.sha256 != n.sha256 || o.size != n.size { return .modified }
        case .dir, .other: break
        }
        return o.mode != n.mode ? .mode : nil
    }
}

extension DiffReport {
    /// Fills the step (and its final-stage layer) of `c` with its changed files.
    public mutating func fillFiles(_ c: FileComparison, files: [FileChange], note: FilesGap? = nil) {
        guard stages.indices.contains(c.stage), stages[c.stage].steps.indices.contains(c.step) else { return }
        stages[c.stage].steps[c.step].files = files
        stages[c.stage].steps[c.step].filesGap = note
        if let l = c.layer, let k = layerPosition(l) {
            layers[k].files = files
            layers[k].filesGap = note
        }
    }

    /// Says why the files of `c` are not listed (a blob over the limit, missing, unreadable).
    public mutating func noteFiles(_ c: FileComparison, _ note: FilesGap) { noteFiles(stage: c.stage, step: c.step, layer: c.layer, note) }

    mutating func noteFiles(stage: Int, step: Int, layer: Int?, _ note: FilesGap) {
        guard stages.indices.contains(stage), stages[stage].steps.indices.contains(step) else { return }
        stages[stage].steps[step].files = nil
        stages[stage].steps[step].filesGap = note
        if let l = layer, let k = layerPosition(l) {
            layers[k].files = nil
            layers[k].filesGap = note
        }
    }

    /// Where layer `l` is in `layers` (its index, unless the list has gaps).
    func layerPosition(_ l: Int) -> Int? {
        if layers.indices.contains(l), layers[l].index == l { return l }
        return layers.firstIndex { $0.index == l }
    }

    /// With `--no-files`: the comparisons are not made; say so where they would have been.
    public mutating func skipFiles() {
        for c in fileComparisons { noteFiles(c, .notRead) }
        fileComparisons = []
    }
}

/// Which steps get a file list and which two layers it compares.
enum FilePlan {
    /// A copy that runs because what it copies changed: a new content checksum, or (final stage,
    /// a layer on both sides) a `COPY`/`ADD` whose key or input changed.
    static func wants(_ v: StepVerdict, final: Bool, graph: CacheGraph) -> Bool {
        guard v.status == .run else { return false }
        if v.reason == .changed, case .contentChanged = v.cause { return true }
        guard final, v.layer != nil, v.reason == .changed || v.reason == .upstreamChanged else { return false }
        return isCopy(v, graph: graph)
    }

    /// By its text (`COPY`, `ADD`); without one (a cache export given without its image), by its
    /// key: a copy from another stage keys that input by a content checksum as well as by the
    /// source's definition (`COPY --from`; a `RUN --mount=from=…` read-only bind is keyed alike).
    static func isCopy(_ v: StepVerdict, graph: CacheGraph) -> Bool {
        guard let raw = v.name?.instruction ?? v.createdBy else {
            return graph.records.indices.contains(v.record) && checksumsAnInput(graph, v.record)
        }
        let text = raw.drop { $0 == " " }.uppercased()
        return text.hasPrefix("COPY ") || text.hasPrefix("ADD ")
    }

    /// Some input slot of `r` offers both a content-checksum root and a definition link with a selector.
    static func checksumsAnInput(_ g: CacheGraph, _ r: Int) -> Bool {
        g.records[r].inputs.dropFirst().contains { slot in
            slot.contains { g.records[$0.link].isRoot } && slot.contains { !g.records[$0.link].isRoot && !$0.selector.isEmpty }
        }
    }

    static func plan(_ report: inout DiffReport, new: NewBuild, sources: [ImportedCache]) {
        var comparisons: [FileComparison] = []
        for si in report.stages.indices {
            let final = report.stages[si].final
            for ki in report.stages[si].steps.indices {
                let v = report.stages[si].steps[ki]
                guard wants(v, final: final, graph: new.graph) else { continue }
                var notes: [FilesGap.Missing] = []
                let newBlob: LayerBlob?
                if let l = v.layer, new.layerBlobs.indices.contains(l) {
                    newBlob = new.layerBlobs[l]
                } else {
                    newBlob = new.recordBlobs[v.record]
                }
                if newBlob == nil {
                    notes.append(
                        new.kind == .inline
                            ? .imageKeepsNoOtherStages(side: .new, reference: new.reference)
                            : .exportHoldsNoLayer(side: .new, reference: new.reference))
                }
                var old: (Int, LayerBlob)?
                var oldNotes: [FilesGap.Missing] = []
                let digest = new.graph.records.indices.contains(v.record) ? new.graph.records[v.record].digest : nil
                for (i, s) in sources.enumerated() where old == nil {
                    let ref = s.reference
                    if s.isInline {
                        guard let l = v.layer, let ostage = s.stage else {
                            oldNotes.append(.imageKeepsNoOtherStages(side: .old, reference: ref))
                            continue
                        }
                        let j = ostage.baseLayerCount + (l - new.stage.baseLayerCount)
                        if j >= ostage.baseLayerCount, s.layerBlobs.indices.contains(j) {
                            old = (i, s.layerBlobs[j])
                        } else {
                            oldNotes.append(.noLayerAtPosition(reference: ref))
                        }
                    } else {
                        guard let g = s.graph, let digest else { continue }
                        let hit = (g.byDigest[digest] ?? []).lazy.compactMap { s.recordBlobs[$0] }.first
                        guard let b = hit else {
                            oldNotes.append(.exportHoldsNoLayer(side: .old, reference: ref))
                            continue
                        }
                        if s.missingBlobs.contains(b.digest) {
                            oldNotes.append(.blobNotHeld(reference: ref, blob: b.digest))
                            continue
                        }
                        old = (i, b)
                    }
                }
                if old == nil { notes.append(contentsOf: oldNotes.isEmpty ? [.noImportedLayer] : oldNotes) }
                guard let (src, ob) = old, let nb = newBlob, notes.isEmpty else {
                    report.noteFiles(stage: si, step: ki, layer: final ? v.layer : nil, .unavailable(notes))
                    continue
                }
                let c = FileComparison(stage: si, step: ki, layer: final ? v.layer : nil, oldSource: src, old: ob, new: nb)
                if ob.digest == nb.digest { report.fillFiles(c, files: []); continue }
                comparisons.append(c)
            }
        }
        report.fileComparisons = comparisons
    }
}
