import CacheAnalysis
import CacheModel
import Testing

@Suite struct LintNoInlineCacheTests {
    static let rule = "no-inline-cache"

    @Test(arguments: ["v013-noinline", "v08-noinline"])
    func firesOnImagesBuiltWithoutInlineCache(name: String) async throws {
        let f = try await LintSupport.findings(name, rule: Self.rule)
        #expect(f.count == 1)
        #expect(f.first?.severity == .error)
        #expect(f.first?.layer == nil)
    }

    @Test(arguments: ["v013-multistage-old", "v013-single", "v08-multistage-last", "v013-multiarch", "v013-link-old"])
    func quietWhenTheCacheIsThere(name: String) async throws {
        #expect(try await LintSupport.findings(name, rule: Self.rule).isEmpty)
    }

    @Test func firesWhenAToolDroppedTheKey() async throws {
        let images = try await LintSupport.mutated("v013-single") { cfg in
            LintSupport.replacePayload(cfg, with: "X").replacingOccurrences(of: "\"moby.buildkit.cache.v0\":\"X\",", with: "")
                .replacingOccurrences(of: ",\"moby.buildkit.cache.v0\":\"X\"", with: "")
        }
        #expect(images[0].config.inlineCache == nil)
        #expect(LintSupport.findings(images: images, rule: Self.rule).count == 1)
    }
}
