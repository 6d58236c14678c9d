import CacheAnalysis
import CacheModel

/// `cachectl lint --format markdown`.
public enum LintMarkdown {
    /// A Markdown summary (GitHub job summaries): one table per image.
    public static func render(_ r: LintReport) -> String {
        var out = "### cachectl lint\n\n"
        out += "\(r.count(.error)) error(s), \(r.count(.warning)) warning(s), \(r.count(.info)) info.\n"
        if let total = LintCostText.total(r.cost) { out += "\n" + Markdown.cell(total) + "\n" }
        for img in r.images {
            out += "\n#### `\(Markdown.cell(img.reference))` (\(Markdown.cell(LintWording.platform(img))))\n\n"
            if img.findings.isEmpty { out += "No findings.\n"; continue }
            out += "| Severity | Rule | Where | Meaning | At stake | Fix |\n|---|---|---|---|---|---|\n"
            for f in img.findings {
                let icon = f.severity == .error ? "❌ error" : (f.severity == .warning ? "⚠️ warning" : "ℹ️ info")
                let whereText = f.location + (f.line.map { " (line \($0))" } ?? "")
                out +=
                    "| \(icon) | `\(f.rule)` | \(Markdown.cell(whereText)) | \(Markdown.cell(f.message)) | \(Markdown.cell(LintCostText.perFinding(f.cost) ?? "")) | \(Markdown.cell(f.fix)) |\n"
            }
        }
        return out
    }
}
