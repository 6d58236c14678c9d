import CacheAnalysis
import CacheModel
import CacheReports
import Foundation
import Testing

/// The lint JSON contract (schema version 1), SARIF 2.1.0, markdown, --fail-on and rule selection.
@Suite struct LintOutputTests {
    static func keys(_ v: JSONValue) -> [String] { v.members.map(\.0) }

    @Test func jsonSchemaVersion1() async throws {
        let report = LintReport(images: try await LintSupport.lint("v013-multistage-old"), dockerfilePath: nil)
        let doc = try JSONDocument(parsing: Array(LintJSON.render(report).serialized().utf8), what: "lint json")
        #expect(Self.keys(doc.value) == ["schemaVersion", "images"])
        #expect(doc.value["schemaVersion"]?.int == 1)
        let image = try #require(doc.value["images"]?.elements.first)
        #expect(Self.keys(image) == ["reference", "platform", "findings"])
        #expect(image["platform"]?.string == "linux/amd64")
        let findings = try #require(image["findings"]?.elements)
        #expect(!findings.isEmpty)
        for f in findings {
            #expect(
                Self.keys(f) == ["rule", "severity", "layer", "message", "fix", "costSeconds", "costSteps", "costUnknownSteps", "costNote"])
            #expect(f["costSeconds"] != nil && f["costSeconds"]?.string == nil)
            #expect((f["costSteps"]?.int ?? -1) >= (f["costUnknownSteps"]?.int ?? .max))
            #expect(f["costNote"]?.isNull == true || f["costNote"]?.string != nil)
            #expect(["error", "warning", "info"].contains(f["severity"]?.string ?? ""))
            #expect(f["layer"]?.isNull == true || f["layer"]?.int != nil)
        }
        let rules = Set(findings.compactMap { $0["rule"]?.string })
        #expect(rules == ["intermediate-stages-uncached", "early-build-arg"])
    }

    @Test func githubAnnotationsPointAtDockerfileLines() async throws {
        let d = try LintSupport.dockerfile("multistage")
        let report = LintReport(images: try await LintSupport.lint("v013-multistage-old", dockerfile: d), dockerfilePath: d.path)
        let lines = LintGitHub.render(report, dockerfileGiven: true).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        // One command per finding, then the total as a plain log line (not a command).
        #expect(lines.count == report.images.flatMap(\.findings).count + 1)
        #expect(lines.last?.hasPrefix("At stake: ") == true)
        let early = try #require(lines.first { $0.contains("title=cachectl early-build-arg") })
        #expect(early.hasPrefix("::warning file=\(d.path),line="))
        #expect(early.contains("::oci%3Afixtures") == false)  // only properties escape ':'
        let bare = LintGitHub.render(
            LintReport(images: try await LintSupport.lint("v013-multistage-old"), dockerfilePath: nil), dockerfileGiven: false)
        #expect(
            bare.split(separator: "\n").allSatisfy {
                $0.hasPrefix("::warning title=") || $0.hasPrefix("::notice title=") || $0.hasPrefix("::error title=")
                    || $0.hasPrefix("At stake: ")
            })
    }

    /// Text from an image (history) cannot end the annotation and start a workflow command of its own.
    @Test func githubAnnotationsEscapeImageText() async throws {
        let images = try await LintSupport.mutated("v013-single") { cfg in
            LintSupport.replaceStep(
                cfg, "RUN /bin/sh -c cp /srv/hello.txt /srv/hello.copy # buildkit",
                "RUN --mount=type=cache,target=/c /bin/sh -c echo 100%\\r\\n::error::injected # buildkit")
        }
        let out = LintGitHub.render(LintReport(images: LintSupport.lint(images: images), dockerfilePath: nil), dockerfileGiven: false)
        let lines = out.split(separator: "\n")
        #expect(lines.contains { $0.contains("title=cachectl cache-mounts-not-exported") && $0.contains("100%25") })
        #expect(lines.allSatisfy { $0.hasPrefix("::") && !$0.hasPrefix("::error::") })
        #expect(!out.contains("\r"))
    }

    @Test func sarifShape() async throws {
        let d = try LintSupport.dockerfile("multistage")
        let report = LintReport(images: try await LintSupport.lint("v013-multistage-old", dockerfile: d), dockerfilePath: d.path)
        let doc = try JSONDocument(parsing: Array(LintSARIF.render(report).serialized().utf8), what: "sarif")
        #expect(doc.value["version"]?.string == "2.1.0")
        #expect(doc.value["$schema"]?.string?.contains("sarif-2.1.0") == true)
        let run = try #require(doc.value["runs"]?.elements.first)
        let driver = try #require(run["tool"]?["driver"])
        #expect(driver["name"]?.string == "cachectl")
        let rules = try #require(driver["rules"]?.elements)
        #expect(rules.compactMap { $0["id"]?.string } == LintRules.allIDs)
        for r in rules {
            #expect(r["shortDescription"]?["text"]?.string?.isEmpty == false)
            #expect(r["fullDescription"]?["text"]?.string?.isEmpty == false)
            #expect(r["help"]?["text"]?.string?.isEmpty == false)
            #expect(["error", "warning", "note"].contains(r["defaultConfiguration"]?["level"]?.string ?? ""))
        }
        let results = try #require(run["results"]?.elements)
        #expect(results.count == 2)
        var lines: [String: Int] = [:]
        for r in results {
            let loc = try #require(r["locations"]?.elements.first?["physicalLocation"])
            #expect(loc["artifactLocation"]?["uri"]?.string == "fixtures/make/projects/multistage/Dockerfile")
            lines[r["ruleId"]?.string ?? ""] = loc["region"]?["startLine"]?.int
            #expect(r["message"]?["text"]?.string?.isEmpty == false)
        }
        #expect(lines == ["early-build-arg": 14, "intermediate-stages-uncached": 2])
        #expect(results.first { $0["ruleId"]?.string == "early-build-arg" }?["level"]?.string == "warning")
    }

    @Test func sarifWithoutDockerfilePointsAtLineOne() async throws {
        let report = LintReport(images: try await LintSupport.lint("v013-noinline"), dockerfilePath: nil)
        let doc = try JSONDocument(parsing: Array(LintSARIF.render(report).serialized().utf8), what: "sarif")
        let results = try #require(doc.value["runs"]?.elements.first?["results"]?.elements)
        for r in results {
            let loc = r["locations"]?.elements.first?["physicalLocation"]
            #expect(loc?["artifactLocation"]?["uri"]?.string == "Dockerfile")
            #expect(loc?["region"]?["startLine"]?.int == 1)
        }
        #expect(results.contains { $0["ruleId"]?.string == "no-inline-cache" && $0["level"]?.string == "error" })
    }

    @Test func dockerfileLinesForEveryBuiltLayer() throws {
        let d = try LintSupport.dockerfile("multistage")
        let steps: [String?] = [
            nil, "WORKDIR /app", "RUN |1 FLAVOR=one /bin/sh -c echo \"setup\" > /app/setup.txt # buildkit",
            "COPY /out/ /app/ # buildkit", "RUN |1 FLAVOR=one /bin/sh -c echo \"flavor=$FLAVOR\" > /app/flavor.txt # buildkit",
            "RUN |1 FLAVOR=one /bin/sh -c echo \"ready\" > /app/ready.txt # buildkit",
        ]
        #expect(d.lines(forSteps: steps) == [1: 13, 2: 15, 3: 16, 4: 17, 5: 18])
        #expect(d.stages.map(\.name) == ["deps", "builder", "final"])
        #expect(d.finalStageChain == [2])
    }

    @Test func finalStageDerivedFromAnotherStage() throws {
        let d = try Dockerfile(path: "Dockerfile", text: "FROM alpine AS base\nRUN apk add git\nFROM base AS app\nCOPY . /src\n")
        #expect(d.finalStageChain == [0, 1])
        #expect(d.lines(forSteps: [nil, "RUN /bin/sh -c apk add git # buildkit", "COPY . /src # buildkit"]) == [1: 2, 2: 4])
        #expect(d.firstOtherStageLine == nil)
    }

    @Test func failOnThresholds() async throws {
        let warnOnly = LintReport(images: try await LintSupport.lint("v013-multistage-old"), dockerfilePath: nil)
        #expect(!warnOnly.fails(at: .error))
        #expect(warnOnly.fails(at: .warning))
        #expect(warnOnly.fails(at: .info))
        #expect(!warnOnly.fails(at: nil))
        let errors = LintReport(images: try await LintSupport.lint("v013-noinline"), dockerfilePath: nil)
        #expect(errors.fails(at: .error))
        let clean = LintReport(images: try await LintSupport.lint("v013-single"), dockerfilePath: nil)
        #expect(clean.findings.isEmpty)
        #expect(!clean.fails(at: .info))
    }

    @Test func enableAndDisable() async throws {
        let images = try await LintSupport.images("v013-multistage-old")
        let disabled = LintReport.analyze(
            [.images(reference: "x", images)], configuration: LintConfiguration(now: LintSupport.now, disabled: ["early-build-arg"])
        ).images
        #expect(disabled.flatMap(\.findings).map(\.rule) == ["intermediate-stages-uncached"])
        let only = LintReport.analyze(
            [.images(reference: "x", images)], configuration: LintConfiguration(now: LintSupport.now, enabled: ["early-build-arg"])
        ).images
        #expect(only.flatMap(\.findings).map(\.rule) == ["early-build-arg"])
    }

    @Test func markdownHasOneRowPerFinding() async throws {
        let report = LintReport(images: try await LintSupport.lint("v013-multistage-old"), dockerfilePath: nil)
        let md = LintMarkdown.render(report)
        #expect(md.contains("| Severity | Rule | Where | Meaning | At stake | Fix |"))
        #expect(md.components(separatedBy: "\n| ⚠️ warning |").count - 1 == 2)
    }
}
