import CacheModel

/// Why a layer of the new build could not be served by the old cache.
public enum MissReason: String, Sendable, CaseIterable {
    case noCache = "no-cache"
    case baseChanged = "base-changed"
    case changed
    case upstreamChanged = "upstream-changed"
    case notExported = "not-exported"
}

public struct LayerVerdict: Sendable, Equatable {
    public enum Status: String, Sendable { case base, hit, miss }
    public let index: Int
    public let createdBy: String?
    public let status: Status
    public let reason: MissReason?
    public let detail: String
    /// The files that differ from OLD's layer of the same step (a copy that missed); nil when
    /// not compared, with `filesNote` saying why when it should have been.
    public var files: [FileChange]? = nil
    public var filesNote: String? = nil
}

public struct DiffReport: Sendable {
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
    public var notes: [String] = []
    /// The longest chain of dependent steps that run, by their known durations.
    public var criticalPathLostSeconds: Double?

    /// Seconds the steps that run took in the new build (those whose duration is known); nil if none is.
    public var timeLostSeconds: Double? { total(stages.flatMap(\.steps).filter { $0.status == .run }) }
    /// Seconds the steps that did not run took in the builds that made their results.
    public var timeSavedSeconds: Double? { total(stages.flatMap(\.steps).filter { $0.status != .run }) }
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

    public struct Source: Sendable {
        public let reference: String
        public let manifestDigest: Digest
        public let kind: NewBuild.Kind
    }
}

/// The old side of a diff: a cache the new build imported.
public struct ImportedCache: Sendable {
    public let reference: String
    public let manifestDigest: Digest
    /// nil when the old side carries no usable cache.
    public let graph: CacheGraph?
    /// Why there is no graph (absent or invalid), for the `no-cache` detail.
    public let unusableDetail: String?
    /// For an image: its final stage and layer steps, to quote before/after texts.
    public let stage: FinalStage?
    public let layerSteps: [String?]
    public let baseDiffIDs: [Digest]
    public let isInline: Bool
    /// The source's final chain (records), to tell a hole from a step of another stage.
    public var finalChain: Set<Int> = []
    /// The `SOURCE_DATE_EPOCH` an image source was built with (nil: none, or an export).
    public var sourceDateEpoch: Int64?
    /// An image's layers; an export's layer blob per record with a result (its top layer).
    public var layerBlobs: [LayerBlob] = []
    public var recordBlobs: [Int: LayerBlob] = [:]
    /// Blobs an export's config names that the export does not hold.
    public var missingBlobs: Set<Digest> = []

    public init(image c: ImageCache) {
        reference = c.image.reference
        manifestDigest = c.image.manifestDigest
        graph = c.graph
        stage = c.stage
        layerSteps = c.layerSteps
        isInline = true
        finalChain = Set(c.stage?.chain ?? [])
        sourceDateEpoch = c.sourceDateEpoch
        layerBlobs = c.image.manifest.layers.map { LayerBlob(digest: $0.digest, mediaType: $0.mediaType, size: $0.size) }
        let base = c.stage?.baseLayerCount ?? 0
        baseDiffIDs = Array(c.image.config.diffIDs.prefix(base))
        switch c.status {
        case .absent: unusableDetail = "\(c.image.reference) carries no inline cache (no \(ImageConfig.inlineCacheKey) in its config): --cache-from imports nothing"
        case let .invalid(why): unusableDetail = "\(c.image.reference) has inline cache that BuildKit cannot import: \(why)"
        case .present: unusableDetail = nil
        }
    }

    public init(reference: String, manifestDigest: Digest, graph: CacheGraph, layerSteps: [String?] = []) {
        self.reference = reference; self.manifestDigest = manifestDigest; self.graph = graph
        unusableDetail = nil; stage = nil; self.layerSteps = layerSteps; baseDiffIDs = []; isInline = false
    }
}

public enum DiffError: UserFacingError {
    case newHasNoCache(String)
    case noSource
    public var exitCode: Int32 { 2 }
    public var description: String {
        switch self {
        case .noSource:
            return "diff needs at least one cache source before NEW"
        case let .newHasNoCache(why):
            return "cannot tell which steps the new build ran: \(why). Build it with --cache-to type=inline (or --build-arg BUILDKIT_INLINE_CACHE=1) so its config records the build's cache keys"
        }
    }
}

