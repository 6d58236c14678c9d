import CacheAnalysis
import CacheModel

/// `cachectl diff --format json` (schemas/diff.v1.json, schema version 1).
public enum DiffJSON {
    public static func render(_ r: DiffReport) -> JSONNode {
        .object([
            ("schemaVersion", .int(1)),
            ("old", .object([("reference", .string(r.old.reference)), ("manifestDigest", .string(r.old.manifestDigest.description))])),
            ("new", .object([("reference", .string(r.new.reference)), ("manifestDigest", .string(r.new.manifestDigest.description))])),
            ("layers", .array(r.layers.map { l in
                .object([("index", .int(l.index)), ("createdBy", .optional(l.createdBy)), ("status", .string(l.status.rawValue)),
                         ("reason", .optional(l.reason?.rawValue)), ("detail", .string(l.detail)),
                         ("files", Self.filesJSON(l.files)), ("filesNote", .optional(l.filesNote))])
            })),
            ("intermediate", .object([("steps", .int(r.intermediateSteps)),
                                      ("matchedWithoutResult", .int(r.intermediateMatchedWithoutResult)),
                                      ("changed", .int(r.intermediateChanged)),
                                      ("hits", .int(r.intermediateHits))])),
            ("sources", .array(r.sources.map { s in
                .object([("reference", .string(s.reference)), ("manifestDigest", .string(s.manifestDigest.description)),
                         ("kind", .string(s.kind.rawValue))])
            })),
            ("newKind", .string(r.newKind.rawValue)),
            ("notes", .array(r.notes.map { .string($0) })),
            ("stages", .array(r.stages.map { st in
                .object([("final", .bool(st.final)), ("name", .optional(st.name)),
                         ("steps", .array(st.steps.map(Self.stepJSON)))])
            })),
            ("summary", .object([("hits", .int(r.hits)), ("misses", .int(r.misses)),
                                 ("firstMiss", .optional(r.firstMiss?.index)),
                                 ("rootCause", .optional(r.firstMiss?.reason?.rawValue)),
                                 ("stepsRun", .object([("final", .int(r.stepsRun(final: true))), ("other", .int(r.stepsRun(final: false)))])),
                                 ("stepsCached", .int(r.stages.flatMap(\.steps).filter { $0.status == .cached }.count)),
                                 ("stepsUnneeded", .int(r.stages.flatMap(\.steps).filter { $0.status == .unneeded }.count)),
                                 ("mainReason", .optional(r.mainRunReason?.rawValue)),
                                 ("timeLostSeconds", r.timeLostSeconds.map { .double($0) } ?? .null),
                                 ("timeSavedSeconds", r.timeSavedSeconds.map { .double($0) } ?? .null),
                                 ("criticalPathLostSeconds", r.criticalPathLostSeconds.map { .double($0) } ?? .null),
                                 ("durationsUnknown", .object([("run", .int(r.durationsUnknown.run)), ("saved", .int(r.durationsUnknown.saved))])),
                                 ("verdict", .string(r.verdict))])),
        ])
    }

    /// One step of a stage (also in history's builds).
    public static func stepJSON(_ v: StepVerdict) -> JSONNode {
        var fields: [(String, JSONNode)] = [
            ("record", .int(v.record)), ("layer", v.layer.map { .int($0) } ?? .null),
            ("createdBy", .optional(v.createdBy)), ("instruction", .optional(v.name?.instruction)),
            ("printed", .optional(v.name?.printed)), ("line", v.name.map { .int($0.line) } ?? .null),
            ("status", .string(v.status.rawValue)), ("reason", .optional(v.reason?.rawValue)),
        ]
        switch v.cause {
        case let .loaded(source): fields.append(("source", .int(source)))
        case let .checksum(consumer, own): fields.append(("consumer", .int(consumer))); fields.append(("ownReason", .string(own.rawValue)))
        case let .upstream(_, root): fields.append(("changeStartsAt", .int(root)))
        default: break
        }
        fields.append(("durationSeconds", v.duration.seconds.map { .double($0) } ?? .null))
        fields.append(("durationSource", .string(v.duration.source.rawValue)))
        fields.append(("durationNote", .optional(v.duration.note)))
        fields.append(("detail", .string(v.detail)))
        fields.append(("files", filesJSON(v.files)))
        fields.append(("filesNote", .optional(v.filesNote)))
        return .object(fields)
    }

    static func filesJSON(_ files: [FileChange]?) -> JSONNode {
        guard let files else { return .null }
        return .array(files.map { f in
            .object([("path", .string(f.path)), ("change", .string(f.change.rawValue)),
                     ("oldSize", f.oldSize.map { .int($0) } ?? .null), ("newSize", f.newSize.map { .int($0) } ?? .null)])
        })
    }
}
