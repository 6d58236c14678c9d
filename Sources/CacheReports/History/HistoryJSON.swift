import CacheAnalysis
import CacheModel

/// `cachectl history --format json` (schemas/history.v1.json, schema version 1).
public enum HistoryJSON {
    public static func render(_ r: HistoryReport) -> JSONNode {
        .object([
            ("schemaVersion", .int(1)),
            ("repository", .string(r.repository)),
            ("builds", .array(r.builds.map(Self.buildJSON))),
            (
                "patterns",
                .array(
                    r.patterns.map { p in
                        .object([
                            ("id", .string(p.id.rawValue)), ("builds", .array(p.builds.map { .string($0) })),
                            ("message", .string(p.message)),
                        ])
                    })
            ),
            ("notes", .array(r.notes.map { .string($0) })),
        ])
    }

    /// How a build's steps are worded: against the build it imported.
    static func wording(_ b: HistoryBuild) -> StepWording {
        StepWording(stages: b.stages, sources: [b.cacheFrom ?? "the imported build"], unusable: b.sourceUnusable)
    }

    static func buildJSON(_ b: HistoryBuild) -> JSONNode {
        let w = wording(b)
        return .object([
            ("tag", .string(b.tag)),
            ("tags", .array(b.tags.map { .string($0) })),
            ("digest", .string(b.digest.description)),
            ("created", .optional(b.created)),
            ("cacheFrom", .optional(b.cacheFrom)),
            (
                "layers",
                .array(
                    b.layers.map { l in
                        .object([
                            ("index", .int(l.index)), ("status", .string(l.status.rawValue)), ("reason", .optional(l.reason?.rawValue)),
                        ])
                    })
            ),
            ("stepsRun", .int(b.stepsRun)),
            ("stepsCached", .int(b.stepsCached)),
            (
                "firstMiss",
                b.firstMiss.map { m in
                    .object([("index", .int(m.index)), ("reason", .optional(m.reason?.rawValue)), ("detail", .string(w.detail(m)))])
                } ?? .null
            ),
            ("timeLostSeconds", b.timeLostSeconds.map { .double($0) } ?? .null),
            (
                "changeStartsAt",
                b.changeStart.map { c in
                    .object([
                        ("record", .int(c.step.record)), ("layer", c.step.layer.map { .int($0) } ?? .null),
                        ("stage", .string(DiffText.titles(b.stages)[c.stage])), ("position", .int(c.position)),
                        ("printed", .optional(c.step.name?.printed)), ("reason", .optional(c.step.reason?.rawValue)),
                        ("because", .string(DiffHeadline.cause(c.step))), ("steps", .int(c.ran)),
                        ("seconds", c.seconds.map { .double($0) } ?? .null),
                    ])
                } ?? .null
            ),
            ("notes", .array(b.notes.map { .string($0.message) })),
            (
                "stages",
                .array(
                    b.stages.map { st in
                        .object([
                            ("final", .bool(st.final)), ("name", .optional(st.name)),
                            ("steps", .array(st.steps.map { DiffJSON.stepJSON($0, wording: w) })),
                        ])
                    })
            ),
        ])
    }
}
