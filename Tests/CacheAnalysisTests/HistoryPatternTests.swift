import CacheModel
import Testing

@testable import CacheAnalysis

/// The pattern finders on small hand-made series of builds.
@Suite struct HistoryPatternTests {
    typealias L = (LayerVerdict.Status, MissReason?, String)
    static let digest = try! Digest(parsing: "sha256:" + String(repeating: "a", count: 64))

    /// Two base layers, then the given built layers; steps mirror the layers (run for a miss).
    static func build(_ tag: String, from: String?, _ built: [L], inline: Bool = true, top: String? = "RUN make") -> HistoryBuild {
        let layers =
            [
                LayerVerdict(index: 0, createdBy: nil, status: .base, reason: nil, record: nil),
                LayerVerdict(index: 1, createdBy: nil, status: .base, reason: nil, record: nil),
            ]
            + built.enumerated().map { i, l -> LayerVerdict in
                // "ARG K=a → b": the step's history text carries the build-arg, as BuildKit writes it.
                let words = l.2.split(separator: " ")
                if l.1 == .changed, words.count == 4, words[0] == "ARG", let eq = words[1].firstIndex(of: "=") {
                    let name = words[1][..<eq], old = words[1][words[1].index(after: eq)...], new = words[3]
                    let text = { (v: Substring) in "RUN |1 \(name)=\(v) /bin/sh -c step \(i + 2) # buildkit" }
                    var v = LayerVerdict(index: i + 2, createdBy: text(new), status: l.0, reason: l.1, record: i)
                    v.cause = MissCause(kind: .key, record: i, layer: i + 2, oldStep: text(old), newStep: text(new))
                    return v
                }
                return LayerVerdict(index: i + 2, createdBy: "RUN step \(i + 2)", status: l.0, reason: l.1, record: i)
            }
        let steps = built.enumerated().map { i, l in
            StepVerdict(
                record: i, layer: i + 2, createdBy: nil, name: nil, status: l.0 == .miss ? .run : .cached,
                reason: l.0 == .miss ? .changed : nil,
                cause: cause(l))
        }
        let explained = from != nil && inline
        return HistoryBuild(
            tag: tag, tags: [tag], digest: digest, created: nil, time: nil, cacheFrom: from,
            layers: explained ? layers : [], stages: explained ? [StageVerdict(final: true, name: nil, steps: steps)] : [],
            timeLostSeconds: nil, notes: [], hasInlineCache: inline, holes: [], topStep: top, layerCount: layers.count)
    }

    static func cause(_ l: L) -> StepCause {
        switch (l.0, l.1) {
        case (.miss, .baseChanged?): return .baseChanged
        case (.miss, .notExported?): return .matchedWithoutResult(hole: l.2.contains("hole"))
        case (.miss, _): return .ownKeyChanged
        default: return .loaded(source: 0)
        }
    }

    static let hit: L = (.hit, nil, "")
    static func miss(_ r: MissReason, _ d: String = "the step changed") -> L { (.miss, r, d) }

    @Test func steadySeriesHasNoPattern() {
        let b = [
            Self.build("b1", from: nil, []), Self.build("b2", from: "b1", [Self.hit, Self.hit, Self.miss(.changed)]),
            Self.build("b3", from: "b2", [Self.hit, Self.hit, Self.miss(.changed)]),
        ]
        #expect(HistoryPatterns.find(b).isEmpty)
    }

    @Test func everySecondBuild() throws {
        let hole = "the key matched, but the old image holds no layer for it: a hole in its cache"
        let b = [
            Self.build("b1", from: nil, []), Self.build("b2", from: "b1", [Self.hit, Self.hit, Self.miss(.changed)]),
            Self.build("b3", from: "b2", [Self.miss(.notExported, hole), Self.miss(.upstreamChanged), Self.miss(.upstreamChanged)]),
            Self.build("b4", from: "b3", [Self.hit, Self.hit, Self.miss(.changed)]),
        ]
        let p = try #require(HistoryPatterns.everySecondBuild(b))
        #expect(p.id == .everySecondBuild)
        #expect(p.builds == ["b2", "b3"])
        #expect(p.finding == .everySecondBuild(victims: ["b3"], carriers: ["b2"]))
        #expect(HistoryPatterns.brokeAt(b) == nil)
    }

