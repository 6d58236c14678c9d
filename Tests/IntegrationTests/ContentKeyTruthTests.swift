import CacheAnalysis
import CacheContext
import CacheKeys
import CacheModel
import Foundation
import Testing

/// The content records of every context `COPY`/`ADD` of the fixture builds, computed from their
/// contexts (re-created with the modes the builds saw) and looked up in the caches the real BuildKit
/// (v0.8, v0.13, v0.25) wrote for each build: the image's inline cache, a registry cache export, or
/// a local cache export.
@Suite struct ContentKeyTruthTests {
    /// A set of fixture builds: their logs, the layout holding their caches, and how many content
    /// records (and references) the check is expected to cover.
    struct FixtureSet: Sendable, CustomStringConvertible {
        let description: String
        let logs: String
        let layout: String
        let records: Int
        let refs: Int

        static let all = [
            FixtureSet(
                description: "v0.25", logs: Fixtures.root + "/v025/logs", layout: Fixtures.root + "/v025/images", records: 232, refs: 104),
            FixtureSet(
                description: "v0.13 changed files", logs: Fixtures.root + "/v013-files/logs",
                layout: Fixtures.root + "/v013-files/images", records: 16, refs: 8),
            FixtureSet(description: "v0.8 and v0.13", logs: Fixtures.root + "/logs", layout: Fixtures.images, records: 61, refs: 29),
            FixtureSet(
                description: "history (v0.8, v0.25)", logs: Fixtures.root + "/history/logs",
                layout: Fixtures.root + "/history/images", records: 18, refs: 12),
            FixtureSet(
                description: "cache mounts (v0.8, v0.13)", logs: Fixtures.root + "/mounts/logs", layout: Fixtures.mounts, records: 2,
                refs: 2),
            FixtureSet(
                description: "plan before the build (v0.8, v0.13)", logs: Fixtures.root + "/plan-old/logs",
                layout: Fixtures.root + "/plan-old/images", records: 80, refs: 16),
        ]
    }

    @Test(arguments: FixtureSet.all) func everyContentRecordIsInTheCache(_ set: FixtureSet) async throws {
        let tally = try await check(logs: set.logs, layout: set.layout)
        print("content records, \(set) fixtures: \(tally.found) of \(tally.checked) found across \(tally.refs) references")
        #expect(tally.found == tally.checked)
        #expect(tally.checked == set.records && tally.refs == set.refs)
    }

    /// The other side: each changed-file context's `COPY app/ /app/` record is absent from the
    /// cache of the build from the `old` context, except for the touch-only change (mtime is not
    /// hashed: BuildKit kept that copy cached).
    @Test func changedContextsGiveRecordsTheOldCacheLacks() async throws {
        let root = try TruthContexts.shared.filesContexts()
        let old = try await cacheRecords(.layoutRef("files-old"), layout: Fixtures.root + "/v025/images")
        for variant in ["old", "chmod", "symlink", "touch", "added", "removed", "type", "modified", "modadd"] {
            let tree = try ContextReader.read(directory: root + "/" + variant)
            let record = try #require(try ContentChecksum.copyKey(sources: ["app/"], in: tree).record)
            #expect(old.contains(record) == (variant == "old" || variant == "touch"), "\(variant)")
        }
    }

    /// `COPY sr[c] ./src-all/` matches a directory: BuildKit v0.8 hashes it by its contents checksum,
    /// v0.9+ by the list of its entries, so the two content records differ, and each engine's cache
    /// holds its own (fixtures/plan-old, the same context built on v0.8 and on v0.13).
    @Test func aWildcardMatchingADirectoryIsHashedAsEachEngineDoes() async throws {
        let dir = Fixtures.root + "/make/plan-old/projects/pold"
        let tree = try ContextReader.read(directory: dir, ignore: try ContextReader.ignoreRules(context: dir, dockerfile: nil))
        let v08 = try #require(try ContentChecksum.copyKey(sources: ["sr[c]"], wildcards: .v0_8, in: tree).record)
        let v09 = try #require(try ContentChecksum.copyKey(sources: ["sr[c]"], wildcards: .v0_9Through0_25, in: tree).record)
        #expect(v08 != v09)
        let layout = Fixtures.root + "/plan-old/images"
        let old08 = try await cacheRecords(.layoutRef("v08-pold-old"), layout: layout)
        let old13 = try await cacheRecords(.layoutRef("v013-pold-old"), layout: layout)
        #expect(old08.contains(v08) && !old08.contains(v09))
        #expect(old13.contains(v09) && !old13.contains(v08))
    }

