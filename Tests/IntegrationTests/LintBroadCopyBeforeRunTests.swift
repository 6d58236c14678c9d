import CacheAnalysis
import CacheModel
import CacheReports
import Testing

/// No real fixture copies the whole context, so the firing cases rewrite v013-single's
/// `COPY hello.txt /srv/hello.txt` history entry into `COPY . /srv` (what BuildKit writes for it).
@Suite struct LintBroadCopyBeforeRunTests {
    static let rule = "broad-copy-before-run"

    static func wholeContextSingle() async throws -> [LoadedImage] {
        try await LintSupport.mutated("v013-single") { cfg in
            LintSupport.replaceStep(cfg, "COPY hello.txt /srv/hello.txt # buildkit", "COPY . /srv # buildkit")
        }
    }

    @Test func firesOnWholeContextCopyBeforeRuns() async throws {
        let f = LintSupport.findings(images: try await Self.wholeContextSingle(), rule: Self.rule)
        #expect(f.count == 1)
        #expect(f.first?.layer == 2)
        #expect(f.first?.message.contains("2 RUN step(s)") == true, "\(f.first?.message ?? "")")
    }

    @Test func pointsAtTheCopyLine() async throws {
        let d = try Dockerfile(
            path: "Dockerfile",
            text:
                "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nWORKDIR /srv\nCOPY . /srv\nRUN cp /srv/hello.txt /srv/hello.copy\nRUN echo \"built\" > /srv/built.txt\n"
        )
        let f = LintSupport.findings(images: try await Self.wholeContextSingle(), rule: Self.rule, dockerfile: d)
        #expect(f.first?.line == 4)
    }

    @Test func quietWhenTheDockerfileShowsACopyFromAnotherStage() async throws {
        let d = try Dockerfile(
            path: "Dockerfile",
            text:
                "FROM base AS b\nFROM base\nWORKDIR /srv\nCOPY --from=b . /srv\nRUN cp /srv/hello.txt /srv/hello.copy\nRUN echo \"built\" > /srv/built.txt\n"
        )
        #expect(LintSupport.findings(images: try await Self.wholeContextSingle(), rule: Self.rule, dockerfile: d).isEmpty)
    }

    @Test func quietWhenNoRunFollows() async throws {
        let images = try await LintSupport.mutated("v013-multiarch") { cfg in
            LintSupport.replaceStep(cfg, "COPY README.txt /app/README.txt # buildkit", "COPY . /app # buildkit")
        }
        #expect(LintSupport.findings(images: images, rule: Self.rule).isEmpty)
    }

    @Test(arguments: ["v013-single", "v013-multistage-old", "v013-link-old", "v08-multistage-last"])
    func quietOnNarrowCopies(name: String) async throws {
        #expect(try await LintSupport.findings(name, rule: Self.rule).isEmpty)
    }
}
