import CacheAnalysis
import CacheModel

public enum HistoryText {
    public static func render(_ r: HistoryReport, style s: Style) -> String {
        var out = "\(s.bold("Repository"))  \(Sanitize.inline(r.repository))  \(r.builds.count) build(s), oldest first\n\n"
        let header = [pad("build", 24), pad("created", 19), pad("from", 20), padLeft("run", 4), padLeft("cached", 7),
                      pad("  first miss", 40), pad("reason", 17), padLeft("lost", 7)]
        out += "  " + s.bold(header.joined(separator: " ")) + "\n"
        for b in r.builds {
            let run = b.explained ? padLeft(String(b.stepsRun), 4) : padLeft("-", 4)
            let cached = b.explained ? padLeft(String(b.stepsCached), 7) : padLeft("-", 7)
            let miss = b.firstMiss.map { "  \($0.index) \(StepText.short($0.createdBy, limit: 34))" } ?? (b.explained ? "  none" : "  -")
            let row = [pad(clip(b.tag, 24), 24), pad(shortTime(b.created), 19), pad(clip(b.cacheFrom ?? "-", 20), 20),
                       b.stepsRun > 0 ? s.red(run) : run, b.explained ? s.green(cached) : cached, pad(clip(miss, 40), 40),
                       pad(b.firstMiss?.reason?.rawValue ?? "", 17), padLeft(b.timeLostSeconds.map { duration($0, compact: true) } ?? "-", 7)]
            out += "  " + row.joined(separator: " ") + "\n"
            if b.tags.count > 1 { out += "      also tagged \(b.tags.dropFirst().map { Sanitize.inline($0) }.joined(separator: ", "))\n" }
            for n in b.notes { out += "      \(s.dim(Sanitize.inline(n.message)))\n" }
        }
        out += "\n\(s.bold("Patterns"))\n"
        if r.patterns.isEmpty { out += "  none found\n" }
        for p in r.patterns { out += "  \(s.yellow(p.id.rawValue)): \(Sanitize.inline(p.message))\n" }
        if !r.notes.isEmpty {
            out += "\n\(s.bold("Notes"))\n"
            for n in r.notes { out += "  \(Sanitize.inline(n))\n" }
        }
        return out
    }

    static func clip(_ text: String, _ width: Int) -> String {
        let t = Sanitize.inline(text)
        return t.count <= width ? t : String(t.prefix(width - 1)) + "…"
    }

    /// `2024-05-01T12:00:00.123Z` → `2024-05-01 12:00:00`.
    static func shortTime(_ created: String?) -> String {
        guard let c = created, c.count >= 19 else { return created.map { Sanitize.inline($0) } ?? "-" }
        return Sanitize.inline(String(c.prefix(10)) + " " + String(c.dropFirst(11).prefix(8)))
    }
}