    @Test func brokeAtNamesTheFirstBuildAndTheStep() throws {
        let b = [
            Self.build("b1", from: nil, []),
            Self.build("b2", from: "b1", [Self.hit, Self.hit, Self.hit]),
            Self.build("b3", from: "b2", [Self.hit, Self.miss(.changed, "ARG GIT_SHA=1 → 2"), Self.miss(.upstreamChanged)]),
            Self.build("b4", from: "b3", [Self.hit, Self.miss(.changed, "ARG GIT_SHA=2 → 3"), Self.miss(.upstreamChanged)]),
            Self.build("b5", from: "b4", [Self.hit, Self.miss(.changed, "ARG GIT_SHA=3 → 4"), Self.miss(.upstreamChanged)]),
        ]
        let p = try #require(HistoryPatterns.brokeAt(b))
        #expect(p.builds == ["b3", "b4", "b5"])
        // Step 2 above the base (layer 3), the first build whose key moved, and the build-arg that moved it.
        let arg = KeyChange.Arg(name: "GIT_SHA", old: "1", new: "2")
        #expect(
            p.finding
                == .brokeAt(
                    position: 2, printed: nil, createdBy: "RUN |1 GIT_SHA=2 /bin/sh -c step 3 # buildkit",
                    change: .buildArgs([arg], used: false)))
        // A step that never hit is ordinary churn, not a break.
        #expect(HistoryPatterns.brokeAt(Array(b.dropFirst(2))) == nil)
        // One build after the break is not yet a pattern.
        #expect(HistoryPatterns.brokeAt(Array(b.prefix(3))) == nil)
    }

    @Test func noInlineCacheNamesCarriersAndImporters() throws {
        let b = [
            Self.build("b1", from: nil, [], inline: false),
            Self.build("b2", from: "b1", [Self.miss(.noCache), Self.miss(.noCache), Self.miss(.noCache)]),
            Self.build("b3", from: "b2", [Self.hit, Self.hit, Self.hit]),
        ]
        let p = try #require(HistoryPatterns.noInlineCache(b))
        #expect(p.builds == ["b1", "b2"])
        #expect(p.finding == .noInlineCache(without: ["b1"], importers: ["b2"]))
        #expect(HistoryPatterns.noInlineCache(Array(b.dropFirst())) == nil)
    }

    @Test func targetsOverwriteNeedsTwoAlternatingBuilds() throws {
        let b = [
            Self.build("api-1", from: nil, [], top: "RUN build api"),
            Self.build("worker-1", from: "api-1", [Self.hit, Self.miss(.changed), Self.miss(.upstreamChanged)], top: "RUN build worker"),
            Self.build("api-2", from: "worker-1", [Self.hit, Self.miss(.changed), Self.miss(.upstreamChanged)], top: "RUN build api"),
            Self.build("worker-2", from: "api-2", [Self.hit, Self.miss(.changed), Self.miss(.upstreamChanged)], top: "RUN build worker"),
        ]
        #expect(HistoryPatterns.targetsOverwrite(b, alternates: ["api-2": 2]) == nil)
        let p = try #require(HistoryPatterns.targetsOverwrite(b, alternates: ["api-2": 2, "worker-2": 2]))
        #expect(p.builds == ["api-2", "worker-2"])
        #expect(p.finding == .targetsOverwrite(finalSteps: ["RUN build api", "RUN build worker"], saved: 4))
    }

    @Test func baseUpdates() throws {
        let b = [
            Self.build("b1", from: nil, []),
            Self.build("b2", from: "b1", [Self.miss(.baseChanged), Self.miss(.upstreamChanged), Self.miss(.upstreamChanged)]),
            Self.build("b3", from: "b2", [Self.hit, Self.hit, Self.hit]),
        ]
        let p = try #require(HistoryPatterns.baseUpdates(b))
        #expect(p.builds == ["b2"])
        #expect(p.finding == .baseUpdates)
        #expect(HistoryPatterns.find(b).map(\.id) == [.baseUpdates])
    }
}