public enum Differ {
    /// One source, an image's inline cache as NEW (the original form).
    public static func diff(old: ImportedCache, new: ImageCache) throws -> DiffReport {
        try diff(sources: [old], new: NewBuild(image: new))
    }

    /// - Parameters:
    ///   - sources: every cache the build imported (`--cache-from`, in order); a step is served
    ///     when any of them serves it.
    ///   - dockerfile: names stages and steps as BuildKit prints them.
    ///   - target: the stage the build targeted (`--target`), by name or index.
    public static func diff(sources: [ImportedCache], new: NewBuild, dockerfile: Dockerfile? = nil,
                            target: String? = nil) throws -> DiffReport {
        guard let old = sources.first else { throw DiffError.noSource }
        let ng = new.graph, stage = new.stage
        let steps = new.layerSteps
        let layerCount = new.layerCount
        let newSide = DiffReport.Side(reference: new.reference, manifestDigest: new.manifestDigest)
        let oldSide = DiffReport.Side(reference: old.reference, manifestDigest: old.manifestDigest)
        let base = stage.baseLayerCount
        let sourceSides = sources.map { DiffReport.Source(reference: $0.reference, manifestDigest: $0.manifestDigest,
                                                          kind: $0.isInline ? .inline : .export) }

        // Layers covered, in any source, by a matched record whose counterpart has a result.
        var covered = [Bool](repeating: false, count: layerCount)
        var maxPrefix = -1
        let chainLayerOf = Dictionary(zip(stage.chain, stage.chainLayers), uniquingKeysWith: { a, _ in a })
        var explainers: [Explainer] = []
        var interHitsBySource: [[Bool]] = []
        var interMatchedBySource: [[Bool]] = []
        var matchers: [Matcher?] = []
        for src in sources {
            guard let og = src.graph else { matchers.append(nil); continue }
            let m = try Matcher(new: ng, old: og)
            matchers.append(m)
            for n in 0..<ng.records.count where !m.matchesWithResult(n, in: og).isEmpty {
                for res in ng.results[n] {
                    if let ex = res.explicit { for l in ex where l < layerCount { covered[l] = true } }
                    else { maxPrefix = max(maxPrefix, res.top) }
                }
                if let l = chainLayerOf[n] { maxPrefix = max(maxPrefix, l) }
            }
            explainers.append(Explainer(new: ng, old: og, matcher: m, stage: stage, oldCache: src))
            interHitsBySource.append(stage.intermediateSteps.map { step in step.contains { !m.matchesWithResult($0, in: og).isEmpty } })
            interMatchedBySource.append(stage.intermediateSteps.map { step in step.contains(where: m.matched) })
        }
        if maxPrefix >= 0 { for l in 0...min(maxPrefix, layerCount - 1) { covered[l] = true } }

        var layers: [LayerVerdict] = []
        for i in 0..<layerCount {
            if i < base {
                layers.append(LayerVerdict(index: i, createdBy: steps[i], status: .base, reason: nil, detail: "from the base image"))
                continue
            }
            if covered[i] {
                layers.append(LayerVerdict(index: i, createdBy: steps[i], status: .hit, reason: nil,
                                           detail: hitDetail(i, maxPrefix: maxPrefix)))
                continue
            }
            guard let explainer = explainers.first else {
                let why = sources.compactMap(\.unusableDetail).first ?? "no cache"
                layers.append(LayerVerdict(index: i, createdBy: steps[i], status: .miss, reason: .noCache, detail: why))
                continue
            }
            let record = stage.recordsByLayer[i].first
            let (reason, detail) = explainer.explain(record: record, layer: i, newSteps: steps)
            layers.append(LayerVerdict(index: i, createdBy: steps[i], status: .miss, reason: reason, detail: detail))
        }

        var withoutResult = 0, changed = 0, interHits = 0
        for k in stage.intermediateSteps.indices {
            if interHitsBySource.contains(where: { $0[k] }) { interHits += 1 }
            else if interMatchedBySource.contains(where: { $0[k] }) { withoutResult += 1 }
            else { changed += 1 }
        }
        let (stages, criticalPath) = try StageVerdicts.make(new: new, sources: sources, dockerfile: dockerfile, target: target,
                                                                matchers: matchers)
        // Other-stage counts from the per-step model (its matching ignores the keys an import copies in).
        let others = stages.filter { !$0.final }.flatMap(\.steps)
        if !others.isEmpty {
            interHits = others.filter(\.resultAvailable).count
            withoutResult = others.filter { $0.keyMatched && !$0.resultAvailable }.count
            changed = others.filter { !$0.keyMatched }.count
        }
        var report = DiffReport(old: oldSide, new: newSide, layers: layers, intermediateSteps: others.isEmpty ? stage.intermediateSteps.count : others.count,
                                intermediateMatchedWithoutResult: withoutResult, intermediateChanged: changed,
                                intermediateHits: interHits, oldIsInline: old.isInline)
        report.sources = sourceSides
        report.newKind = new.kind
        report.stages = stages
        report.criticalPathLostSeconds = criticalPath
        FilePlan.plan(&report, new: new, sources: sources)
        for src in sources.dropFirst() where src.graph == nil {
            report.notes.append(Sanitize.inline(src.unusableDetail ?? "\(src.reference) carries no usable cache") + "; it serves no step")
        }
        for src in sources where src.isInline && src.graph != nil && new.kind == .inline && src.sourceDateEpoch != new.sourceDateEpoch {
            func text(_ e: Int64?) -> String { e.map { "SOURCE_DATE_EPOCH=\($0)" } ?? "no SOURCE_DATE_EPOCH" }
            report.notes.append("\(Sanitize.inline(src.reference)) was built with \(text(src.sourceDateEpoch)), the new build with \(text(new.sourceDateEpoch)): BuildKit puts it into every step's key, so no step of one can be served by the other")
        }
        return report
    }

