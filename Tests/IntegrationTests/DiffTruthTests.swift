import CacheAnalysis
import CacheModel
import CacheReports
import Testing

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
        let new = try await Fixtures.cache(pair.new)
        let importedOld = try await Fixtures.imported(pair.old)
        let report = try DiffReport.analyze(old: importedOld, new: new)
        let truth = Self.truth(pair, layerCount: new.image.manifest.layers.count)
        #expect(!truth.isEmpty)
        for (layer, (cached, name)) in truth.sorted(by: { $0.key < $1.key }) {
            let verdict = try #require(report.layers.first { $0.index == layer })
            #expect(
                verdict.status == (cached ? .hit : .miss),
                "\(pairName): layer \(layer) \(name): BuildKit cached=\(cached), cachectl said \(verdict.status) \(verdict.reason?.rawValue ?? "") \(String(describing: verdict.cause))"
            )
        }
        // Steps of other stages: only a mode=max export can serve them, and then exactly where BuildKit did.
        let otherCached = pair.steps.filter { $0.stage != "final" && $0.index >= 2 && $0.cached }.count
        if !importedOld.isInline {
            #expect(report.intermediateHits == otherCached, "\(pairName): other-stage steps served from cache")
        } else {
            #expect(report.intermediateHits == 0)
        }
        // Every layer below the final stage's steps is base.
        let firstStep = truth.keys.min() ?? 0
        #expect(report.layers.filter { $0.status == .base }.map(\.index) == Array(0..<firstStep), "\(pairName): base layers")
    }
}

/// Reasons, where the pair makes them unambiguous: the first miss and its cause.
@Suite struct DiffReasonTests {
    /// The first miss's structured cause, per pair: its kind and the input it comes through.
    static let causes: [String: (MissCause.Kind, input: Int?)] = [
        "v013-src-change": (.content, 1), "v08-src-change": (.content, 1),
        "v013-arg-early": (.key, nil), "v08-arg-early": (.key, nil),
        "v013-base-change": (.base, nil), "v08-base-change": (.base, nil),
        "v013-last-step": (.key, nil), "v08-last-step": (.key, nil),
        "v08-holes": (.matchedWithoutResult, nil),
        "v013-old-noinline": (.unknown, nil), "v08-old-noinline": (.unknown, nil),
        "v013-link-base-change": (.base, nil), "v013-link-src-change": (.content, nil),
        "v013-maxcache-src-change": (.content, 1),
    ]

    static let expected: [(pair: String, reason: MissReason, detailContains: String)] = [
        ("v013-src-change", .upstreamChanged, "copies from"),
        ("v08-src-change", .upstreamChanged, "copies from"),
        ("v013-arg-early", .changed, "FLAVOR one → two"),
        ("v08-arg-early", .changed, "FLAVOR one → two"),
        ("v013-base-change", .baseChanged, "base image changed"),
        ("v08-base-change", .baseChanged, "base image changed"),
        ("v013-last-step", .changed, "ready, changed"),
        ("v08-last-step", .changed, "ready, changed"),
        ("v08-holes", .notExported, "hole"),
        ("v013-old-noinline", .noCache, "no inline cache"),
        ("v08-old-noinline", .noCache, "no inline cache"),
        ("v013-link-base-change", .baseChanged, "base image changed"),
        ("v013-link-src-change", .changed, "files it copies changed"),
        ("v013-maxcache-src-change", .upstreamChanged, "copies from"),
    ]

    @Test(arguments: expected.map(\.pair))
    func firstMissReason(pairName: String) async throws {
        let want = try #require(Self.expected.first { $0.pair == pairName })
        let pair = try #require(try Fixtures.pairs().first { $0.name == pairName })
        let new = try await Fixtures.cache(pair.new)
        let old = try await Fixtures.imported(pair.old)
        let report = try DiffReport.analyze(old: old, new: new)
        let first = try #require(report.firstMiss)
        let detail = StepWording(report).detail(first)
        #expect(first.reason == want.reason, "\(pairName): \(detail)")
        #expect(detail.contains(want.detailContains), "\(pairName): \(detail)")
        let cause = try #require(first.cause, "\(pairName): a miss carries its cause")
        let wantCause = try #require(Self.causes[pairName])
        #expect(cause.kind == wantCause.0, "\(pairName): \(cause)")
        #expect(cause.input == wantCause.input, "\(pairName): \(cause)")
        if cause.kind == .key {
            // The layer's own step changed: both texts are there, and they differ.
            #expect(cause.layer == first.index && cause.oldStep != nil && cause.oldStep != cause.newStep, "\(pairName): \(cause)")
        }
        if want.reason == .baseChanged || want.reason == .noCache {
            // Every miss shares the cause.
            let others = report.layers.filter { l in l.status == .miss && l.reason != want.reason && (l.createdBy ?? "").hasPrefix("RUN") }
            #expect(others.isEmpty)
        }
    }
}
