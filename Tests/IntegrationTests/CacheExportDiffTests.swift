import CacheAnalysis
import CacheModel
import CacheRegistry
import Testing

@Suite struct CacheExportDiffTests {
    func export(_ name: String) async throws -> CacheExport {
        guard case let .cacheExport(loaded) = try await Fixtures.load(name) else { throw FixtureError("\(name) is not a cache export") }
        return try CacheExport(loaded)
    }

    /// A mode=min export holds no results for other stages: diff must not report them as hits,
    /// while the mode=max export of the same Dockerfile serves them (see DiffTruthTests).
    @Test func minExportServesNoOtherStageSteps() async throws {
        let new = try await Fixtures.cache("v013-maxcache-new")
        for name in ["v013-cache-min-im", "v013-cache-min-index"] {
            let report = try DiffReport.analyze(old: ImportedCache(export: try await export(name)), new: new)
            #expect(report.intermediateHits == 0, "\(name)")
            #expect(report.intermediateSteps == 6, "\(name)")
        }
        let max = try DiffReport.analyze(old: ImportedCache(export: try await export("v013-cache-max-im")), new: new)
        #expect(max.intermediateHits > 0)
    }

    /// `--image`: cache layers whose diffID matches an image layer borrow that layer's history step.
    @Test func imageHistoryNamesCacheLayers() async throws {
        let e = try await export("v013-cache-max-im")
        let diffIDs = ExportReport.analyze(e).layers.compactMap(\.diffID)
        #expect(diffIDs.count == e.layers.count, "every layer of a registry cache carries its diffID")
        let history = diffIDs.enumerated().map { "{\"created_by\":\"RUN step \($0.offset) # buildkit\"}" }.joined(separator: ",")
        let ids = diffIDs.map { "\"\($0)\"" }.joined(separator: ",")
        let config = Array(
            "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\(ids)]},\"history\":[\(history)]}"
                .utf8)
        let base = try await Fixtures.image("v013-multistage-old")
        let image = LoadedImage(
            reference: "synthetic", manifestDigest: base.manifestDigest, indexDigest: nil, manifest: base.manifest,
            config: try ImageConfig.decode(config), configSize: config.count, manifestSize: base.manifestSize)
        let report = ExportReport.analyze(e, image: image)
        for (i, layer) in report.layers.enumerated() {
            let position = try #require(diffIDs.firstIndex(of: layer.diffID!))
            #expect(layer.createdBy == "RUN step \(position) # buildkit", "layer \(i)")
        }
    }
}
