import CacheAnalysis
import CacheModel

/// Graphviz rendering of the cache-key graph: records as nodes, input links as edges.
enum DotRenderer {
    static func render(_ r: InspectReport) -> String {
        guard let g = r.cache.graph else { return "digraph cache {\n}\n" }
        return render(graph: g, roles: r.recordRoles(), steps: r.cache.layerSteps)
    }

    static func render(graph g: CacheGraph, roles given: [String]?, steps: [String?]) -> String {
        var out = "digraph cache {\n  rankdir=BT;\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n"
        let roles = given ?? g.records.indices.map { g.records[$0].isRoot ? "root" : (g.hasResult($0) ? "result" : "intermediate") }
        for (i, rec) in g.records.enumerated() {
            var label = "#\(i) \(rec.digest.short)"
            if let top = g.results[i].map(\.top).max() {
                label += "\\nlayer \(top)"
                if top < steps.count, let s = steps[top] { label += ": " + escape(StepText.short(s, limit: 40)) }
            }
            let style: String
            switch roles[i] {
            case "root": style = "shape=ellipse, style=filled, fillcolor=\"#dddddd\""
            case "final": style = "style=filled, fillcolor=\"#cce5ff\""
            case "result": style = "style=filled, fillcolor=\"#d4edda\""
            default: style = "style=dashed"
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
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
