import CacheModel

/// Findings for one image (one platform of a reference).
public struct LintImageReport: Sendable {
    public let reference: String
    /// The image's platform (`linux/amd64`); nil for a cache export.
    public let platform: String?
    public let manifestDigest: Digest
    public let findings: [LintFinding]

    /// What this image's findings put at stake together, each step counted once.
    public var cost: LintCost { LintCost.union(findings.map(\.cost)) }
}

/// What lint looks at for one reference: its images (every platform of an index), or a cache export.
public enum LintTarget: Sendable {
    case images(reference: String, [LoadedImage])
    case export(reference: String, CacheExport)
}

/// How `lint` orders each image's findings.
public enum LintSort: String, Sendable, CaseIterable {
    /// Errors first, then warnings, then info; within one severity, by layer (findings without a layer first).
    case severity
    /// The most known seconds at stake first; findings without known seconds last; ties by severity, then layer.
    case cost
}

/// What `cachectl lint` reports (JSON schema version 1).
public struct LintReport: Sendable {
    /// Runs the registered rules over every target, in order; each image's findings ordered by `sort`.
    public static func analyze(
        _ targets: [LintTarget], dockerfile: Dockerfile? = nil, configuration: LintConfiguration,
        rules: [any LintRule] = LintRules.all, sort: LintSort = .severity
    ) -> LintReport {
        var images: [LintImageReport] = []
        for t in targets {
            switch t {
            case let .images(reference, found):
                images += Linter.lint(
                    reference: reference, images: found, dockerfile: dockerfile, configuration: configuration, rules: rules)
            case let .export(reference, export):
                images.append(Linter.lint(reference: reference, export: export, configuration: configuration))
            }
        }
        return LintReport(images: images, dockerfilePath: dockerfile?.path).sorted(by: sort)
    }

    /// The same report, each image's findings ordered by `sort`.
    public func sorted(by sort: LintSort) -> LintReport {
        LintReport(
            images: images.map { img in
                LintImageReport(
                    reference: img.reference, platform: img.platform, manifestDigest: img.manifestDigest,
                    findings: Linter.sorted(img.findings, by: sort))
            }, dockerfilePath: dockerfilePath)
    }

    /// A report of findings already made (one per image).
    public init(images: [LintImageReport], dockerfilePath: String?) {
        self.images = images
        self.dockerfilePath = dockerfilePath ?? "Dockerfile"
    }

    public let images: [LintImageReport]
    /// The Dockerfile path findings point at (`Dockerfile` when none was given).
    public let dockerfilePath: String

    public var findings: [LintFinding] { images.flatMap(\.findings) }

    /// What every finding puts at stake together: each image's steps counted once, however many
    /// findings name them.
    public var cost: LintCost { LintCost.sum(images.map(\.cost)) }

    public func count(_ severity: LintSeverity) -> Int { findings.filter { $0.severity == severity }.count }

    /// Whether any finding is at or above `threshold` (nil = never).
    public func fails(at threshold: LintSeverity?) -> Bool {
        guard let threshold else { return false }
        return findings.contains { $0.severity >= threshold }
    }
}

/// Runs the registered rules.
enum Linter {
    /// Lints every image of one reference (every platform of an index).
    static func lint(
        reference: String, images: [LoadedImage], dockerfile: Dockerfile? = nil,
        configuration: LintConfiguration, rules: [any LintRule] = LintRules.all
    ) -> [LintImageReport] {
        let caches = images.map { ImageCache(image: $0) }
        return caches.map { cache in
            let subject = LintSubject(cache: cache, siblings: caches, dockerfile: dockerfile, configuration: configuration)
            var findings = rules.filter { configuration.runs($0.id) }.flatMap { $0.check(subject) }
            if let d = dockerfile {
                let lines = d.lines(forSteps: subject.steps)
                let chain = Set(d.finalStageChain)
                for i in findings.indices {
                    // A build-arg finding points at the ARG line that puts it in scope (the last in the final stage's lineage, else a global one).
                    guard let name = findings[i].argument else { continue }
                    let args = d.instructions.filter {
                        $0.keyword == "ARG" && ($0.stage == -1 || chain.contains($0.stage))
                            && String($0.body.prefix { $0 != "=" && $0 != " " }) == name
                    }
                    if let l = (args.last { $0.stage >= 0 } ?? args.last)?.line { findings[i].line = l }
                }
                for i in findings.indices where findings[i].line == nil {
                    if let l = findings[i].layer, let line = lines[l] {
                        findings[i].line = line
                    } else if findings[i].scope == .otherStages {
                        findings[i].line = d.firstOtherStageLine
                    }
                }
            }
            findings = sorted(findings, by: .severity)
            return LintImageReport(
                reference: reference, platform: cache.image.platform.description,
                manifestDigest: cache.image.manifestDigest, findings: findings)
        }
    }

    /// Findings in `sort`'s order; findings equal under it keep their order.
    static func sorted(_ findings: [LintFinding], by sort: LintSort) -> [LintFinding] {
        /// Whether `a` goes before `b` by severity then layer; nil when they tie.
        func bySeverity(_ a: LintFinding, _ b: LintFinding) -> Bool? {
            let x = (a.severity.rank, -(a.layer ?? -1)), y = (b.severity.rank, -(b.layer ?? -1))
            return x == y ? nil : x > y
        }
        func byCost(_ a: LintFinding, _ b: LintFinding) -> Bool? {
            switch (a.costSeconds, b.costSeconds) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return bySeverity(a, b)
            }
        }
        let before = sort == .cost ? byCost : bySeverity
        return findings.enumerated().sorted { before($0.element, $1.element) ?? ($0.offset < $1.offset) }.map(\.element)
    }

    /// Lints a cache export with the export rules (`LintRules.exports`).
    static func lint(reference: String, export: CacheExport, configuration: LintConfiguration) -> LintImageReport {
        LintImageReport(
            reference: reference, platform: nil, manifestDigest: export.loaded.manifestDigest,
            findings: LintRules.check(export, configuration: configuration))
    }
}
