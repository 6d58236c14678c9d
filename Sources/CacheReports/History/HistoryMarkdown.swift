import CacheAnalysis
import CacheModel

public enum HistoryMarkdown {
    public static func render(_ r: HistoryReport) -> String {
        var out = "### cachectl history: `\(Markdown.code(r.repository))`\n\n"
        let run = r.builds.map(\.stepsRun).reduce(0, +), cached = r.builds.map(\.stepsCached).reduce(0, +)
        out += "\(r.builds.count) build(s), oldest first; \(run) step(s) ran, \(cached) were served by the cache.\n\n"
        out += "| Build | Created | From | Run | Cached | First miss | Reason | Time lost |\n|---|---|---|---:|---:|---|---|---:|\n"
        for b in r.builds {
            let miss =
                b.firstMiss.map { "\($0.index) \(Markdown.code(StepText.short($0.createdBy, limit: 50)))" } ?? (b.explained ? "none" : "–")
            let notes = b.notes.isEmpty ? "" : "<br>" + b.notes.map { "_\(Markdown.code($0.message))_" }.joined(separator: "<br>")
            out +=
                "| `\(Markdown.code(b.tag))`\(notes) | \(Markdown.code(HistoryText.shortTime(b.created))) | \(b.cacheFrom.map { "`\(Markdown.code($0))`" } ?? "–") "
            out += "| \(b.explained ? String(b.stepsRun) : "–") | \(b.explained ? String(b.stepsCached) : "–") | \(miss) "
            out +=
                "| \(b.firstMiss?.reason.map { "**\($0.rawValue)**" } ?? "") | \(b.timeLostSeconds.map { duration($0, compact: true) } ?? "–") |\n"
        }
        out += "\n#### Patterns\n\n"
        if r.patterns.isEmpty { out += "None found.\n" }
        for p in r.patterns { out += "- **\(p.id.rawValue)**: \(Markdown.code(p.message))\n" }
        if !r.notes.isEmpty {
            out += "\n#### Notes\n\n"
            for n in r.notes { out += "- \(Markdown.code(n))\n" }
        }
        return out
    }
}
