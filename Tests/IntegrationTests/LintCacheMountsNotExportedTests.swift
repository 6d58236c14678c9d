import Testing
import CacheAnalysis
import CacheModel

/// No fixture uses cache mounts; the firing cases rewrite a real RUN history entry or give a
/// Dockerfile whose RUN has `--mount=type=cache`.
@Suite struct LintCacheMountsNotExportedTests {
    static let rule = "cache-mounts-not-exported"

    @Test func firesWhenHistoryShowsACacheMount() async throws {
        let images = try await LintSupport.mutated("v013-single") { cfg in
            LintSupport.replaceStep(cfg, "RUN /bin/sh -c cp /srv/hello.txt /srv/hello.copy # buildkit",
                                    "RUN --mount=type=cache,target=/root/.cache /bin/sh -c cp /srv/hello.txt /srv/hello.copy # buildkit")
        }
        let f = LintSupport.findings(images: images, rule: Self.rule)
        #expect(f.count == 1)
        #expect(f.first?.layer == 3)
        #expect(f.first?.severity == .info)
    }

    @Test func firesFromTheDockerfile() async throws {
        let d = Dockerfile(path: "Dockerfile", text: """
            ARG BASE_IMAGE
            FROM ${BASE_IMAGE} AS final
            WORKDIR /srv
            COPY hello.txt /srv/hello.txt
            RUN --mount=type=cache,target=/root/.cache \\
                cp /srv/hello.txt /srv/hello.copy
            RUN echo "built" > /srv/built.txt
            """)
        let f = try await LintSupport.lint("v013-single", dockerfile: d).flatMap(\.findings).filter { $0.rule == Self.rule }
        #expect(f.count == 1)
        #expect(f.first?.line == 5)
        #expect(f.first?.layer == 3) // matched through the history text, flags left out
    }

    @Test(arguments: ["v013-single", "v013-multistage-old", "v08-multistage-last"])
    func quietWithoutCacheMounts(name: String) async throws {
        #expect(try await LintSupport.findings(name, rule: Self.rule).isEmpty)
    }
}
