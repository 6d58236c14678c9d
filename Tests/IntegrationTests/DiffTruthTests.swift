import Testing
import CacheAnalysis
import CacheModel

/// `diff` against what BuildKit itself did: the `cached` flags of the NEW build's log.
@Suite struct DiffTruthTests {
    /// Final-stage layer truth: step N of M (N ≥ 2, FROM is 1) is built layer N-2 above the base;
    /// for `COPY --link`, the copy vertex (not its merge) says whether the layer came from cache.
    static func truth(_ pair: Fixtures.Pair, layerCount: Int) -> [Int: (Bool, String)] {
        let final = pair.steps.filter { $0.stage == "final" && $0.index >= 2 && $0.kind != "link-merge" }
        guard let total = final.first?.total else { return [:] }
        let base = layerCount - (total - 1)
        var out: [Int: (Bool, String)] = [:]
        for s in final { out[base + s.index - 2] = (s.cached, s.name) }
        return out
    }

    static let pairNames: [String] = (try? Fixtures.pairs().map(\.name)) ?? []

    @Test(arguments: pairNames)
    func statusMatchesBuildKit(pairName: String) async throws {
        let pair = try #require(try Fixtures.pairs().first { $0.name == pairName })
        let old = try await Fixtures.cache(pair.old)
        let new = try await Fixtures.cache(pair.new)
        let importedOld: ImportedCache
        if old.image.manifest.isBuildKitCache {
            importedOld = ImportedCache(image: old)
        } else {
            importedOld = ImportedCache(image: old)
        }
        let report = try Differ.diff(old: importedOld, new: new)
        let truth = Self.truth(pair, layerCount: new.image.manifest.layers.count)
        #expect(!truth.isEmpty)
        for (layer, (cached, name)) in truth.sorted(by: { $0.key < $1.key }) {
            let verdict = try #require(report.layers.first { $0.index == layer })
            #expect(verdict.status == (cached ? .hit : .miss),
                    "\(pairName): layer \(layer) \(name): BuildKit cached=\(cached), cachectl said \(verdict.status) \(verdict.reason?.rawValue ?? "") \(verdict.detail)")
        }
        // Every layer below the final stage's steps is base.
        let firstStep = truth.keys.min() ?? 0
        #expect(report.layers.filter { $0.status == .base }.map(\.index) == Array(0..<firstStep), "\(pairName): base layers")
    }
}