    static func hitDetail(_ i: Int, maxPrefix: Int) -> String {
        i < maxPrefix ? "served by the cached result of layer \(maxPrefix), which includes it"
                      : (i == maxPrefix ? "the old cache holds this step's result" : "the old cache holds this layer's result")
    }
}

/// Finds the root cause of a miss by walking the failing inputs.
final class Explainer {
    let new: CacheGraph
    let old: CacheGraph
    let matcher: Matcher
    let stage: FinalStage
    let oldCache: ImportedCache
    private let baseRoots: Set<Int>
    private let layerByRecord: [Int: Int]
    private let intermediateSet: Set<Int>
    private let oldChain: Set<Int>
    /// Root causes already found: every record on a walked path shares its cause.
    private var causes: [Int: Cause] = [:]

    init(new: CacheGraph, old: CacheGraph, matcher: Matcher, stage: FinalStage, oldCache: ImportedCache) {
        self.new = new; self.old = old; self.matcher = matcher; self.stage = stage; self.oldCache = oldCache
        baseRoots = Set(stage.baseRoots)
        layerByRecord = Dictionary(zip(stage.chain, stage.chainLayers), uniquingKeysWith: { a, _ in a })
        intermediateSet = Set(stage.intermediate)
        oldChain = Set(oldCache.stage?.chain ?? [])
    }

    enum Cause {
        case base
        case own(Int)          // record whose own digest is new
        case content(Int)      // a content-checksum root that changed, linked by this record
        case matchedNoResult(Int)
    }

    /// The root cause for new record `n`: walks failing inputs down to the first record that
    /// matched, changed itself or links a changed root. Iterative and memoised, so explaining
    /// every layer of a long chain stays linear.
    func rootCause(_ start: Int) -> Cause {
        var n = start
        var path: [Int] = []
        var seen = Set<Int>()
        var found: Cause?
        while found == nil {
            if let known = causes[n] { found = known; break }
            guard seen.insert(n).inserted else { found = .own(n); break }
            path.append(n)
            if matcher.matched(n) { found = .matchedNoResult(n); break }
            guard old.byDigest[new.records[n].digest] != nil else {
                found = new.records[n].isRoot ? (baseRoots.contains(n) ? .base : .content(n)) : .own(n)
                break
            }
            guard let slot = matcher.failingSlot(n, new: new, old: old) else { found = .own(n); break }
            let alts = new.records[n].inputs[slot]
            guard let next = alts.first(where: { !matcher.matched($0.link) }) else {
                found = .content(n) // every alternative matches something, but not with equal selectors
                break
            }
            if new.records[next.link].isRoot {
                found = (baseRoots.contains(next.link) || alts.contains(where: { baseRoots.contains($0.link) })) ? .base : .content(n)
                break
            }
            n = next.link
        }
        let cause = found ?? .own(start)
        for r in path { causes[r] = cause }
        return cause
    }

