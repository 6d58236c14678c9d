import Foundation
import Testing

/// The CLI's documented contract: exit codes (0 ok, 1 asked-for failure, 2 operational, 64 usage),
/// one-line errors, no colour when the output is not a terminal.
struct ContractCheck: CustomTestStringConvertible, Sendable {
    var exit: Int32
    /// Must occur in standard output or standard error ("" checks only the exit code).
    var needle: String
    var arguments: [String]
    var testDescription: String { arguments.joined(separator: " ") }

    init(_ exit: Int32, _ needle: String, _ arguments: String...) {
        self.exit = exit
        self.needle = needle
        self.arguments = arguments
    }
}

enum Contract {
    static let f = "oci:fixtures/images"
    static let multistage = "fixtures/make/projects/multistage/Dockerfile"

    static let checks: [ContractCheck] = [
        ContractCheck(0, "cachectl", "--help"),
        ContractCheck(0, "", "--version"),
        ContractCheck(64, "lowercase", "inspect", "UPPER"),
        ContractCheck(64, "invalid platform", "inspect", "\(f):v013-single", "--platform", "linux"),
        ContractCheck(64, "", "inspect", "\(f):v013-single", "--format", "sarif"),
        ContractCheck(64, "", "inspect"),
        ContractCheck(64, "--password-stdin", "inspect", "\(f):v013-single", "--username", "u"),
        ContractCheck(2, "not an OCI image layout", "inspect", "oci:/nonexistent/layout"),
        ContractCheck(2, "no image tagged", "inspect", "\(f):no-such-tag"),
        ContractCheck(2, "has no linux/s390x image", "inspect", "\(f):v013-multiarch", "--platform", "linux/s390x"),
        ContractCheck(0, "inline, ", "inspect", "\(f):v013-multistage-old"),
        ContractCheck(0, "\"schemaVersion\": 1", "inspect", "\(f):v013-multistage-old", "--format", "json"),
        ContractCheck(0, "digraph cache", "inspect", "\(f):v013-multistage-old", "--format", "dot"),
        ContractCheck(0, "mode=max", "inspect", "\(f):v013-cache-max-im"),
        ContractCheck(0, "upstream-changed", "diff", "\(f):v013-multistage-old", "\(f):v013-multistage-src2"),
        ContractCheck(1, "upstream-changed", "diff", "\(f):v013-multistage-old", "\(f):v013-multistage-src2", "--fail-on-miss"),
        ContractCheck(
            0, "| Stage | Step | Status | Reason |", "diff", "\(f):v013-multistage-old", "\(f):v013-multistage-src2", "--format", "markdown"
        ),
        ContractCheck(
            0, "Nothing ran: the imported cache serves all", "diff", "\(f):v013-multistage-old", "\(f):v013-multistage-same",
            "--fail-on-miss"),
        ContractCheck(2, "carries no inline cache", "diff", "\(f):v013-multistage-old", "\(f):v013-noinline"),
        ContractCheck(0, "no-cache", "diff", "\(f):v013-noinline", "\(f):v013-multistage-old"),
        ContractCheck(0, "final stage:", "diff", "\(f):v013-multistage-old", "\(f):v013-cache-max-im"),
        ContractCheck(1, "run ", "diff", "\(f):v013-multistage-old", "\(f):v013-multistage-src2", "--fail-on-run"),
        ContractCheck(0, "Nothing ran", "diff", "\(f):v013-multistage-old", "\(f):v013-multistage-same", "--fail-on-run"),
        ContractCheck(
            0, "[builder 1/3] COPY src /src", "diff", "\(f):v013-multistage-old", "\(f):v013-noinline", "\(f):v013-multistage-src2",
            "--dockerfile", "fixtures/make/projects/multistage-src2/Dockerfile"),
        ContractCheck(
            64, "--target needs --dockerfile", "diff", "\(f):v013-multistage-old", "\(f):v013-multistage-src2", "--target", "final"),
        ContractCheck(64, "at least two references", "diff", "\(f):v013-multistage-old"),
        // plan: the answer before the build; errors name their line, their stage, their cache type.
        ContractCheck(
            1, "Will run", "plan", "--network=none", "--build-arg", "BASE_IMAGE=oci:fixtures/v025/images:base-1",
            "--cache-from", "oci:fixtures/v025/images:goapp-old", "--fail-on-run", "fixtures/make/v025/projects/goapp-src2"),
        ContractCheck(
            0, "Nothing will run", "plan", "--network=none", "--build-arg", "BASE_IMAGE=oci:fixtures/v025/images:base-1",
            "--cache-from", "oci:fixtures/v025/images:goapp-old", "--fail-on-run", "fixtures/make/v025/projects/goapp"),
        ContractCheck(64, "names no stage of the Dockerfile", "plan", "--target", "biuld", "fixtures/make/v025/projects/goapp"),
        ContractCheck(
            64, "type=gha lives outside any registry", "plan", "--cache-from", "type=gha,scope=main", "fixtures/make/v025/projects/goapp"),
        ContractCheck(2, "cannot read", "plan", "fixtures/make/v025/projects/no-such-project"),

        ContractCheck(
            64, "names no stage of the Dockerfile; its stages: deps, builder, final", "diff", "\(f):v013-multistage-old",
            "\(f):v013-multistage-src2",
            "--dockerfile", "fixtures/make/projects/multistage/Dockerfile", "--target", "biuld"),
        ContractCheck(
            2, "is not what made layer", "diff", "oci:fixtures/v025/images:goapp-old", "oci:fixtures/v025/images:goapp-src2",
            "--dockerfile", "fixtures/make/projects/multistage/Dockerfile"),
        ContractCheck(2, "linux/amd64 only, not linux/arm64", "inspect", "\(f):v013-single", "--platform", "linux/arm64"),
        ContractCheck(0, "mode=max", "inspect", "type=local,src=fixtures/local-cache/v013-local-max"),
        ContractCheck(0, "Manifest", "inspect", "oci-layout://fixtures/images:v013-single"),
        ContractCheck(64, "only type=registry,ref=REF and type=local,src=DIR", "inspect", "type=gha,scope=main"),
        ContractCheck(0, "the references may be in the wrong order", "diff", "\(f):v013-multistage-src2", "\(f):v013-multistage-old"),

        ContractCheck(
            1, "::warning file=\(multistage),line=", "lint", "\(f):v013-multistage-old", "--format", "github",
            "--dockerfile", multistage, "--fail-on", "warning"),
        ContractCheck(0, "title=cachectl early-build-arg::", "lint", "\(f):v013-multistage-old", "--format", "github"),
        ContractCheck(64, "", "diff", "\(f):v013-multistage-old", "\(f):v013-multistage-src2", "--format", "github"),
        ContractCheck(0, "every-second-build", "history", "oci:fixtures/images", "--tags", "v08-multistage-*", "--tags", "v08-holes-new"),
        ContractCheck(0, "\"schemaVersion\": 1", "history", "oci:fixtures/images", "--tags", "v013-*", "--format", "json"),
        ContractCheck(0, "<!DOCTYPE html>", "history", "oci:fixtures/images", "--last", "3", "--format", "html"),
        ContractCheck(0, "#### Patterns", "history", "oci:fixtures/images", "--last", "3", "--format", "markdown"),
        ContractCheck(2, "matches none of the repository's", "history", "oci:fixtures/images", "--tags", "nothing-*"),
        ContractCheck(2, "did you mean v013-multistage-old,", "history", "oci:fixtures/images", "--tags", "v013-multistage-olt"),
        ContractCheck(2, "did you mean goapp-sum2", "inspect", "oci:fixtures/v025/images:goapp-summ2"),
        ContractCheck(64, "is a short digest", "inspect", "oci:fixtures/v025/images@sha256:d9e068edc99d"),
        ContractCheck(64, "write it oci:./fixtures/images", "inspect", "./fixtures/images"),
        // lint reports every image it could read, then names the others and exits 2.
        ContractCheck(
            2, "Summary: 0 error(s)", "lint", "oci:fixtures/v025/images:goapp-old", "oci:fixtures/v025/images:nope", "--max-age", "36500d"),
        ContractCheck(
            2, "oci:fixtures/v025/images:nope: no image tagged", "lint", "oci:fixtures/v025/images:goapp-old",
            "oci:fixtures/v025/images:nope"),
        ContractCheck(64, "--last must be between", "history", "oci:fixtures/images", "--last", "0"),
        ContractCheck(64, "--jobs must be between", "history", "oci:fixtures/images", "--jobs", "0"),
        ContractCheck(64, "without a tag", "history", "127.0.0.1:5000/team/app:v1"),
        ContractCheck(64, "without a tag", "history", "oci:fixtures/images:v013-single"),
        ContractCheck(64, "", "history", "oci:fixtures/images", "--format", "sarif"),
        ContractCheck(2, "not an OCI image layout", "history", "oci:/nonexistent/layout"),
        ContractCheck(0, "At stake: ", "lint", "oci:fixtures/v025/images:goapp-sde", "--sort", "cost"),
        ContractCheck(0, "At stake: ", "lint", "oci:fixtures/v025/images:goapp-sde", "--sort", "severity", "--format", "markdown"),
        ContractCheck(64, "", "lint", "oci:fixtures/v025/images:goapp-sde", "--sort", "price"),
        // stale-cache reads the wall clock: with a limit of one minute it fires on every fixture.
        ContractCheck(0, "stale-cache", "lint", "\(f):v013-single", "--max-age", "1m"),
    ]

