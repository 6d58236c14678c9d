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

    /// Lints a cache export with the export rules (`LintRules.exports`).
    public static func lint(reference: String, export: CacheExport, configuration: LintConfiguration) -> LintImageReport {
        LintImageReport(reference: reference, platform: "cache export", manifestDigest: export.loaded.manifestDigest,
                        findings: LintRules.check(export, configuration: configuration))
    }

    public static func report(_ images: [LintImageReport], dockerfilePath: String?) -> LintReport {
        LintReport(images: images, dockerfilePath: dockerfilePath ?? "Dockerfile")
    }
}
