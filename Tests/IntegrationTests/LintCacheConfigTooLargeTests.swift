import CacheAnalysis
import CacheModel
import CacheReports
import Foundation
import Testing

/// Real images padded past BuildKit's 1 MiB import limit.
@Suite struct LintCacheConfigTooLargeTests {
    static let rule = "cache-config-too-large"

    @Test func configOverOneMiB() async throws {
        // A large label: the cache itself stays valid, the config blob is too big to import.
        let pad = String(repeating: "a", count: (1 << 20) + 10)
        let images = try await LintSupport.mutated("v013-single") { cfg in
            "{\"x-padding\":\"\(pad)\"," + cfg.dropFirst()
        }
        #expect(images[0].configSize > 1 << 20)
        #expect(ImageCache(image: images[0]).status == .present)
        let f = LintSupport.findings(images: images, rule: Self.rule)
        #expect(f.count == 1)
        #expect(f.first?.message.contains("the config is") == true)
        #expect(f.first?.message.contains("payload") == false)
    }

    @Test func inlinePayloadOverOneMiB() async throws {
        // The records array padded with whitespace: still valid JSON, base64 over 1 MiB.
        let images = try await LintSupport.mutated("v013-single") { cfg in
            let decoded = [UInt8](Data(base64Encoded: LintSupport.payload(cfg))!)
            let padded = [UInt8(ascii: "[")] + [UInt8](repeating: 0x20, count: 800_000) + decoded.dropFirst()
            return LintSupport.replacePayload(cfg, with: Data(padded).base64EncodedString())
        }
        #expect(images[0].config.inlineCacheBytes > 1 << 20)
        let f = LintSupport.findings(images: images, rule: Self.rule)
        #expect(f.count == 1)
        #expect(f.first?.message.contains("inline cache payload is") == true)
    }

    @Test(arguments: ["v013-single", "v013-multistage-old", "v013-multiarch", "v013-noinline"])
    func quietOnRealImages(name: String) async throws {
        #expect(try await LintSupport.findings(name, rule: Self.rule).isEmpty)
    }
}
