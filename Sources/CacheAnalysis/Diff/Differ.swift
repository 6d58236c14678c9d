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
    static func diff(
        sources: [ImportedCache], new: NewBuild, dockerfile: Dockerfile? = nil,
        target: String? = nil, verifyDockerfile: Bool = true
    ) throws(DiffError) -> DiffReport {
        guard let old = sources.first else { throw DiffError.noSource }
        if let dockerfile, let target { try DiffReport.checkTarget(target, in: dockerfile) }
        let ng = new.graph, stage = new.stage
        let steps = new.layerSteps
        let layerCount = new.layerCount
        let newSide = DiffReport.Side(reference: new.reference, manifestDigest: new.manifestDigest)
        let oldSide = DiffReport.Side(reference: old.reference, manifestDigest: old.manifestDigest)
        let base = stage.baseLayerCount
        let sourceSides = sources.map {
            DiffReport.Source(
                reference: $0.reference, manifestDigest: $0.manifestDigest,
                kind: $0.isInline ? .inline : .export, unusable: $0.unusable)
        }

        var matchers: [Matcher?] = []
        for src in sources { matchers.append(try src.graph.map { g throws(DiffError) in try Matcher(new: ng, old: g) }) }
        let (stages, criticalPath) = try StageVerdicts.make(
            new: new, sources: sources, dockerfile: dockerfile, target: target,
            matchers: matchers)
        if let dockerfile, verifyDockerfile { try checkNames(stages, dockerfile: dockerfile) }
        let layers = layerView(stages: stages, layerCount: layerCount, base: base, layerSteps: steps, sources: sources)
        let others = stages.filter { !$0.final }.flatMap(\.steps)
        let interHits = others.filter(\.resultAvailable).count
        let withoutResult = others.filter { $0.keyMatched && !$0.resultAvailable }.count
        let changed = others.filter { !$0.keyMatched }.count
        var report = DiffReport(
            old: oldSide, new: newSide, layers: layers, intermediateSteps: others.count,
            intermediateMatchedWithoutResult: withoutResult, intermediateChanged: changed,
            intermediateHits: interHits, oldIsInline: old.isInline)
        report.sources = sourceSides
        report.newKind = new.kind
        report.stages = stages
        report.criticalPathLostSeconds = criticalPath
        FilePlan.plan(&report, new: new, sources: sources)
        for src in sources.dropFirst() where src.graph == nil {
            report.notes.append(.unusableSource(reference: src.reference, detail: src.unusable))
        }
        for src in sources where src.isInline && src.graph != nil && new.kind == .inline && src.sourceDateEpoch != new.sourceDateEpoch {
            report.notes.append(.sourceDateEpoch(reference: src.reference, old: src.sourceDateEpoch, new: new.sourceDateEpoch))
        }
        if let og = old.graph, let o = newestResult(og), let n = newestResult(ng), n < o {
            report.notes.append(.newOlderThanOld(old: o.text, new: n.text))
        }
        return report
    }

    /// Every final-stage step that `--dockerfile` names must be the instruction the image's history
    /// records for its layer: the same keyword, and the same text where the Dockerfile's has no
    /// variable or heredoc for BuildKit to expand.
    static func checkNames(_ stages: [StageVerdict], dockerfile df: Dockerfile) throws(DiffError) {
        func words(_ s: String) -> [Substring] {
            s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).filter { !$0.hasPrefix("--") }
        }
        for v in stages.filter(\.final).flatMap(\.steps) {
            guard let n = v.name, !n.instruction.hasPrefix("ONBUILD "), let layer = v.layer, let history = v.createdBy,
                let ins = df.instructions.first(where: { $0.line == n.line })
            else { continue }
            let h = StepText.normalizedHistory(history)
            let keyword = StepText.instruction(h)
            let comparable = !ins.body.contains("$") && !ins.body.contains("<<") && !ins.body.hasPrefix("[")
            // A `SHELL` other than `/bin/sh -c` stays in the history (`RUN /bin/sh -e -c cmd`): the command ends it.
            let (hw, iw) = (words(h), words(ins.historyForm))
            let same = hw == iw || (keyword == "RUN" && hw.count > iw.count && hw.suffix(iw.count - 1) == iw.dropFirst())
            if keyword != ins.keyword || (comparable && !same) {
                throw DiffError.dockerfileMismatch(path: df.path, line: n.line, instruction: n.instruction, layer: layer, history: h)
            }
        }
    }

    /// The newest result time a key graph records.
    static func newestResult(_ g: CacheGraph) -> (time: RFC3339Time, text: String)? {
        var best: (time: RFC3339Time, text: String)?
        for r in g.records {
            for res in r.results {
                guard let c = res.createdAt, let t = RFC3339Time(c) else { continue }
                if best == nil || best!.time < t { best = (t, c) }
            }
        }
        return best
    }

    /// The image's layers as a view of the steps that made them: a layer is served (`hit`) when
    /// its step was loaded or not needed, and misses when its step ran, for the step's reason.
    static func layerView(
        stages: [StageVerdict], layerCount: Int, base: Int, layerSteps: [String?],
        sources: [ImportedCache]
    ) -> [LayerVerdict] {
        let steps = stages.filter(\.final).flatMap(\.steps)
        var byLayer: [Int: StepVerdict] = [:]
        for v in steps { if let l = v.layer, byLayer[l] == nil { byLayer[l] = v } }
        let byRecord = Dictionary(stages.flatMap(\.steps).map { ($0.record, $0) }, uniquingKeysWith: { a, _ in a })
        return (0..<layerCount).map { i in
            if i < base { return LayerVerdict(index: i, createdBy: layerSteps[i], status: .base, reason: nil, record: nil) }
            guard let v = byLayer[i] else {
                // No step of the key graph makes this layer (an image whose cache does not cover it).
                return LayerVerdict(
                    index: i, createdBy: layerSteps[i], status: .miss, reason: .noCache, record: nil,
                    cause: MissCause(kind: .unknown))
            }
            guard v.status == .run, let reason = v.reason else {
                return LayerVerdict(index: i, createdBy: layerSteps[i], status: .hit, reason: nil, record: v.record)
            }
            return LayerVerdict(
                index: i, createdBy: layerSteps[i], status: .miss, reason: MissReason(reason), record: v.record,
                cause: missCause(v, byRecord: byRecord))
        }
    }

    /// The layer-level cause of a step that ran, from the step's own cause.
    static func missCause(_ v: StepVerdict, byRecord: [Int: StepVerdict]) -> MissCause {
        func kind(_ c: StepCause) -> MissCause.Kind {
            switch c {
            case .baseChanged: return .base
            case .ownKeyChanged: return .key
            case .contentChanged: return .content
            case .matchedWithoutResult: return .matchedWithoutResult
            case let .checksum(_, own): return own == .notExported ? .matchedWithoutResult : .key
            case .noCache, .disabled, .loaded, .unneeded, .upstream: return .unknown
            }
        }
        switch v.cause {
        case .baseChanged: return MissCause(kind: .base)
        case .noCache, .disabled: return MissCause(kind: .unknown)
        case let .upstream(slot, root):
            let r = byRecord[root]
            return MissCause(kind: r.map { kind($0.cause) } ?? .key, record: root, layer: r?.layer, input: slot)
        case .ownKeyChanged:
            return MissCause(
                kind: .key, record: v.record, layer: v.layer, oldStep: v.oldCreatedBy,
                newStep: v.oldCreatedBy == nil ? nil : v.createdBy)
        default:
            return MissCause(kind: kind(v.cause), record: v.record, layer: v.layer)
        }
    }
}

extension MissReason {
    init(_ r: RunReason) {
        switch r {
        case .changed: self = .changed
        case .upstreamChanged: self = .upstreamChanged
        case .notExported: self = .notExported
        case .neededForChecksum: self = .neededForChecksum
        case .baseChanged: self = .baseChanged
        case .noCache: self = .noCache
        }
    }
}

extension DiffReport {
    /// `--target` must name a stage (by its `AS` name or its index).
    public static func checkTarget(_ target: String, in df: Dockerfile) throws(DiffError) {
        let names = df.stages.enumerated().map { $0.element.name ?? String($0.offset) }
        let t = target.lowercased()
        guard names.contains(t) || Int(t).map({ $0 >= 0 && $0 < df.stages.count }) == true else {
            throw DiffError.unknownTarget(target, stages: names)
        }
    }
}
