import CacheAnalysis
import CacheModel

public enum InspectText {
    public static func render(_ r: InspectReport, style s: Style) -> String {
        var out = ""
        let img = r.image
        out += "\(s.bold("Reference"))  \(Sanitize.inline(img.reference))\n"
        out += "\(s.bold("Manifest"))   \(img.manifestDigest)\n"
        if let idx = img.indexDigest { out += "\(s.bold("Index"))      \(idx)\n" }
        out += "\(s.bold("Platform"))   \(img.platform)\n"
        switch r.cache.status {
        case .absent:
            out +=
                "\(s.bold("Cache"))      \(s.red("none")): the config has no \(ImageConfig.inlineCacheKey); --cache-from this image imports nothing\n"
        case let .invalid(why):
            out += "\(s.bold("Cache"))      \(s.red("unusable")): \(Sanitize.inline(why))\n"
        case .present:
            out += "\(s.bold("Cache"))      inline, \(r.recordCount) records (\(humanSize(img.config.inlineCacheBytes)) payload)\n"
        }
        out += "\n"
        let rows = r.layers.map { l -> [String] in
            [
                String(l.index), humanSize(l.size), l.role.rawValue, r.cache.status == .present ? (l.cached ? "yes" : "no") : "-",
                StepText.short(l.createdBy, limit: 72),
            ]
        }
        let header = ["#", "SIZE", "ROLE", "CACHED", "STEP"]
        let widths = (0..<4).map { c in max(header[c].count, rows.map { $0[c].count }.max() ?? 0) }
        out +=
            "  "
            + s.dim(
                [
                    padLeft(header[0], widths[0]), padLeft(header[1], widths[1]), pad(header[2], widths[2]),
                    pad(header[3], widths[3]), header[4],
                ].joined(separator: "  ")) + "\n"
        for (row, l) in zip(rows, r.layers) {
            var cached = pad(row[3], widths[3])
            if l.role == .step && r.cache.status == .present { cached = l.cached ? s.green(cached) : s.yellow(cached) }
            out +=
                "  "
                + [padLeft(row[0], widths[0]), padLeft(row[1], widths[1]), pad(row[2], widths[2]), cached, row[4]]
                .joined(separator: "  ") + "\n"
        }
        guard r.cache.status == .present else { return out }
        out += "\n"
        if r.intermediateSteps > 0 {
            out += LintText.wrapped(
                "Other stages: \(r.intermediateSteps) step(s) in \(r.intermediateStages) stage(s) are keyed but hold no layers. "
                    + "Whenever one of them must run, all of them re-run: inline cache is always mode=min. "
                    + "A registry cache with mode=max would keep them.", indent: "  ")
        } else {
            out += "\(s.bold("Other stages")): none; every keyed step belongs to the final stage.\n"
        }
        if r.holes.isEmpty {
            out += "\(s.bold("Holes")): none.\n"
        } else {
            out +=
                "\(s.bold("Holes")): \(s.yellow("layer(s) \(r.holes.map(String.init).joined(separator: ", "))")) have no cached result although a later layer has one; "
            out += "a build that changes anything above them rebuilds them.\n"
        }
        return out
    }
}
