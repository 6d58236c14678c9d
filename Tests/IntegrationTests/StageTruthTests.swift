import CacheAnalysis
import CacheModel
import CacheRegistry
import Foundation
import Testing

/// Every step of every stage against what BuildKit did: the status each step of the NEW build
/// got in its `--progress=rawjson` log (run, cached = loaded, unneeded = key matched, not needed).
@Suite struct StageTruthTests {
    /// BuildKit's status of each step, keyed `stage i`; a `COPY --link`'s copy and merge are one
    /// step (loaded if either was loaded); `FROM` vertices are sources, not steps.
    static func truth(_ pair: Fixtures.Pair) -> [String: String] {
        var byStep: [String: [Fixtures.Step]] = [:]
        for s in pair.steps where !s.name.contains("] FROM ") {
            byStep["\(s.stage) \(s.index)", default: []].append(s)
        }
        return byStep.mapValues { steps in
            let statuses = steps.compactMap(\.status)
            let copy = steps.first { $0.kind != "link-merge" }?.status
            if copy == "run" { return "run" }
            if statuses.contains("cached") { return "cached" }
            return copy ?? statuses.first ?? "?"
        }
    }

    static func key(_ name: StepNames.Name?, final: Bool) -> String? {
        guard let n = name else { return nil }
        return "\(n.stage ?? "final") \(n.index)"
    }

    static let pairNames: [String] = (try? Fixtures.pairs().map(\.name)) ?? []

    @Test(arguments: pairNames)
    func everyStepMatchesBuildKit(pairName: String) async throws {
        let pair = try #require(try Fixtures.pairs().first { $0.name == pairName })
        let new = try NewBuild(image: try await Fixtures.cache(pair.new))
        let old = try await Fixtures.imported(pair.old)
        let (dockerfile, target) = try Fixtures.buildDockerfile(pair.new)
        let report = try DiffReport.analyze(sources: [old], new: new, dockerfile: dockerfile, target: target)
        let truth = Self.truth(pair)
        #expect(!truth.isEmpty)
        var predicted: [String: (StepVerdict, Bool)] = [:]
        for st in report.stages { for v in st.steps { if let k = Self.key(v.name, final: st.final) { predicted[k] = (v, st.final) } } }
        for (step, status) in truth.sorted(by: { $0.key < $1.key }) {
            let p = try #require(predicted[step], "\(pairName): step \(step) not found in cachectl's stages (\(predicted.keys.sorted()))")
            #expect(
                p.0.status.rawValue == status,
                "\(pairName): \(step): BuildKit \(status), cachectl \(p.0.status.rawValue) \(p.0.reason?.rawValue ?? "") \(p.0.cause)")
        }
        // Every step of the build appears once.
        #expect(predicted.count == truth.count, "\(pairName): \(predicted.keys.sorted()) vs \(truth.keys.sorted())")
    }
}

/// The same check on the BuildKit v0.25 builds (fixtures/v025): several sources, registry and
/// local exports as sources, NEW given as its own export, `--target`, multi-platform, zstd.
@Suite struct StageTruthV025Tests {
    static let root = Fixtures.root + "/v025"

    struct Pair {
        let name: String; let sources: [String]; let new: String; let newKind: String; let log: String; let steps: [Fixtures.Step]
    }

