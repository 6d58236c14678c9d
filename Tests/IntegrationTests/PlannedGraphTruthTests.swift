import CacheContext
import CacheKeys
import CacheModel
import Foundation
import XCTest

@testable import CacheAnalysis

/// The key graph planned before a build (`PlannedGraph`: the plan's records with their links,
/// selectors and content roots), matched by `Matcher` against the caches BuildKit itself exported
/// for that build; then, for the fixture pairs, the per-step model run on the planned NEW against
/// the OLD caches, compared with what BuildKit did.
final class PlannedGraphTruthTests: XCTestCase {
    struct FixtureSet {
        let name: String
        let layoutRoot: String
        let formula: (String) -> KeyFormula
        let wildcards: WildcardFormula
        let include: (String) -> Bool
    }

    static let sets = [
        FixtureSet(
            name: "v0.25", layoutRoot: Fixtures.root + "/v025", formula: { _ in .current }, wildcards: .v0_9Through0_25,
            include: { !$0.hasPrefix("base-") }),
        FixtureSet(
            name: "v0.13", layoutRoot: Fixtures.root, formula: { _ in .v013 }, wildcards: .v0_9Through0_25,
            include: { $0.hasPrefix("v013-") }),
        FixtureSet(
            name: "v0.8", layoutRoot: Fixtures.root, formula: { _ in .v08 }, wildcards: .unknown,
            include: { $0.hasPrefix("v08-") }),
        FixtureSet(
            name: "cache mounts", layoutRoot: Fixtures.root + "/mounts", formula: { $0.hasPrefix("v08-") ? .v08 : .v013 },
            wildcards: .unknown, include: { $0.hasSuffix("-cachemount") }),
        // Plan before the build on the older engines: wildcard copies (one matching a directory) hashed
        // as each engine does, cache mounts with id= and sharing=.
        FixtureSet(
            name: "plan-old v0.13", layoutRoot: Fixtures.root + "/plan-old", formula: { _ in .v013 }, wildcards: .v0_9Through0_25,
            include: { $0.hasPrefix("v013-") }),
        FixtureSet(
            name: "plan-old v0.8", layoutRoot: Fixtures.root + "/plan-old", formula: { _ in .v08 }, wildcards: .v0_8,
            include: { $0.hasPrefix("v08-") }),
    ]

    struct Tally {
        var builds = 0, skipped: [String] = [], exports = 0
        var planned = 0, matched = 0, depends = 0
        var unmatched: [String] = []
        var unplannedSteps = 0
        var alternatives = 0, results = 0, holes = 0
    }

    /// The base images the fixtures' builds name (`$REG/base:1`, `$REG/base:2`, `$REG/fx:NAME`).
    static func bases(layout: String, registry: String = "$REG") async -> [String: BaseImage] {
        await StepKeyTruthTests.bases(layoutRoot: String(layout.dropLast("/images".count)), registry: registry).mapValues(\.image)
    }

    /// The context as the build sent it: `<Dockerfile>.dockerignore` beside the build's Dockerfile
    /// wins over the context's `.dockerignore`.
    static func tree(for context: FixtureBuild.Context, dockerfile: String? = nil) throws -> ContextTree {
        let dir = try TruthContexts.shared.directory(for: context)
        let own = dockerfile.flatMap { FileManager.default.fileExists(atPath: $0 + ".dockerignore") ? $0 : nil }
        return try ContextReader.read(directory: dir, ignore: try ContextReader.ignoreRules(context: dir, dockerfile: own))
    }

    /// A planned graph for build `b` on `platform`, with the content records of its context.
    static func planned(
        _ b: StepKeyTruthTests.Build, platform: KeyPlatform, formula: KeyFormula, wildcards: WildcardFormula,
        tree: ContextTree, bases: [String: BaseImage]
    ) throws -> PlannedGraph {
        let df = try ParsedDockerfile(parsing: try String(contentsOfFile: b.dockerfile, encoding: .utf8))
        let options = BuildOptions(
            buildArgs: b.buildArgs, target: b.target, targetPlatform: platform, buildPlatform: .linuxAMD64,
            network: b.network, multiPlatform: b.platforms.count > 1, formula: formula)
        let plan = try BuildPlan.plan(df, options: options, baseImages: bases)
        let content = PlannedGraph.contextContent(plan: plan, tree: tree, wildcards: wildcards).content
        return try PlannedGraph(plan: plan, baseImages: bases, content: content, formula: formula)
    }

