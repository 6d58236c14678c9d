import CacheAnalysis
import CacheModel

/// `cachectl diff` as text (the default format).
public enum DiffText {
    public static func render(_ r: DiffReport, style s: Style) -> String {
        var out = "\(s.bold("Old"))  \(Sanitize.inline(r.old.reference))  \(r.old.manifestDigest.short)\n"
        for src in r.sources.dropFirst() { out += "     \(Sanitize.inline(src.reference))  \(src.manifestDigest.short)\n" }
        out += "\(s.bold("New"))  \(Sanitize.inline(r.new.reference))  \(r.new.manifestDigest.short)\n\n"
        for l in r.layers {
            let status: String
            switch l.status {
            case .base: status = s.dim(pad("base", 4))
            case .hit: status = s.green(pad("hit", 4))
            case .miss: status = s.red(pad("miss", 4))
            }
            out += "  \(padLeft(String(l.index), 3))  \(status)  \(StepText.short(l.createdBy, limit: 72))\n"
            if l.status == .miss {
                out += "       \(s.yellow(l.reason?.rawValue ?? "")): \(Sanitize.inline(l.detail))\n"
            }
        }
        if !r.stages.isEmpty {
            out += "\n" + stages(r, style: s)
        } else {
            out += "\n\(s.bold("Other stages")): \(r.intermediateSteps) step(s)"
            if r.intermediateSteps > 0 {
                out += "; \(r.intermediateMatchedWithoutResult) matched a key without a layer, \(r.intermediateChanged) changed"
                if r.intermediateHits > 0 { out += ", \(r.intermediateHits) served from cache" }
            }
            out += "."
        }
        out += "\n"
        out += "\(s.bold("Summary")): \(r.hits) hit(s), \(r.misses) miss(es)"
        if !r.stages.isEmpty {
            out += "; steps run: \(r.stepsRun(final: true)) in the final stage, \(r.stepsRun(final: false)) in other stages"
            if let main = r.mainRunReason { out += " (mostly \(main.rawValue))" }
            if let lost = r.timeLostSeconds {
                out += "; time lost ≥ \(duration(lost))"
                if let cp = r.criticalPathLostSeconds, cp < lost { out += " (critical path \(duration(cp)))" }
            }
            if let saved = r.timeSavedSeconds { out += ", saved ≥ \(duration(saved))" }
            let unknown = r.durationsUnknown
            if unknown.run + unknown.saved > 0 { out += " (\(unknown.run + unknown.saved) step(s) of unknown duration)" }
        }
        out += ". \(Sanitize.inline(r.verdict))\n"
        return out
    }

    /// Label of a step: as BuildKit prints it with --dockerfile, else its layer's history text.
    static func label(_ v: StepVerdict) -> String {
        if let n = v.name { return Sanitize.inline(n.printed) }
        if let l = v.layer { return "layer \(l) " + StepText.short(v.createdBy, limit: 60) }
        return "record \(v.record)"
    }

    /// A title per stage: its Dockerfile name, else "final stage" / "other stage N".
    static func titles(_ stages: [StageVerdict]) -> [String] {
        var other = 0
        return stages.map { st in
            if let n = st.name { return Sanitize.inline(n) + (st.final && n != "final" ? " (final)" : "") }
            if st.final { return "final stage" }
            other += 1
            return "other stage \(other)"
        }
    }

    static func stages(_ r: DiffReport, style s: Style) -> String {
        var out = "\(s.bold("Stages")) (cached: loaded from an imported cache; unneeded: key matched, nothing needed it; run: executed)\n"
        for (st, title) in zip(r.stages, titles(r.stages)) {
            let counts = StepStatus.allCases.compactMap { k -> String? in
                let c = st.steps.filter { $0.status == k }.count
                return c > 0 ? "\(c) \(k.rawValue)" : nil
            }
            out += "  \(s.bold(title)): \(counts.joined(separator: ", "))\n"
            for v in st.steps {
                let status: String
                switch v.status {
                case .cached: status = s.green(pad("cached", 8))
                case .unneeded: status = s.dim(pad("unneeded", 8))
                case .run: status = s.red(pad("run", 8))
                }
                let secs = v.duration.seconds.map { padLeft(duration($0), 7) } ?? padLeft("", 7)
                out += "    \(status)  \(pad(v.reason?.rawValue ?? "", 19)) \(s.dim(secs))  \(label(v))\n"
                if v.status == .run { out += "              \(Sanitize.inline(v.detail))\n" }
                out += files(v.files, note: v.filesNote, indent: "              ", style: s)
            }
        }
        return out
    }

    /// Text output lists this many paths per step; JSON lists them all.
    static let filesShown = 10

    static func size(_ n: Int?) -> String { n.map(String.init) ?? "-" }

    static func files(_ files: [FileChange]?, note: String?, indent: String, style s: Style) -> String {
        var out = ""
        if let files {
            if files.isEmpty { out += "\(indent)files: none differ from OLD's layer\n" }
            for f in files.prefix(filesShown) {
                out += "\(indent)\(s.yellow(pad(f.change.rawValue, 8)))  \(Sanitize.inline(f.path))  (\(size(f.oldSize)) → \(size(f.newSize)) bytes)\n"
            }
            if files.count > filesShown { out += "\(indent)… and \(files.count - filesShown) more\n" }
        }
        if let note { out += "\(indent)files: \(Sanitize.inline(note))\n" }
        return out
    }
}
