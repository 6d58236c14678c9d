import CacheAnalysis
import CacheModel
import CacheReports
import Testing

@Suite struct LintSourceDateEpochTests {
    static let rule = "source-date-epoch"
    static let v025 = Fixtures.root + "/v025/images"

    @Test func firesOnABuildWithSourceDateEpoch() async throws {
        // goapp-sde: --build-arg SOURCE_DATE_EPOCH=1700000000 on BuildKit v0.25.
        let f = LintSupport.findings(images: try await LintSupport.images("goapp-sde", layout: Self.v025), rule: Self.rule)
        #expect(f.count == 1)
        #expect(f.first?.message.contains("SOURCE_DATE_EPOCH=1700000000") == true)
        #expect(f.first?.severity == .info)
    }

    @Test(arguments: ["goapp-old", "goapp-src2", "zstd-gzip-new", "node-old", "link-old"])
    func quietOnV025BuildsWithout(name: String) async throws {
        #expect(LintSupport.findings(images: try await LintSupport.images(name, layout: Self.v025), rule: Self.rule).isEmpty)
    }

    @Test func quietOnEveryV08AndV013Image() async throws {
        for name in try Fixtures.refNames() {
            guard case .images = try await Fixtures.load(name) else { continue }
            #expect(try await LintSupport.findings(name, rule: Self.rule).isEmpty, "\(name)")
        }
    }

    @Test func diffNamesTheChange() async throws {
        let old = ImportedCache(image: ImageCache(image: try await LintSupport.images("goapp-old", layout: Self.v025)[0]))
        let new = try NewBuild(image: ImageCache(image: try await LintSupport.images("goapp-sde", layout: Self.v025)[0]))
        let report = try DiffReport.analyze(sources: [old], new: new)
        #expect(report.notes.count == 1)
        #expect(report.notes.first == .sourceDateEpoch(reference: old.reference, old: nil, new: 1_700_000_000))
        #expect(report.answer.fix == .sameSourceDateEpoch)
        let same = try NewBuild(image: ImageCache(image: try await LintSupport.images("goapp-same", layout: Self.v025)[0]))
        #expect(try DiffReport.analyze(sources: [old], new: same).notes.isEmpty)
    }
}