    /// A result's layers, without its time.
    static func layers(_ r: CacheResult) -> String {
        switch r {
        case let .layer(k, _): return "layer \(k)"
        case let .chain(ks, _): return "chain \(ks)"
        }
    }

    /// What each planned record is, for messages.
    static func describe(_ p: PlannedGraph) -> [Int: String] {
        var out: [Int: String] = [:]
        for (id, records) in p.stepAllRecords {
            let step = p.step(id)
            for (k, r) in records.enumerated() where out[r] == nil {
                out[r] =
                    step.name + (records.count > 1 ? " [\(step.records.indices.contains(k) ? step.records[k].role.rawValue : "root")]" : "")
                for slot in p.graph.records[r].inputs {
                    for alt in slot where p.graph.records[alt.link].isRoot && out[alt.link] == nil && alt.selector.isEmpty {
                        out[alt.link] = "content of " + step.name
                    }
                }
            }
        }
        return out
    }

    func check(_ set: FixtureSet) async throws -> Tally {
        var tally = Tally()
        let logs = set.layoutRoot + "/logs", layout = set.layoutRoot + "/images"
        let contexts = Dictionary(try FixtureBuild.all(logs: logs).map { ($0.ref, $0.context) }, uniquingKeysWith: { a, _ in a })
        let bases = await Self.bases(layout: layout)
        let tagged = try StepKeyTruthTests.tags(layoutRoot: set.layoutRoot)
        for ref in try StepKeyTruthTests.refs(layoutRoot: set.layoutRoot, set.include) {
            guard let context = contexts[ref] else { tally.skipped.append(ref + " (context not re-created)"); continue }
            let b = try StepKeyTruthTests.build(ref, logs: logs)
            var exported: [(Platform?, [CacheRecord], inline: Bool)] = []
            if tagged.contains(ref), case .images = try await Fixtures.load(ref, all: true, layout: layout) {
                exported = try await StepKeyTruthTests.exportedRecords(ref, layout: layout).filter { !$0.1.isEmpty }.map {
                    ($0.0, $0.1, true)
                }
            } else if tagged.contains(ref) {
                exported = try await StepKeyTruthTests.exportedRecords(ref, layout: layout).filter { !$0.1.isEmpty }.map {
                    ($0.0, $0.1, false)
                }
            }
            exported += try await StepKeyTruthTests.exports(of: b, layoutRoot: set.layoutRoot).map { ($0.0, $0.1, false) }
            guard !exported.isEmpty else { tally.skipped.append(ref + " (no export)"); continue }
            let tree = try Self.tree(for: context, dockerfile: b.dockerfile)
            tally.builds += 1
            var line = (planned: 0, matched: 0, depends: 0, unmatched: 0)
            for (platform, records, inline) in exported {
                tally.exports += 1
                let p = try Self.planned(
                    b, platform: platform.map(KeyPlatform.init) ?? .linuxAMD64, formula: set.formula(ref),
                    wildcards: set.wildcards, tree: tree, bases: bases)
                tally.unplannedSteps += p.unplanned.count
                let old = try CacheGraph(
                    records: records.map { CacheRecord(digest: $0.digest, inputs: $0.inputs, results: []) }, layerParents: [])
                let m = try Matcher(new: p.graph, old: old)
                // The three-valued answer agrees: matched records are `matched`, the others `depends`.
                let answers = PlannedMatch(planned: p, sources: [old])
                for r in p.graph.records.indices
                where (answers.answer(r) == .matched) != m.matched(r)
                    || (!m.matched(r) && answers.answer(r) != .depends && p.dependsOnUnknown.contains(r))
                {
                    tally.unmatched.append("\(ref): record \(r) Matcher \(m.matched(r)), PlannedMatch \(answers.answer(r).rawValue)")
                }
                let names = Self.describe(p)
                // Every alternative of a matched record, selector included, is one BuildKit wrote.
                for r in p.graph.records.indices where m.matched(r) && !p.graph.records[r].isRoot {
                    let rec = p.graph.records[r]
                    let exact = m.matches[r].contains { o in
                        zip(rec.inputs, old.records[o].inputs).allSatisfy { slot, oldSlot in
                            slot.allSatisfy { a in oldSlot.contains { $0.selector == a.selector && m.matches[a.link].contains($0.link) } }
                        }
                    }
                    tally.alternatives += rec.inputs.reduce(0) { $0 + $1.count }
                    if !exact {
                        tally.unmatched.append(
                            "\(ref): \(names[r] ?? "record \(r)"): an alternative (link or selector) BuildKit did not write")
                    }
                }
                // An image's inline cache: the final chain's results are the planned ones.
                if inline {
                    for r in p.graph.records.indices where !p.graph.records[r].results.isEmpty {
                        let want = Set(p.graph.records[r].results.map(Self.layers))
                        // A hole: BuildKit left the result out (its blob was not the image's own, e.g.
                        // reused from an imported cache with another compression).
                        if m.matches[r].allSatisfy({ records[$0].results.isEmpty }) { tally.holes += 1; continue }
                        tally.results += 1
                        if !m.matches[r].contains(where: { o in !want.isDisjoint(with: Set(records[o].results.map(Self.layers))) }) {
                            tally.unmatched.append(
                                "\(ref): \(names[r] ?? "record \(r)"): planned result \(want) is not BuildKit's (\(m.matches[r].map { records[$0].results.map(Self.layers) }))"
                            )
                        }
                    }
                }
                for r in p.graph.records.indices {
                    line.planned += 1
                    if m.matched(r) { line.matched += 1; continue }
                    if p.dependsOnUnknown.contains(r) { line.depends += 1; continue }
                    line.unmatched += 1
                    let why: String
                    if old.byDigest[p.graph.records[r].digest] == nil {
                        why = "digest not exported"
                    } else {
                        why = "slot \(m.failingSlot(r, new: p.graph, old: old).map(String.init) ?? "?") links differently"
                    }
                    tally.unmatched.append(
                        "\(ref) \(platform?.description ?? ""): \(names[r] ?? "record \(r)") \(p.graph.records[r].digest.short): \(why)")
                }
                for (id, why) in p.unplanned.sorted(by: { $0.key < $1.key }) { print("  \(ref): not planned \(p.step(id).name): \(why)") }
            }
            print(
                "planned graph \(set.name) \(ref): exports \(exported.count), planned \(line.planned), matched \(line.matched), depends on unknown content \(line.depends), unmatched \(line.unmatched)"
            )
            tally.planned += line.planned; tally.matched += line.matched; tally.depends += line.depends
        }
        print(
            "planned graph truth, \(set.name): \(tally.builds) builds (\(tally.exports) exports), planned records \(tally.planned), matched \(tally.matched), depends on unknown content \(tally.depends), unmatched \(tally.unmatched.count), alternatives checked \(tally.alternatives), inline results checked \(tally.results) (holes in BuildKit's \(tally.holes)), steps not planned \(tally.unplannedSteps), skipped \(tally.skipped.count)"
        )
        for u in tally.unmatched { print("  unmatched: \(u)") }
        for s in tally.skipped { print("  skipped: \(s)") }
        return tally
    }

