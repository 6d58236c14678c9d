import CacheAnalysis
import CacheModel
import CacheReports
import Testing

@Suite struct LintCacheHolesTests {
    static let rule = "cache-holes"

    @Test func firesOnTheV08WarmBuild() async throws {
        // v08-multistage-last was built warm from v08-multistage-old: BuildKit v0.8 kept only the top result.
        // One finding per cause, at the first hole, naming every hole.
        let f = try await LintSupport.findings("v08-multistage-last", rule: Self.rule)
        #expect(f.map(\.layer) == [1])
        #expect(f.first?.message.contains("layer(s) 1, 2, 3, 4 ") == true)
        #expect(f.first?.message.contains("BuildKit v0.8") == true)
        #expect(f.allSatisfy { $0.severity == .warning })
    }

    @Test func namesTheCompressionChangeOnV025() async throws {
        // zstd-gzip-new: a default (gzip) build from a zstd-compressed cache; BuildKit v0.25 reused the
        // zstd blobs and kept a result only for the last layer.
        let images = try await LintSupport.images("zstd-gzip-new", layout: Fixtures.root + "/v025/images")
        let f = LintSupport.findings(images: images, rule: Self.rule)
        #expect(f.count == 1)
        #expect(f.first?.message.contains("layer(s) 1, 2, 3 ") == true)
        #expect(f.first?.message.contains("compression") == true)
    }

    @Test(arguments: ["v013-multistage-old", "v013-multistage-last", "v08-multistage-old", "v013-single", "v013-link-old", "v013-noinline"])
    func quietWithoutHoles(name: String) async throws {
        #expect(try await LintSupport.findings(name, rule: Self.rule).isEmpty)
    }

    @Test func holesMapToDockerfileLines() async throws {
        let d = try LintSupport.dockerfile("multistage", "Dockerfile.last")
        let f = try await LintSupport.lint("v08-multistage-last", dockerfile: d).flatMap(\.findings).filter { $0.rule == Self.rule }
        #expect(f.map(\.line) == [13])
    }
}