    /// Usage errors whose first line of standard error must be `cachectl: error: …`.
    static let usageErrors: [(what: String, arguments: [String])] = [
        ("unknown flag", ["inspect", "\(f):v013-single", "--no-such-flag"]),
        ("bad --format", ["inspect", "\(f):v013-single", "--format", "yaml"]),
        ("--platform garbage", ["inspect", "\(f):v013-single", "--platform", "garbage"]),
        ("--timeout nan", ["inspect", "\(f):v013-single", "--timeout", "nan"]),
        ("--timeout inf", ["inspect", "\(f):v013-single", "--timeout", "inf"]),
        ("unknown subcommand", ["frobnicate"]),
        ("missing argument", ["diff", "\(f):v013-single"]),
    ]
}

@Suite("CLI contract") struct ContractTests {
    @Test(arguments: Contract.checks)
    func exitCodeAndMessage(_ c: ContractCheck) throws {
        let r = try Cachectl.run(c.arguments)
        #expect(r.status == c.exit, "exit \(r.status), expected \(c.exit): \(r.combined)")
        if !c.needle.isEmpty {
            if !r.combined.contains(c.needle) { Issue.record("output lacks \"\(c.needle)\": \(r.combined)") }
        }
        #expect(!r.stdout.contains(0x1b) && !r.stderr.contains(0x1b), "escape sequence in piped output")
    }

