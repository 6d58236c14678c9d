import CacheAnalysis
import CacheModel

public enum AdviseText {
    public static func render(_ a: Advice, style s: Style) -> String {
        var out = "\(s.bold("Reference"))  \(Sanitize.inline(a.reference))  (\(Sanitize.inline(a.platforms.joined(separator: ", "))))\n"
        let verdict =
            a.recommendation == .registryCache
            ? s.yellow("move to a registry cache (mode=max)") : s.green("keep inline cache")
        out += "\(s.bold("Verdict"))    \(verdict)\n"
        var measured = "Measured   steps whose results a mode=max registry cache stores and inline cache drops: \(a.stepsKeptByModeMax) "
        measured += "(steps of other stages without results: \(a.intermediateSteps); final-stage holes: \(a.holes)); "
        measured +=
            "platforms without usable inline cache: \(a.platformsWithoutCache.isEmpty ? "none" : Sanitize.inline(a.platformsWithoutCache.joined(separator: ", ")))"
        if let secs = a.otherStageWait.seconds { measured += "; final stage waited for other stages: \(duration(secs))" }
        out += LintText.wrapped(measured, indent: "           ") + "\n"
        out += "\(s.bold("Why"))\n"
        for r in a.reasonTexts { out += LintText.wrapped("  - " + Sanitize.inline(r), indent: "    ") }
        let title = a.recommendation == .registryCache ? "Migration" : "Keep it working"
        out += "\n\(s.bold(title)) (cache ref \(Sanitize.inline(a.cacheRef))\(a.isPlaceholder ? ", a placeholder" : ""))\n"
        out += section("docker buildx build", a.snippets.buildx, s)
        out += section("docker-bake.hcl", a.snippets.bake, s)
        out += section("GitHub Actions (steps)", a.snippets.githubActions, s)
        out += section("GitLab CI (.gitlab-ci.yml job)", a.snippets.gitlab, s)
        if !a.notes.isEmpty {
            out += "\n\(s.bold("Notes"))\n"
            for n in a.noteTexts { out += LintText.wrapped("  - " + Sanitize.inline(n), indent: "    ") }
        }
        return out
    }

    private static func section(_ title: String, _ body: String, _ s: Style) -> String {
        var out = "\n  \(s.dim("# " + title))\n"
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) where !(line.isEmpty && body.hasSuffix("\n")) {
            out += "  " + Sanitize.inline(String(line)) + "\n"
        }
        return out
    }
}
