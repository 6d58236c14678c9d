import CacheAnalysis
import CacheModel
import CacheRegistry
import CacheReports
import Foundation
import Testing

@Suite struct AdviseTests {
    static func advise(_ name: String, reference: String? = nil, cacheRef: String? = nil) async throws -> Advice {
        Advice.analyze(
            reference: reference ?? "oci:fixtures/images:\(name)", images: try await LintSupport.images(name), cacheRef: cacheRef)
    }

    /// The number advise predicts for inline cache agrees with what a real mode=max registry cache
    /// of the same Dockerfile kept: its non-final-chain records with results.
    @Test func stepsKeptByModeMaxMatchesTheRealModeMaxCache() async throws {
        let advice = try await Self.advise("v013-multistage-old")
        guard case let .cacheExport(loaded) = try await Fixtures.load("v013-cache-max-im") else {
            Issue.record("v013-cache-max-im is not a cache export"); return
        }
        let export = try CacheExport(loaded)
        #expect(export.mode == .max)
        // A cache export does not say which chain is the final image; CacheExport takes the longest
        // one, which here is the builder stage (base + 6 steps, longer than the final stage's base + 5).
        // Anchor the final chain at the record that holds the image's top layer instead: same
        // Dockerfile, same base, so the same cache-key digests.
        let image = try await Fixtures.cache("v013-multistage-old")
        let imageTop = try #require(image.stage?.chain.last.map { image.graph!.records[$0].digest })
        let exportTop = try #require(export.graph.byDigest[imageTop]?.first { export.graph.hasResult($0) })
        let anchored = FinalStage(graph: export.graph, top: exportTop)
        #expect(anchored.chain.count == image.stage?.chain.count)
        #expect(advice.stepsKeptByModeMax == anchored.resultsOffChain.count)
        #expect(advice.stepsKeptByModeMax == 6)
        // With CacheExport's own pick (the builder chain) the off-chain count is the final stage's 5 steps.
        #expect(export.stage.resultsOffChain.count + export.stage.chain.count == anchored.resultsOffChain.count + anchored.chain.count)
    }

    @Test func multiStageGetsRegistryCache() async throws {
        let a = try await Self.advise("v013-multistage-old")
        #expect(a.recommendation == .registryCache)
        #expect(a.intermediateSteps == 6)
        #expect(a.holes == 0)
        #expect(a.reasons.contains(.otherStagesWithoutResults(steps: 6)))
        #expect(a.isPlaceholder)
        #expect(a.cacheRef == "registry.example.com/team/app:buildcache")
        #expect(
            a.snippets.buildx.contains(
                "--cache-to type=registry,ref=registry.example.com/team/app:buildcache,mode=max,image-manifest=true,oci-mediatypes=true"))
        #expect(a.snippets.buildx.contains("--cache-from type=registry,ref=registry.example.com/team/app:buildcache"))
        #expect(a.snippets.bake.contains("target \"app\" {"))
        #expect(a.snippets.githubActions.contains("docker/build-push-action"))
        #expect(a.snippets.gitlab.contains("docker buildx build"))
        #expect(a.notes.contains { if case .placeholder = $0 { true } else { false } })
        for n in [Advice.Note.ignoreError, .firstBuildCold, .dockerDriver, .imageManifest] { #expect(a.notes.contains(n)) }
        #expect(a.noteTexts.contains { $0.contains("ECR") } && a.noteTexts.contains { $0.contains("ignore-error=true") })
    }

    @Test func holesCountTowardsModeMax() async throws {
        let a = try await Self.advise("v08-multistage-last")
        #expect(a.recommendation == .registryCache)
        #expect(a.holes == 4)
        #expect(a.stepsKeptByModeMax == 10)
    }

    @Test func singleStageKeepsInline() async throws {
        let a = try await Self.advise("v013-single")
        #expect(a.recommendation == .keepInline)
        #expect(a.stepsKeptByModeMax == 0)
        #expect(a.reasons.first.map { if case .inlineServes = $0 { true } else { false } } == true)
        #expect(a.snippets.buildx.contains("--cache-to type=inline"))
    }

    /// Both platforms carry inline cache, but the `builder` stage (FROM scratch, two COPY steps)
    /// is another stage: inline cache keeps none of its results.
    @Test func multiArchBuilderStageGetsRegistryCache() async throws {
        let a = try await Self.advise("v013-multiarch")
        #expect(a.recommendation == .registryCache)
        #expect(a.stepsKeptByModeMax == 2)
        #expect(a.platforms.sorted() == ["linux/amd64", "linux/arm64"])
        #expect(a.snippets.buildx.contains("--platform linux/amd64,linux/arm64"))
    }

    @Test func missingCacheGetsRegistryCache() async throws {
        let a = try await Self.advise("v013-noinline")
        #expect(a.recommendation == .registryCache)
        #expect(a.stepsKeptByModeMax == 0)
        #expect(a.reasons.contains { if case .noInlineCache = $0 { true } else { false } })
    }

