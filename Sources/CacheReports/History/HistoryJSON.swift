import CacheAnalysis
import CacheModel

/// `cachectl history --format json` (schemas/history.v1.json, schema version 1).
public enum HistoryJSON {
    public static func render(_ r: HistoryReport) -> JSONNode {
        .object([
            ("schemaVersion", .int(1)),
            ("repository", .string(r.repository)),
            ("builds", .array(r.builds.map(Self.buildJSON))),
            ("patterns", .array(r.patterns.map { p in
                .object([("id", .string(p.id.rawValue)), ("builds", .array(p.builds.map { .string($0) })),
                         ("message", .string(p.message))])
            })),
            ("notes", .array(r.notes.map { .string($0) })),
        ])
    }

    static func buildJSON(_ b: HistoryBuild) -> JSONNode {
        .object([
            ("tag", .string(b.tag)),
            ("tags", .array(b.tags.map { .string($0) })),
            ("digest", .string(b.digest.description)),
            ("created", .optional(b.created)),
            ("cacheFrom", .optional(b.cacheFrom)),
            ("layers", .array(b.layers.map { l in
                .object([("index", .int(l.index)), ("status", .string(l.status.rawValue)), ("reason", .optional(l.reason?.rawValue))])
            })),
            ("stepsRun", .int(b.stepsRun)),
            ("stepsCached", .int(b.stepsCached)),
            ("firstMiss", b.firstMiss.map { m in
                .object([("index", .int(m.index)), ("reason", .optional(m.reason?.rawValue)), ("detail", .string(m.detail))])
            } ?? .null),
            ("timeLostSeconds", b.timeLostSeconds.map { .double($0) } ?? .null),
            ("notes", .array(b.notes.map { .string($0.message) })),
            ("stages", .array(b.stages.map { st in
                .object([("final", .bool(st.final)), ("name", .optional(st.name)),
                         ("steps", .array(st.steps.map(DiffJSON.stepJSON)))])
            })),
        ])
    }
}