    /// The pairs of a fixture set in the v0.25 format (fixtures/v025, fixtures/history).
    static func pairs(root: String = root) throws -> [Pair] {
        let dir = root + "/pairs"
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted().map { file in
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))
            let v = try JSONDocument(parsing: [UInt8](data), what: file).value
            let steps = v["steps"]!.elements.map(Fixtures.Step.init(json:))
            return Pair(
                name: v["pair"]!.string!, sources: v["sources"]!.elements.map { $0.string! }, new: v["new"]!.string!,
                newKind: v["newKind"]!.string!, log: v["log"]!.string!, steps: steps)
        }
    }

    /// A source: a ref of the v0.25 layout, or a `local-cache/<dir>` export.
    static func imported(_ name: String) async throws -> ImportedCache {
        if name.hasPrefix("local-cache/") {
            let target = try await Fixtures.loadLayout(LayoutReference(path: root + "/" + name), shown: "oci:fixtures/v025/" + name)
            guard case let .cacheExport(e) = target else { throw FixtureError("\(name) is not a cache export") }
            return ImportedCache(export: try CacheExport(e))
        }
        switch try await Fixtures.load(name, layout: root + "/images") {
        case let .images(images, _): return ImportedCache(image: ImageCache(image: images[0]))
        case let .cacheExport(e): return ImportedCache(export: try CacheExport(e))
        }
    }

    static func newBuild(_ p: Pair) async throws -> NewBuild {
        // The alternating-targets builds export only to the shared cache ref, which is kept as it
        // stood after each build (`shared-after-<build>`): that export is the build's record.
        if p.new.hasPrefix("targets-") {
            guard
                case let .cacheExport(e) = try await Fixtures.load(
                    "shared-after-" + p.new.dropFirst("targets-".count), layout: root + "/images"),
                case let .images(images, _) = try await Fixtures.load(p.new, layout: root + "/images")
            else {
                throw FixtureError("\(p.new): no shared-after export")
            }
            return try NewBuild(export: try CacheExport(e), image: ImageCache(image: images[0]))
        }
        switch try await Fixtures.load(p.new, layout: root + "/images") {
        case let .images(images, _): return try NewBuild(image: ImageCache(image: images[0]))
        case let .cacheExport(e): return try NewBuild(export: try CacheExport(e))
        }
    }

    /// Cold builds (no source) are not pairs to diff.
    static let pairNames: [String] = (try? pairs().filter { !$0.sources.isEmpty }.map(\.name)) ?? []

    @Test(arguments: pairNames)
    func everyStepMatchesBuildKit(pairName: String) async throws {
        let pair = try #require(try Self.pairs().first { $0.name == pairName })
        var sources: [ImportedCache] = []
        for s in pair.sources { sources.append(try await Self.imported(s)) }
        let new = try await Self.newBuild(pair)
        let logDir = Self.root + "/" + pair.log
        let (dockerfile, target) = try Fixtures.buildDockerfile(String(logDir.split(separator: "/").last!), logs: Self.root + "/logs")
        let report = try DiffReport.analyze(sources: sources, new: new, dockerfile: dockerfile, target: target)
        let truth = StageTruthTests.truth(
            Fixtures.Pair(
                name: pair.name, old: pair.sources[0], new: pair.new,
                steps: pair.steps.filter { $0.kind != "from" }))
        #expect(!truth.isEmpty)
        var predicted: [String: StepVerdict] = [:]
        for st in report.stages { for v in st.steps { if let k = StageTruthTests.key(v.name, final: st.final) { predicted[k] = v } } }
        for (step, status) in truth.sorted(by: { $0.key < $1.key }) {
            let p = try #require(predicted[step], "\(pairName): step \(step) not found in cachectl's stages (\(predicted.keys.sorted()))")
            #expect(
                p.status.rawValue == status,
                "\(pairName): \(step): BuildKit \(status), cachectl \(p.status.rawValue) \(p.reason?.rawValue ?? "") \(p.cause)")
        }
        #expect(predicted.count == truth.count, "\(pairName): \(predicted.keys.sorted()) vs \(truth.keys.sorted())")
        // The final-stage layers agree: a layer hits exactly when BuildKit did not run its step.
        for st in report.stages where st.final {
            for v in st.steps {
                guard let layer = v.layer, let key = StageTruthTests.key(v.name, final: true), let want = truth[key] else { continue }
                let l = try #require(report.layers.first { $0.index == layer })
                #expect(
                    (l.status == .hit) == (want != "run"),
                    "\(pairName): layer \(layer) \(key): BuildKit \(want), layer \(l.status) \(String(describing: l.cause))")
            }
        }
    }
}

