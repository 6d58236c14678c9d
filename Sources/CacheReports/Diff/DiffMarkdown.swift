import CacheAnalysis
import CacheModel

/// `cachectl diff --format markdown` (GitHub job summaries).
public enum DiffMarkdown {
    static func files(_ v: StepVerdict) -> String {
        guard let files = v.files else { return v.filesNote.map { "<br>files: \(Markdown.cell($0))" } ?? "" }
        if files.isEmpty { return "<br>files: none differ" }
        var out = "<br>files: " + files.prefix(DiffText.filesShown).map { "`\(Markdown.code($0.path))` (\($0.change.rawValue))" }.joined(separator: ", ")
        if files.count > DiffText.filesShown { out += " … and \(files.count - DiffText.filesShown) more" }
        return out
    }

    public static func render(_ r: DiffReport) -> String {
        var out = "### cachectl diff\n\n"
        let olds = (r.sources.isEmpty ? [(r.old.reference, r.old.manifestDigest)] : r.sources.map { ($0.reference, $0.manifestDigest) })
            .map { "`\(Markdown.code($0.0))` (`\($0.1.short)`)" }.joined(separator: ", ")
        out += "Old: \(olds)  \nNew: `\(Markdown.cell(r.new.reference))` (`\(r.new.manifestDigest.short)`)\n\n"
        out += "| # | Status | Step | Reason |\n|---:|---|---|---|\n"
        for l in r.layers {
            let icon = l.status == .hit ? "✅ hit" : (l.status == .miss ? "❌ miss" : "base")
            let reason = l.status == .miss ? "**\(l.reason?.rawValue ?? "")**: \(Markdown.cell(l.detail))" : ""
            out += "| \(l.index) | \(icon) | \(Markdown.cell(StepText.short(l.createdBy, limit: 60))) | \(reason) |\n"
        }
        out += "\n**Verdict:** \(Markdown.cell(r.verdict))\n\n"
        if r.stages.isEmpty {
            out += "Other stages: \(r.intermediateSteps) step(s), \(r.intermediateMatchedWithoutResult) matched without a layer, \(r.intermediateChanged) changed.\n"
        } else {
            out += "\n| Stage | Step | Status | Reason |\n|---|---|---|---|\n"
            for (st, title) in zip(r.stages, DiffText.titles(r.stages)) {
                for v in st.steps {
                    let icon = v.status == .run ? "🔁 run" : (v.status == .cached ? "✅ cached" : "➖ unneeded")
                    let reason = (v.reason.map { "**\($0.rawValue)**: \(Markdown.cell(v.detail))" } ?? "") + files(v)
                    out += "| \(Markdown.cell(title)) | \(Markdown.cell(DiffText.label(v))) | \(icon) | \(reason) |\n"
                }
            }
        }
        return out
    }
}
