import CacheKeys
import CacheModel

/// The key graph the next build will have, made from its plan before it runs, in the shape of the
/// inline cache (mode=max records) BuildKit exports: so `Matcher(new: planned, old: imported)`
/// matches it against an imported cache exactly as it matches a built image's records.
///
/// What the records look like (checked against the v0.25 fixtures' exports):
/// - `FROM <image>`: two roots, the image-manifest key and the config (ChainID) key; the step after
///   it links both in its slot 0.
/// - Selectors (`solver/llbsolver/ops/exec.go`, `file.go` `CacheMap`): a RUN's slot carries
///   `sha256` of its mounts' selector paths (`/` for the root mount) joined by NUL; a copy's source
///   slot carries, on the link to the source's definition, `sha256` of the copied paths sorted in
///   reverse and joined by NUL; the content root beside it has none, nor has a copy's slot 0 (the
///   stage so far) or a merge's slots. The build context has no definition key: its slot holds only
///   the content root.
/// - A content root's digest is `RecordKey.content(checksum:)` of the copy's content key.
/// - `COPY --link`: the copy onto scratch (one slot, the source), then the merge (the stage so
///   far, the copy).
/// - The final chain (the target stage and the stages it is built FROM) has results as an inline
///   cache has: layer k for its k-th built step after the base image's layers (the merge of a
///   `COPY --link` has the layer, its copy the chain `[k]`); no other record has a result.
///
/// Content a plan cannot know (a `COPY --from` of a stage, an image, a heredoc body) leaves the
/// slot with its definition link only, and the record in `unknownContent`; no digest is invented.
public struct PlannedGraph: Sendable {
    /// A step of the plan: `plan.stages[stage].steps[index]`.
    public struct StepID: Hashable, Sendable, Comparable, CustomStringConvertible {
        public let stage: Int
        public let index: Int
        public init(stage: Int, index: Int) { self.stage = stage; self.index = index }
        public static func < (a: StepID, b: StepID) -> Bool { (a.stage, a.index) < (b.stage, b.index) }
        public var description: String { "\(stage).\(index)" }
    }

    public let graph: CacheGraph
    /// The record whose result is the image (the target's last step); nil when it is not planned.
    public let top: Int?
    /// Each planned step's own record (`FROM`: its manifest root; `COPY --link`: the copy).
    public let stepRecords: [StepID: Int]
    /// Each step's records, in the order the plan lists them (`COPY --link`: copy, merge).
    public let stepAllRecords: [StepID: [Int]]
    /// `created_by` per layer of the image: nil for the base image's layers.
    public let layerSteps: [String?]
    public let baseLayerCount: Int
    /// The final chain's steps (target lineage, without `FROM`), one per built layer, in order.
    public let finalSteps: [StepID]
    /// Records with a source slot that lacks its content root because the content is not known
    /// before the build (it matches only through its definition link).
    public let unknownContent: [Int]
    /// The slots of those records that lack their content root.
    public let unknownContentSlots: [Int: [Int]]
    /// Records whose key needs an unknown content: `unknownContent` and every record linking one.
    public let dependsOnUnknown: Set<Int>
    /// Steps without records, and why (an unknown step, a source without a usable key, or a step
    /// after such a step).
    /// Why a step has no planned records.
    public indirect enum Unplanned: Sendable, Equatable {
        /// Its answer waits on a step whose key is not computed (that step's name, and why).
        case waitsOn(step: String, because: Unplanned)
        /// The key computation's own account of a construct it does not compute (CacheKeys).
        case keys(String)
        case noRecords
        /// The stage it is built FROM is not planned.
        case baseStage(String)
        /// It follows a step that is not planned (that step's name).
        case follows(String)
        /// The key of its heredoc source is not computed.
        case heredocSource
        /// The content key of its context sources is not given.
        case contextContent
        case sourceStage(String)
        /// The image it copies from is not resolved.
        case image(String)
        /// An input of the record (its role) has nothing to link.
        case inputWithoutLink(String)
        /// `COPY --parents`: its content key is not computed.
        case copyParents
        /// Reading the context for it failed.
        case context(BuildContextError)
    }

    public let unplanned: [StepID: Unplanned]
    /// The plan it was made from.
    public let plan: BuildPlan

