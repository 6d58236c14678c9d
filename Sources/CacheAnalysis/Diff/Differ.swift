import CacheModel

enum Differ {
    /// One source, an image's inline cache as NEW (the original form).
    static func diff(old: ImportedCache, new: ImageCache) throws(DiffError) -> DiffReport {
        try diff(sources: [old], new: NewBuild(image: new))
    }

    /// - Parameters:
    ///   - sources: every cache the build imported (`--cache-from`, in order); a step is served
    ///     when any of them serves it.
    ///   - dockerfile: names stages and steps as BuildKit prints them.
    ///   - target: the stage the build targeted (`--target`), by name or index.
    static func diff(sources: [ImportedCache], new: NewBuild, dockerfile: Dockerfile? = nil,
                            target: String? = nil) throws(DiffError) -> DiffReport {
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
                layers.append(LayerVerdict(index: i, createdBy: steps[i], status: .miss, reason: .noCache, detail: why,
                                           cause: MissCause(kind: .unknown)))
                continue
            }
            let record = stage.recordsByLayer[i].first
            let (reason, detail, cause) = explainer.explain(record: record, layer: i, newSteps: steps)
            layers.append(LayerVerdict(index: i, createdBy: steps[i], status: .miss, reason: reason, detail: detail, cause: cause))
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