    /// The recreated changed-file contexts are the ones the builds listed (`logs/<build>/context.tsv`).
    @Test func recreatedContextsMatchTheBuildListings() throws {
        let root = try TruthContexts.shared.filesContexts()
        for logs in [Fixtures.root + "/v025/logs", Fixtures.root + "/v013-files/logs"] {
            for build in try FixtureBuild.all(logs: logs) {
                guard case let .filesVariant(variant) = build.context else { continue }
                let tsv = try String(contentsOfFile: logs + "/" + build.ref + "/context.tsv", encoding: .utf8)
                let tree = try ContextReader.read(directory: root + "/" + variant)
                for row in tsv.split(separator: "\n") {
                    let f = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                    let entry = try #require(tree.entry(f[0]), "\(build.ref): \(f[0]) missing")
                    #expect(String(entry.mode, radix: 8).leftPadded(4) == f[2], "\(build.ref): mode of \(f[0])")
                    switch entry.kind {
                    case let .file(size, _):
                        #expect(f[1] == "file" && String(size) == f[3], "\(build.ref): \(f[0])")
                        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: root + "/" + variant + "/" + f[0])))
                        #expect(SHA256.hexHash(bytes) == f[4], "\(build.ref): content of \(f[0])")
                    case .directory: #expect(f[1] == "dir", "\(build.ref): \(f[0])")
                    case let .symlink(target): #expect(f[1] == "symlink" && target == f[4], "\(build.ref): \(f[0])")
                    case .special: Issue.record("\(build.ref): \(f[0]) is special")
                    }
                }
                #expect(tree.entries.count == tsv.split(separator: "\n").count, "\(build.ref): entry count")
            }
        }
    }

    struct Tally { var refs = 0; var checked = 0; var found = 0 }

    private func check(logs: String, layout: String) async throws -> Tally {
        var tally = Tally()
        for build in try FixtureBuild.all(logs: logs) {
            var records = Set<Digest>()
            for cache in build.caches { records.formUnion(try await cacheRecords(cache, layout: layout)) }
            guard !records.isEmpty else { continue }
            let copies = MinimalCopies.parse(build.dockerfile, target: build.target)
            if copies.isEmpty { continue }
            let dir = try TruthContexts.shared.directory(for: build.context)
            // `<Dockerfile>.dockerignore` beside the build's Dockerfile wins over the context's `.dockerignore`.
            let own = FileManager.default.fileExists(atPath: build.dockerfile.path + ".dockerignore") ? build.dockerfile.path : nil
            let tree = try ContextReader.read(directory: dir, ignore: try ContextReader.ignoreRules(context: dir, dockerfile: own))
            tally.refs += 1
            for copy in copies {
                // Wildcard sources are hashed as the engine that built hashes them: v0.8 (`v08-*` builds) or v0.9–v0.25.
                let key = try ContentChecksum.copyKey(
                    sources: copy.sources, wildcards: build.ref.hasPrefix("v08-") ? .v0_8 : .v0_9Through0_25, in: tree)
                let record = try #require(key.record, "\(build.ref): \(copy.line) has no key: \(key)")
                tally.checked += 1
                if records.contains(record) {
                    tally.found += 1
                } else {
                    Issue.record("\(build.ref): the content record of `\(copy.line)` (\(record)) is not in its inline cache")
                }
            }
        }
        return tally
    }

    /// Every record digest of a build's cache: an image's inline cache (all platforms of an index),
    /// a cache export of the layout, or a local export directory; empty when the layout lacks the ref.
    private func cacheRecords(_ cache: FixtureBuild.Cache, layout: String) async throws -> Set<Digest> {
        let target: LoadedTarget
        switch cache {
        case let .layoutRef(ref):
            guard try Self.refs(layout).contains(ref) else { return [] }
            target = try await Fixtures.load(ref, all: true, layout: layout)
        case let .localDirectory(dir):
            guard FileManager.default.fileExists(atPath: dir + "/index.json") else { return [] }
            target = try await Fixtures.loadLayout(LayoutReference(path: dir), shown: "oci:" + dir)
        }
        switch target {
        case let .images(images, _):
            var out = Set<Digest>()
            for image in images {
                guard let payload = image.config.inlineCache else { continue }
                for r in try CacheRecords.decodeInline(base64: payload) { out.insert(r.digest) }
            }
            return out
        case let .cacheExport(e):
            return Set(try CacheRecords.decodeConfig(e.configBytes).records.map(\.digest))
        }
    }

    private static func refs(_ layout: String) throws -> Set<String> {
        let data = try Data(contentsOf: URL(fileURLWithPath: layout + "/index.json"))
        let doc = try JSONDocument(parsing: [UInt8](data), what: "index.json")
        return Set(doc.value["manifests"]!.elements.compactMap { $0["annotations"]?["org.opencontainers.image.ref.name"]?.string })
    }
}