    func layerOf(_ record: Int) -> Int? { layerByRecord[record] }

    func oldStep(forNewLayer i: Int) -> String? {
        guard let oldStage = oldCache.stage else { return nil }
        let offset = i - stage.baseLayerCount
        let j = oldStage.baseLayerCount + offset
        guard offset >= 0, j >= 0, j < oldCache.layerSteps.count else { return nil }
        return oldCache.layerSteps[j]
    }

    func explain(record: Int?, layer i: Int, newSteps: [String?]) -> (MissReason, String) {
        guard let record else {
            return (.changed, "no cache key in the new image stands for this layer")
        }
        let cause = rootCause(record)
        let sameStep = Set(stage.recordsByLayer[i])
        switch cause {
        case .base:
            return (.baseChanged, baseDetail())
        case let .matchedNoResult(r):
            if r == record || sameStep.contains(r) { return notExported(r, layer: i) }
            return (.upstreamChanged, upstreamDetail(record, layer: i, newSteps: newSteps,
                                                     cause: "\(describe(r, newSteps: newSteps)) matched a key but the old cache holds no layer for it"))
        case let .own(r):
            if r == record || sameStep.contains(r) { return (.changed, StepText.changeDetail(old: oldStep(forNewLayer: i), new: newSteps[i])) }
            return (.upstreamChanged, upstreamDetail(record, layer: i, newSteps: newSteps, cause: "\(describe(r, newSteps: newSteps)) changed"))
        case let .content(r):
            if r == record || sameStep.contains(r) {
                return (.changed, "the copied files changed (new content checksum)" + StepText.quoteStep(newSteps[i]))
            }
            return (.upstreamChanged, upstreamDetail(record, layer: i, newSteps: newSteps,
                                                     cause: "\(describe(r, newSteps: newSteps)) copies files whose content changed"))
        }
    }

    func describe(_ r: Int, newSteps: [String?]) -> String {
        // A chain record below the image's first layer has a negative layer (FinalStage keeps it):
        // indexing newSteps with it crashed (found by fuzz/match.swift).
        if let l = layerOf(r), newSteps.indices.contains(l) { return "layer \(l) \(StepText.short(newSteps[l]))" }
        if intermediateSet.contains(r) { return "a step of another stage" }
        return "an upstream step"
    }

    func upstreamDetail(_ record: Int, layer i: Int, newSteps: [String?], cause: String) -> String {
        let slot = matcher.failingSlot(record, new: new, old: old) ?? 0
        if slot == 0 {
            if let prev = new.records[record].inputs.first?.first(where: { !matcher.matched($0.link) }).flatMap({ layerOf($0.link) }) {
                return "the previous step (layer \(prev)) missed; root cause: \(cause)"
            }
            return "the previous step missed; root cause: \(cause)"
        }
        return "input \(slot), the stage or files it copies from, changed: \(cause)"
    }

    func notExported(_ r: Int, layer i: Int) -> (MissReason, String) {
        let olds = matcher.matches[r]
        if let oldStage = oldCache.stage, olds.contains(where: { oldStage.chain.contains($0) }) {
            return (.notExported, "the key matched, but the old image holds no layer for it: a hole in its cache (BuildKit v0.8 drops results for layers it took from an imported cache)")
        }
        return (.notExported, "the key matched, but the old cache holds no layer for it: steps of other stages are never exported by inline cache (mode=min)")
    }

    func baseDetail() -> String {
        var text = "the base image changed: its cache keys are not in the old cache"
        let newBase = stage.baseLayerCount
        if !oldCache.baseDiffIDs.isEmpty {
            text += " (old base: \(oldCache.baseDiffIDs.count) layer(s), top \(oldCache.baseDiffIDs.last!.short); new base: \(newBase) layer(s))"
        }
        return text
    }
}
