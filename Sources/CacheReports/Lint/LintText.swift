import CacheAnalysis
import CacheModel

public enum LintText {
    public static func render(_ r: LintReport, style s: Style) -> String {
        var out = ""
        for img in r.images {
            out += "\(s.bold(Sanitize.inline(img.reference)))  \(Sanitize.inline(LintWording.platform(img)))  \(img.manifestDigest.short)\n"
            if img.findings.isEmpty { out += "  \(s.green("no findings"))\n\n"; continue }
            for f in img.findings {
                let sev: String
                switch f.severity {
                case .error: sev = s.red(pad("error", 7))
                case .warning: sev = s.yellow(pad("warning", 7))
                case .info: sev = s.dim(pad("info", 7))
                }
                var whereText = f.location
                if let line = f.line { whereText += ", \(Sanitize.inline(r.dockerfilePath)):\(line)" }
                out += "  \(sev)  \(s.bold(f.rule))  (\(Sanitize.inline(whereText)))\n"
                out += wrapped("           " + Sanitize.inline(f.message), indent: "           ")
                if let stake = LintCostText.perFinding(f.cost) { out += "           \(stake)\n" }
                out += wrapped("           fix: " + Sanitize.inline(f.fix), indent: "                ")
            }
            out += "\n"
        }
        out +=
            "\(s.bold("Summary")): \(r.count(.error)) error(s), \(r.count(.warning)) warning(s), \(r.count(.info)) info in \(r.images.count) image(s).\n"
        if let total = LintCostText.total(r.cost) { out += wrapped(total, indent: "  ") }
        return out
    }

    /// Prose in lines of 80 columns (commands and paths are never split: a word longer than a line stays whole).
    static func wrapped(_ text: String, indent: String) -> String {
        DiffHeadline.wrap(text, width: 80, indent: indent).joined(separator: "\n") + "\n"
    }
}

/// What findings put at stake, as every lint format but JSON and SARIF writes it.
enum LintCostText {
    /// "≈ 12 s at stake", "at least 12 s at stake (1 of 3 steps of unknown duration)"; nil when no second is known.
    static func perFinding(_ c: LintCost) -> String? {
        guard let secs = c.seconds else { return nil }
        if c.unknownSteps == 0 { return "≈ \(duration(secs)) at stake" }
        return "at least \(duration(secs)) at stake (\(c.unknownSteps) of \(c.steps) steps of unknown duration)"
    }

    /// The total line; nil when no finding concerns a step.
    static func total(_ c: LintCost) -> String? {
        guard c.steps > 0 else { return nil }
        let steps = c.steps == 1 ? "1 step" : "\(c.steps) steps"
        guard let secs = c.seconds else { return "At stake: \(steps), none of known duration." }
        if c.unknownSteps == 0 { return "At stake: ≈ \(duration(secs)) over \(steps) (each counted once)." }
        return "At stake: at least \(duration(secs)) over \(steps) (each counted once; \(c.unknownSteps) of unknown duration)."
    }

}
