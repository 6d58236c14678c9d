import CacheAnalysis
import CacheModel
import Foundation
import Testing

@Suite struct LintPlatformWithoutCacheTests {
    static let rule = "platform-without-cache"

    @Test func quietWhenEveryPlatformHasCache() async throws {
        let reports = try await LintSupport.lint("v013-multiarch")
        #expect(reports.compactMap(\.platform).sorted() == ["linux/amd64", "linux/arm64"])
        #expect(reports.flatMap(\.findings).filter { $0.rule == Self.rule }.isEmpty)
    }

    /// v013-multiarch's index with the arm64 config's moby.buildkit.cache.v0 removed (and the
    /// attestation manifests left out).
    static func indexWithoutArm64Cache() async throws -> [LoadedImage] {
        let layout = try LintSupport.Layout()
        let entry = try LintSupport.fixtureEntry("v013-multiarch")
        var index = try JSONSerialization.jsonObject(with: try LintSupport.fixtureBlob(entry["digest"] as! String)) as! [String: Any]
        var children: [[String: Any]] = []
        for var child in index["manifests"] as! [[String: Any]] {
            let platform = child["platform"] as? [String: Any]
            guard let arch = platform?["architecture"] as? String, arch != "unknown" else { continue }
            let digest = child["digest"] as! String
            if arch == "arm64" {
                let m = try layout.image(from: digest) { cfg in
                    let p = LintSupport.payload(cfg)
                    return cfg.replacingOccurrences(of: ",\"moby.buildkit.cache.v0\":\"\(p)\"", with: "")
                        .replacingOccurrences(of: "\"moby.buildkit.cache.v0\":\"\(p)\",", with: "")
                }
                child["digest"] = m.digest
                child["size"] = m.size
            } else {
                let manifest = try LintSupport.fixtureBlob(digest)
                try layout.put(manifest)
                let config = (try JSONSerialization.jsonObject(with: manifest) as! [String: Any])["config"] as! [String: Any]
                try layout.put(try LintSupport.fixtureBlob(config["digest"] as! String))
            }
            children.append(child)
        }
        index["manifests"] = children
        let stored = try layout.put(try JSONSerialization.data(withJSONObject: index))
        layout.tag("t", mediaType: index["mediaType"] as? String ?? MediaType.ociIndex, digest: stored.digest, size: stored.size)
        return try await layout.load("t")
    }

    @Test func firesForThePlatformWithoutCache() async throws {
        let images = try await Self.indexWithoutArm64Cache()
        #expect(images.count == 2)
        let reports = LintSupport.lint(images: images)
        let arm = try #require(reports.first { $0.platform == "linux/arm64" })
        let amd = try #require(reports.first { $0.platform == "linux/amd64" })
        #expect(arm.findings.filter { $0.rule == Self.rule }.count == 1)
        #expect(arm.findings.contains { $0.rule == "no-inline-cache" })
        #expect(amd.findings.filter { $0.rule == Self.rule }.isEmpty)
    }

    @Test(arguments: ["v013-single", "v013-noinline"])
    func quietOnSinglePlatformImages(name: String) async throws {
        #expect(try await LintSupport.findings(name, rule: Self.rule).isEmpty)
    }
}
