import Testing
import CacheAnalysis
import CacheModel

/// Every step of every stage against what BuildKit did: the status each step of the NEW build
/// got in its `--progress=rawjson` log (run, cached = loaded, unneeded = key matched, not needed).
@Suite struct StageTruthTests {
    /// BuildKit's status of each step, keyed `stage i`; a `COPY --link`'s copy and merge are one
    /// step (loaded if either was loaded); `FROM` vertices are sources, not steps.
    static func truth(_ pair: Fixtures.Pair) -> [String: String] {
        var byStep: [String: [Fixtures.Step]] = [:]
        for s in pair.steps where !s.name.contains("] FROM ") {
            byStep["\(s.stage) \(s.index)", default: []].append(s)
        }
        return byStep.mapValues { steps in
            let statuses = steps.compactMap(\.status)
            let copy = steps.first { $0.kind != "link-merge" }?.status
            if copy == "run" { return "run" }
            if statuses.contains("cached") { return "cached" }
            return copy ?? statuses.first ?? "?"
        }
    }

    static func key(_ name: StepNames.Name?, final: Bool) -> String? {
        guard let n = name else { return nil }
        return "\(n.stage ?? "final") \(n.index)"
    }

    static let pairNames: [String] = (try? Fixtures.pairs().map(\.name)) ?? []

    @Test(arguments: pairNames)
    func everyStepMatchesBuildKit(pairName: String) async throws {
        let pair = try #require(try Fixtures.pairs().first { $0.name == pairName })
        let new = try NewBuild(image: try await Fixtures.cache(pair.new))
        let old = try await Fixtures.imported(pair.old)
        let (dockerfile, target) = try Fixtures.buildDockerfile(pair.new)
        let report = try Differ.diff(sources: [old], new: new, dockerfile: dockerfile, target: target)
        let truth = Self.truth(pair)
        #expect(!truth.isEmpty)
        var predicted: [String: (StepVerdict, Bool)] = [:]
        for st in report.stages { for v in st.steps { if let k = Self.key(v.name, final: st.final) { predicted[k] = (v, st.final) } } }
        for (step, status) in truth.sorted(by: { $0.key < $1.key }) {
            let p = try #require(predicted[step], "\(pairName): step \(step) not found in cachectl's stages (\(predicted.keys.sorted()))")
            #expect(p.0.status.rawValue == status,
                    "\(pairName): \(step): BuildKit \(status), cachectl \(p.0.status.rawValue) \(p.0.reason?.rawValue ?? "") \(p.0.detail)")
        }
        // Every step of the build appears once.
        #expect(predicted.count == truth.count, "\(pairName): \(predicted.keys.sorted()) vs \(truth.keys.sorted())")
    }
}
