import CacheAnalysis
import CacheModel
import CacheRegistry
import CacheReports
import Foundation
import Testing

/// `history` over series of the fixture builds: every explained build's steps against BuildKit's
/// log (fixtures/pairs), and the patterns each series shows.
@Suite struct HistoryTruthTests {
    static func history(_ tags: [String], cacheFromTag: String? = nil) async throws -> HistoryReport {
        let src = OCILayoutSource(LayoutReference(path: Fixtures.images))
        let all = try src.refNames()
        for t in tags { #expect(all.contains(t), "\(t) is not a fixture ref") }
        let loaded = await TagLoader.load(
            tags: tags + (cacheFromTag.map { [$0] } ?? []), from: src,
            display: { "oci:fixtures/images:\($0)" }, platform: nil, jobs: 4)
        var inputs: [HistoryInput] = []
        var cacheSource: HistoryInput?
        for (tag, outcome) in loaded {
            guard case let .image(img) = outcome else { Issue.record("\(tag) did not load as an image"); continue }
            if tag == cacheFromTag { cacheSource = HistoryInput(tag: tag, image: img) }
            if tags.contains(tag) && !inputs.contains(where: { $0.tag == tag }) { inputs.append(HistoryInput(tag: tag, image: img)) }
        }
        let (dockerfile, _) = try Fixtures.buildDockerfile("v013-multistage-old")
        return HistoryReport.analyze(
            repository: "oci:fixtures/images", inputs: inputs, cacheFromTag: cacheFromTag,
            cacheSource: cacheSource, dockerfile: dockerfile)
    }

    /// One build's step statuses against BuildKit's (`stage i` → status); returns the steps compared.
    static func compare(_ b: HistoryBuild, truth: [String: String], pair: String) -> Int {
        var predicted: [String: String] = [:]
        for st in b.stages {
            for v in st.steps { if let k = StageTruthTests.key(v.name, final: st.final) { predicted[k] = v.status.rawValue } }
        }
        for (step, status) in truth {
            #expect(predicted[step] == status, "\(pair): \(step): BuildKit \(status), history \(predicted[step] ?? "none")")
        }
        #expect(predicted.count == truth.count, "\(pair): \(predicted.keys.sorted()) vs \(truth.keys.sorted())")
        #expect(b.stepsRun == truth.values.filter { $0 == "run" }.count, "\(pair): stepsRun")
        return truth.count
    }

    /// Checks every explained build against its pair; returns how many steps were compared.
    static func checkTruth(_ r: HistoryReport) throws -> Int {
        let pairs = try Fixtures.pairs()
        let tagsOf = Dictionary(r.builds.map { ($0.tag, Set($0.tags)) }, uniquingKeysWith: { a, _ in a })
        var compared = 0
        for b in r.builds {
            guard let from = b.cacheFrom else { continue }
            let olds = (tagsOf[from] ?? []).union([from])
            let pair = try #require(pairs.first { olds.contains($0.old) && b.tags.contains($0.new) }, "no pair for \(from) → \(b.tag)")
            compared += compare(b, truth: StageTruthTests.truth(pair), pair: pair.name)
        }
        return compared
    }

    @Test func v08ChainHasHolesEverySecondBuild() async throws {
        let r = try await Self.history(["v08-holes-new", "v08-multistage-old", "v08-multistage-last"])
        #expect(r.builds.map(\.tag) == ["v08-multistage-old", "v08-multistage-last", "v08-holes-new"])
        #expect(r.builds.map(\.cacheFrom) == [nil, "v08-multistage-old", "v08-multistage-last"])
        #expect(r.builds[0].notes == [.firstBuild])
        #expect(try Self.checkTruth(r) > 0)
        #expect(r.patterns.map(\.id) == [.everySecondBuild])
        #expect(r.patterns.first?.builds == ["v08-multistage-last", "v08-holes-new"])
    }

    @Test func v013ChainKeepsItsResults() async throws {
        let r = try await Self.history(["v013-multistage-old", "v013-multistage-last", "v013-holes-new"])
        #expect(try Self.checkTruth(r) > 0)
        #expect(r.patterns.isEmpty)
        // History timestamps: the last step of -last ran after the one below it.
        #expect(r.builds.allSatisfy { $0.timeLostSeconds == nil || $0.timeLostSeconds! >= 0 })
    }

    @Test(arguments: ["v08", "v013"])
    func oneFixedCacheTag(engine: String) async throws {
        let tags = ["old", "src2", "same", "arg", "base2", "last"].map { "\(engine)-multistage-\($0)" }
        let r = try await Self.history(tags, cacheFromTag: "\(engine)-multistage-old")
        // -same is -old byte for byte: two selected tags, two builds; the later one a rebuild that hit every step.
        #expect(r.builds.count == 6)
        #expect(r.builds.first?.tags == ["\(engine)-multistage-old"])
        #expect(r.builds.first?.notes == [.isCacheSource])
        let same = try #require(r.builds.first { $0.tag == "\(engine)-multistage-same" })
        #expect(same.notes.contains(.rebuildHitEverything(of: "\(engine)-multistage-old")))
        #expect(same.stepsRun == 0)
        #expect(try Self.checkTruth(r) > 0)
        #expect(r.patterns.map(\.id) == [.baseUpdates])
        #expect(r.patterns.first?.builds == ["\(engine)-multistage-base2"])
    }

    @Test func noInlineCache() async throws {
        let r = try await Self.history(["v013-noinline", "v013-noinline-new"])
        #expect(try Self.checkTruth(r) > 0)
        #expect(r.patterns.map(\.id) == [.noInlineCache])
        #expect(r.patterns.first?.builds == ["v013-noinline", "v013-noinline-new"])
    }

    @Test func jsonIsOneEntryPerBuild() async throws {
        let r = try await Self.history(["v08-multistage-old", "v08-multistage-last", "v08-holes-new"])
        let text = HistoryJSON.render(r).serialized()
        let doc = try JSONDocument(parsing: Array(text.utf8), what: "history json")
        #expect(doc.value["schemaVersion"]?.int == 1)
        #expect(doc.value["builds"]?.count == 3)
        #expect(doc.value["patterns"]?[0]?["id"]?.string == "every-second-build")
    }

    // MARK: BuildKit v0.25

    static func v025(
        _ glob: String, _ more: String..., dockerfile: String, target: String? = nil,
        root: String = StageTruthV025Tests.root
    ) async throws -> HistoryReport {
        let src = OCILayoutSource(LayoutReference(path: root + "/images"))
        let tags = try src.refNames().filter { t in ([glob] + more).contains { fnmatchLike($0, t) } }
        let loaded = await TagLoader.load(tags: tags, from: src, display: { "oci:\(root)/images:\($0)" }, platform: nil, jobs: 8)
        let inputs = loaded.compactMap { tag, outcome -> HistoryInput? in
            switch outcome {
            case let .image(img): return HistoryInput(tag: tag, image: img)
            case let .export(e): return HistoryInput(tag: tag, export: e)
            default: return nil
            }
        }
        #expect(inputs.count == tags.count)
        let path = Fixtures.root + "/make/" + (root == StageTruthV025Tests.root ? "v025" : "history") + "/projects/" + dockerfile
        let df = try Dockerfile(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
        return HistoryReport.analyze(repository: "oci:fixtures/v025/images", inputs: inputs, dockerfile: df, target: target)
    }

    /// `prefix*` globs only.
    static func fnmatchLike(_ glob: String, _ tag: String) -> Bool {
        glob.hasSuffix("*") ? tag.hasPrefix(glob.dropLast()) : tag == glob
    }

    /// Every explained build against its v0.25 pair (a `shared-after-X` export records build `targets-X`).
    static func checkV025(_ r: HistoryReport, target: String? = nil, root: String = StageTruthV025Tests.root) throws -> Int {
        let pairs = try StageTruthV025Tests.pairs(root: root).filter { $0.sources.count == 1 }
        let tagsOf = Dictionary(r.builds.map { ($0.tag, Set($0.tags)) }, uniquingKeysWith: { a, _ in a })
        var compared = 0
        for b in r.builds {
            guard let from = b.cacheFrom else { continue }
            let olds = (tagsOf[from] ?? []).union([from])
            let news = Set(b.tags.map { $0.hasPrefix("shared-after-") ? "targets-" + $0.dropFirst("shared-after-".count) : $0 })
            let pair = try #require(pairs.first { olds.contains($0.sources[0]) && news.contains($0.new) }, "no pair for \(from) → \(b.tag)")
            if let target, !pair.new.contains("-\(target)-") { continue }
            let truth = StageTruthTests.truth(
                Fixtures.Pair(
                    name: pair.name, old: pair.sources[0], new: pair.new,
                    steps: pair.steps.filter { $0.kind != "from" }))
            compared += compare(b, truth: truth, pair: pair.name)
        }
        return compared
    }

    @Test func v025TenSequentialBuilds() async throws {
        let r = try await Self.v025("hist-*", dockerfile: "hist/Dockerfile")
        // h02 = h01 and h08 = h07 byte for byte: each is a build of its own, a rebuild that hit every
        // step, and BuildKit's log for it says so (checkV025 compares them too).
        #expect(r.builds.count == 10)
        #expect(r.builds.map(\.tag) == (1...10).map { String(format: "hist-h%02d", $0) })
        #expect(try Self.checkV025(r) == 9 * 12)
        for t in ["hist-h02", "hist-h08"] {
            let b = try #require(r.builds.first { $0.tag == t })
            #expect(
                b.stepsRun == 0 && b.notes.contains { if case .rebuildHitEverything = $0 { return true } else { return false } }, "\(t)")
        }
        #expect(r.patterns.map(\.id) == [.baseUpdates])
        #expect(r.patterns.first?.builds == ["hist-h06", "hist-h10"])
    }

    @Test func v025CompressionHoles() async throws {
        let r = try await Self.v025("zstd-*", dockerfile: "goapp/Dockerfile")
        #expect(r.builds.map(\.tag) == ["zstd-old", "zstd-gzip-new", "zstd-holes-new"])
        #expect(try Self.checkV025(r) > 0)
        #expect(r.patterns.map(\.id) == [.everySecondBuild])
        #expect(r.patterns.first?.builds == ["zstd-gzip-new", "zstd-holes-new"])
    }

    @Test(arguments: ["api", "worker"])
    func v025AlternatingTargets(target: String) async throws {
        let r = try await Self.v025("shared-after-*", dockerfile: "targets/Dockerfile", target: target)
        #expect(r.builds.count == 8)
        #expect(try Self.checkV025(r, target: target) > 0)
        #expect(r.patterns.map(\.id) == [.targetsOverwrite])
        #expect(r.patterns.first?.builds.count ?? 0 >= 2)
    }

    /// Each build's image (pushed without inline cache) beside the successive versions of the one
    /// cache ref it exported to: an image and the export its build wrote are one build (shown under
    /// the image's tag, the export's as an alias, explained through the export), and the series is
    /// the same eight builds, with the same steps run as BuildKit's logs say, and the same pattern,
    /// as the exports alone.
    @Test(arguments: ["api", "worker"])
    func v025ImagesBesideTheirExportsAreOneBuildEach(target: String) async throws {
        let r = try await Self.v025("targets-*", "shared-after-*", dockerfile: "targets/Dockerfile", target: target)
        #expect(r.builds.count == 8)
        for b in r.builds {
            #expect(
                b.tags.count == 2 && b.tags[0].hasPrefix("targets-")
                    && b.tags[1] == "shared-after-" + b.tags[0].dropFirst("targets-".count),
                "\(b.tags)")
            #expect(!b.notes.contains { if case .noInlineCache = $0 { true } else { false } }, "\(b.tag)")
        }
        #expect(try Self.checkV025(r, target: target) > 0)
        #expect(r.patterns.map(\.id) == [.targetsOverwrite])
    }

