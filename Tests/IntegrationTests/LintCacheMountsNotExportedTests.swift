import CacheAnalysis
import CacheModel
import Foundation
import Testing

/// fixtures/mounts holds real v0.8 and v0.13 builds of a Dockerfile whose RUN uses
/// `--mount=type=cache`; other cases rewrite a real RUN history entry or give a Dockerfile.
@Suite struct LintCacheMountsNotExportedTests {
    static let rule = "cache-mounts-not-exported"
    static let mountsDockerfile = Fixtures.root + "/make/projects/cachemount/Dockerfile"

    /// What BuildKit records: the build log names the mount, the image history leaves it out.
    @Test(arguments: ["v08-cachemount", "v013-cachemount"])
    func realBuildHistoryOmitsTheMount(name: String) async throws {
        let log = try String(contentsOfFile: Fixtures.root + "/mounts/logs/\(name)/build.rawjson", encoding: .utf8)
        #expect(log.contains("RUN --mount=type=cache,target=/root/.cache sort /deps.txt"))
        let steps = ImageCache(image: try await LintSupport.images(name, layout: Fixtures.mounts)[0]).layerSteps
        #expect(steps.count == 4)
        #expect(steps[2]?.hasPrefix("RUN /bin/sh -c sort /deps.txt") == true)
        #expect(!steps.contains { $0?.contains("--mount") == true })
    }

    @Test(arguments: ["v08-cachemount", "v013-cachemount"])
    func realBuildNeedsTheDockerfile(name: String) async throws {
        let images = try await LintSupport.images(name, layout: Fixtures.mounts)
        #expect(LintSupport.findings(images: images, rule: Self.rule).isEmpty)
        let d = try Dockerfile(path: "Dockerfile", text: try String(contentsOfFile: Self.mountsDockerfile, encoding: .utf8))
        let f = LintSupport.findings(images: images, rule: Self.rule, dockerfile: d)
        #expect(f.count == 1)
        #expect(f.first?.layer == 2)
        #expect(f.first?.line == 4)
    }

    @Test func firesWhenHistoryShowsACacheMount() async throws {
        let images = try await LintSupport.mutated("v013-single") { cfg in
            LintSupport.replaceStep(
                cfg, "RUN /bin/sh -c cp /srv/hello.txt /srv/hello.copy # buildkit",
                "RUN --mount=type=cache,target=/root/.cache /bin/sh -c cp /srv/hello.txt /srv/hello.copy # buildkit")
        }
        let f = LintSupport.findings(images: images, rule: Self.rule)
        #expect(f.count == 1)
        #expect(f.first?.layer == 3)
        #expect(f.first?.severity == .info)
    }

    @Test func firesFromTheDockerfile() async throws {
        let d = try Dockerfile(
            path: "Dockerfile",
            text: """
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
        #expect(f.first?.layer == 3)  // matched through the history text, flags left out
    }

    @Test(arguments: ["v013-single", "v013-multistage-old", "v08-multistage-last"])
    func quietWithoutCacheMounts(name: String) async throws {
        #expect(try await LintSupport.findings(name, rule: Self.rule).isEmpty)
    }
}
