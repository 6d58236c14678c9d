import CacheAnalysis
import CacheModel

/// `cachectl advise --format json` (schemas/advise.v1.json, schema version 1).
public enum AdviseJSON {
    public static func render(_ a: Advice) -> JSONNode {
        .object([
            ("schemaVersion", .int(1)),
            ("reference", .string(a.reference)),
            ("recommendation", .string(a.recommendation.rawValue)),
            ("reasons", .array(a.reasonTexts.map { .string($0) })),
            ("stepsKeptByModeMax", .int(a.stepsKeptByModeMax)),
            ("secondsSavedByModeMax", a.otherStageWait.seconds.map { .double($0) } ?? .null),
            ("secondsSavedByModeMaxNote", .optional(a.otherStageWait.seconds == nil ? a.otherStageWait.note : nil)),
            (
                "snippets",
                .object([
                    ("buildx", .string(a.snippets.buildx)),
                    ("bake", .string(a.snippets.bake)),
                    ("githubActions", .string(a.snippets.githubActions)),
                    ("gitlab", .string(a.snippets.gitlab)),
                ])
            ),
        ])
    }
}