    /// - Parameters:
    ///   - baseImages: the resolved base images, keyed as `BuildPlan.plan` was given them (their
    ///     `diff_ids` give the number of base layers).
    ///   - content: the content record digest (`RecordKey.content(checksum:)`, i.e.
    ///     `CopyContentKey.record`) of each step's source slot: context copies (see
    ///     `contextContent`), and `COPY --from` when the source's content is known.
    ///   - formula: the builder the plan was made for (engines before v0.13 give a RUN's mount a
    ///     selector only when it has one: the root mount's slot has none).
    public init(
        plan: BuildPlan, baseImages: [String: BaseImage], content: [StepID: Digest] = [:],
        formula: KeyFormula = .current
    ) throws(ModelError) {
        let oldExec = formula.engine < .v013ToV016
        var b = Builder()
        var stepRecords: [StepID: Int] = [:]
        var stepAll: [StepID: [Int]] = [:]
        var unplanned: [StepID: Unplanned] = [:]
        var unknownContent: [Int] = []
        var unknownSlots: [Int: [Int]] = [:]
        var stageEnd: [Int: [Int]] = [:]
        // The records of images read by `COPY --from=<image>` / `RUN --mount=from=<image>`.
        var imageRoots: [String: [Int]] = [:]
        for src in plan.imageSources where src.unknown == nil {
            imageRoots[Self.imageName(src.name)] = src.records.map { b.add(digest: $0.record, inputs: []) }
        }
        let chain = Self.finalChain(plan)
        let chainSet = Set(chain)
        var finalSteps: [StepID] = []
        var mainRecord: [StepID: Int] = [:]

        for stage in plan.stages where stage.reachable {
            var cur: [Int] = []
            var broken: Unplanned?
            if let parent = Self.parentStage(plan, stage.index) {
                if let end = stageEnd[parent] { cur = end } else { broken = .baseStage(plan.stages[parent].displayName) }
            }
            // A step without a key keeps its place: a stand-in record no cache holds, linked to the
            // state below it, so the stage keeps its shape (its steps, their layers and names) and
            // the steps after it link it (they can match nothing either).
            func standIn(_ id: StepID) {
                let r = b.add(digest: Self.standInDigest(id), inputs: cur.isEmpty ? [] : [cur.map { CacheInput(selector: "", link: $0) }])
                stepRecords[id] = r
                stepAll[id] = [r]
                mainRecord[id] = r
                cur = [r]
            }
            for (k, step) in stage.steps.enumerated() {
                let id = StepID(stage: stage.index, index: k)
                if chainSet.contains(stage.index) && step.kind != .from { finalSteps.append(id) }
                if let why = broken {
                    unplanned[id] = why
                    standIn(id)
                    continue
                }
                if let why = step.unknown.map(Unplanned.keys) ?? (step.records.isEmpty ? .noRecords : nil) {
                    unplanned[id] = why
                    broken = .follows(step.name)
                    standIn(id)
                    continue
                }
                if step.kind == .from {
                    cur = step.records.map { b.add(digest: $0.record, inputs: []) }
                    stepRecords[id] = cur.first
                    stepAll[id] = cur
                    continue
                }
                var made: [Int] = []
                var failed: Unplanned?
                var linkCopy: Int?
                for r in step.records {
                    var slots: [[CacheInput]] = []
                    var missingSlots: [Int] = []
                    for input in r.inputs {
                        switch input {
                        case .previous:
                            let sel = r.role == .exec ? Self.digestText(Self.execSelector(step, origin: nil, oldEngine: oldExec)) : ""
                            slots.append(cur.map { CacheInput(selector: sel, link: $0) })
                        case .linkCopy:
                            if let l = linkCopy { slots.append([CacheInput(selector: "", link: l)]) }
                        case let .source(origin):
                            var alts: [CacheInput] = []
                            let sel: String
                            let contentBased: Bool
                            if r.role == .exec {
                                sel = Self.digestText(Self.execSelector(step, origin: origin, oldEngine: oldExec))
                                contentBased = Self.execMountIsContentBased(step, origin: origin)
                            } else {
                                sel = Self.digestText(Self.fileSelector(step, origin: origin))
                                contentBased = true
                            }
                            switch origin {
                            case .context, .inline: break
                            case let .stage(i, _):
                                if let end = stageEnd[i] { alts += end.map { CacheInput(selector: sel, link: $0) } }
                            case let .image(ref):
                                if let roots = imageRoots[Self.normalizedImage(ref)] ?? imageRoots[ref] {
                                    alts += roots.map { CacheInput(selector: sel, link: $0) }
                                }
                            }
                            if case .inline = origin {
                                // The heredoc's own FileOp (a file made on scratch) is not planned.
                                failed = failed ?? .heredocSource
                            } else if contentBased, let c = content[id] {
                                alts.append(CacheInput(selector: "", link: b.add(digest: c, inputs: [])))
                            } else if contentBased {
                                missingSlots.append(slots.count)
                            }
                            if alts.isEmpty {
                                switch origin {
                                case .context: failed = failed ?? .contextContent
                                case let .stage(_, name): failed = failed ?? .sourceStage(name)
                                case let .image(ref): failed = failed ?? .image(ref)
                                case .inline: failed = failed ?? .heredocSource
                                }
                            }
                            slots.append(alts)
                        }
                    }
                    if failed != nil { break }
                    if slots.contains(where: \.isEmpty) { failed = .inputWithoutLink(r.role.rawValue); break }
                    let index = b.add(digest: r.record, inputs: slots)
                    if !missingSlots.isEmpty { unknownContent.append(index); unknownSlots[index] = missingSlots }
                    if r.role == .linkCopy { linkCopy = index }
                    made.append(index)
                }
                if let why = failed {
                    unplanned[id] = why
                    broken = .follows(step.name)
                    standIn(id)
                    continue
                }
                stepRecords[id] = made.first
                stepAll[id] = made
                mainRecord[id] = made.last
                cur = [made.last!]
            }
            if !cur.isEmpty { stageEnd[stage.index] = cur }
        }

        // Results: layer k for the final chain's k-th built step.
        var base = 0
        if let root = chain.first, let img = baseImages[plan.stages[root].base] { base = img.diffIDs.count }
        let layerCount = base + finalSteps.count
        var layerSteps = [String?](repeating: nil, count: layerCount)
        var results: [Int: [CacheResult]] = [:]
        var top: Int?
        for (k, id) in finalSteps.enumerated() {
            let layer = base + k
            layerSteps[layer] = plan.stages[id.stage].steps[id.index].history
            guard let main = mainRecord[id], let all = stepAll[id] else { top = nil; continue }
            if !results[main, default: []].contains(.layer(layer, createdAt: nil)) {
                results[main, default: []].append(.layer(layer, createdAt: nil))
            }
            for r in all where r != main { results[r, default: []].append(.chain([layer], createdAt: nil)) }
            top = main
        }
        if let last = finalSteps.last, mainRecord[last] == nil { top = nil }

        let records = b.records.enumerated().map { i, r in CacheRecord(digest: r.digest, inputs: r.inputs, results: results[i] ?? []) }
        graph = try CacheGraph.inline(records: records, layerCount: layerCount)
        // Records that need an unknown content: those lacking it and every record above them.
        var depends = Set(unknownContent)
        for r in graph.topologicalOrder where !depends.contains(r) {
            if graph.records[r].inputs.contains(where: { $0.contains { depends.contains($0.link) } }) { depends.insert(r) }
        }
        self.top = top
        self.stepRecords = stepRecords
        self.stepAllRecords = stepAll
        self.layerSteps = layerSteps
        self.baseLayerCount = min(base, layerCount)
        self.finalSteps = finalSteps
        self.unknownContent = Array(Set(unknownContent)).sorted()
        self.unknownContentSlots = unknownSlots
        self.dependsOnUnknown = depends
        self.unplanned = unplanned
        self.plan = plan
    }