/// One fixture build, read from its `logs/<ref>/command.txt`.
struct FixtureBuild {
    enum Context { case repository(String), filesVariant(String) }
    /// Where the build's cache went: a ref of the fixture layout (the image itself for an inline
    /// cache, or a registry export), or a local export directory.
    enum Cache { case layoutRef(String), localDirectory(String) }
    let ref: String
    let dockerfile: Dockerfile
    let context: Context
    let target: String?
    let caches: [Cache]

    static func all(logs: String) throws -> [FixtureBuild] {
        let repo = String(Fixtures.root.dropLast("/fixtures".count))
        var out: [FixtureBuild] = []
        for ref in try FileManager.default.contentsOfDirectory(atPath: logs).sorted() {
            guard let command = try? String(contentsOfFile: logs + "/" + ref + "/command.txt", encoding: .utf8),
                let line = command.split(separator: "\n").first, line.contains("buildx build")
            else { continue }
            let words = line.split(separator: " ").map(String.init)
            guard let last = words.last else { continue }
            let context: Context
            if let r = last.range(of: "files-ctx/") {
                context = .filesVariant(String(last[r.upperBound...]))
            } else if last.hasPrefix("fixtures/") {
                context = .repository(repo + "/" + last)
            } else {
                continue
            }
            let (dockerfile, target) = try Fixtures.buildDockerfile(ref, logs: logs)
            out.append(
                FixtureBuild(
                    ref: ref, dockerfile: dockerfile, context: context, target: target,
                    caches: caches(ref: ref, words: words, repo: repo)))
        }
        return out
    }

    /// `--cache-to type=inline` or `--build-arg BUILDKIT_INLINE_CACHE=1` → the image; `type=registry,ref=$REG/fx:<name>` → `<name>`; the
    /// shared ref of the alternating-targets builds → `shared-after-<build>` (as that build left it);
    /// `type=local,dest=<dir>` → the directory.
    private static func caches(ref: String, words: [String], repo: String) -> [Cache] {
        // v0.8's way of asking for an inline cache.
        var out: [Cache] = words.contains("BUILDKIT_INLINE_CACHE=1") ? [.layoutRef(ref)] : []
        for (i, w) in words.enumerated() where w == "--cache-to" && i + 1 < words.count {
            let options = words[i + 1].components(separatedBy: "\\,")
            let value = { (key: String) in options.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) } }
            switch value("type") {
            case "inline": out.append(.layoutRef(ref))
            case "registry":
                guard let r = value("ref") else { continue }
                if r.hasSuffix("/fx/shared:cache") {
                    out.append(.layoutRef("shared-after-" + ref.dropFirst("targets-".count)))
                } else if let colon = r.lastIndex(of: ":") {
                    out.append(.layoutRef(String(r[r.index(after: colon)...])))
                }
            case "local": if let d = value("dest") { out.append(.localDirectory(repo + "/" + d)) }
            default: continue
            }
        }
        return out
    }
}

