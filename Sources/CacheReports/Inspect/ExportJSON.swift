import CacheAnalysis
import CacheModel

/// `cachectl inspect --format json` of a BuildKit cache export (schemas/inspect.v1.json).
public enum ExportJSON {
    public static func render(_ r: ExportReport) -> JSONNode {
        let export = r.export
        let loaded = export.loaded
        return .object([
            ("schemaVersion", .int(1)),
            ("reference", .string(loaded.reference)),
            ("manifestDigest", .string(loaded.manifestDigest.description)),
            ("indexDigest", .null),
            ("platform", .null),
            (
                "cache",
                .object([
                    ("kind", .string("export")),
                    ("status", .string("present")),
                    ("detail", .null),
                    ("form", .string(loaded.form.rawValue)),
                    ("mode", .string(export.mode.rawValue)),
                    ("records", .int(export.graph.records.count)),
                    ("recordsWithResults", .int(export.recordsWithResults)),
                    ("layers", .int(export.layers.count)),
                    ("configDigest", .string(loaded.configDigest.description)),
                    ("configBytes", .int(loaded.configBytes.count)),
                ])
            ),
            (
                "layers",
                .array(
                    r.layers.map { l in
                        .object([
                            ("index", .int(l.index)), ("digest", .string(l.blob.description)), ("parent", .int(l.parent)),
                            ("size", .optional(l.size)), ("mediaType", .optional(l.mediaType)),
                            ("diffID", .optional(l.diffID?.description)), ("createdAt", .optional(l.createdAt)),
                            ("createdBy", .optional(l.createdBy)), ("finalChain", .bool(l.finalChain)),
                        ])
                    })
            ),
            ("intermediateSteps", .int(r.intermediateSteps)),
            ("intermediateWithResults", .int(export.stage.resultsOffChain.count)),
            (
                "notes",
                .array(
                    r.notes.map { n in
                        .object([("id", .string(n.rule)), ("severity", .string(n.severity.rawValue)), ("message", .string(n.message))])
                    })
            ),
            ("records", InspectJSON.records(export.graph, roles: r.recordRoles)),
        ])
    }
}
