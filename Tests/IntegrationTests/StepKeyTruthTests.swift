import CacheAnalysis
import CacheKeys
import CacheModel
import CacheRegistry
import Foundation
import XCTest

/// The cache keys of every step, computed from the Dockerfile, the build's arguments and the base
/// image alone, looked up in the records BuildKit itself exported for the same build (its image's
/// inline cache, or its registry cache). Every computed record must be there.
final class StepKeyTruthTests: XCTestCase {
    struct Build {
        let ref: String
        let dockerfile: String
        let buildArgs: [String: String]
        let target: String?
        let platforms: [String]
        let network: ExecOp.NetMode
        /// `--cache-to` values (`type=registry,ref=…`, `type=local,dest=…`).
        let cacheTo: [String]
    }

    struct Outcome {
        var computed = 0
        var found = 0
        /// How many exports (inline caches per platform, registry or local caches) were searched.
        var exports = 0
        /// Found records whose input slots link what the plan says.
        var linked = 0
        var misLinked: [String] = []
        var unknown: [String] = []
        var missing: [String] = []
    }

    static let repo = String(Fixtures.root.dropLast("/fixtures".count))

    /// `docker buildx build …` as recorded in `command.txt` (first line); `NAME=value` words before
    /// `docker` are the environment a bare `--build-arg NAME` took its value from.
    static func build(_ ref: String, logs: String) throws -> Build {
        let text = try String(contentsOfFile: logs + "/" + ref + "/command.txt", encoding: .utf8)
        let words = (text.split(separator: "\n").first.map(String.init) ?? "").split(separator: " ").map(String.init)
        var environment: [String: String] = [:]
        for w in words.prefix(while: { $0 != "docker" }) {
            if let eq = w.firstIndex(of: "=") { environment[String(w[..<eq])] = String(w[w.index(after: eq)...]) }
        }
        var args: [String: String] = [:]
        var file: String?, target: String?
        var platforms: [String] = []
        var network: ExecOp.NetMode = .sandbox
        var cacheTo: [String] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            let v = i + 1 < words.count ? words[i + 1] : ""
            switch w {
            case "--build-arg":
                if let eq = v.firstIndex(of: "=") {
                    args[String(v[..<eq])] = String(v[v.index(after: eq)...])
                } else if let e = environment[v] {
                    args[v] = e
                }
                i += 1
            case "-f", "--file": file = v; i += 1
            case "--target": target = v; i += 1
            case "--platform": platforms = v.replacingOccurrences(of: "\\,", with: ",").split(separator: ",").map(String.init); i += 1
            case "--network=none": network = .none
            case "--cache-to": cacheTo.append(v.replacingOccurrences(of: "\\,", with: ",")); i += 1
            default: break
            }
            i += 1
        }
        let context = words.last { !$0.hasPrefix("-") && $0.hasPrefix("fixtures/") } ?? ""
        return Build(
            ref: ref, dockerfile: repo + "/" + (file ?? context + "/Dockerfile"), buildArgs: args, target: target,
            platforms: platforms, network: network, cacheTo: cacheTo)
    }

    /// What the build exported besides its image: a registry cache kept in the layout (the shared
    /// cache of the alternating-target builds as it stood after this build), or a local export.
    static func exports(of b: Build, layoutRoot: String) async throws -> [(Platform?, [CacheRecord])] {
        var out: [(Platform?, [CacheRecord])] = []
        for spec in b.cacheTo {
            let fields = Dictionary(
                spec.split(separator: ",").compactMap { f -> (String, String)? in
                    let kv = f.split(separator: "=", maxSplits: 1).map(String.init)
                    return kv.count == 2 ? (kv[0], kv[1]) : nil
                }, uniquingKeysWith: { a, _ in a })
            var target: LoadedTarget?
            if fields["type"] == "registry", let ref = fields["ref"] {
                let name =
                    ref.hasSuffix("/fx/shared:cache")
                    ? "shared-after-" + b.ref.dropFirst("targets-".count)
                    : String(ref.split(separator: ":").last ?? "")
                guard name != b.ref, (try? tags(layoutRoot: layoutRoot).contains(name)) == true else { continue }
                target = try await Fixtures.load(name, all: true, layout: layoutRoot + "/images")
            } else if fields["type"] == "local", let dest = fields["dest"] {
                target = try await Fixtures.loadLayout(LayoutReference(path: repo + "/" + dest), shown: "oci:" + dest)
            }
            if case let .cacheExport(e) = target {
                out.append((nil, try CacheRecords.decodeConfig(e.configBytes).records))
            }
        }
        return out
    }

    static func tags(layoutRoot: String) throws -> Set<String> {
        let data = try Data(contentsOf: URL(fileURLWithPath: layoutRoot + "/images/index.json"))
        let doc = try JSONDocument(parsing: [UInt8](data), what: "index.json")
        return Set(doc.value["manifests"]!.elements.compactMap { $0["annotations"]?["org.opencontainers.image.ref.name"]?.string })
    }

    /// The records BuildKit exported for `ref`, per platform (one entry for a cache export).
    static func exportedRecords(_ ref: String, layout: String) async throws -> [(Platform?, [CacheRecord])] {
        switch try await Fixtures.load(ref, all: true, layout: layout) {
        case let .images(images, _):
            return try images.map { img in
                (img.platform, try img.config.inlineCache.map { try CacheRecords.decodeInline(base64: $0) } ?? [])
            }
        case let .cacheExport(e):
            return [(nil, try CacheRecords.decodeConfig(e.configBytes).records)]
        }
    }

    /// Whether some exported record with `r`'s digest has the input slots the plan says: a
    /// `.previous` slot links the previous step's record, a stage source the source stage's last
    /// record (its definition key, beside the content record), a `.linkCopy` slot the copy.
    static func linksAsPlanned(
        _ r: StepRecord, previous: Set<Digest>, stageEnds: [Int: Set<Digest>], linkCopy: Digest?,
        records: [CacheRecord]
    ) -> Bool {
        records.contains { c in
            guard c.digest == r.record, c.inputs.count == r.inputs.count else { return false }
            for (slot, want) in zip(c.inputs, r.inputs) {
                let targets = Set(slot.compactMap { $0.link < records.count ? records[$0.link].digest : nil })
                switch want {
                case .previous: if targets.isDisjoint(with: previous) { return false }
                case .linkCopy: if let l = linkCopy, !targets.contains(l) { return false }
                case let .source(.stage(i, _)): if let ends = stageEnds[i], targets.isDisjoint(with: ends) { return false }
                case .source: if slot.isEmpty { return false }
                }
            }
            return true
        }
    }

    /// The base images the builds name: `$REG/base:N` (the layout's `base-N`) and, as a build arg's
    /// value, `$REG/fx:NAME` (an image of the layout built before, e.g. one with ONBUILD triggers or a
    /// multi-platform index), each under `registry` in place of `$REG`, with its history length.
    static func bases(layoutRoot: String, registry: String = "$REG") async -> [String: (image: BaseImage, history: Int)] {
        var names = ["base:1": "base-1", "base:2": "base-2"]
        for ref in (try? FileManager.default.contentsOfDirectory(atPath: layoutRoot + "/logs")) ?? [] {
            guard let text = try? String(contentsOfFile: layoutRoot + "/logs/" + ref + "/command.txt", encoding: .utf8) else { continue }
            for w in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                if let r = w.range(of: "=$REG/fx:") { names["fx:" + w[r.upperBound...]] = String(w[r.upperBound...]) }
            }
        }
        var out: [String: (image: BaseImage, history: Int)] = [:]
        for (ref, tag) in names {
            guard let img = try? await baseImage(tag, layout: layoutRoot + "/images"),
                case let .images(bi, _)? = try? await Fixtures.load(tag, layout: layoutRoot + "/images")
            else { continue }
            out[registry + "/" + ref] = (img, bi[0].config.layerHistory.count)
        }
        return out
    }

    static func baseImage(_ name: String, layout: String) async throws -> BaseImage {
        guard case let .images(images, _) = try await Fixtures.load(name, layout: layout), let img = images.first else {
            throw FixtureError("\(name) is not an image")
        }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: layout + "/blobs/sha256/" + img.manifest.config.digest.encoded)))
        return try BaseImage(resolvedDigest: img.indexDigest ?? img.manifestDigest, config: bytes)
    }

    static func check(_ ref: String, layoutRoot: String, formula: KeyFormula) async throws -> Outcome {
        let layout = layoutRoot + "/images"
        let b = try build(ref, logs: layoutRoot + "/logs")
        let text = try String(contentsOfFile: b.dockerfile, encoding: .utf8)
        let df = try ParsedDockerfile(parsing: text)
        let bases = await Self.bases(layoutRoot: layoutRoot).mapValues(\.image)
        var outcome = Outcome()
        var exported =
            try tags(layoutRoot: layoutRoot).contains(ref) ? try await exportedRecords(ref, layout: layout).filter { !$0.1.isEmpty } : []
        let stagesFromOthers = Set(
            df.stages.compactMap { st -> Int? in
                df.stages[..<st.index].lastIndex { $0.name != nil && $0.name == st.base.lowercased() }.map { _ in st.index }
            })
        exported += try await exports(of: b, layoutRoot: layoutRoot)
        outcome.exports = exported.count
        for (platform, exportedList) in exported {
            let records = Set(exportedList.map(\.digest))
            let p = platform.map(KeyPlatform.init) ?? .linuxAMD64
            let options = BuildOptions(
                buildArgs: b.buildArgs, target: b.target, targetPlatform: p, buildPlatform: .linuxAMD64,
                network: b.network, multiPlatform: b.platforms.count > 1, formula: formula)
            let plan = try BuildPlan.plan(df, options: options, baseImages: bases)
            // The last record(s) of each stage, for the links of the steps after it.
            var stageEnds: [Int: Set<Digest>] = [:]
            for stage in plan.stages where stage.reachable {
                var previous: Set<Digest> = []
                if stagesFromOthers.contains(stage.index),
                    let parent = df.stages[..<stage.index].lastIndex(where: { $0.name == stage.base.lowercased() })
                {
                    previous = stageEnds[parent] ?? []
                }
                for step in stage.steps {
                    if let why = step.unknown { outcome.unknown.append("\(step.name): \(why)"); continue }
                    let linkCopy = step.records.first { $0.role == .linkCopy }?.record
                    for r in step.records {
                        outcome.computed += 1
                        if records.contains(r.record) {
                            outcome.found += 1
                            if !r.inputs.isEmpty {
                                if linksAsPlanned(r, previous: previous, stageEnds: stageEnds, linkCopy: linkCopy, records: exportedList) {
                                    outcome.linked += 1
                                } else {
                                    outcome.misLinked.append("\(p.architecture) \(step.name) [\(r.role.rawValue)]")
                                }
                            }
                        } else {
                            outcome.missing.append("\(p.architecture) \(step.name) [\(r.role.rawValue)] \(r.json ?? "")")
                        }
                    }
                    previous = step.kind == .from ? Set(step.records.map(\.record)) : Set([step.records.last!.record])
                }
                stageEnds[stage.index] = previous
            }
        }
        return outcome
    }

    /// Builds whose Dockerfile is committed and whose output is in the layout (an image or a
    /// registry cache; local cache exports are not in it).
    static func refs(layoutRoot: String, _ include: (String) -> Bool) throws -> [String] {
        let tagged = try tags(layoutRoot: layoutRoot)
        return try FileManager.default.contentsOfDirectory(atPath: layoutRoot + "/logs").filter { name in
            guard include(name), FileManager.default.fileExists(atPath: layoutRoot + "/logs/" + name + "/command.txt"),
                let b = try? build(name, logs: layoutRoot + "/logs"),
                tagged.contains(name) || b.cacheTo.contains(where: { $0.hasPrefix("type=local") })
            else { return false }
            return FileManager.default.fileExists(atPath: b.dockerfile)
        }.sorted()
    }

    func run(_ refs: [String], layoutRoot: String, formula: KeyFormula) async throws -> Outcome {
        var total = Outcome()
        for ref in refs {
            let o = try await Self.check(ref, layoutRoot: layoutRoot, formula: formula)
            print(
                "step-key truth \(ref): exports \(o.exports), computed \(o.computed), found \(o.found), not found \(o.missing.count), unknown \(o.unknown.count), inputs as planned \(o.linked), not \(o.misLinked.count)"
            )
            for m in o.missing { print("  not found: \(m)") }
            for m in o.misLinked { print("  inputs not as planned: \(m)") }
            XCTAssertTrue(o.misLinked.isEmpty, "\(ref): \(o.misLinked.count) records do not link their inputs as planned")
            for u in o.unknown { print("  unknown: \(u)") }
            XCTAssertTrue(o.missing.isEmpty, "\(ref): \(o.missing.count) computed records are not in BuildKit's export")
            total.computed += o.computed; total.found += o.found
            total.missing += o.missing; total.unknown += o.unknown
            total.linked += o.linked; total.misLinked += o.misLinked
        }
        print(
            "step-key truth total: \(refs.count) builds, computed \(total.computed), found \(total.found), not found \(total.missing.count), unknown steps \(total.unknown.count), inputs as planned \(total.linked), not \(total.misLinked.count)"
        )
        return total
    }

    /// `goapp-old`: both FROM keys, both WORKDIRs, the context copies, the RUNs (one a heredoc)
    /// and the `COPY --from`: 10 definition records, all in the image's inline cache.
    func testGoappOldEveryDefinitionRecordIsExported() async throws {
        let o = try await run(["goapp-old"], layoutRoot: Fixtures.root + "/v025", formula: .current)
        XCTAssertEqual(o.computed, 13)  // 11 distinct: the two stages on base:1 share its FROM records
        XCTAssertEqual(o.found, o.computed)
        XCTAssertEqual(o.linked, 9)  // every record with inputs links the step before it and its sources
        XCTAssertTrue(o.unknown.isEmpty)
    }

    /// Every v0.25 build whose Dockerfile is committed.
    func testV025Builds() async throws {
        let root = Fixtures.root + "/v025"
        let refs = try Self.refs(layoutRoot: root) { $0 != "goapp-old" && !$0.hasPrefix("base-") }
        XCTAssertGreaterThan(refs.count, 40)
        let o = try await run(refs, layoutRoot: root, formula: .current)
        XCTAssertGreaterThan(o.found, 300)
    }

    /// BuildKit v0.13 (Docker 26.1, its built-in frontend).
    func testV013Builds() async throws {
        let refs = try Self.refs(layoutRoot: Fixtures.root) { $0.hasPrefix("v013-") }
        let o = try await run(refs, layoutRoot: Fixtures.root, formula: .v013)
        XCTAssertGreaterThan(o.found, 50)
    }

    /// BuildKit v0.8 (Docker 20.10): LLB without `removeMountStubsRecursive`.
    func testV08Builds() async throws {
        let refs = try Self.refs(layoutRoot: Fixtures.root) { $0.hasPrefix("v08-") }
        let o = try await run(refs, layoutRoot: Fixtures.root, formula: .v08)
        XCTAssertGreaterThan(o.found, 50)
    }

    /// `RUN --mount=type=cache` on v0.8 and v0.13 (fixtures/mounts): the mount is part of the key,
    /// its input and output indexes written as gogo did.
    func testCacheMountBuilds() async throws {
        let root = Fixtures.root + "/mounts"
        let new = try await run(["v013-cachemount"], layoutRoot: root, formula: .v013)
        let old = try await run(["v08-cachemount"], layoutRoot: root, formula: .v08)
        XCTAssertEqual(new.found, 5)
        XCTAssertEqual(old.found, 5)
    }

    /// Vertex names in a build's `--progress=rawjson` log.
    static func vertexNames(_ ref: String, logs: String) throws -> Set<String> {
        var names = Set<String>()
        let text = try String(contentsOfFile: logs + "/" + ref + "/build.rawjson", encoding: .utf8)
        for line in text.split(separator: "\n") {
            guard let doc = try? JSONDocument(parsing: Array(line.utf8), what: "rawjson") else { continue }
            for v in doc.value["vertexes"]?.elements ?? [] { if let n = v["name"]?.string { names.insert(n) } }
        }
        return names
    }

    /// Every planned step carries the name BuildKit gave its vertex (`[stage i/n] …`), the
    /// registry of `$REG` taken from the log. Multi-platform builds show one platform's vertices.
    func testStepNamesAreBuildKits() async throws {
        let root = Fixtures.root + "/v025"
        var checked = 0
        for ref in try Self.refs(layoutRoot: root, { !$0.hasPrefix("base-") }) {
            let names = try Self.vertexNames(ref, logs: root + "/logs")
            let reg =
                names.compactMap { n -> String? in
                    guard let r = n.range(of: "load metadata for "), let b = n[r.upperBound...].firstIndex(of: "/") else { return nil }
                    return String(n[r.upperBound..<b])
                }.first ?? "$REG"
            let b = try Self.build(ref, logs: root + "/logs")
            let args = b.buildArgs.mapValues { $0.replacingOccurrences(of: "$REG", with: reg) }
            let bases = await Self.bases(layoutRoot: root, registry: reg).mapValues(\.image)
            let df = try ParsedDockerfile(parsing: try String(contentsOfFile: b.dockerfile, encoding: .utf8))
            let options = BuildOptions(buildArgs: args, target: b.target, network: b.network, multiPlatform: b.platforms.count > 1)
            let plan = try BuildPlan.plan(df, options: options, baseImages: bases)
            // Identical FROM vertices of two stages are shown once, under the first stage's name.
            let froms = Set(plan.steps.filter { $0.kind == .from }.map { $0.name.split(separator: "]", maxSplits: 1)[1] })
            for step in plan.steps {
                if step.kind == .from,
                    names.contains(where: { n in
                        froms.contains(where: { n.hasSuffix($0) }) && n.hasSuffix(step.name.split(separator: "]", maxSplits: 1)[1])
                    })
                {
                    checked += 1
                    continue
                }
                let other = step.name.replacingOccurrences(of: "[linux/amd64 ", with: "[linux/arm64 ")
                XCTAssertTrue(
                    names.contains(step.name) || (b.platforms.count > 1 && names.contains(other)),
                    "\(ref): \(step.name) is not a vertex of the build")
                checked += 1
            }
        }
        print("step names checked against rawjson: \(checked)")
        XCTAssertGreaterThan(checked, 500)
    }

    /// The history text of every planned layer of the final image equals the image's own
    /// `created_by` entries after the base image's (the stages the target is built FROM, in order).
    func testHistoryTextOfEveryLayer() async throws {
        let v025 = try await historyTexts(layoutRoot: Fixtures.root + "/v025", formula: .current) { !$0.hasPrefix("base-") }
        XCTAssertGreaterThan(v025, 200)
        let v013 = try await historyTexts(layoutRoot: Fixtures.root, formula: .v013) { $0.hasPrefix("v013-") }
        let v08 = try await historyTexts(layoutRoot: Fixtures.root, formula: .v08) { $0.hasPrefix("v08-") }
        XCTAssertGreaterThan(v013 + v08, 100)
    }

    func historyTexts(layoutRoot root: String, formula: KeyFormula, _ include: (String) -> Bool) async throws -> Int {
        var compared = 0
        for ref in try Self.refs(layoutRoot: root, include) where try Self.tags(layoutRoot: root).contains(ref) {
            guard case let .images(images, _) = try await Fixtures.load(ref, all: true, layout: root + "/images"),
                let image = images.first, image.config.history.count > 1
            else { continue }
            let b = try Self.build(ref, logs: root + "/logs")
            let df = try ParsedDockerfile(parsing: try String(contentsOfFile: b.dockerfile, encoding: .utf8))
            let known = await Self.bases(layoutRoot: root)
            let bases = known.mapValues(\.image), baseHistory = known.mapValues(\.history)
            let plan = try BuildPlan.plan(
                df,
                options: BuildOptions(
                    buildArgs: b.buildArgs, target: b.target, network: b.network,
                    multiPlatform: b.platforms.count > 1, formula: formula),
                baseImages: bases)
            var chain = [plan.target]
            while let first = chain.first,
                let parent = plan.stages[..<first].lastIndex(where: { $0.name != nil && $0.name == plan.stages[first].base.lowercased() })
            {
                chain.insert(parent, at: 0)
            }
            let steps = chain.flatMap { plan.stages[$0].steps }.filter { $0.kind != .from }
            let skip = baseHistory[plan.stages[chain[0]].base] ?? 0
            let layers = image.config.layerHistory.dropFirst(skip).map { $0.createdBy ?? "" }
            XCTAssertEqual(layers, steps.map { $0.history ?? "-" }, ref)
            compared += steps.count
        }
        print("history texts compared in \(root): \(compared)")
        return compared
    }

    /// Which builders could have made a cache: the formulas whose keys it holds, all of them.
    static func consistentFormulas(_ ref: String, layoutRoot: String) async throws -> [KeyFormula] {
        var out: [KeyFormula] = []
        for f in KeyFormula.all {
            let o = try await check(ref, layoutRoot: layoutRoot, formula: f)
            if o.missing.isEmpty && o.computed > 0 { out.append(f) }
        }
        return out
    }

    /// The COPY --link merge tells gogo-era engines (before v0.17) from later ones; RUN keys tell
    /// the frontend's LLB client before v0.11 from later ones.
    func testBuilderCanBeToldApart() async throws {
        let v013 = try await Self.consistentFormulas("v013-link-old", layoutRoot: Fixtures.root)
        XCTAssertFalse(v013.isEmpty)
        XCTAssertTrue(v013.allSatisfy { $0.engine <= .v013ToV016 && $0.frontend >= .v011ToV021 }, "\(v013)")
        let v025 = try await Self.consistentFormulas("link-old", layoutRoot: Fixtures.root + "/v025")
        XCTAssertFalse(v025.isEmpty)
        XCTAssertTrue(v025.allSatisfy { $0.engine >= .v017 && $0.frontend >= .v011ToV021 }, "\(v025)")
        let v08 = try await Self.consistentFormulas("v08-multistage-old", layoutRoot: Fixtures.root)
        XCTAssertTrue(v08.allSatisfy { $0.frontend == .beforeV011 }, "\(v08)")
        XCTAssertTrue(v08.contains(.v08))
    }

    /// The RUN keys of v0.8 differ from a v0.11+ frontend's: the same Dockerfile planned with the
    /// newer formula misses them (this is how the builder of a cache can be told apart).
    func testV08RunKeysNeedTheOldFrontendVariant() async throws {
        let o = try await Self.check("v08-multistage-old", layoutRoot: Fixtures.root, formula: .current)
        XCTAssertFalse(o.missing.isEmpty)
        XCTAssertTrue(o.missing.allSatisfy { $0.contains("] RUN ") })
    }
}

/// The full parser gives everything lint's line parser gives (line, keyword, flags, body, stage,
/// stage names and bases, history form) on every committed fixture Dockerfile without heredocs
/// (lint's parser reads heredoc bodies as instructions).
final class DockerfileParityTests: XCTestCase {
    static func dockerfiles() throws -> [String] {
        let root = Fixtures.root + "/make"
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        return e.compactMap { $0 as? String }.filter {
            ($0 as NSString).lastPathComponent.hasPrefix("Dockerfile") && !$0.hasSuffix(".dockerignore")
        }
        .map { root + "/" + $0 }.sorted()
    }

    /// Every fixture Dockerfile (heredocs included) prints to a text that parses to the same.
    func testFixturesRoundTripThroughThePrinter() throws {
        for path in try Self.dockerfiles() {
            let df = try ParsedDockerfile(parsing: try String(contentsOfFile: path, encoding: .utf8))
            let again = try ParsedDockerfile(parsing: df.printed())
            XCTAssertTrue(df.sameSyntax(as: again), path)
        }
    }
}