/// The build contexts as the builds saw them, written once per test run into a temporary directory:
/// git keeps neither modes beyond the executable bit nor mtimes, so project files are written with
/// mode 0644 (0755 when executable) and directories 0755 (a checkout under umask 022, as the
/// fixtures were built), and the changed-file contexts by their own script,
/// `fixtures/make/v025/files-contexts.py write`, which sets every mode explicitly.
final class TruthContexts: @unchecked Sendable {
    static let shared = TruthContexts()
    private let lock = NSLock()
    private var made: [String: String] = [:]
    private var files: String?
    /// Made once per test process and removed when it exits.
    private static let baseDirectory = NSTemporaryDirectory() + "cachectl-truth-contexts-\(getpid())"
    private let base: String = {
        let dir = TruthContexts.baseDirectory
        try? FileManager.default.removeItem(atPath: dir)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TruthContexts.baseDirectory) }
        return dir
    }()

    func directory(for context: FixtureBuild.Context) throws -> String {
        switch context {
        case let .filesVariant(v): return try filesContexts() + "/" + v
        case let .repository(source):
            lock.lock(); defer { lock.unlock() }
            if let done = made[source] { return done }
            let dest = base + "/projects/\(made.count)"
            try copyTree(source, to: dest)
            made[source] = dest
            return dest
        }
    }

    func filesContexts() throws -> String {
        lock.lock(); defer { lock.unlock() }
        if let files { return files }
        let dest = base + "/files-ctx"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Fixtures.root + "/make/v025/files-contexts.py", "write", dest]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw FixtureError("files-contexts.py write failed (python3 is needed to re-create the changed-file contexts)")
        }
        files = dest
        return dest
    }

    private func copyTree(_ source: String, to dest: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: dest, withIntermediateDirectories: true)
        chmod(dest, 0o755)
        for rel in try fm.subpathsOfDirectory(atPath: source).sorted() {
            let from = source + "/" + rel, to = dest + "/" + rel
            var isDir: ObjCBool = false
            _ = fm.fileExists(atPath: from, isDirectory: &isDir)
            if isDir.boolValue {
                try fm.createDirectory(atPath: to, withIntermediateDirectories: true)
                chmod(to, 0o755)
            } else {
                try fm.copyItem(atPath: from, toPath: to)
                chmod(to, fm.isExecutableFile(atPath: from) ? 0o755 : 0o644)
            }
        }
    }
}

/// The context `COPY`/`ADD` instructions (no `--from`, no heredoc) of the stages a build of
/// `target` runs: the target (the last stage without one) and the stages it names in `FROM` or
/// `--from`. Read from the lint's Dockerfile value, which is enough for these fixtures.
enum MinimalCopies {
    struct Copy { let line: String; let sources: [String] }

    static func parse(_ file: Dockerfile, target: String?) -> [Copy] {
        guard !file.stages.isEmpty else { return [] }
        var copies = [[Copy]](repeating: [], count: file.stages.count)
        var fromStages = [[String]](repeating: [], count: file.stages.count)
        for ins in file.instructions where ins.stage >= 0 && (ins.keyword == "COPY" || ins.keyword == "ADD") {
            if let from = ins.flag("from") {
                fromStages[ins.stage].append(from.lowercased())
                continue
            }
            let args = ins.body.split(separator: " ").map(String.init)
            guard args.count >= 2, !ins.body.contains("<<") else { continue }
            copies[ins.stage].append(Copy(line: ins.keyword + " " + ins.body, sources: Array(args.dropLast())))
        }
        let byName = Dictionary(
            file.stages.indices.compactMap { i in file.stages[i].name.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        var needed = Set<Int>()
        var todo = [target.flatMap { byName[$0.lowercased()] } ?? file.stages.count - 1]
        while let i = todo.popLast() {
            guard needed.insert(i).inserted else { continue }
            for dep in [file.stages[i].base.lowercased()] + fromStages[i] { if let j = byName[dep] { todo.append(j) } }
        }
        return needed.sorted().flatMap { copies[$0] }
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