    /// goapp-old: every planned record is in its own inline cache, the `COPY --from` through its
    /// definition link (its content is not known before the build).
    func testGoappOld() async throws {
        let set = FixtureSet(
            name: "goapp-old", layoutRoot: Fixtures.root + "/v025", formula: { _ in .current },
            wildcards: .v0_9Through0_25, include: { $0 == "goapp-old" })
        let t = try await check(set)
        XCTAssertEqual(t.builds, 1)
        XCTAssertTrue(t.unmatched.isEmpty, "\(t.unmatched)")
        XCTAssertEqual(t.planned, t.matched)
        XCTAssertEqual(t.planned, 13)  // 9 step records, the 2 FROM roots both stages share, 2 context content roots

        // The API on it: unknown content, layers, the final stage, the step texts.
        let root = Fixtures.root + "/v025"
        let b = try StepKeyTruthTests.build("goapp-old", logs: root + "/logs")
        let context = try XCTUnwrap(try FixtureBuild.all(logs: root + "/logs").first { $0.ref == "goapp-old" }).context
        let p = try Self.planned(
            b, platform: .linuxAMD64, formula: .current, wildcards: .v0_9Through0_25,
            tree: try Self.tree(for: context), bases: await Self.bases(layout: root + "/images"))
        let copyFrom = try XCTUnwrap(p.stepRecords.first { p.step($0.key).name.contains("COPY --from=build") }?.value)
        XCTAssertEqual(p.unknownContent, [copyFrom])
        XCTAssertEqual(p.unknownContentSlots[copyFrom], [1])
        // Its definition link only, with the selector of `/out/app` (sha256:c74208dc71a9…).
        XCTAssertEqual(p.graph.records[copyFrom].inputs[1].map(\.selector), [Digest.sha256(of: Array("/out/app".utf8)).description])
        XCTAssertTrue(p.graph.records[copyFrom].inputs[1][0].selector.hasPrefix("sha256:c74208dc71a9"))
        XCTAssertEqual(p.baseLayerCount, 1)
        XCTAssertEqual(p.graph.layerCount, 5)
        XCTAssertEqual(p.modelGraph().standIns.count, 1)
        let new = NewBuild(planned: p, reference: "plan:goapp")
        XCTAssertEqual(new.stage.chain, p.finalSteps.map { p.stepRecords[$0]! })
        XCTAssertEqual(new.stage.baseLayerCount, 1)
        let image = ImageCache(image: try await Fixtures.load("goapp-old", layout: root + "/images").image("goapp-old"))
        XCTAssertEqual(Array(new.layerSteps.dropFirst()), Array(image.layerSteps.dropFirst()))
    }

