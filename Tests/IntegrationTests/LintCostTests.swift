import CacheModel
import CacheReports
import Foundation
import Testing

@testable import CacheAnalysis

/// What lint findings put at stake, against BuildKit's own step times: the `--progress=rawjson`
/// log of the build that made each image (fixtures/v025/logs/<image>/build.rawjson), whose final
/// stage steps sleep for known lengths (fixtures/make/v025/projects).
@Suite struct LintCostTests {
    static let root = Fixtures.root + "/v025"

    static func lint(_ name: String) async throws -> LintImageReport {
        let images = try await LintSupport.images(name, layout: root + "/images")
        return LintReport.analyze([.images(reference: name, images)], configuration: LintConfiguration(now: LintSupport.now)).images[0]
    }

    static func finding(_ name: String, _ rule: String) async throws -> LintFinding {
        try #require(try await lint(name).findings.first { $0.rule == rule }, "\(name): \(rule) does not fire")
    }

    /// Per step as BuildKit prints it (`[final 5/5] RUN <<EOT …`): the length of its last
    /// started–completed interval in the log.
    static func rawjson(_ name: String) throws -> [String: Double] {
        let text = try String(contentsOfFile: root + "/logs/" + name + "/build.rawjson", encoding: .utf8)
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let v = try JSONDocument(parsing: [UInt8](line.utf8), what: "rawjson").value
            for vx in v["vertexes"]?.elements ?? [] {
                guard let n = vx["name"]?.string, n.hasPrefix("["),
                    let a = vx["started"]?.string.flatMap({ RFC3339Time($0)?.value }),
                    let b = vx["completed"]?.string.flatMap({ RFC3339Time($0)?.value })
                else { continue }
                out[n] = b - a
            }
        }
        return out
    }

    /// The log's interval for final-stage layer `layer` of an image built on the one-layer base
    /// image (`FROM` is step 1, so layer l is step l + 1), checked against the history's instruction.
    static func truth(_ times: [String: Double], image: LoadedImage, layer: Int) throws -> Double {
        let steps = ImageCache(image: image).layerSteps
        #expect(steps[0] == nil || steps[0] == "", "the base image is not one layer")
        let prefix = "[final \(layer + 1)/"
        let (name, seconds) = try #require(times.first { $0.key.hasPrefix(prefix) }, "no \(prefix) step in the log")
        let instruction = try #require(steps[layer].map(StepText.instruction))
        #expect(
            name.dropFirst(prefix.count).drop { $0 != " " }.dropFirst().hasPrefix(instruction),
            "\(name) is not layer \(layer) (\(instruction))")
        return seconds
    }

    /// A finding's seconds are the sum of the BuildKit durations of the steps it names and knows,
    /// each within 0.5 s + 10%; unknown steps are left out (the seconds are then a lower bound).
    @Test(arguments: [
        ("goapp-old", "early-build-arg"), ("goapp-sde", "early-build-arg"), ("goapp-sde", "source-date-epoch"),
        ("par-prov", "intermediate-stages-uncached"),
    ])
    func secondsAreTheStepsBuildKitTimed(image: String, rule: String) async throws {
        let f = try await Self.finding(image, rule)
        let img = try await LintSupport.images(image, layout: Self.root + "/images")[0]
        let times = try Self.rawjson(image)
        var truth = 0.0, tolerance = 0.0, known = 0
        for p in f.cost.parts {
            guard let est = p.seconds else { continue }
            guard case let .layer(l) = p.step else { Issue.record("\(image) \(rule): a timed step of another stage"); continue }
            let t = try Self.truth(times, image: img, layer: l)
            #expect(abs(est - t) <= 0.5 + 0.1 * t, "\(image) \(rule): layer \(l) estimated \(est) s, BuildKit \(t) s")
            truth += t; tolerance += 0.5 + 0.1 * t; known += 1
        }
        #expect(f.costSteps == f.cost.parts.count && f.costUnknownSteps == f.costSteps - known)
        if known == 0 {
            #expect(
                f.costSeconds == nil && f.costNote != nil,
                "\(image) \(rule): no step known but \(f.costSeconds ?? -1) s, note \(f.costNote ?? "nil")")
        } else {
            let s = try #require(f.costSeconds)
            #expect(abs(s - truth) <= tolerance, "\(image) \(rule): \(s) s at stake, BuildKit \(truth) s")
            #expect((f.costUnknownSteps == 0) == (f.costNote == nil), "\(image) \(rule): note \(f.costNote ?? "nil")")
        }
    }

    /// goapp-old was built cold: the RUN the unused APP_VERSION is in scope of took 2.66 s.
    @Test func earlyBuildArgOfAColdBuild() async throws {
        let f = try await Self.finding("goapp-old", "early-build-arg")
        #expect(f.costSteps == 1 && f.costUnknownSteps == 0 && f.costNote == nil)
        let s = try #require(f.costSeconds)
        let t = try #require(try Self.rawjson("goapp-old").first { $0.key.hasPrefix("[final 5/5]") }?.value)
        #expect(abs(s - t) <= 0.5 + 0.1 * t, "\(s) s, BuildKit \(t) s")
    }

    /// goapp-arg loaded the COPY below that RUN from goapp-old (built 45 s before): the gap is
    /// not read as the RUN's duration, and the note says why.
    @Test func aLoadedInputLeavesTheDurationUnknown() async throws {
        let f = try await Self.finding("goapp-arg", "early-build-arg")
        #expect(f.costSeconds == nil && f.costSteps == 1 && f.costUnknownSteps == 1)
        #expect(f.costNote?.contains("more than 30 s") == true, "\(f.costNote ?? "nil")")
    }

    @Test func otherStagesAndHolesAreUnknownAndSaySo() async throws {
        let other = try await Self.finding("goapp-old", "intermediate-stages-uncached")
        #expect(other.costSeconds == nil && other.costSteps == 5 && other.costUnknownSteps == 5)
        #expect(other.costNote?.contains("inline cache keeps no result") == true)
        let holes = try await Self.finding("zstd-gzip-new", "cache-holes")
        #expect(holes.costSeconds == nil && holes.costSteps == 3 && holes.costUnknownSteps == 3)
        #expect(holes.costNote?.contains("hole layer has no result") == true)
    }

    /// par-max has no inline cache (its build exported a registry cache): the whole build is at
    /// stake, measured from history. The first built layer's start is not recorded; a copy from
    /// another stage includes the wait for it, so the RUN layers are checked step by step and the
    /// total lies between the final stage's RUN steps and its span in the log.
    @Test func noInlineCacheFromHistory() async throws {
        let f = try await Self.finding("par-max", "no-inline-cache")
        let img = try await LintSupport.images("par-max", layout: Self.root + "/images")[0]
        let times = try Self.rawjson("par-max")
        #expect(f.costSteps == 4 && f.costUnknownSteps == 1)
        #expect(f.costNote?.contains("other stages leave no history") == true)
        var runs = 0.0
        for p in f.cost.parts {
            guard case let .layer(l) = p.step, let est = p.seconds, StepText.run(ImageCache(image: img).layerSteps[l]) != nil else {
                continue
            }
            let t = try Self.truth(times, image: img, layer: l)
            #expect(abs(est - t) <= 0.5 + 0.1 * t, "layer \(l): estimated \(est) s, BuildKit \(t) s")
            runs += t
        }
        let s = try #require(f.costSeconds)
        #expect(runs > 5 && s >= runs - 0.5 && s <= 12, "\(s) s at stake; its RUN steps took \(runs) s")
    }

    @Test func rulesWithoutStepsHaveNoCost() async throws {
        let report = try await Self.lint("goapp-sde")
        #expect(report.findings.count == 3)
        let stale = LintReport.analyze(
            [.images(reference: "x", try await LintSupport.images("goapp-old", layout: Self.root + "/images"))],
            configuration: LintConfiguration(now: RFC3339Time.seconds("2027-06-01T00:00:00Z")!)
        ).findings.first { $0.rule == "stale-cache" }
        let s = try #require(stale)
        #expect(s.costSeconds == nil && s.costSteps == 0 && s.costNote == nil)
    }

    /// `--sort cost`: most known seconds first, unknown last; `severity` is the default order.
    @Test func sortByCost() async throws {
        let images = try await LintSupport.images("goapp-sde", layout: Self.root + "/images")
        let config = LintConfiguration(now: LintSupport.now)
        let bySeverity = LintReport.analyze([.images(reference: "x", images)], configuration: config).findings.map(\.rule)
        #expect(bySeverity == ["intermediate-stages-uncached", "early-build-arg", "source-date-epoch"])
        let byCost = LintReport.analyze([.images(reference: "x", images)], configuration: config, sort: .cost)
        #expect(byCost.findings.map(\.rule) == ["source-date-epoch", "early-build-arg", "intermediate-stages-uncached"])
        #expect(byCost.sorted(by: .severity).findings.map(\.rule) == bySeverity)
        // The total counts each step once: early-build-arg's RUN is also part of the whole build.
        let total = byCost.cost
        #expect(total.steps == 9 && total.seconds == byCost.findings[0].costSeconds)
    }
}
