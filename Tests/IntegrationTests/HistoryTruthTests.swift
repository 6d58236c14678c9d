import Testing
import CacheAnalysis
import CacheReports
import CacheModel
import CacheRegistry
import Foundation

/// `history` over series of the fixture builds: every explained build's steps against BuildKit's
/// log (fixtures/pairs), and the patterns each series shows.
@Suite struct HistoryTruthTests {
    static func history(_ tags: [String], cacheFromTag: String? = nil) async throws -> HistoryReport {
        let src = OCILayoutSource(LayoutReference(path: Fixtures.images))
        let all = try src.refNames()
        for t in tags { #expect(all.contains(t), "\(t) is not a fixture ref") }
        let loaded = await TagLoader.load(tags: tags + (cacheFromTag.map { [$0] } ?? []), from: src,
                                          display: { "oci:fixtures/images:\($0)" }, platform: nil, jobs: 4)
        var inputs: [HistoryInput] = []
        var cacheSource: HistoryInput?
        for (tag, outcome) in loaded {
            guard case let .image(img) = outcome else { Issue.record("\(tag) did not load as an image"); continue }
            if tag == cacheFromTag { cacheSource = HistoryInput(tag: tag, image: img) }
            if tags.contains(tag) && !inputs.contains(where: { $0.tag == tag }) { inputs.append(HistoryInput(tag: tag, image: img)) }
        }
        let (dockerfile, _) = try Fixtures.buildDockerfile("v013-multistage-old")
        return HistoryAnalyzer.analyze(repository: "oci:fixtures/images", inputs: inputs, cacheFromTag: cacheFromTag,
                                       cacheSource: cacheSource, dockerfile: dockerfile)
    }

    /// One build's step statuses against BuildKit's (`stage i` → status); returns the steps compared.
    static func compare(_ b: HistoryBuild, truth: [String: String], pair: String) -> Int {
        var predicted: [String: String] = [:]
        for st in b.stages { for v in st.steps { if let k = StageTruthTests.key(v.name, final: st.final) { predicted[k] = v.status.rawValue } } }
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
        // -same is -old byte for byte: one build with two tags.
        #expect(r.builds.count == 5)
        #expect(r.builds.first?.tags == ["\(engine)-multistage-old", "\(engine)-multistage-same"])
        #expect(r.builds.first?.notes == [.isCacheSource])
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

    static func v025(_ glob: String, dockerfile: String, target: String? = nil) async throws -> HistoryReport {
        let src = OCILayoutSource(LayoutReference(path: StageTruthV025Tests.root + "/images"))
        let tags = try src.refNames().filter { fnmatchLike(glob, $0) }
        let loaded = await TagLoader.load(tags: tags, from: src, display: { "oci:fixtures/v025/images:\($0)" }, platform: nil, jobs: 8)
        let inputs = loaded.compactMap { tag, outcome -> HistoryInput? in
            switch outcome {
            case let .image(img): return HistoryInput(tag: tag, image: img)
            case let .export(e): return HistoryInput(tag: tag, export: e)
            default: return nil
            }
        }
        #expect(inputs.count == tags.count)
        let path = Fixtures.root + "/make/v025/projects/" + dockerfile
        let df = Dockerfile(path: path, text: try String(contentsOfFile: path, encoding: .utf8))
        return HistoryAnalyzer.analyze(repository: "oci:fixtures/v025/images", inputs: inputs, dockerfile: df, target: target)
    }

    /// `prefix*` globs only.
    static func fnmatchLike(_ glob: String, _ tag: String) -> Bool {
        glob.hasSuffix("*") ? tag.hasPrefix(glob.dropLast()) : tag == glob
    }

    /// Every explained build against its v0.25 pair (a `shared-after-X` export records build `targets-X`).
    static func checkV025(_ r: HistoryReport, target: String? = nil) throws -> Int {
        let pairs = try StageTruthV025Tests.pairs().filter { $0.sources.count == 1 }
        let tagsOf = Dictionary(r.builds.map { ($0.tag, Set($0.tags)) }, uniquingKeysWith: { a, _ in a })
        var compared = 0
        for b in r.builds {
            guard let from = b.cacheFrom else { continue }
            let olds = (tagsOf[from] ?? []).union([from])
            let news = Set(b.tags.map { $0.hasPrefix("shared-after-") ? "targets-" + $0.dropFirst("shared-after-".count) : $0 })
            let pair = try #require(pairs.first { olds.contains($0.sources[0]) && news.contains($0.new) }, "no pair for \(from) → \(b.tag)")
            if let target, !pair.new.contains("-\(target)-") { continue }
            let truth = StageTruthTests.truth(Fixtures.Pair(name: pair.name, old: pair.sources[0], new: pair.new,
                                                            steps: pair.steps.filter { $0.kind != "from" }))
            compared += compare(b, truth: truth, pair: pair.name)
        }
        return compared
    }

    @Test func v025TenSequentialBuilds() async throws {
        let r = try await Self.v025("hist-*", dockerfile: "hist/Dockerfile")
        // h02 = h01 and h08 = h07 byte for byte.
        #expect(r.builds.count == 8)
        #expect(r.builds.map(\.tag) == ["hist-h01", "hist-h03", "hist-h04", "hist-h05", "hist-h06", "hist-h07", "hist-h09", "hist-h10"])
        #expect(try Self.checkV025(r) == 7 * 12)
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
}
