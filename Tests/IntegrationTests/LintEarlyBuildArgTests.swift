import CacheModel
import CacheReports
import Testing

@testable import CacheAnalysis

@Suite struct LintEarlyBuildArgTests {
    static let rule = "early-build-arg"

    @Test(arguments: ["v013-multistage-old", "v08-multistage-old", "v013-noinline"])
    func firesWhenFlavorIsInScopeOfRunsThatIgnoreIt(name: String) async throws {
        // ARG FLAVOR precedes `RUN echo "setup"` and `RUN echo "ready"`, which never use it.
        let f = try await LintSupport.findings(name, rule: Self.rule)
        #expect(f.count == 1)
        #expect(f.first?.layer == 2)
        #expect(f.first?.message.contains("FLAVOR") == true)
        #expect(f.first?.message.contains("2 RUN step(s)") == true, "\(f.first?.message ?? "")")
    }

    @Test(arguments: ["v013-single", "v013-link-old", "v013-multiarch"])
    func quietWithoutBuildArgs(name: String) async throws {
        #expect(try await LintSupport.findings(name, rule: Self.rule).isEmpty)
    }

    @Test func quietWhenEveryRunUsesTheArg() async throws {
        let images = try await LintSupport.mutated("v013-multistage-old") { cfg in
            cfg.replacingOccurrences(of: "echo \\\"setup\\\"", with: "echo \\\"setup $FLAVOR\\\"")
                .replacingOccurrences(of: "echo \\\"ready\\\"", with: "echo \\\"${FLAVOR:-x}\\\"")
        }
        #expect(LintSupport.findings(images: images, rule: Self.rule).isEmpty)
    }

    @Test func variableUse() {
        #expect(StepText.uses("echo $FLAVOR", variable: "FLAVOR"))
        #expect(StepText.uses("echo ${FLAVOR}", variable: "FLAVOR"))
        #expect(StepText.uses("echo x$FLAVOR/y", variable: "FLAVOR"))
        #expect(!StepText.uses("echo $FLAVORS", variable: "FLAVOR"))
        #expect(!StepText.uses("echo FLAVOR", variable: "FLAVOR"))
    }

    @Test func pointsAtTheArgLine() async throws {
        let d = try LintSupport.dockerfile("multistage")
        let f = try await LintSupport.lint("v013-multistage-old", dockerfile: d).flatMap(\.findings).first { $0.rule == Self.rule }
        #expect(f?.line == 14)  // ARG FLAVOR=one: where the fix is made
        #expect(f?.layer == 2)  // the first RUN that does not use it
    }
}
