import CacheModel

/// One tag of a repository, loaded: the input of a history. A tag is an image (explained through
/// its inline cache) or a cache export (`--cache-to type=registry`, explained through its records).
public struct HistoryInput: Sendable {
    public enum Content: Sendable {
        case image(LoadedImage)
        case export(LoadedCacheExport)
    }
    public let tag: String
    public let content: Content
    /// For an export: the image its build pushed, whose history names the steps (set when a
    /// history finds the two are one build).
    public var pushedImage: LoadedImage? = nil
    public init(tag: String, image: LoadedImage) { self.tag = tag; content = .image(image) }
    public init(tag: String, export: LoadedCacheExport) { self.tag = tag; content = .export(export) }

    public var digest: Digest {
        switch content {
        case let .image(i): return i.manifestDigest
        case let .export(e): return e.manifestDigest
        }
    }
}

/// Something worth saying about one build of a history; renderers word it.
public enum HistoryNote: Sendable, Equatable {
    /// The oldest build shown, with nothing earlier to compare it with.
    case firstBuild
    /// This is the tag every build imported (`--cache-from-tag`).
    case isCacheSource
    /// The image carries no inline cache (`invalid` nil), or one BuildKit cannot import (why):
    /// what ran is unknown.
    case noInlineCache(invalid: String?)
    /// The tag `--cache-from-tag` names could not be loaded.
    case cacheFromMissing(tag: String)
    /// The explanation failed; `detail` is the error's own description.
    case unexplained(detail: String)
    /// The image it imported carries no inline cache: nothing could be served.
    case importedNoCache(tag: String)
    /// The same image as the build before it: a rebuild that hit every step.
    case rebuildHitEverything(of: String)
    /// It shares no step with the build before it beyond the base image: another lineage (another
    /// Dockerfile, or a build that did not import that one), not an import that missed.
    case newLineage(previous: String)
}

/// One build of a history, explained against the build it imported.
public struct HistoryBuild: Sendable {
    /// The tag shown for the build (the first of `tags`).
    public let tag: String
    /// Every tag naming the same image manifest.
    public let tags: [String]
    public let digest: Digest
    /// The config's `created` (else the latest history entry's), as written.
    public let created: String?
    /// `created` in seconds since the epoch, when it parses.
    public let time: Double?
    /// The tag of the build it is explained against, nil when none.
    public let cacheFrom: String?
    /// Final-stage layers: base, hit or miss with the reason (empty when unexplained).
    public let layers: [LayerVerdict]
    /// Every step of every stage (empty when unexplained).
    public let stages: [StageVerdict]
    public var stepsRun: Int { stages.flatMap(\.steps).filter { $0.status == .run }.count }
    /// Steps that did not run: loaded from the cache, or matched and not needed.
    public var stepsCached: Int { stages.flatMap(\.steps).filter { $0.status != .run }.count }
    public var firstMiss: LayerVerdict? { layers.first { $0.status == .miss } }
    /// Seconds the steps that ran took, every stage: the sum `diff` reports for the same pair
    /// (each step's end minus its inputs' ends in this build's cache); nil when no duration is known.
    public let timeLostSeconds: Double?
    public let notes: [HistoryNote]
    /// Where the change starts that made steps run (the same answer `diff` gives for the pair).
    public var changeStart: DiffAnswer.ChangeStart? = nil
    /// Why the build it imported carries no usable cache (nil when it does).
    public var sourceUnusable: ImportedCache.Unusable? = nil
    /// Whether the image carries an inline cache BuildKit can import.
    public let hasInlineCache: Bool
    /// Built layers of this image's own cache that have no result (holes).
    public let holes: [Int]
    /// The top layer's step text, to tell targets apart.
    public let topStep: String?
    public let layerCount: Int
    public var explained: Bool { !stages.isEmpty || !layers.isEmpty }
}

public struct HistoryPattern: Sendable, Equatable {
    public enum ID: String, Sendable, CaseIterable {
        case everySecondBuild = "every-second-build"
        case brokeAt = "broke-at"
        case noInlineCache = "no-inline-cache"
        case targetsOverwrite = "targets-overwrite"
        case baseUpdates = "base-updates"
    }
    public let id: ID
    /// Tags of the builds involved, oldest first.
    public let builds: [String]
    /// What the rule found, as facts; renderers word it.
    public let finding: Finding

