import CacheAnalysis
import CacheModel

public enum HistoryText {
    public static func render(_ r: HistoryReport, style s: Style) -> String {
        var out = "\(s.bold("Repository"))  \(Sanitize.inline(r.repository))  \(r.builds.count) build(s), oldest first\n\n"
        let header = [
            pad("build", 22), pad("created", 16), pad("from", 17), padLeft("run", 4), padLeft("cached", 7),
            padLeft("lost", 7),
        ]
        out += "  " + s.bold(header.joined(separator: " ")) + "\n"
        for b in r.builds {
            let run = b.explained ? padLeft(String(b.stepsRun), 4) : padLeft("-", 4)
            let cached = b.explained ? padLeft(String(b.stepsCached), 7) : padLeft("-", 7)
            let row = [
                pad(clip(b.tag, 22), 22), pad(String(shortTime(b.created).prefix(16)), 16), pad(clip(b.cacheFrom ?? "-", 17), 17),
                b.stepsRun > 0 ? s.red(run) : run, b.explained ? s.green(cached) : cached,
                padLeft(b.timeLostSeconds.map { duration($0, compact: true) } ?? "-", 7),
            ]
            out += "  " + row.joined(separator: " ") + "\n"
            if let c = b.changeStart, b.stepsRun > 0, !b.notes.contains(.firstBuild) {
                let why = DiffHeadline.cause(c.step)
                let text = "      starts at " + DiffHeadline.name(c, stages: b.stages, limit: max(20, 80 - 20 - why.count)) + ": " + why
                out += DiffHeadline.wrap(text, width: 80, indent: "        ").joined(separator: "\n") + "\n"
            }
            if b.tags.count > 1 { out += "      also tagged \(b.tags.dropFirst().map { Sanitize.inline($0) }.joined(separator: ", "))\n" }
            for n in b.notes {
                out +=
                    DiffHeadline.wrap("      " + Sanitize.inline(n.message), width: 80, indent: "        ").map { s.dim($0) }.joined(
                        separator: "\n") + "\n"
            }
        }
        out += "\n\(s.bold("Patterns"))\n"
        if r.patterns.isEmpty { out += "  none found\n" }
        for p in r.patterns {
            out +=
                DiffHeadline.wrap("  \(p.id.rawValue): \(Sanitize.inline(p.message))", width: 80, indent: "    ").joined(separator: "\n")
                + "\n"
        }
        if !r.notes.isEmpty {
            out += "\n\(s.bold("Notes"))\n"
            for n in r.notes {
                out += DiffHeadline.wrap("  " + Sanitize.inline(n), width: 80, indent: "    ").joined(separator: "\n") + "\n"
            }
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
