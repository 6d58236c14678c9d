import CacheAnalysis
import CacheModel

/// `cachectl diff --format markdown` (GitHub job summaries, PR comments): the same first lines
/// as the text, then every step of every stage in build order.
public enum DiffMarkdown {
    static func files(_ v: StepVerdict) -> String {
        guard let files = v.files else { return v.filesNote.map { "<br>files: \(Markdown.cell($0))" } ?? "" }
        if files.isEmpty { return "<br>files: none differ" }
        var out =
            "<br>files: "
            + files.prefix(DiffText.filesShown).map { "`\(Markdown.code($0.path))` (\($0.change.rawValue))" }.joined(separator: ", ")
        if files.count > DiffText.filesShown { out += " … and \(files.count - DiffText.filesShown) more" }
        return out
    }

    public static func render(_ r: DiffReport) -> String {
        var out = "### cachectl diff\n\n"
        out += DiffHeadline.lines(r, width: 10_000).map { "**\(Markdown.cell($0))**" }.joined(separator: "  \n") + "\n\n"
        let olds = (r.sources.isEmpty ? [(r.old.reference, r.old.manifestDigest)] : r.sources.map { ($0.reference, $0.manifestDigest) })
            .map { "`\(Markdown.code($0.0))` (`\($0.1.short)`)" }.joined(separator: ", ")
        out += "Old: \(olds)  \nNew: `\(Markdown.cell(r.new.reference))` (`\(r.new.manifestDigest.short)`)\n\n"
        out += stageTable(r)
        out += "\n" + DiffText.totals(r, width: 10_000).joined(separator: " ") + "\n"
        for n in r.notes { out += "\n> " + Markdown.cell(DiffText.note(n)) + "\n" }
        return out
    }

    /// Every step of every stage in build order, with its status and why (each detail once).
    static func stageTable(_ r: DiffReport) -> String {
        guard !r.stages.isEmpty else { return "" }
        var out = ""
        out += "| Stage | Step | Status | Reason |\n|---|---|---|---|\n"
        let titles = DiffText.titles(r.stages)
        var said = Set<String>()
        let w = StepWording(r)
        for i in DiffText.buildOrder(r.stages) {
            for (k, v) in r.stages[i].steps.enumerated() {
                let icon: String
                switch v.status {
                case .run: icon = "🔁 run"
                case .cached: icon = "✅ cached"
                case .unneeded: icon = "➖ unneeded"
                case .depends: icon = "❔ depends"
                case .unknown: icon = "❔ unknown"
                }
                var reason = ""
                if let why = v.reason {
                    let detail = w.detail(v)
                    let key = why.rawValue + "\u{0}" + detail
                    reason = said.insert(key).inserted ? "**\(why.rawValue)**: \(Markdown.cell(detail))" : "**\(why.rawValue)** (as above)"
                }
                out +=
                    "| \(Markdown.cell(titles[i])) | \(Markdown.cell(DiffText.label(v, position: k + 1))) | \(icon) | \(reason + files(v)) |\n"
            }
        }
        return out
    }
}
