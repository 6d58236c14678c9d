import CacheAnalysis
import CacheModel

/// `cachectl inspect --format json` of an image (schemas/inspect.v1.json, schema version 1).
public enum InspectJSON {
    public static func render(_ r: InspectReport) -> JSONNode {
        let image = r.image
        return .object([
            ("schemaVersion", .int(1)),
            ("reference", .string(image.reference)),
            ("manifestDigest", .string(image.manifestDigest.description)),
            ("indexDigest", .optional(image.indexDigest?.description)),
            ("platform", .string(image.platform.description)),
            (
                "cache",
                .object([
                    ("kind", .string(r.cache.status == .absent ? "none" : "inline")),
                    ("status", .string(r.statusName)),
                    ("detail", .optional(r.statusDetail)),
                    ("records", .int(r.recordCount)),
                    ("payloadBytes", .int(image.config.inlineCacheBytes)),
                    ("configBytes", .int(image.configSize)),
                ])
            ),
            ("baseLayers", .int(r.cache.stage?.baseLayerCount ?? 0)),
            (
                "layers",
                .array(
                    r.layers.map { l in
                        .object([
                            ("index", .int(l.index)), ("digest", .string(l.digest.description)), ("size", .int(l.size)),
                            ("createdBy", .optional(l.createdBy)), ("role", .string(l.role.rawValue)), ("cached", .bool(l.cached)),
                        ])
                    })
            ),
            ("intermediateSteps", .int(r.intermediateSteps)),
            ("intermediateStages", .int(r.intermediateStages)),
            ("holes", .array(r.holes.map { .int($0) })),
            ("records", r.cache.graph.map { records($0, roles: r.recordRoles) } ?? .array([])),
        ])
    }

    /// The `records` array (images and exports): each record with its role, inputs and results,
    /// written one record at a time as the output is written (`record` as a node; `write`
    /// writes the same text without building it).
    static func records(_ g: CacheGraph, roles: [RecordRole]) -> JSONNode {
        .written(count: g.records.count, element: { record(g, roles, $0) }, write: { write(g, roles, $0, $1) })
    }

    static func record(_ g: CacheGraph, _ roles: [RecordRole], _ i: Int) -> JSONNode {
        let r = g.records[i]
        return .object([
            ("index", .int(i)),
            ("digest", .string(r.digest.description)),
            ("role", .string(roles[i].rawValue)),
            (
                "inputs",
                .array(
                    r.inputs.map { slot in
                        .array(
                            slot.map { a in
                                .object([("link", .int(a.link)), ("selector", .string(a.selector))])
                            })
                    })
            ),
            ("results", .array(g.results[i].map(result))),
        ])
    }

    /// `record(g, roles, i)`, written.
    static func write(_ g: CacheGraph, _ roles: [RecordRole], _ i: Int, _ w: JSONWriter) {
        let r = g.records[i]
        w.beginObject()
        w.key("index"); w.int(i)
        w.key("digest"); w.digest(r.digest)
        w.key("role"); w.string(roles[i].rawValue)
        w.key("inputs")
        w.beginArray()
        for slot in r.inputs {
            w.beginArray()
            for a in slot {
                w.beginObject()
                w.key("link"); w.int(a.link)
                w.key("selector"); w.string(a.selector)
                w.endObject()
            }
            w.endArray()
        }
        w.endArray()
        w.key("results")
        w.beginArray()
        for res in g.results[i] {
            w.beginObject()
            if let ex = res.explicit {
                w.key("form"); w.string("chain")
                w.key("layers")
                w.beginArray()
                for l in ex { w.int(l) }
                w.endArray()
            } else {
                w.key("form"); w.string("layer")
                w.key("layer"); w.int(res.top)
            }
            w.key("createdAt"); w.string(res.createdAt)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// A result in the wire's own form: `{form: "layer", layer: k}` (layer k and its parents) or
    /// `{form: "chain", layers: [...]}`. Never the expanded list, which is quadratic in the depth
    /// of a graph.
    static func result(_ res: ResolvedResult) -> JSONNode {
        if let ex = res.explicit {
            return .object([("form", .string("chain")), ("layers", .array(ex.map { .int($0) })), ("createdAt", .optional(res.createdAt))])
        }
        return .object([("form", .string("layer")), ("layer", .int(res.top)), ("createdAt", .optional(res.createdAt))])
    }
}
