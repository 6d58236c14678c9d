import CacheAnalysis
import CacheModel

/// `cachectl inspect --format dot`: the cache-key graph for Graphviz, records as nodes (styled
/// by their role), input links as edges.
public enum InspectDOT {
    public static func render(_ r: InspectReport) -> String {
        guard let g = r.cache.graph else { return "digraph cache {\n}\n" }
        return render(graph: g, roles: r.recordRoles, steps: r.cache.layerSteps)
    }

    public static func render(_ r: ExportReport) -> String {
        render(graph: r.export.graph, roles: r.recordRoles, steps: r.layers.map(\.createdBy))
    }

    static func render(graph g: CacheGraph, roles: [RecordRole], steps: [String?]) -> String {
        var out = "digraph cache {\n  rankdir=BT;\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n"
        for (i, rec) in g.records.enumerated() {
            var label = "#\(i) \(rec.digest.short)"
            if let top = g.results[i].map(\.top).max() {
                label += "\\nlayer \(top)"
                if top < steps.count, let s = steps[top] { label += ": " + escape(StepText.short(s, limit: 40)) }
            }
            let style: String
            switch roles[i] {
            case .root: style = "shape=ellipse, style=filled, fillcolor=\"#dddddd\""
            case .final: style = "style=filled, fillcolor=\"#cce5ff\""
            case .result: style = "style=filled, fillcolor=\"#d4edda\""
            case .intermediate: style = "style=dashed"
            }
            out += "  r\(i) [label=\"\(label)\", \(style)];\n"
        }
        for (i, rec) in g.records.enumerated() {
            for (s, slot) in rec.inputs.enumerated() {
                for alt in slot {
                    out += "  r\(alt.link) -> r\(i) [label=\"\(s)\"\(slot.count > 1 ? ", style=dotted" : "")];\n"
                }
            }
        }
        return out + "}\n"
    }

    static func escape(_ s: String) -> String {
        s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
    }
}
