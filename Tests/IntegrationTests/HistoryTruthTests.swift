import Testing
import CacheAnalysis
import CacheModel
import CacheRegistry

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

    /// Checks every explained build against its pair; returns how many steps were compared.
    static func checkTruth(_ r: HistoryReport) throws -> Int {
        let pairs = try Fixtures.pairs()
        let tagsOf = Dictionary(r.builds.map { ($0.tag, Set($0.tags)) }, uniquingKeysWith: { a, _ in a })
        var compared = 0
        for b in r.builds {
            guard let from = b.cacheFrom else { continue }
            let olds = (tagsOf[from] ?? []).union([from])
            let pair = try #require(pairs.first { olds.contains($0.old) && b.tags.contains($0.new) }, "no pair for \(from) → \(b.tag)")
            let truth = StageTruthTests.truth(pair)
            var predicted: [String: String] = [:]
            for st in b.stages { for v in st.steps { if let k = StageTruthTests.key(v.name, final: st.final) { predicted[k] = v.status.rawValue } } }
            for (step, status) in truth {
                #expect(predicted[step] == status, "\(pair.name): \(step): BuildKit \(status), history \(predicted[step] ?? "none")")
                compared += 1
            }
            #expect(predicted.count == truth.count, "\(pair.name): \(predicted.keys.sorted()) vs \(truth.keys.sorted())")
            #expect(b.stepsRun == truth.values.filter { $0 == "run" }.count)
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
        let text = r.json().serialized()
        let doc = try JSONDocument(parsing: Array(text.utf8), what: "history json")
        #expect(doc.value["schemaVersion"]?.int == 1)
        #expect(doc.value["builds"]?.count == 3)
        #expect(doc.value["patterns"]?[0]?["id"]?.string == "every-second-build")
    }
}
