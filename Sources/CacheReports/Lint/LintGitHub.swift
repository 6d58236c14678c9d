import CacheAnalysis
import CacheModel

/// `cachectl lint --format github`.
public enum LintGitHub {
    /// GitHub Actions workflow commands, one line per finding: `::error|warning|notice
    /// file=…,line=…,title=…::message`. `file` and `line` are given only when a Dockerfile was
    /// given (and the finding maps to a line). Every value is escaped as the runner expects
    /// (`%`, CR, LF, and in properties `:` and `,`), so text from an image cannot start a command.
    public static func render(_ r: LintReport, dockerfileGiven: Bool) -> String {
        func escaped(_ s: String, property: Bool) -> String {
            var out = ""
            for ch in Sanitize.inline(s) {
                switch ch {
                case "%": out += "%25"
                case "\r": out += "%0D"
                case "\n": out += "%0A"
                case ":" where property: out += "%3A"
                case "," where property: out += "%2C"
                default: out.append(ch)
                }
            }
            return out
        }
        func data(_ s: String) -> String { escaped(s, property: false) }
        func property(_ s: String) -> String { escaped(s, property: true) }
        var out = ""
        for img in r.images {
            for f in img.findings {
                let command = f.severity == .info ? "notice" : f.severity.rawValue
                var props: [String] = []
                if dockerfileGiven {
                    props.append("file=" + property(r.dockerfilePath))
                    if let line = f.line { props.append("line=\(line)") }
                }
                props.append("title=" + property("cachectl \(f.rule)"))
                out += "::\(command) \(props.joined(separator: ","))::"
                let stake = LintCostText.perFinding(f.cost).map { " (\($0))" } ?? ""
                out += data("\(img.reference) (\(LintWording.platform(img))), \(f.location): \(f.message)\(stake). Fix: \(f.fix)") + "\n"
            }
        }
        // A plain line is log text, not a command: the runner shows it and annotates nothing.
        if let total = LintCostText.total(r.cost) { out += data(total) + "\n" }
        return out
    }
}
