import CacheAnalysis
import CacheModel

public enum ExportText {
    public static func render(_ r: ExportReport, style s: Style) -> String {
        let e = r.export
        var out = "\(s.bold("Reference"))  \(Sanitize.inline(e.loaded.reference))\n"
        out += "\(s.bold("Manifest"))   \(e.loaded.manifestDigest)\n"
        out += "\(s.bold("Cache"))      BuildKit cache export (\(e.loaded.form.rawValue) form), mode=\(e.mode.rawValue): "
        out +=
            "\(e.graph.records.count) records, \(e.recordsWithResults) with results, \(e.layers.count) layers, config \(humanSize(e.loaded.configBytes.count))\n\n"
        let header = ["#", "SIZE", "PARENT", "CHAIN", "CREATED", "STEP"]
        let rows = r.layers.map { l -> [String] in
            [
                String(l.index), l.size.map(humanSize) ?? "-", l.parent < 0 ? "-" : String(l.parent),
                l.finalChain ? "final" : "other", String((l.createdAt ?? "-").prefix(19)),
                l.createdBy.map { StepText.short($0, limit: 60) } ?? s.dim(l.diffID?.short ?? l.blob.short),
            ]
        }
        let widths = (0..<5).map { c in max(header[c].count, rows.map { $0[c].count }.max() ?? 0) }
        out += "  " + s.dim((0..<5).map { pad(header[$0], widths[$0]) }.joined(separator: "  ") + "  " + header[5]) + "\n"
        for row in rows {
            out += "  " + (0..<5).map { pad(row[$0], widths[$0]) }.joined(separator: "  ") + "  " + row[5] + "\n"
        }
        out += "\n"
        let off = e.stage.resultsOffChain.count
        let bare = e.stage.intermediateSteps.count
        if e.mode == .max {
            out +=
                "\(s.bold("Other stages")): \(off) step(s) outside the final image have results: a build whose final stage misses can still take them from this cache.\n"
        } else {
            out += "\(s.bold("Other stages")): \(bare) step(s) are keyed without results (mode=min): export with mode=max to keep them.\n"
        }
        for n in r.notes {
            let tag = n.severity == .error ? s.red(n.rule) : s.yellow(n.rule)
            out += "\(tag): \(Sanitize.inline(n.message))\n"
        }
        return out
    }
}