    @Test func errorIsOneLine() throws {
        let r = try Cachectl.run(["inspect", "oci:/nonexistent"])
        #expect(r.status == 2)
        #expect(lines(r.err).count == 1, "error is not one line: \(r.err)")
    }

    @Test(arguments: Contract.usageErrors.map(\.what))
    func usageErrorFirstLine(_ what: String) throws {
        let args = Contract.usageErrors.first { $0.what == what }!.arguments
        let r = try Cachectl.run(args)
        #expect(r.status == 64, "exit \(r.status), expected 64: \(r.err)")
        let first = lines(r.err).first ?? ""
        #expect(
            first.hasPrefix("cachectl: error: ") && first.count > "cachectl: error: ".count,
            "first line is not 'cachectl: error: …': \(first)")
    }

    /// Output that cannot be written (descriptor closed, device full): exit 2 and one message.
    /// (A reader that goes away early is scripts/hostile.sh's sigpipe case.)
    @Test(arguments: [("closed", Cachectl.Output.closed, "text"), ("full", .file("/dev/full"), "json")])
    func writeFailure(_ what: String, _ stdout: Cachectl.Output, _ format: String) throws {
        let r = try Cachectl.run(["inspect", "\(Contract.f):v013-multistage-old", "--format", format], stdout: stdout)
        #expect(r.status == 2, "stdout \(what): exit \(r.status), expected 2")
        #expect(
            lines(r.err).count == 1 && r.err.hasPrefix("cachectl: error: cannot write the output"),
            "stdout \(what): expected one 'cachectl: error: cannot write the output…' line: \(r.err)")
    }

    /// Layers are read several at a time within one budget; when it runs out, the report is still
    /// the one-at-a-time, in-order one: OLD's copy layer fits in 3,000 bytes, NEW's does not.
    @Test func layerBudgetRunsOutTheSameWayEveryTime() throws {
        let args = [
            "diff", "oci:fixtures/v025/images:goapp-old", "oci:fixtures/v025/images:goapp-src2",
            "--max-layer-bytes", "3000", "--format", "json",
        ]
        var outputs = Set<String>()
        for _ in 0..<6 {
            let r = try Cachectl.run(args)
            #expect(r.status == 0, "exit \(r.status): \(r.err)")
            outputs.insert(String(decoding: r.stdout, as: UTF8.self))
        }
        #expect(outputs.count == 1)
        #expect(outputs.first?.contains("over the limit: NEW's layer") == true)
    }

    /// `lint --sort cost`: each image's findings by `costSeconds` descending, unknown (null) last,
    /// ties by severity; the same findings as the default order, which is `--sort severity`.
    @Test func lintSortCost() throws {
        let args = [
            "lint", "oci:fixtures/v025/images:goapp-sde", "oci:fixtures/v025/images:par-max", "--format", "json", "--fail-on", "none",
        ]
        func findings(_ extra: [String]) throws -> [[[String: Any]]] {
            let r = try Cachectl.run(args + extra)
            #expect(r.status == 0, "exit \(r.status): \(r.err)")
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout)) as? [String: Any])
            return (doc["images"] as? [[String: Any]] ?? []).map { $0["findings"] as? [[String: Any]] ?? [] }
        }
        let byCost = try findings(["--sort", "cost"])
        let byDefault = try findings([])
        #expect(
            byDefault.map { $0.map { $0["rule"] as? String } }
                == (try findings(["--sort", "severity"])).map { $0.map { $0["rule"] as? String } })
        #expect(byCost.count == 2)
        let rank = ["error": 2, "warning": 1, "info": 0]
        for (image, (cost, def)) in zip(byCost, byDefault).enumerated() {
            #expect(Set(cost.compactMap { $0["rule"] as? String }) == Set(def.compactMap { $0["rule"] as? String }))
            for (a, b) in zip(cost, cost.dropFirst()) {
                let x = a["costSeconds"] as? Double, y = b["costSeconds"] as? Double
                switch (x, y) {
                case let (x?, y?):
                    #expect(
                        x > y || (x == y && rank[a["severity"] as! String]! >= rank[b["severity"] as! String]!),
                        "image \(image): \(a) before \(b)")
                case (nil, .some): Issue.record("image \(image): a finding of unknown cost before a known one")
                default: break
                }
                for f in [a, b] { #expect(f["costSteps"] is Int && f["costUnknownSteps"] is Int && f.keys.contains("costNote")) }
            }
        }
        #expect(byCost[0].first?["rule"] as? String == "source-date-epoch")
        #expect(byCost[0].last?["rule"] as? String == "intermediate-stages-uncached")
    }

    private func lines(_ s: String) -> [Substring] {
        s.split(separator: "\n", omittingEmptySubsequences: false).dropLast(s.hasSuffix("\n") ? 1 : 0).map { $0 }
    }
}
