import CacheAnalysis
import CacheModel

enum HistoryMarkdown {
    static func cell(_ text: String) -> String {
        Sanitize.inline(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'")
    }

    static func render(_ r: HistoryReport) -> String {
        var out = "### cachectl history: `\(cell(r.repository))`\n\n"
        let run = r.builds.map(\.stepsRun).reduce(0, +), cached = r.builds.map(\.stepsCached).reduce(0, +)
        out += "\(r.builds.count) build(s), oldest first; \(run) step(s) ran, \(cached) were served by the cache.\n\n"
        out += "| Build | Created | From | Run | Cached | First miss | Reason | Time lost |\n|---|---|---|---:|---:|---|---|---:|\n"
        for b in r.builds {
            let miss = b.firstMiss.map { "\($0.index) \(cell(StepText.short($0.createdBy, limit: 50)))" } ?? (b.explained ? "none" : "–")
            let notes = b.notes.isEmpty ? "" : "<br>" + b.notes.map { "_\(cell($0.message))_" }.joined(separator: "<br>")
            out += "| `\(cell(b.tag))`\(notes) | \(cell(HistoryText.shortTime(b.created))) | \(b.cacheFrom.map { "`\(cell($0))`" } ?? "–") "
            out += "| \(b.explained ? String(b.stepsRun) : "–") | \(b.explained ? String(b.stepsCached) : "–") | \(miss) "
            out += "| \(b.firstMiss?.reason.map { "**\($0.rawValue)**" } ?? "") | \(b.timeLostSeconds.map(HistoryText.seconds) ?? "–") |\n"
        }
        out += "\n#### Patterns\n\n"
        if r.patterns.isEmpty { out += "None found.\n" }
        for p in r.patterns { out += "- **\(p.id.rawValue)**: \(cell(p.message))\n" }
        if !r.notes.isEmpty {
            out += "\n#### Notes\n\n"
            for n in r.notes { out += "- \(cell(n))\n" }
        }
        return out
    }
}
