import CacheAnalysis
import CacheModel

enum DiffText {
    static func render(_ r: DiffReport, style s: Style) -> String {
        var out = "\(s.bold("Old"))  \(Sanitize.inline(r.old.reference))  \(r.old.manifestDigest.short)\n"
        out += "\(s.bold("New"))  \(Sanitize.inline(r.new.reference))  \(r.new.manifestDigest.short)\n\n"
        for l in r.layers {
            let status: String
            switch l.status {
            case .base: status = s.dim(pad("base", 4))
            case .hit: status = s.green(pad("hit", 4))
            case .miss: status = s.red(pad("miss", 4))
            }
            out += "  \(padLeft(String(l.index), 3))  \(status)  \(StepText.short(l.createdBy, limit: 72))\n"
            if l.status == .miss {
                out += "       \(s.yellow(l.reason?.rawValue ?? "")): \(Sanitize.inline(l.detail))\n"
            }
        }
        out += "\n\(s.bold("Other stages")): \(r.intermediateSteps) step(s)"
        if r.intermediateSteps > 0 {
            out += "; \(r.intermediateMatchedWithoutResult) matched a key without a layer (they re-run whenever their stage must run), \(r.intermediateChanged) changed"
            if r.intermediateHits > 0 { out += ", \(r.intermediateHits) served from cache" }
        }
        out += ".\n\(s.bold("Summary")): \(r.hits) hit(s), \(r.misses) miss(es). \(Sanitize.inline(r.verdict))\n"
        return out
    }

    static func markdown(_ r: DiffReport) -> String {
        func cell(_ text: String) -> String { Sanitize.inline(text).replacingOccurrences(of: "|", with: "\\|") }
        var out = "### cachectl diff\n\n"
        out += "Old: `\(cell(r.old.reference))` (`\(r.old.manifestDigest.short)`)  \nNew: `\(cell(r.new.reference))` (`\(r.new.manifestDigest.short)`)\n\n"
        out += "| # | Status | Step | Reason |\n|---:|---|---|---|\n"
        for l in r.layers {
            let icon = l.status == .hit ? "✅ hit" : (l.status == .miss ? "❌ miss" : "base")
            let reason = l.status == .miss ? "**\(l.reason?.rawValue ?? "")**: \(cell(l.detail))" : ""
            out += "| \(l.index) | \(icon) | \(cell(StepText.short(l.createdBy, limit: 60))) | \(reason) |\n"
        }
        out += "\n**Verdict:** \(cell(r.verdict))\n\n"
        out += "Other stages: \(r.intermediateSteps) step(s), \(r.intermediateMatchedWithoutResult) matched without a layer, \(r.intermediateChanged) changed.\n"
        return out
    }
}
