import CacheAnalysis
import CacheModel

/// `cachectl lint --format sarif`.
public enum LintSARIF {
    /// SARIF 2.1.0: one run, the rules as `tool.driver.rules`, one result per finding at its Dockerfile line
    /// (line 1 when unknown).
    public static func render(_ r: LintReport, rules: [any RuleDescription] = LintRules.described) -> JSONNode {
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let results: [JSONNode] = r.images.flatMap { img in
            img.findings.map { f -> JSONNode in
                var members: [(String, JSONNode)] = [("ruleId", .string(f.rule))]
                if let i = ruleIndex[f.rule] { members.append(("ruleIndex", .int(i))) }
                members += [
                    ("level", .string(f.severity.sarifLevel)),
                    (
                        "message",
                        .object([
                            ("text", .string("\(img.reference) (\(LintWording.platform(img))), \(f.location): \(f.message). Fix: \(f.fix)"))
                        ])
                    ),
                    (
                        "locations",
                        .array([
                            .object([
                                (
                                    "physicalLocation",
                                    .object([
                                        ("artifactLocation", .object([("uri", .string(r.dockerfilePath))])),
                                        ("region", .object([("startLine", .int(max(1, f.line ?? 1)))])),
                                    ])
                                )
                            ])
                        ])
                    ),
                    (
                        "properties",
                        .object([
                            ("reference", .string(img.reference)), ("platform", .string(LintWording.platform(img))),
                            ("layer", .optional(f.layer)),
                            ("costSeconds", f.costSeconds.map { .double($0) } ?? .null), ("costSteps", .int(f.costSteps)),
                            ("costUnknownSteps", .int(f.costUnknownSteps)), ("costNote", .optional(f.costNote)),
                        ])
                    ),
                ]
                return .object(members)
            }
        }
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            (
                "runs",
                .array([
                    .object([
                        (
                            "tool",
                            .object([
                                (
                                    "driver",
                                    .object([
                                        ("name", .string("cachectl")),
                                        (
                                            "rules",
                                            .array(
                                                rules.map { r in
                                                    let text = LintRuleText.of(r.id)
                                                    return .object([
                                                        ("id", .string(r.id)),
                                                        ("shortDescription", .object([("text", .string(text?.title ?? r.id))])),
                                                        ("fullDescription", .object([("text", .string(text?.explanation ?? ""))])),
                                                        ("help", .object([("text", .string(text?.fix ?? ""))])),
                                                        ("defaultConfiguration", .object([("level", .string(r.severity.sarifLevel))])),
                                                    ])
                                                })
                                        ),
                                    ])
                                )
                            ])
                        ),
                        ("results", .array(results)),
                    ])
                ])
            ),
        ])
    }
}