    /// The graph as the per-step model reads it: each slot whose content is unknown gets a stand-in
    /// content root, appended after the planned records (whose indexes stay), so that the slot
    /// reads as content-keyed, as it will be in the build: `FinalStage` stops at a copy onto
    /// scratch (told by the content root beside its link), and `Execution` knows the source stage
    /// must be produced for its checksum when the definition does not match. A stand-in's digest
    /// is the sha256 of a text naming the record and slot, which no cache holds: it never matches,
    /// as an unknown content never can before the build. `graph` itself has no stand-in.
    public func modelGraph() -> (graph: CacheGraph, standIns: [Int]) {
        guard !unknownContent.isEmpty else { return (graph, []) }
        var records = graph.records
        var standIns: [Int] = []
        for (r, slots) in unknownContentSlots.sorted(by: { $0.key < $1.key }) {
            let rec = graph.records[r]
            var inputs = rec.inputs
            for s in slots {
                let text = "cachectl: the content of input \(s) of planned record \(r) (\(rec.digest)) is unknown before the build"
                records.append(CacheRecord(digest: Digest.sha256(of: Array(text.utf8)), inputs: [], results: []))
                standIns.append(records.count - 1)
                inputs[s].append(CacheInput(selector: "", link: records.count - 1))
            }
            records[r] = CacheRecord(digest: rec.digest, inputs: inputs, results: rec.results)
        }
        // Same layers, links only added to new roots: still valid.
        let view = (try? CacheGraph(records: records, layerParents: graph.layerParents)) ?? graph
        return (view, view.records.count == records.count ? standIns : [])
    }

