import CacheModel

/// Findings for one image (one platform of a reference).
public struct LintImageReport: Sendable {
    public let reference: String
    public let platform: String
    public let manifestDigest: Digest
    public let findings: [LintFinding]
}

/// What `cachectl lint` reports (JSON schema version 1).
public struct LintReport: Sendable {
    public let images: [LintImageReport]
    /// The Dockerfile path findings point at (`Dockerfile` when none was given).
    public let dockerfilePath: String

    public var findings: [LintFinding] { images.flatMap(\.findings) }

    public func count(_ severity: LintSeverity) -> Int { findings.filter { $0.severity == severity }.count }

    /// Whether any finding is at or above `threshold` (nil = never).
    public func fails(at threshold: LintSeverity?) -> Bool {
        guard let threshold else { return false }
        return findings.contains { $0.severity >= threshold }
    }
}

/// Runs the registered rules.
public enum Linter {
    /// Lints every image of one reference (every platform of an index).
    public static func lint(reference: String, images: [LoadedImage], dockerfile: Dockerfile? = nil,
                            configuration: LintConfiguration, rules: [any LintRule] = LintRules.all) -> [LintImageReport] {
        let caches = images.map { ImageCache(image: $0) }
        return caches.map { cache in
            let subject = LintSubject(cache: cache, siblings: caches, dockerfile: dockerfile, configuration: configuration)
            var findings = rules.filter { configuration.runs($0.id) }.flatMap { $0.check(subject) }
            if let d = dockerfile {
                let lines = d.lines(forSteps: subject.steps)
                for i in findings.indices where findings[i].line == nil {
                    if let l = findings[i].layer, let line = lines[l] { findings[i].line = line }
                    else if findings[i].stage == "other stages" { findings[i].line = d.firstOtherStageLine }
                }
            }
            findings.sort { ($0.severity.rank, $1.layer ?? -1) > ($1.severity.rank, $0.layer ?? -1) }
            return LintImageReport(reference: reference, platform: cache.image.platform.description,
                                   manifestDigest: cache.image.manifestDigest, findings: findings)
        }
    }

    public static func report(_ images: [LintImageReport], dockerfilePath: String?) -> LintReport {
        LintReport(images: images, dockerfilePath: dockerfilePath ?? "Dockerfile")
    }
}

// MARK: - JSON, SARIF, Markdown (pure builders)

extension LintReport {
    /// `{schemaVersion: 1, images: [{reference, platform, findings: [{rule, severity, layer, message, fix}]}]}`.
    public func json() -> JSONNode {
        .object([
            ("schemaVersion", .int(1)),
            ("images", .array(images.map { img in
                .object([
                    ("reference", .string(img.reference)),
                    ("platform", .string(img.platform)),
                    ("findings", .array(img.findings.map { f in
                        .object([("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)),
                                 ("layer", .optional(f.layer)), ("message", .string(f.message)), ("fix", .string(f.fix))])
                    })),
                ])
            })),
        ])
    }

    /// SARIF 2.1.0: one run, the rules as `tool.driver.rules`, one result per finding at its Dockerfile line
    /// (line 1 when unknown).
    public func sarif(rules: [any LintRule] = LintRules.all) -> JSONNode {
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let results: [JSONNode] = images.flatMap { img in
            img.findings.map { f -> JSONNode in
                var members: [(String, JSONNode)] = [("ruleId", .string(f.rule))]
                if let i = ruleIndex[f.rule] { members.append(("ruleIndex", .int(i))) }
                members += [
                    ("level", .string(f.severity.sarifLevel)),
                    ("message", .object([("text", .string("\(img.reference) (\(img.platform)), \(f.location): \(f.message). Fix: \(f.fix)"))])),
                    ("locations", .array([.object([("physicalLocation", .object([
                        ("artifactLocation", .object([("uri", .string(dockerfilePath))])),
                        ("region", .object([("startLine", .int(max(1, f.line ?? 1)))])),
                    ]))])])),
                    ("properties", .object([("reference", .string(img.reference)), ("platform", .string(img.platform)),
                                            ("layer", .optional(f.layer))])),
                ]
                return .object(members)
            }
        }
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("cachectl")),
                    ("rules", .array(rules.map { r in
                        .object([
                            ("id", .string(r.id)),
                            ("shortDescription", .object([("text", .string(r.title))])),
                            ("fullDescription", .object([("text", .string(r.explanation))])),
                            ("help", .object([("text", .string(r.fix))])),
                            ("defaultConfiguration", .object([("level", .string(r.severity.sarifLevel))])),
                        ])
                    })),
                ]))])),
                ("results", .array(results)),
            ])])),
        ])
    }

    /// A Markdown summary (GitHub job summaries): one table per image.
    public func markdown() -> String {
        func cell(_ s: String) -> String {
            var out = ""
            for ch in Sanitize.inline(s) { out += ch == "|" ? "\\|" : String(ch) }
            return out
        }
        var out = "### cachectl lint\n\n"
        out += "\(count(.error)) error(s), \(count(.warning)) warning(s), \(count(.info)) info.\n"
        for img in images {
            out += "\n#### `\(cell(img.reference))` (\(cell(img.platform)))\n\n"
            if img.findings.isEmpty { out += "No findings.\n"; continue }
            out += "| Severity | Rule | Where | Meaning | Fix |\n|---|---|---|---|---|\n"
            for f in img.findings {
                let icon = f.severity == .error ? "❌ error" : (f.severity == .warning ? "⚠️ warning" : "ℹ️ info")
                let whereText = f.location + (f.line.map { " (line \($0))" } ?? "")
                out += "| \(icon) | `\(f.rule)` | \(cell(whereText)) | \(cell(f.message)) | \(cell(f.fix)) |\n"
            }
        }
        return out
    }

    /// GitHub Actions workflow commands, one line per finding: `::error|warning|notice
    /// file=…,line=…,title=…::message`. `file` and `line` are given only when a Dockerfile was
    /// given (and the finding maps to a line). Every value is escaped as the runner expects
    /// (`%`, CR, LF, and in properties `:` and `,`), so text from an image cannot start a command.
    public func githubAnnotations(dockerfileGiven: Bool) -> String {
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
        for img in images {
            for f in img.findings {
                let command = f.severity == .info ? "notice" : f.severity.rawValue
                var props: [String] = []
                if dockerfileGiven {
                    props.append("file=" + property(dockerfilePath))
                    if let line = f.line { props.append("line=\(line)") }
                }
                props.append("title=" + property("cachectl \(f.rule)"))
                out += "::\(command) \(props.joined(separator: ","))::"
                out += data("\(img.reference) (\(img.platform)), \(f.location): \(f.message). Fix: \(f.fix)") + "\n"
            }
        }
        return out
    }
}