    public enum Finding: Sendable, Equatable {
        /// Builds that re-ran steps whose keys matched a hole of the images they imported.
        case everySecondBuild(victims: [String], carriers: [String])
        /// From build `builds[0]` on, the final-stage step at `position` (1-based, above the base)
        /// misses in every build: `printed` as BuildKit prints it (with a Dockerfile), else its
        /// history text; `change` is what changed in its text the first time.
        case brokeAt(position: Int, printed: String?, createdBy: String?, change: KeyChange?)
        /// Builds without inline cache, and the builds that imported them.
        case noInlineCache(without: [String], importers: [String])
        /// Builds of different targets importing each other: their final steps' history texts, and
        /// the step runs importing their own target's last build would have saved.
        case targetsOverwrite(finalSteps: [String], saved: Int)
        /// Builds whose base image changed under them.
        case baseUpdates
    }
}

public struct HistoryReport: Sendable {
    public let repository: String
    /// Oldest first.
    public let builds: [HistoryBuild]
    public let patterns: [HistoryPattern]
    /// Tags that could not be used (load errors, artifacts that are not images).
    public let notes: [String]
}

extension HistoryReport {
    /// Explains a series of builds.
    /// - Parameters:
    ///   - inputs: every tag loaded, in any order; tags naming the same manifest become one build.
    ///   - last: how many of the most recent builds to show (the one before them is still used to explain the first).
    ///   - cacheFromTag: when every build imported one fixed tag, that tag (its image in `cacheSource`).
    ///   - notes: notes about tags that could not be loaded, passed through.
    public static func analyze(
        repository: String, inputs: [HistoryInput], last: Int = 20,
        cacheFromTag: String? = nil, cacheSource: HistoryInput? = nil,
        dockerfile: Dockerfile? = nil, target: String? = nil, notes: [String] = []
    ) -> HistoryReport {
        var decoded: [Digest: Decoded] = [:]
        func decode(_ i: HistoryInput) -> Decoded {
            let key =
                i.pushedImage.map { Digest.sha256(of: Array((i.digest.description + $0.manifestDigest.description).utf8)) } ?? i.digest
            if let d = decoded[key] { return d }
            let d = Decoded(i); decoded[key] = d; return d
        }
        let series = order(inputs, decode: decode)
        let shownFrom = max(0, series.count - max(1, last))
        var builds: [HistoryBuild] = []
        let fixed = cacheSource.map(decode)
        for k in shownFrom..<series.count {
            let cur = series[k]
            var source: (tag: String, cache: Decoded)?
            var extra: [HistoryNote] = []
            if let tag = cacheFromTag {
                if cur.tags.contains(tag) {
                    extra.append(.isCacheSource)
                } else if let f = fixed {
                    source = (tag, f)
                } else {
                    extra.append(.cacheFromMissing(tag: tag))
                }
            } else if k > 0 {
                source = (series[k - 1].tags[0], decode(series[k - 1].input))
            } else if shownFrom == 0 {
                extra.append(.firstBuild)
                source = ("", Decoded.cold)
            }
            builds.append(explain(cur, decode(cur.input), source: source, notes: extra, dockerfile: dockerfile, target: target))
        }
        let alternates =
            cacheFromTag != nil
            ? [:]
            : alternation(
                series: series, shownFrom: shownFrom, builds: builds, decode: decode,
                dockerfile: dockerfile, target: target)
        return HistoryReport(
            repository: repository, builds: builds,
            patterns: HistoryPatterns.find(builds, alternates: alternates), notes: notes)
    }

    /// A tag's cache, decoded once: what a build importing it gets, and what it says about its own build.
    struct Decoded {
        let imported: ImportedCache?
        let new: NewBuild?
        /// Why `new` is nil.
        let problem: HistoryNote?
        let usable: Bool
        let holes: [Int]
        let topStep: String?
        /// The own key of the top step of the final stage: tells targets apart.
        let topKey: Digest?
        let layerCount: Int

        /// What a cold build imports: nothing.
        static let cold = Decoded(imported: ImportedCache.nothing)

        private init(imported: ImportedCache) {
            self.imported = imported; new = nil; problem = nil; usable = true; holes = []; topStep = nil; topKey = nil; layerCount = 0
        }

        init(_ input: HistoryInput) {
            switch input.content {
            case let .image(img):
                let c = ImageCache(image: img)
                imported = ImportedCache(image: c)
                new = try? NewBuild(image: c)
                switch c.status {
                case .absent: problem = .noInlineCache(invalid: nil); usable = false
                case let .invalid(why): problem = .noInlineCache(invalid: why); usable = false
                case .present: problem = nil; usable = true
                }
                holes = c.stage?.holes ?? []
                topStep = c.layerSteps.last ?? nil
                layerCount = img.manifest.layers.count
            case let .export(e):
                topStep = nil
                var imp: ImportedCache?, n: NewBuild?, why: String?
                do {
                    let ce = try CacheExport(e)
                    imp = ImportedCache(export: ce)
                    n = try NewBuild(export: ce, image: input.pushedImage.map { ImageCache(image: $0) })
                } catch {
                    why = Sanitize.inline((error as? UserFacingError)?.description ?? "\(error)")
                }
                imported = imp; new = n
                usable = n != nil
                problem = why.map { .unexplained(detail: $0) }
                holes = n?.stage.holes ?? []
                layerCount = n?.layerCount ?? 0
            }
            if let n = new, let top = n.stage.chain.last { topKey = n.graph.records[top].digest } else { topKey = nil }
        }
    }