    /// The digest of a stand-in record: a step without a key (`unplanned`); no cache holds it.
    static func standInDigest(_ id: StepID) -> Digest {
        Digest.sha256(of: Array("cachectl plan: step \(id.stage).\(id.index) has no key".utf8))
    }

    /// The planned step of `id`.
    public func step(_ id: StepID) -> PlannedStep { plan.stages[id.stage].steps[id.index] }

    /// The content record of every context copy (and context bind mount) of the reachable stages,
    /// from the context `tree`; the steps whose content key cachectl does not compute, and why.
    public static func contextContent(plan: BuildPlan, tree: ContextTree, wildcards: WildcardFormula = .unknown)
        -> (content: [StepID: Digest], unsupported: [StepID: Unplanned])
    {
        var content: [StepID: Digest] = [:]
        var unsupported: [StepID: Unplanned] = [:]
        for stage in plan.stages where stage.reachable {
            for (k, step) in stage.steps.enumerated() where step.unknown == nil {
                let id = StepID(stage: stage.index, index: k)
                let sources = step.sources.filter { $0.origin == .context }
                guard !sources.isEmpty else { continue }
                if sources.contains(where: { !$0.includePatterns.isEmpty }) {
                    unsupported[id] = .copyParents
                    continue
                }
                let filter = CopyFilter(excludePatterns: sources[0].excludePatterns)
                do {
                    let key = try ContentChecksum.copyKey(sources: sources.map(\.path), filter: filter, wildcards: wildcards, in: tree)
                    switch key {
                    case let .key(_, record): content[id] = record
                    case let .unsupported(reason): unsupported[id] = .keys(reason)
                    }
                } catch {
                    unsupported[id] = .context(error)
                }
            }
        }
        return (content, unsupported)
    }

    // MARK: - Shape

    /// The target stage and the stages it is built FROM, root first.
    static func finalChain(_ plan: BuildPlan) -> [Int] {
        guard plan.stages.indices.contains(plan.target) else { return [] }
        var chain = [plan.target]
        while let parent = parentStage(plan, chain[0]), !chain.contains(parent) { chain.insert(parent, at: 0) }
        return chain
    }

    /// The earlier stage a stage is built FROM (by its `AS` name), if any.
    static func parentStage(_ plan: BuildPlan, _ s: Int) -> Int? {
        let base = plan.stages[s].base.lowercased()
        return plan.stages[..<s].lastIndex { $0.name != nil && $0.name!.lowercased() == base }
    }

    /// `sha256` of selector paths joined by NUL (nil: no selector).
    static func digestText(_ paths: [String]?) -> String {
        guard let paths, !paths.isEmpty else { return "" }
        return Digest.sha256(of: Array(paths.joined(separator: "\u{0}").utf8)).description
    }

    /// A FileOp's selector paths for one source input: the `src` of every copy action reading it,
    /// sorted in reverse byte order (`file.go` `CacheMap`).
    static func fileSelector(_ step: PlannedStep, origin: CopySource.Origin) -> [String] {
        step.sources.filter { $0.origin == origin }.map(\.path)
            .sorted { $1.utf8.lexicographicallyPrecedes($0.utf8) }
    }

