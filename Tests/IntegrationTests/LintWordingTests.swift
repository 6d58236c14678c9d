import CacheAnalysis
import CacheModel
import CacheReports
import Testing

/// Lint's words live in CacheReports: every registered rule has its title, explanation and fix
/// there, and every kind of finding reads as a sentence.
@Suite struct LintWordingTests {
    @Test func everyRegisteredRuleHasItsWords() {
        for r in LintRules.described {
            let text = LintRuleText.of(r.id)
            #expect(text != nil, "\(r.id) has no words in LintRuleText")
            #expect(text.map { !$0.title.isEmpty && !$0.explanation.isEmpty && !$0.fix.isEmpty } == true, "\(r.id)")
        }
        #expect(LintRuleText.ids == Set(LintRules.allIDs))
    }

    @Test func findingsReadFromTheirFacts() throws {
        let digest = try Digest(parsing: "sha256:" + String(repeating: "ab", count: 32))
        let cases: [(LintFacts, LintScope, String)] = [
            (
                .staleCache(ageSeconds: 31 * 86_400, maxAgeSeconds: 30 * 86_400), .image,
                "the newest cached result was written 31 days ago (over the limit of 30 days)"
            ),
            (
                .cacheConfigTooLarge(inlineCacheBytes: nil, configBytes: 2_000_000, manifestBytes: nil, limit: 1 << 20), .image,
                "the config is 2000000 bytes (limit 1048576)"
            ),
            (
                .cacheMount(step: "RUN --mount=type=cache,target=/root/.cache go build", line: 7), .dockerfileLine(7),
                "(line 7) uses a cache mount"
            ),
            (.missingBlob(digest), .cacheExport, "layer \(digest) is named by the cache config"),
            (
                .platformWithoutCache(platform: "linux/arm64", withCache: ["linux/amd64"]), .platform("linux/arm64"),
                "linux/arm64 has no inline cache while linux/amd64 do(es)"
            ),
        ]
        for (facts, scope, needle) in cases {
            let f = LintFinding(rule: "r", severity: .info, layer: nil, scope: scope, facts: facts)
            #expect(LintWording.message(f).contains(needle), "\(LintWording.message(f))")
        }
        let arg = LintFinding(
            rule: "early-build-arg", severity: .warning, layer: 3, scope: .layer,
            facts: .earlyBuildArg(name: "FLAVOR", unusedBy: [.init(layer: 3, text: "RUN make")]))
        #expect(LintWording.fix(arg).hasPrefix("Declare `ARG FLAVOR`"))
        #expect(LintWording.location(arg) == "layer 3")
        #expect(
            LintWording.location(
                LintFinding(
                    rule: "r", severity: .info, layer: nil, scope: .otherStages,
                    facts: .intermediateStagesUncached(steps: 2))) == "other stages")
        #expect(LintWording.duration(seconds: 90 * 60) == "90 minutes")
    }
}