/// Durations against the rawjson intervals: a step that runs, against its execution in NEW's log;
/// a step that does not, against its execution in the log of the build that made the source.
@Suite struct DurationTruthTests {
    typealias V = StageTruthV025Tests

    struct Timed { let status: String; let seconds: Double? }

    /// Per `stage index`: BuildKit's status and the length of the step's last interval.
    static func timings(log: String, root: String = V.root) throws -> [String: Timed] {
        let pairs = try V.pairs(root: root)
        guard let pair = pairs.first(where: { $0.log == log }) else { return [:] }
        let raw = try JSONDocument(
            parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: root + "/pairs/" + pair.name + ".json"))),
            what: pair.name
        ).value
        var out: [String: Timed] = [:]
        for s in raw["steps"]!.elements where s["kind"]?.string != "from" && s["kind"]?.string != "link-merge" {
            let last = s["intervals"]!.elements.last
            var secs: Double?
            if let a = last?.elements.first?.string, let b = last?.elements.last?.string,
                let x = RFC3339Time(a)?.value, let y = RFC3339Time(b)?.value
            {
                secs = y - x
            }
            out["\(s["stage"]!.string!) \(s["index"]!.int!)"] = Timed(status: s["status"]!.string!, seconds: secs)
        }
        return out
    }

    /// The log of the build that made a source: its own, or the build whose export it is.
    static func sourceLog(_ source: String) throws -> String? {
        if FileManager.default.fileExists(atPath: V.root + "/logs/" + source + "/build.rawjson") { return "logs/" + source }
        return try V.pairs().first { $0.new == source }?.log
    }

    @Test func everyKnownDurationIsWithinTolerance() async throws {
        var checked = 0, unknown = 0
        for pair in try V.pairs()
        where !pair.sources.isEmpty && !pair.new.hasPrefix("targets-") && !pair.sources[0].hasPrefix("local-cache") {
            var sources: [ImportedCache] = []
            for s in pair.sources { sources.append(try await V.imported(s)) }
            let new = try await V.newBuild(pair)
            let logName = String(pair.log.split(separator: "/").last!)
            let (dockerfile, target) = try Fixtures.buildDockerfile(logName, logs: V.root + "/logs")
            let report = try DiffReport.analyze(sources: sources, new: new, dockerfile: dockerfile, target: target)
            let newTimes = try Self.timings(log: pair.log)
            for st in report.stages {
                for v in st.steps {
                    guard let key = StageTruthTests.key(v.name, final: st.final) else { continue }
                    guard let est = v.duration.seconds else { unknown += 1; continue }
                    let truth: Double?
                    if v.status == .run {
                        #expect(v.duration.source == .newBuild)
                        truth = newTimes[key]?.seconds
                    } else {
                        #expect(v.duration.source == .importedCache)
                        // Every source's build that ran the step; the estimate must match one of them.
                        var runs: [Double] = []
                        for s in pair.sources {
                            if let log = try Self.sourceLog(s), let t = try Self.timings(log: log)[key], t.status == "run",
                                let x = t.seconds
                            {
                                runs.append(x)
                            }
                        }
                        truth = runs.min { abs($0 - est) < abs($1 - est) }
                        if truth == nil { continue }
                    }
                    let t = try #require(truth, "\(pair.name): \(key) has no interval")
                    #expect(abs(est - t) <= 0.5 + 0.1 * t, "\(pair.name): \(key) \(v.status): estimated \(est) s, BuildKit \(t) s")
                    checked += 1
                }
            }
        }
        // The estimate exists for final-stage steps after the first, and for imported steps with
        // short gaps; other stages of an inline-cache build keep no times (unknown, by design).
        #expect(checked >= 30, "only \(checked) durations checked (\(unknown) unknown)")
    }
}
