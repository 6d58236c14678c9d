import CacheAnalysis
import CacheModel

/// `cachectl lint --format json` (schemas/lint.v1.json, schema version 1).
public enum LintJSON {
    /// `{schemaVersion: 1, images: [{reference, platform, findings: [{rule, severity, layer, message, fix,
    /// costSeconds, costSteps, costUnknownSteps, costNote}]}]}`.
    public static func render(_ r: LintReport) -> JSONNode {
        .object([
            ("schemaVersion", .int(1)),
            (
                "images",
                .array(
                    r.images.map { img in
                        .object([
                            ("reference", .string(img.reference)),
                            ("platform", .string(LintWording.platform(img))),
                            (
                                "findings",
                                .array(
                                    img.findings.map { f in
                                        .object([
                                            ("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)),
                                            ("layer", .optional(f.layer)), ("message", .string(f.message)), ("fix", .string(f.fix)),
                                            ("costSeconds", f.costSeconds.map { .double($0) } ?? .null), ("costSteps", .int(f.costSteps)),
                                            ("costUnknownSteps", .int(f.costUnknownSteps)), ("costNote", .optional(f.costNote)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }
}
