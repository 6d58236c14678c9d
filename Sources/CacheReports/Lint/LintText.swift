import CacheAnalysis
import CacheModel

public enum LintText {
    public static func render(_ r: LintReport, style s: Style) -> String {
        var out = ""
        for img in r.images {
            out += "\(s.bold(Sanitize.inline(img.reference)))  \(Sanitize.inline(img.platform))  \(img.manifestDigest.short)\n"
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
                out += "           \(Sanitize.inline(f.message))\n"
                out += "           \(s.dim("fix:")) \(Sanitize.inline(f.fix))\n"
            }
            out += "\n"
        }
        out += "\(s.bold("Summary")): \(r.count(.error)) error(s), \(r.count(.warning)) warning(s), \(r.count(.info)) info in \(r.images.count) image(s).\n"
        return out
    }
}
