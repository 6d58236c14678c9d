import Testing
import CacheAnalysis
import CacheReports
import CacheModel

@Suite struct AdviseTests {
    static func advise(_ name: String, reference: String? = nil, cacheRef: String? = nil) async throws -> Advice {
        Advice.advise(reference: reference ?? "oci:fixtures/images:\(name)", images: try await LintSupport.images(name), cacheRef: cacheRef)
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
        #expect(a.reasons.contains { $0.hasPrefix("6 step(s)") })
        #expect(a.isPlaceholder)
        #expect(a.cacheRef == "registry.example.com/team/app:buildcache")
        #expect(a.snippets.buildx.contains("--cache-to type=registry,ref=registry.example.com/team/app:buildcache,mode=max,image-manifest=true,oci-mediatypes=true"))
        #expect(a.snippets.buildx.contains("--cache-from type=registry,ref=registry.example.com/team/app:buildcache"))
        #expect(a.snippets.bake.contains("target \"app\" {"))
        #expect(a.snippets.githubActions.contains("docker/build-push-action"))
        #expect(a.snippets.gitlab.contains("docker buildx build"))
        #expect(a.notes.contains { $0.contains("placeholder") })
        #expect(a.notes.contains { $0.contains("ignore-error=true") })
        #expect(a.notes.contains { $0.contains("cold") })
        #expect(a.notes.contains { $0.contains("containerd image store") })
        #expect(a.notes.contains { $0.contains("ECR") })
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
        #expect(a.reasons.first?.contains("already serves") == true)
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
        #expect(a.reasons.contains { $0.contains("no inline cache") })
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
        #expect(doc.value.members.map(\.0) == ["schemaVersion", "reference", "recommendation", "reasons", "stepsKeptByModeMax", "snippets"])
        #expect(doc.value["schemaVersion"]?.int == 1)
        #expect(doc.value["recommendation"]?.string == "registry-cache")
        #expect(doc.value["stepsKeptByModeMax"]?.int == 6)
        #expect(doc.value["snippets"]?.members.map(\.0) == ["buildx", "bake", "githubActions", "gitlab"])
    }
}