    /// A build: all tags of one manifest, and its time.
    struct Entry { let tags: [String]; let input: HistoryInput; let created: String?; let time: Double? }

    /// Dedupes by manifest digest and orders by time (unknown times first). Builds of the same
    /// time (a build that reused every layer keeps the config's `created`) put the one with holes
    /// in its cache last: holes come only from importing a cache. Then by tag.
    static func order(_ inputs: [HistoryInput], decode: (HistoryInput) -> Decoded) -> [Entry] {
        var byDigest: [Digest: (tags: [String], input: HistoryInput)] = [:]
        var firstSeen: [Digest] = []
        for i in inputs {
            if byDigest[i.digest] == nil { firstSeen.append(i.digest); byDigest[i.digest] = ([], i) }
            if !byDigest[i.digest]!.tags.contains(i.tag) { byDigest[i.digest]!.tags.append(i.tag) }
        }
        // A moving tag (latest, main, …) is an alias of the build it names; two build tags naming
        // one manifest are two builds, the later one a rebuild that hit every step.
        var entries: [Entry] = []
        for d in firstSeen {
            let (tags, input) = byDigest[d]!
            let created = createdTime(input)
            let time = created.flatMap({ seconds($0) })
            let sorted = tags.sorted()
            let builds = sorted.filter { !movingTags.contains($0) }
            let aliases = sorted.filter { movingTags.contains($0) }
            if builds.count <= 1 {
                entries.append(Entry(tags: builds + aliases, input: input, created: created, time: time))
            } else {
                for (k, t) in builds.enumerated() {
                    entries.append(Entry(tags: [t] + (k == 0 ? aliases : []), input: input, created: created, time: time))
                }
            }
        }
        return mergeExports(entries, decode: decode).sorted { a, b in
            switch (a.time, b.time) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return true
            case (_?, nil): return false
            default:
                let ha = !decode(a.input).holes.isEmpty, hb = !decode(b.input).holes.isEmpty
                return ha != hb ? hb : a.tags[0] < b.tags[0]
            }
        }
    }

    /// An image and the cache export its build wrote are one build: the export's final-stage chain
    /// ends in a result whose layers are the image's layers, blob for blob, made within a minute of
    /// the image (a later build that reused every layer exports the same blobs with their old times).
    /// The merged build is explained through the export, which holds every stage's records (mode=max),
    /// and shown under the image's tag, the export's tags kept as aliases. Each image takes the
    /// export nearest to it in time; an export is merged once.
    static func mergeExports(_ entries: [Entry], decode: (HistoryInput) -> Decoded) -> [Entry] {
        var exports: [(k: Int, layers: [Digest])] = []
        for (k, e) in entries.enumerated() {
            guard case .export = e.input.content, let new = decode(e.input).new else { continue }
            let blobs = new.layerBlobs.compactMap { $0?.digest }
            if !blobs.isEmpty, blobs.count == new.layerBlobs.count { exports.append((k, blobs)) }
        }
        guard !exports.isEmpty else { return entries }
        var mergedInto: [Int: Int] = [:]  // export index → image index
        var taken = Set<Int>()
        for (k, e) in entries.enumerated() {
            guard case let .image(img) = e.input.content else { continue }
            let layers = img.manifest.layers.map(\.digest)
            let candidates = exports.filter { x in
                guard !taken.contains(x.k), x.layers == layers else { return false }
                guard let a = e.time, let b = entries[x.k].time else { return false }
                return abs(a - b) <= 60
            }
            guard
                let best = candidates.min(by: {
                    abs((entries[$0.k].time ?? 0) - (e.time ?? 0)) < abs((entries[$1.k].time ?? 0) - (e.time ?? 0))
                })
            else { continue }
            taken.insert(best.k)
            mergedInto[best.k] = k
        }
        guard !mergedInto.isEmpty else { return entries }
        var out: [Entry] = []
        let images = Dictionary(uniqueKeysWithValues: mergedInto.map { ($0.value, $0.key) })
        for (k, e) in entries.enumerated() where mergedInto[k] == nil {
            guard let x = images[k] else { out.append(e); continue }
            let export = entries[x]
            var input = export.input
            if case let .image(img) = e.input.content { input.pushedImage = img }
            out.append(
                Entry(
                    tags: e.tags + export.tags.filter { !e.tags.contains($0) }, input: input,
                    created: e.created ?? export.created, time: e.time ?? export.time))
        }
        return out
    }

    /// Tags that move from build to build: aliases of the build they name, not builds of their own.
    static let movingTags: Set<String> = ["latest", "main", "master", "develop", "dev", "edge", "nightly", "stable", "head", "trunk"]

    /// An image's config `created`, else its latest history entry; a cache export's latest layer `createdat`.
    static func createdTime(_ input: HistoryInput) -> String? {
        let candidates: [String]
        switch input.content {
        case let .image(img):
            if let c = img.config.created { return c }
            candidates = img.config.history.compactMap(\.created)
        case let .export(e):
            candidates = e.layerDescriptors.compactMap { $0.annotations["buildkit/createdat"] }
        }
        return candidates.max { (seconds($0) ?? 0) < (seconds($1) ?? 0) }
    }

    /// An RFC 3339 time in seconds since the epoch, with its fraction.
    static func seconds(_ text: String) -> Double? { RFC3339Time(text)?.value }

    static func explain(
        _ e: Entry, _ d: Decoded, source: (tag: String, cache: Decoded)?, notes: [HistoryNote],
        dockerfile: Dockerfile?, target: String?
    ) -> HistoryBuild {
        var notes = notes
        var layers: [LayerVerdict] = [], stages: [StageVerdict] = []
        var lost: Double?
        var start: DiffAnswer.ChangeStart?
        if let p = d.problem { notes.append(p) }
        if let source, let new = d.new {
            if !source.cache.usable { notes.append(.importedNoCache(tag: source.tag)) }
            if let imported = source.cache.imported {
                do {
                    let report = try DiffReport.analyze(
                        sources: [imported], new: new, dockerfile: dockerfile, target: target,
                        verifyDockerfile: false)
                    layers = report.layers; stages = report.stages; lost = report.timeLostSeconds
                    start = report.answer.changeStart
                    let steps = stages.flatMap(\.steps)
                    if !source.tag.isEmpty, let s = source.cache.imported, s.manifestDigest == e.input.digest {
                        notes.append(.rebuildHitEverything(of: source.tag))
                    } else if !source.tag.isEmpty, !steps.isEmpty, steps.allSatisfy({ !$0.keyMatched && $0.reason != .baseChanged }),
                        let old = source.cache.imported, !old.layerSteps.isEmpty,
                        Set(new.layerSteps.compactMap { $0 }).isDisjoint(with: old.layerSteps.compactMap { $0 })
                    {
                        notes.append(.newLineage(previous: source.tag))
                    }
                } catch let e as UserFacingError {
                    notes.append(.unexplained(detail: e.description))
                } catch {
                    notes.append(.unexplained(detail: Sanitize.inline("\(error)")))
                }
            }
        }
        var b = HistoryBuild(
            tag: e.tags[0], tags: e.tags, digest: e.input.digest, created: e.created, time: e.time,
            cacheFrom: (source?.tag).flatMap { $0.isEmpty ? nil : $0 }, layers: layers, stages: stages,
            timeLostSeconds: lost, notes: notes,
            hasInlineCache: d.usable, holes: d.holes, topStep: d.topStep, layerCount: d.layerCount)
        b.changeStart = start
        b.sourceUnusable = source?.cache.imported?.unusable
        return b
    }

    /// Builds that would have run fewer steps importing the build two before them (the last one
    /// of their own target: the same top step) than the one just before (another target): tag → steps saved.
    static func alternation(
        series: [Entry], shownFrom: Int, builds: [HistoryBuild], decode: (HistoryInput) -> Decoded,
        dockerfile: Dockerfile?, target: String?
    ) -> [String: Int] {
        var out: [String: Int] = [:]
        for (j, b) in builds.enumerated() where b.explained {
            let k = shownFrom + j
            guard k >= 2 else { continue }
            let prev = decode(series[k - 1].input), twoBack = decode(series[k - 2].input), cur = decode(series[k].input)
            guard let key = cur.topKey, prev.topKey != key, twoBack.topKey == key, twoBack.usable,
                let new = cur.new, let imported = twoBack.imported,
                let alt = try? DiffReport.analyze(
                    sources: [imported], new: new, dockerfile: dockerfile, target: target,
                    verifyDockerfile: false)
            else { continue }
            let altRun = alt.stages.flatMap(\.steps).filter { $0.status == .run }.count
            if altRun < b.stepsRun { out[b.tag] = b.stepsRun - altRun }
        }
        return out
    }
}
