import CacheAnalysis
import CacheModel
import CacheReports
import Testing

@Suite struct LintIntermediateStagesUncachedTests {
    static let rule = "intermediate-stages-uncached"

    @Test(arguments: ["v013-multistage-old", "v08-multistage-old"])
    func firesOnMultiStageBuilds(name: String) async throws {
        let f = try await LintSupport.findings(name, rule: Self.rule)
        #expect(f.count == 1)
        #expect(f.first?.severity == .warning)
        #expect(f.first?.scope == .otherStages)
        #expect(f.first?.message.hasPrefix("6 step(s) of other stages") == true, "\(f.first?.message ?? "")")
    }

    @Test(arguments: ["v013-single", "v08-single", "v013-noinline"])
    func quietOnSingleStageOrWithoutCache(name: String) async throws {
        #expect(try await LintSupport.findings(name, rule: Self.rule).isEmpty)
    }

    @Test func pointsAtTheFirstOtherStageInTheDockerfile() async throws {
        let d = try LintSupport.dockerfile("multistage")
        let f = try await LintSupport.lint("v013-multistage-old", dockerfile: d).flatMap(\.findings).first { $0.rule == Self.rule }
        #expect(f?.line == 2)  // FROM ${BASE_IMAGE} AS deps
    }
}
