import Foundation
import Testing

/// Golden outputs: every command in every format it supports, over fixtures that take different
/// paths through the code, plus the help of every command and `--version`. Each case's standard
/// output is compared byte for byte with Goldens/<name>; standard error with Goldens/<name>.stderr
/// when that file exists, and must be empty when it does not.
///
/// Re-record every golden (after a deliberate change of output, then read the diff):
///
///     CACHECTL_RECORD_GOLDENS=1 swift test --filter CLITests
///
/// A missing golden fails unless recording. Exit codes are not recorded: they are the contract,
/// written in the case list below.
struct GoldenCase: CustomTestStringConvertible, Sendable {
    /// The golden's path under Goldens/, extension included.
    var name: String
    var arguments: [String]
    var exit: Int32 = 0
    var testDescription: String { name }
}

enum Goldens {
    static let directory = Cachectl.root + "/Tests/CLITests/Goldens"
    static let recording = ProcessInfo.processInfo.environment["CACHECTL_RECORD_GOLDENS"].map { !$0.isEmpty && $0 != "0" } ?? false

    static let images = "oci:fixtures/images"
    static let v025 = "oci:fixtures/v025/images"
    static let multistageDockerfile = "fixtures/make/projects/multistage/Dockerfile"
    static let src2Dockerfile = "fixtures/make/projects/multistage-src2/Dockerfile"

    /// File extension per format, so a golden opens in the right viewer.
    static func ext(_ format: String) -> String {
        switch format {
        case "text", "github": return format == "text" ? "txt" : "github.txt"
        case "markdown": return "md"
        case "sarif": return "sarif.json"
        default: return format
        }
    }

    /// One case per format of `formats`, named `<command>/<fixture>.<ext>`.
    static func each(_ formats: [String], _ command: String, _ fixture: String, _ arguments: [String], exit: Int32 = 0) -> [GoldenCase] {
        formats.map { f in
            GoldenCase(name: "\(command)/\(fixture).\(ext(f))", arguments: [command] + arguments + ["--format", f], exit: exit)
        }
    }

    static let inspectFormats = ["text", "json", "dot"]
    static let diffFormats = ["text", "json", "markdown"]
    static let lintFormats = ["text", "json", "sarif", "github", "markdown"]
    static let adviseFormats = ["text", "json"]
    static let historyFormats = ["text", "json", "markdown", "html"]

    /// stale-cache compares the newest result with the wall clock (`time(nil)` in Lint.swift), and
    /// its message names the age; a limit of 100 years keeps the goldens the same on every day.
    /// ContractTests checks that the rule fires with the default limit.
    static let pinnedAge = ["--max-age", "36500d"]

    static let cases: [GoldenCase] = {
        var c: [GoldenCase] = []
        // Help and version.
        c.append(GoldenCase(name: "help/cachectl.txt", arguments: ["--help"]))
        for sub in ["inspect", "diff", "plan", "lint", "advise", "history"] {
            c.append(GoldenCase(name: "help/\(sub).txt", arguments: [sub, "--help"]))
        }
        c.append(GoldenCase(name: "help/version.txt", arguments: ["--version"]))

        // inspect: a single stage, three stages, a mode=max registry cache export, v0.8 with holes,
        // a type=local export, a multi-platform index.
        for (fixture, ref) in [
            ("v013-single", "\(images):v013-single"),
            ("v013-multistage-old", "\(images):v013-multistage-old"),
            ("v013-cache-max-im", "\(images):v013-cache-max-im"),
            ("v08-holes-new", "\(images):v08-holes-new"),
            ("v013-local-max", "oci:fixtures/local-cache/v013-local-max"),
            ("v013-multiarch-arm64", "\(images):v013-multiarch"),
        ] {
            let extra = fixture.hasSuffix("arm64") ? ["--platform", "linux/arm64"] : []
            c += each(inspectFormats, "inspect", fixture, [ref] + extra)
        }

        // diff: a source change in an intermediate stage; the v0.8 holes case; NEW built from a
        // mode=max registry cache; OLD without inline cache; two imported caches named by the
        // Dockerfile; a --target build of the v0.25 Go project.
        let diffs: [(String, [String])] = [
            ("v013-src-change", ["\(images):v013-multistage-old", "\(images):v013-multistage-src2"]),
            ("v08-holes", ["\(images):v08-multistage-last", "\(images):v08-holes-new"]),
            ("v013-maxcache-src-change", ["\(images):v013-cache-max-im", "\(images):v013-maxcache-new"]),
            ("v013-old-noinline", ["\(images):v013-noinline", "\(images):v013-multistage-old"]),
            (
                "v013-two-caches-dockerfile",
                [
                    "\(images):v013-multistage-old", "\(images):v013-noinline",
                    "\(images):v013-multistage-src2", "--dockerfile", src2Dockerfile,
                ]
            ),
            ("v025-goapp-src2", ["\(v025):goapp-old", "\(v025):goapp-src2"]),
            // The first screen of the go.sum change, without and with --dockerfile.
            ("v025-goapp-sum2", ["\(v025):goapp-old", "\(v025):goapp-sum2"]),
            (
                "v025-goapp-sum2-dockerfile",
                ["\(v025):goapp-old", "\(v025):goapp-sum2", "--dockerfile", "fixtures/make/v025/projects/goapp/Dockerfile"]
            ),
            // Steps named from the Dockerfile NEW's mode=max provenance attestation records.
            ("v025-par-prov-names", ["\(v025):par-cache", "\(v025):par-prov"]),
        ]
        for (fixture, args) in diffs { c += each(diffFormats, "diff", fixture, args) }

        // plan: the Go project's source change, before the build, against the image before it
        // (the base image and the cache from the v0.25 layout); a cold plan without --cache-from.
        let planBase = ["--network=none", "--build-arg", "BASE_IMAGE=\(v025):base-1"]
        c += each(
            diffFormats, "plan", "v025-goapp-src2",
            planBase + ["--cache-from", "type=registry,ref=\(v025):goapp-old", "fixtures/make/v025/projects/goapp-src2"])
        c += each(["text"], "plan", "v025-goapp-cold", planBase + ["fixtures/make/v025/projects/goapp"])

        // lint: three stages without and with the Dockerfile (findings point at its lines), v0.8
        // holes, an image without inline cache, a multi-platform index (every platform), and a
        // v0.25 build ranked by the seconds its findings put at stake.
        let lints: [(String, [String])] = [
            ("v013-multistage-old", ["\(images):v013-multistage-old"]),
            ("v013-multistage-old-dockerfile", ["\(images):v013-multistage-old", "--dockerfile", multistageDockerfile]),
            ("v08-holes-new", ["\(images):v08-holes-new"]),
            ("v013-noinline", ["\(images):v013-noinline"]),
            ("v013-multiarch", ["\(images):v013-multiarch"]),
            ("v025-goapp-sde-sort-cost", ["\(v025):goapp-sde", "--sort", "cost"]),
        ]
        for (fixture, args) in lints {
            // --fail-on none: the exit code is ContractTests' subject; here, the output.
            c += each(lintFormats, "lint", fixture, args + pinnedAge + ["--fail-on", "none"])
        }

        // advise: inline cache that covers the build, one that misses the other stages, holes,
        // none at all.
        for fixture in ["v013-single", "v013-multistage-old", "v08-holes-new", "v013-noinline"] {
            c += each(adviseFormats, "advise", fixture, ["\(images):\(fixture)"])
        }

        // history: the v0.25 series of ten builds in one layout, and the v0.8 multistage builds.
        c += each(historyFormats, "history", "v025-hist", [v025, "--tags", "hist-h*"])
        c += each(historyFormats, "history", "v08-multistage", [images, "--tags", "v08-multistage-*", "--tags", "v08-holes-new"])
        return c
    }()

