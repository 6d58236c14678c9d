import CacheAnalysis
import CacheModel
import CacheRegistry
import CacheReports
import Testing

/// `inspect` on the real fixtures agrees with the Dockerfiles and build logs.
@Suite struct InspectFixtureTests {
    static let pairNames: [String] = (try? Fixtures.pairs().map(\.name)) ?? []

    /// Roles and other-stage steps of every NEW image, from its own build log.
    @Test(arguments: pairNames)
    func rolesAndOtherStagesMatchTheLog(pairName: String) async throws {
        let pair = try #require(try Fixtures.pairs().first { $0.name == pairName })
        let report = InspectReport.analyze(try await Fixtures.cache(pair.new))
        let finalSteps = pair.steps.filter { $0.stage == "final" && $0.kind != "link-merge" }
        let total = try #require(finalSteps.first?.total)
        let built = total - 1  // every final-stage instruction but FROM makes a layer
        let base = report.layers.count - built
        #expect(report.layers.filter { $0.role == .base }.map(\.index) == Array(0..<base))
        #expect(report.layers.filter { $0.role == .step }.count == built)
        // Other stages: every instruction but FROM is one keyed step.
        let otherSteps = Set(pair.steps.filter { $0.stage != "final" && !$0.name.contains("] FROM ") }.map(\.name)).count
        #expect(report.intermediateSteps == otherSteps, "\(pairName): \(report.intermediateSteps) vs \(otherSteps) in the log")
    }

    @Test func multistageReportsSixStepsOutsideTheFinalStage() async throws {
        for name in ["v013-multistage-old", "v08-multistage-old"] {
            let r = InspectReport.analyze(try await Fixtures.cache(name))
            #expect(r.intermediateSteps == 6, "\(name)")
            #expect(r.holes.isEmpty, "\(name)")
            let uncached = r.layers.filter { $0.role == .step && !$0.cached }
            #expect(uncached.isEmpty, "\(name): a cold build exports every final-stage layer")
        }
    }

    @Test func v08WarmBuildHasHoles() async throws {
        // Built by BuildKit v0.8 with --cache-from its predecessor: only the changed top layer has a result.
        let r = InspectReport.analyze(try await Fixtures.cache("v08-multistage-last"))
        #expect(r.holes == [1, 2, 3, 4])
        #expect(r.layers.map(\.cached) == [false, false, false, false, false, true])
        // BuildKit v0.13 keeps those results.
        let v13 = InspectReport.analyze(try await Fixtures.cache("v013-multistage-last"))
        #expect(v13.holes.isEmpty)
    }

    @Test func singleStageHasNoOtherStages() async throws {
        let r = InspectReport.analyze(try await Fixtures.cache("v013-single"))
        #expect(r.intermediateSteps == 0)
        #expect(r.cache.status == .present)
    }

    @Test func withoutInlineCache() async throws {
        for name in ["v013-noinline", "v08-noinline"] {
            let r = InspectReport.analyze(try await Fixtures.cache(name))
            #expect(r.cache.status == .absent)
            #expect(InspectJSON.render(r).serialized().contains("\"kind\": \"none\""))
        }
    }

    @Test func multiPlatformIndexPicksEachPlatformAndSkipsAttestations() async throws {
        guard case let .images(all, index) = try await Fixtures.load("v013-multiarch", all: true) else {
            Issue.record("not images"); return
        }
        #expect(all.map(\.platform.description).sorted() == ["linux/amd64", "linux/arm64"])
        #expect(index?.manifests.filter(\.isAttestation).count == 2)
        for image in all {
            #expect(ImageCache(image: image).status == .present)
        }
        let arm = try await Fixtures.image("v013-multiarch", platform: try Platform(parsing: "linux/arm64"))
        #expect(arm.platform.architecture == "arm64")
        let s390x = try Platform(parsing: "linux/s390x")
        await #expect(throws: (any Error).self) { try await Fixtures.image("v013-multiarch", platform: s390x) }
    }

    @Test func cacheExportsModeAndForm() async throws {
        let expectations: [(String, CacheExport.Mode, LoadedCacheExport.Form)] = [
            ("v013-cache-min-index", .min, .index), ("v013-cache-min-im", .min, .imageManifest),
            ("v013-cache-max-index", .max, .index), ("v013-cache-max-im", .max, .imageManifest),
        ]
        for (name, mode, form) in expectations {
            guard case let .cacheExport(loaded) = try await Fixtures.load(name) else { Issue.record("\(name) not an export"); continue }
            let e = try CacheExport(loaded)
            #expect(e.mode == mode, "\(name)")
            #expect(loaded.form == form, "\(name)")
            #expect(e.missingBlobs.isEmpty, "\(name)")
            // The same Dockerfile has 6 steps outside its final stage: mode=max keeps all of them,
            // and the final chain is found without an image to anchor it.
            #expect(e.stage.resultsOffChain.count == (mode == .max ? 6 : 0), "\(name)")
            #expect(e.stage.intermediateSteps.count == (mode == .max ? 0 : 6), "\(name)")
        }
    }

    @Test func localExportDirectory() async throws {
        guard
            case let .cacheExport(loaded) = try await ImageResolver().load(
                "oci:" + Fixtures.root + "/local-cache/v013-local-max",
                displayReference: "oci:local")
        else { Issue.record("not a cache export"); return }
        #expect(try CacheExport(loaded).mode == .max)
    }
}