    func testEveryPlannedRecordIsInBuildKitsExport() async throws {
        var total = Tally()
        for set in Self.sets {
            let t = try await check(set)
            XCTAssertTrue(t.unmatched.isEmpty, "\(set.name): \(t.unmatched.count) planned records unmatched")
            XCTAssertGreaterThan(t.builds, 0, set.name)
            total.planned += t.planned; total.matched += t.matched; total.depends += t.depends
            total.unmatched += t.unmatched; total.builds += t.builds
        }
        print(
            "planned graph truth total: \(total.builds) builds, planned \(total.planned), matched \(total.matched), depends \(total.depends), unmatched \(total.unmatched.count)"
        )
        XCTAssertGreaterThanOrEqual(total.matched, 1660)
    }

    // MARK: - Pairs: the per-step model on the planned NEW

    struct PairTally {
        var pairs = 0, steps = 0, agree = 0, depends = 0, notRun = 0
        var disagree: [String] = []
        var skipped: [String] = []
    }

    func testPairsStepStatusesAgreeWithBuildKit() async throws {
        typealias V = StageTruthV025Tests
        let root = V.root
        let contexts = Dictionary(try FixtureBuild.all(logs: root + "/logs").map { ($0.ref, $0.context) }, uniquingKeysWith: { a, _ in a })
        let bases = await Self.bases(layout: root + "/images")
        var t = PairTally()
        for pair in try V.pairs() where !pair.sources.isEmpty {
            let logName = String(pair.log.split(separator: "/").last!)
            guard let context = contexts[logName] else { t.skipped.append("\(pair.name): context of \(logName) not re-created"); continue }
            if case let .repository(dir) = context, !dir.contains("/fixtures/make/v025/projects/") {
                t.skipped.append("\(pair.name): context \(dir) is not a v0.25 project"); continue
            }
            let b = try StepKeyTruthTests.build(logName, logs: root + "/logs")
            var platform = KeyPlatform.linuxAMD64
            if !pair.new.hasPrefix("targets-"), case let .images(images, _)? = try? await Fixtures.load(pair.new, layout: root + "/images"),
                let p = images.first?.platform
            {
                platform = KeyPlatform(p)
            }
            let planned = try Self.planned(
                b, platform: platform, formula: .current, wildcards: .v0_9Through0_25,
                tree: try Self.tree(for: context, dockerfile: b.dockerfile), bases: bases)
            var sources: [ImportedCache] = []
            for s in pair.sources { sources.append(try await V.imported(s)) }
            let new = NewBuild(
                planned: planned, reference: "plan:" + logName, sourceDateEpoch: b.buildArgs["SOURCE_DATE_EPOCH"].flatMap { Int64($0) })
            let (dockerfile, target) = try Fixtures.buildDockerfile(logName, logs: root + "/logs")
            // As `plan` runs it: the Dockerfile names the steps, the planner's names win (a base image's
            // ONBUILD triggers, a lone stage's `stage-0`), nothing to check it against before the build.
            var report = try DiffReport.analyze(sources: sources, new: new, dockerfile: dockerfile, target: target, verifyDockerfile: false)
            report.stages = plannedNames(report.stages, planned: planned)
            let truth = StageTruthTests.truth(
                Fixtures.Pair(
                    name: pair.name, old: pair.sources[0], new: pair.new,
                    steps: pair.steps.filter { $0.kind != "from" }))
            var predicted: [String: StepVerdict] = [:]
            for st in report.stages { for v in st.steps { if let k = StageTruthTests.key(v.name, final: st.final) { predicted[k] = v } } }
            // A step's records (a `COPY --link`: copy and merge); which of them wait on content the
            // plan cannot know (they match only if it equals a content the sources hold).
            var recordsOf: [Int: [Int]] = [:]
            for (id, own) in planned.stepAllRecords { if let r = planned.stepRecords[id] { recordsOf[r] = own } }
            let answers = PlannedMatch(planned: planned, sources: sources.map(\.graph))
            let waiting = Set(planned.graph.records.indices.filter { answers.answer($0) == .depends })
            var consumers: [Int: Set<Int>] = [:]
            for (c, rec) in planned.graph.records.enumerated() {
                for slot in rec.inputs { for alt in slot { consumers[alt.link, default: []].insert(c) } }
            }
            t.pairs += 1
            for (step, status) in truth.sorted(by: { $0.key < $1.key }) {
                guard let v = predicted[step] else {
                    t.disagree.append("\(pair.name) \(step): BuildKit \(status), not in cachectl's stages")
                    continue
                }
                let own = recordsOf[v.record] ?? [v.record]
                if own.contains(where: waiting.contains) {
                    t.depends += 1; print("  depends: \(pair.name) \(step) BuildKit \(status)"); continue
                }
                // Served either way, but loaded or not needed as a later step waiting on content turns out.
                if v.status != .run, own.contains(where: { !(consumers[$0] ?? []).isDisjoint(with: waiting) }) {
                    t.notRun += 1
                    print("  served either way: \(pair.name) \(step) BuildKit \(status)")
                    if status == "run" { t.disagree.append("\(pair.name) \(step): BuildKit run, planned served (cached or unneeded)") }
                    continue
                }
                t.steps += 1
                if (answers.answer(v.record) == .matched) != v.keyMatched {
                    t.disagree.append(
                        "\(pair.name) \(step): PlannedMatch says \(answers.answer(v.record).rawValue), the model's key matched \(v.keyMatched)"
                    )
                }
                if v.status.rawValue == status {
                    t.agree += 1
                } else {
                    t.disagree.append(
                        "\(pair.name) \(step): BuildKit \(status), planned \(v.status.rawValue) \(v.reason?.rawValue ?? "") \(v.cause)")
                }
            }
        }
        print(
            "planned pairs: \(t.pairs) compared, steps \(t.steps + t.notRun + t.depends): answered \(t.steps) (agree \(t.agree), disagree \(t.disagree.count)), served but cached-or-unneeded unknown \(t.notRun), depends on a stage that runs \(t.depends), skipped pairs \(t.skipped.count)"
        )
        for d in t.disagree { print("  disagree: \(d)") }
        for s in t.skipped { print("  skipped: \(s)") }
        XCTAssertTrue(t.disagree.isEmpty, "\(t.disagree.count) steps disagree")
        XCTAssertGreaterThan(t.pairs, 50)
        // Every step of the 82 pairs is answered but those waiting on a stage's output (a `COPY
        // --from` of a stage that runs, and what follows it) and those served either way
        // (ptime-deps2: the five final-stage steps from its COPY --from up wait on the deps stage).
        XCTAssertGreaterThanOrEqual(t.steps, 547)
        XCTAssertLessThanOrEqual(t.depends, 49)
    }
}