    static func path(_ name: String) -> String { directory + "/" + name }

    static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Where two texts first differ, as a line number and both lines.
    static func firstDifference(_ want: [UInt8], _ got: [UInt8]) -> String {
        let a = String(decoding: want, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let b = String(decoding: got, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? String(a[i]) : "<end>", y = i < b.count ? String(b[i]) : "<end>"
            if x != y { return "line \(i + 1):\n  golden: \(x)\n  output: \(y)" }
        }
        return "same lines, different bytes"
    }
}

@Suite("Golden outputs") struct GoldenTests {
    @Test(arguments: Goldens.cases)
    func output(_ c: GoldenCase) throws {
        let r = try Cachectl.run(c.arguments)
        #expect(r.status == c.exit, "cachectl \(c.arguments.joined(separator: " ")): exit \(r.status), expected \(c.exit)\n\(r.err)")
        try compare(r.stdout, Goldens.path(c.name), what: "standard output")
        try compare(r.stderr, Goldens.path(c.name) + ".stderr", what: "standard error", emptyMeansNoFile: true)
    }

    /// Every file under Goldens/ belongs to a case, so a renamed case leaves nothing stale behind.
    @Test func noOrphanGoldens() throws {
        let owned = Set(Goldens.cases.flatMap { [$0.name, $0.name + ".stderr"] })
        let files = FileManager.default.enumerator(atPath: Goldens.directory)?.compactMap { $0 as? String } ?? []
        var orphans: [String] = []
        for f in files where !f.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: Goldens.path(f), isDirectory: &isDirectory),
                !isDirectory.boolValue && !owned.contains(f) && f != "README.md"
            {
                orphans.append(f)
            }
        }
        if Goldens.recording {
            for f in orphans { try FileManager.default.removeItem(atPath: Goldens.path(f)) }
        } else {
            #expect(orphans.isEmpty, "golden files no case produces (re-record to remove): \(orphans.sorted())")
        }
    }

    private func compare(_ got: [UInt8], _ path: String, what: String, emptyMeansNoFile: Bool = false) throws {
        let want = Goldens.read(path)
        if Goldens.recording {
            if emptyMeansNoFile && got.isEmpty {
                if want != nil { try FileManager.default.removeItem(atPath: path) }
            } else if want != got {
                try Goldens.write(got, to: path)
            }
            return
        }
        let shown = path.dropFirst(Cachectl.root.count + 1)
        guard let want else {
            if emptyMeansNoFile {
                #expect(got.isEmpty, "\(what) is not empty and \(shown) does not exist:\n\(String(decoding: got, as: UTF8.self))")
            } else {
                Issue.record("no golden \(shown); record it with CACHECTL_RECORD_GOLDENS=1 swift test --filter CLITests")
            }
            return
        }
        if want != got {
            Issue.record(
                "\(what) differs from \(shown) at \(Goldens.firstDifference(want, got))\n(re-record with CACHECTL_RECORD_GOLDENS=1 swift test --filter CLITests, then review the diff)"
            )
        }
    }
}
