import Testing
import CacheAnalysis
import CacheModel

@Suite struct LintCacheHolesTests {
    static let rule = "cache-holes"

    @Test func firesOnTheV08WarmBuild() async throws {
        // v08-multistage-last was built warm from v08-multistage-old: BuildKit v0.8 kept only the top result.
        let f = try await LintSupport.findings("v08-multistage-last", rule: Self.rule)
        #expect(f.map(\.layer) == [1, 2, 3, 4])
        #expect(f.allSatisfy { $0.severity == .warning })
    }

    @Test(arguments: ["v013-multistage-old", "v013-multistage-last", "v08-multistage-old", "v013-single", "v013-link-old", "v013-noinline"])
    func quietWithoutHoles(name: String) async throws {
        #expect(try await LintSupport.findings(name, rule: Self.rule).isEmpty)
    }

    @Test func holesMapToDockerfileLines() async throws {
        let d = try LintSupport.dockerfile("multistage", "Dockerfile.last")
        let f = try await LintSupport.lint("v08-multistage-last", dockerfile: d).flatMap(\.findings).filter { $0.rule == Self.rule }
        #expect(f.map(\.line) == [13, 15, 16, 17])
    }
}