    /// An ExecOp's selector paths for one input (`exec.go` `getMountDeps`): `path.Join("/", selector)`
    /// of each mount reading it; the root mount's is `/`. Mounts from a stage or an image are read
    /// from the step's `--mount` flags (`source=`/`src=`, `/` when absent). Engines before v0.13
    /// skip a mount without a selector (the root mount, a whole-stage mount).
    static func execSelector(_ step: PlannedStep, origin: CopySource.Origin?, oldEngine: Bool = false) -> [String] {
        if oldEngine { return execSelector(step, origin: origin).filter { $0 != "/" } }
        guard let origin else { return ["/"] }
        switch origin {
        case .context:
            return step.sources.filter { $0.origin == .context }.map { GoPath.join("/", $0.path) }
        case .inline:
            return ["/"]
        case let .stage(i, name):
            let paths = mountSpecs(step).filter { $0.from == name.lowercased() || $0.from == String(i) }.map(\.source)
            return paths.isEmpty ? ["/"] : paths
        case let .image(ref):
            let paths = mountSpecs(step).filter { $0.from == ref.lowercased() }.map(\.source)
            return paths.isEmpty ? ["/"] : paths
        }
    }

    /// Whether a RUN input gets a content root beside its definition link: a mount other than the
    /// root that is read-only or has no output (`getMountDeps`). Bind mounts are read-only unless
    /// `rw`; cache mounts have no output.
    static func execMountIsContentBased(_ step: PlannedStep, origin: CopySource.Origin) -> Bool {
        switch origin {
        case .context, .inline: return true
        case let .stage(i, name):
            let specs = mountSpecs(step).filter { $0.from == name.lowercased() || $0.from == String(i) }
            return specs.isEmpty || specs.allSatisfy(\.contentBased)
        case let .image(ref):
            let specs = mountSpecs(step).filter { $0.from == ref.lowercased() }
            return specs.isEmpty || specs.allSatisfy(\.contentBased)
        }
    }

    struct MountSpec { let from: String; let source: String; let target: String; let contentBased: Bool }

    /// The `--mount=` flags of a RUN, read from its vertex name (which keeps the flags as written).
    static func mountSpecs(_ step: PlannedStep) -> [MountSpec] {
        var out: [MountSpec] = []
        for word in step.name.split(separator: " ") where word.hasPrefix("--mount=") {
            var fields: [String: String] = [:]
            var flags = Set<String>()
            for f in word.dropFirst("--mount=".count).split(separator: ",") {
                let kv = f.split(separator: "=", maxSplits: 1).map(String.init)
                if kv.count == 2 { fields[kv[0].lowercased()] = kv[1] } else { flags.insert(kv[0].lowercased()) }
            }
            guard let from = fields["from"] else { continue }
            let type = fields["type"] ?? "bind"
            let rw = flags.contains("rw") || flags.contains("readwrite") || fields["rw"] == "true" || fields["readwrite"] == "true"
            out.append(
                MountSpec(
                    from: from.lowercased(), source: GoPath.join("/", fields["source"] ?? fields["src"] ?? ""),
                    target: fields["target"] ?? fields["dst"] ?? fields["destination"] ?? "",
                    contentBased: type == "cache" || !rw))
        }
        return out.sorted { $0.target < $1.target }
    }

    /// The image an image-source step reads: its name without `FROM ` and `@digest`.
    static func imageName(_ stepName: String) -> String {
        var n = stepName.hasPrefix("FROM ") ? String(stepName.dropFirst(5)) : stepName
        if let at = n.firstIndex(of: "@") { n = String(n[..<at]) }
        return n
    }

    /// A reference as BuildKit names an image vertex: `docker.io/library/` and `:latest` added.
    static func normalizedImage(_ ref: String) -> String {
        var name = ref
        let first = name.split(separator: "/", maxSplits: 1).first.map(String.init) ?? name
        let hasDomain = name.contains("/") && (first.contains(".") || first.contains(":") || first == "localhost")
        if !hasDomain { name = "docker.io/" + (name.contains("/") ? "" : "library/") + name }
        if let at = name.firstIndex(of: "@") { return String(name[..<at]) }
        let last = name.split(separator: "/").last ?? ""
        if !last.contains(":") { name += ":latest" }
        return name
    }

    /// Records de-duplicated by digest and inputs, as a cache holds them.
    struct Builder {
        struct Key: Hashable { let digest: Digest; let inputs: [[CacheInput]] }
        var records: [Key] = []
        var index: [Key: Int] = [:]

        mutating func add(digest: Digest, inputs: [[CacheInput]]) -> Int {
            let key = Key(digest: digest, inputs: inputs.map { $0.sorted { ($0.link, $0.selector) < ($1.link, $1.selector) } })
            if let i = index[key] { return i }
            records.append(key)
            index[key] = records.count - 1
            return records.count - 1
        }
    }
}
