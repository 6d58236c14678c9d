import CacheAnalysis
import CacheModel
import CacheReports
import Testing

/// Hand-made corruptions of real images (built at test time in a temporary OCI layout whose
/// digests and sizes are consistent, so only the cache metadata is wrong).
@Suite struct LintInvalidCacheMetadataTests {
    static let rule = "invalid-cache-metadata"

    static func expectFires(_ images: [LoadedImage], _ needle: String) {
        let f = LintSupport.findings(images: images, rule: Self.rule)
        #expect(f.count == 1)
        #expect(f.first?.severity == .error)
        #expect(f.first?.message.contains(needle) == true, "\(f.first?.message ?? "(none)")")
    }

    @Test func undecodablePayload() async throws {
        let images = try await LintSupport.mutated("v013-single") { LintSupport.replacePayload($0, with: "!!not base64!!") }
        Self.expectFires(images, "base64")
    }

    @Test func payloadIsNotJSON() async throws {
        let images = try await LintSupport.mutated("v013-single") { LintSupport.replacePayload($0, with: "bm90IGpzb24=") }
        Self.expectFires(images, "JSON")
    }

    @Test func linkOutOfRange() async throws {
        let images = try await LintSupport.mutated("v013-single") { cfg in
            LintSupport.editRecords(cfg) { records in
                let i = records.firstIndex { ($0["inputs"] as? [[Any]])?.isEmpty == false }!
                records[i]["inputs"] = [[["selector": "", "link": 99]]]
            }
        }
        Self.expectFires(images, "outside")
    }

    @Test func layerIndexOutOfRange() async throws {
        let images = try await LintSupport.mutated("v013-single") { cfg in
            LintSupport.editRecords(cfg) { records in
                let i = records.firstIndex { $0["layers"] != nil }!
                records[i]["layers"] = [["layer": 9, "createdAt": "2026-11-29T00:44:02Z"]]
            }
        }
        Self.expectFires(images, "layer 9")
    }

    @Test func loopOfLinks() async throws {
        let images = try await LintSupport.mutated("v013-single") { cfg in
            LintSupport.editRecords(cfg) { records in
                // Make a root link to a record that (transitively) links back to it.
                let child = records.firstIndex { ($0["inputs"] as? [[[String: Any]]])?.first?.first != nil }!
                let parent = ((records[child]["inputs"] as! [[[String: Any]]])[0][0]["link"] as! Int)
                records[parent]["inputs"] = [[["selector": "", "link": child]]]
            }
        }
        Self.expectFires(images, "loop")
    }

    @Test func diffIDCountDiffersFromLayers() async throws {
        let images = try await LintSupport.mutated("v013-single") { cfg in
            let marker = "\"diff_ids\":["
            let start = cfg.range(of: marker)!.upperBound
            let firstEnd = cfg[start...].firstIndex(of: ",")!
            return String(cfg[..<start]) + String(cfg[cfg.index(after: firstEnd)...])
        }
        #expect(images[0].config.diffIDs.count == images[0].manifest.layers.count - 1)
        Self.expectFires(images, "diff_ids")
    }

    @Test(arguments: ["v013-single", "v013-multistage-old", "v08-multistage-last", "v013-link-old", "v013-multiarch", "v013-noinline"])
    func quietOnRealImages(name: String) async throws {
        #expect(try await LintSupport.findings(name, rule: Self.rule).isEmpty)
    }
}