    @Test func cacheRefFromTheRegistryReference() async throws {
        let a = try await Self.advise("v013-multistage-old", reference: "ghcr.io/acme/shop:1.4")
        #expect(!a.isPlaceholder)
        #expect(a.cacheRef == "ghcr.io/acme/shop:buildcache")
        #expect(a.imageRef == "ghcr.io/acme/shop:1.4")
        let b = try await Self.advise("v013-multistage-old", reference: "ghcr.io/acme/shop:1.4", cacheRef: "ghcr.io/acme/cache:shop")
        #expect(b.snippets.buildx.contains("ref=ghcr.io/acme/cache:shop,mode=max"))
    }

    @Test func jsonSchemaVersion1() async throws {
        let a = try await Self.advise("v013-multistage-old")
        let doc = try JSONDocument(parsing: Array(AdviseJSON.render(a).serialized().utf8), what: "advise json")
        #expect(
            doc.value.members.map(\.0) == [
                "schemaVersion", "reference", "recommendation", "reasons", "stepsKeptByModeMax",
                "secondsSavedByModeMax", "secondsSavedByModeMaxNote", "snippets",
            ])
        #expect(doc.value["secondsSavedByModeMax"]?.isNull == true)
        #expect(doc.value["schemaVersion"]?.int == 1)
        #expect(doc.value["recommendation"]?.string == "registry-cache")
        #expect(doc.value["stepsKeptByModeMax"]?.int == 6)
        #expect(doc.value["snippets"]?.members.map(\.0) == ["buildx", "bake", "githubActions", "gitlab"])
    }

    /// A v0.25 image with its index (for the attestation) and the build times its provenance gives.
    static func v025(_ name: String) async throws -> ([LoadedImage], [Digest: BuildTimes]) {
        let layout = Fixtures.root + "/v025/images"
        guard case let .images(images, index) = try await Fixtures.load(name, layout: layout) else { throw LoadError.notAnImage(name) }
        var times: [Digest: BuildTimes] = [:]
        for img in images {
            if let s = await ProvenanceReader.statement(
                index: index, image: img.manifestDigest, from: OCILayoutSource(LayoutReference(path: layout)))
            {
                times[img.manifestDigest] = BuildTimes.parse(statement: s)
            }
        }
        return (images, times)
    }

    /// par-prov (BuildKit v0.25, --provenance=mode=max): the final stage waits for the left and
    /// right stages at its two COPY --from steps. The rawjson log is the truth: per copy, its
    /// `completed` minus that of the final-stage step below it.
    @Test func secondsSavedByModeMaxFromProvenanceAndResultTimes() async throws {
        let (images, times) = try await Self.v025("par-prov")
        let t = try #require(times[images[0].manifestDigest])
        let started = try #require(t.started), finished = try #require(t.finished)
        #expect(finished - started > 10 && finished - started < 15)
        let a = Advice.analyze(reference: "oci:fixtures/v025/images:par-prov", images: images, buildTimes: times)
        let got = try #require(a.otherStageWait.seconds)
        #expect(a.otherStageWait.copies == 2 && a.otherStageWait.measured == 2)
        let pair = try JSONDocument(
            parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.root + "/v025/pairs/par-cold-prov.json"))),
            what: "par-cold-prov"
        ).value
        let final = pair["steps"]!.elements.filter { $0["stage"]?.string == "final" && $0["kind"]?.string != "from" }
            .sorted { $0["index"]!.int! < $1["index"]!.int! }
        func completed(_ s: JSONValue) -> Double { RFC3339Time(s["intervals"]!.elements.last!.elements.last!.string!)!.value }
        var truth = 0.0
        for (i, s) in final.enumerated() where i > 0 && s["name"]!.string!.contains("COPY --from=") {
            truth += completed(s) - completed(final[i - 1])
        }
        #expect(truth > 2)
        #expect(abs(got - truth) <= 0.5 + 0.1 * truth, "advise \(got) s, BuildKit \(truth) s")
        #expect(a.reasons.contains(.otherStageWait(seconds: got, measured: 2, copies: 2)))
        let doc = try JSONDocument(parsing: Array(AdviseJSON.render(a).serialized().utf8), what: "advise json")
        #expect(doc.value["secondsSavedByModeMax"]?.isNull == false)
    }

    /// Without provenance the wait is unknown, and says why: goapp-src2 was built warm from
    /// goapp-old, and the step below its COPY --from keeps goapp-old's time (a 22 s "gap").
    @Test func withoutProvenanceTheWaitIsUnknown() async throws {
        for name in ["goapp-old", "goapp-src2"] {
            let (images, times) = try await Self.v025(name)
            #expect(times.isEmpty)
            let a = Advice.analyze(reference: name, images: images, buildTimes: times)
            #expect(a.otherStageWait.seconds == nil)
            #expect(a.otherStageWait.gap == .noBuildStart)
            #expect(a.reasons.contains(.otherStageWaitUnknown(.noBuildStart)))
        }
    }
}