    // MARK: Build series (fixtures/history)

    static let series = Fixtures.root + "/history"

    /// Time lost per build: the diff model's sum for the same pair, and within the duration
    /// tolerance of the rawjson intervals of the steps that ran (their last interval in NEW's log).
    /// Returns how many builds had a known time lost.
    static func checkTimeLost(_ r: HistoryReport, root: String) async throws -> Int {
        var timed = 0
        for b in r.builds {
            // The first build is cold: explained against nothing, every step ran.
            guard let from = b.cacheFrom else {
                #expect(b.notes.contains(.firstBuild) == (b.timeLostSeconds != nil || b.stages.isEmpty), "\(b.tag)")
                continue
            }
            let old: ImportedCache
            switch try await Fixtures.load(from, layout: root + "/images") {
            case let .images(images, _): old = ImportedCache(image: ImageCache(image: images[0]))
            case let .cacheExport(e): old = ImportedCache(export: try CacheExport(e))
            }
            guard case let .images(news, _) = try await Fixtures.load(b.tag, layout: root + "/images") else {
                Issue.record("\(b.tag) is no image"); continue
            }
            let (dockerfile, target) = try Fixtures.buildDockerfile(b.tag, logs: root + "/logs")
            let diff = try DiffReport.analyze(
                sources: [old], new: try NewBuild(image: ImageCache(image: news[0])), dockerfile: dockerfile, target: target)
            #expect(
                b.timeLostSeconds == diff.timeLostSeconds,
                "\(b.tag): history \(b.timeLostSeconds ?? -1) s, diff \(diff.timeLostSeconds ?? -1) s")
            guard let lost = b.timeLostSeconds else { continue }
            let times = try DurationTruthTests.timings(log: "logs/" + b.tag, root: root)
            var truth = 0.0, n = 0
            for st in b.stages {
                for v in st.steps where v.status == .run && v.duration.seconds != nil {
                    let key = try #require(StageTruthTests.key(v.name, final: st.final))
                    let t = try #require(times[key]?.seconds, "\(b.tag): \(key) has no interval")
                    #expect(times[key]?.status == "run", "\(b.tag): \(key) timed as run, BuildKit \(times[key]?.status ?? "?")")
                    truth += t; n += 1
                }
            }
            #expect(
                abs(lost - truth) <= 0.5 * Double(n) + 0.1 * truth, "\(b.tag): time lost \(lost) s, BuildKit \(truth) s over \(n) steps")
            timed += 1
        }
        return timed
    }

    /// Six builds on BuildKit v0.8, each from the image of the one before and changing only its
    /// last step: the builds from a warm image lose every step (the v0.8 holes), every second time.
    @Test func v08SixBuildsLoseTheCacheEverySecondBuild() async throws {
        let r = try await Self.v025("v08-chain-*", dockerfile: "chain/Dockerfile", root: Self.series)
        let tags = (1...6).map { "v08-chain-\($0)" }
        #expect(r.builds.map(\.tag) == tags)
        #expect(r.builds.map(\.cacheFrom) == [nil] + tags.dropLast())
        #expect(try Self.checkV025(r, root: Self.series) == 5 * 9)
        // BuildKit's own flags: every step of 1 (cold), 3 and 5 ran; 2, 4 and 6 ran only the last one.
        #expect(r.builds.map(\.stepsRun) == [9, 1, 9, 1, 9, 1])
        // The same builds repeated with the classic client and --progress=plain say CACHED for the same steps.
        var crossChecked = 0
        for tag in tags {
            let path = Self.series + "/pairs/" + tag + ".json"
            let doc = try JSONDocument(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), what: tag).value
            for st in doc["steps"]!.elements {
                guard let plain = st["classicPlainCached"]?.bool else { continue }
                #expect(plain == st["cached"]?.bool, "\(tag): \(st["name"]?.string ?? "?"): rawjson and the plain log disagree")
                crossChecked += 1
            }
        }
        #expect(crossChecked >= 6 * 9)
        #expect(r.patterns.map(\.id) == [.everySecondBuild])
        #expect(r.patterns.first?.builds == ["v08-chain-2", "v08-chain-3", "v08-chain-4", "v08-chain-5"])
        #expect(try await Self.checkTimeLost(r, root: Self.series) == 2)
    }

    /// Six builds on BuildKit v0.25; from the third on, GIT_SHA carries a new commit SHA each
    /// build, and the early RUN that uses it never hits again.
    @Test func v025BrokeAtCommitSHA() async throws {
        let r = try await Self.v025("v025-brokeat-*", dockerfile: "brokeat/Dockerfile", root: Self.series)
        let tags = (1...6).map { "v025-brokeat-\($0)" }
        #expect(r.builds.map(\.tag) == tags)
        #expect(try Self.checkV025(r, root: Self.series) > 0)
        #expect(r.patterns.map(\.id) == [.brokeAt])
        let p = try #require(r.patterns.first)
        #expect(p.builds == Array(tags.dropFirst(2)))
        #expect(p.message.hasPrefix("From build v025-brokeat-3 on"))
        // The step as BuildKit printed it, and the build-arg whose value moved.
        let step = try #require(
            StageTruthV025Tests.pairs(root: Self.series).first { $0.new == "v025-brokeat-3" }?.steps
                .first { $0.stage == "final" && $0.index == 3 })
        #expect(step.status == "run" && step.name.contains("commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904"))
        #expect(p.message.contains("step `[final 3/6] RUN sleep 1 && echo \"commit $GIT_SHA\""), "\(p.message)")
        #expect(p.message.contains("build-arg changed: GIT_SHA unknown → 4b825dc642cb6eb9a060e54bf8d69288fbee4904"), "\(p.message)")
        for b in r.builds.dropFirst(2) {
            #expect(b.firstMiss?.reason == .changed)
        }
        #expect(try await Self.checkTimeLost(r, root: Self.series) == 5)
    }
}
