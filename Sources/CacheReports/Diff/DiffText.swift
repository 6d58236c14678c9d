import CacheAnalysis
import CacheModel

/// `cachectl diff` as text (the default format): the answer first, then every stage in build order.
public enum DiffText {
    public static func render(_ r: DiffReport, style s: Style, width: Int = 80) -> String {
        let w = max(width, 40)
        var out = DiffHeadline.lines(r, width: w).map { s.bold($0) }.joined(separator: "\n") + "\n\n"
        out += "Old  \(Sanitize.inline(r.old.reference))  \(r.old.manifestDigest.short)\n"
        for src in r.sources.dropFirst() { out += "     \(Sanitize.inline(src.reference))  \(src.manifestDigest.short)\n" }
        out += "New  \(Sanitize.inline(r.new.reference))  \(r.new.manifestDigest.short)\n"
        if !r.stages.isEmpty { out += "\n" + stages(r, style: s, width: w) }
        out += "\n" + totals(r, width: w).joined(separator: "\n") + "\n"
        for n in r.notes { out += DiffHeadline.wrap("Note: " + note(n), width: w, indent: "  ").joined(separator: "\n") + "\n" }
        if r.stages.contains(where: { st in st.steps.contains { $0.name == nil && $0.layer == nil } }) {
            out +=
                DiffHeadline.wrap(
                    "Steps of other stages are named by position: --dockerfile PATH names them as BuildKit prints them.",
                    width: w, indent: "  "
                ).joined(separator: "\n") + "\n"
        }
        return out
    }

    /// Counts and time, once.
    static func totals(_ r: DiffReport, width: Int) -> [String] {
        let all = r.stages.flatMap(\.steps)
        let counts = StepStatus.allCases.compactMap { k -> String? in
            let n = all.filter { $0.status == k }.count
            return n == 0 && (k == .depends || k == .unknown) ? nil : "\(n) \(k.rawValue)"
        }
        var t = "Steps: " + counts.joined(separator: ", ")
        if let lost = r.timeLostSeconds {
            t += "; time lost ≥ \(duration(lost))"
            if let cp = r.criticalPathLostSeconds, cp < lost { t += " (critical path \(duration(cp)))" }
        }
        if let saved = r.timeSavedSeconds { t += "; saved ≥ \(duration(saved))" }
        let unknown = r.durationsUnknown
        if unknown.run + unknown.saved > 0 { t += " (\(unknown.run + unknown.saved) of unknown duration)" }
        return DiffHeadline.wrap(t + ".", width: width, indent: "  ")
    }

    /// A fact about the pair, worded.
    public static func note(_ n: DiffReport.DiffNote) -> String {
        switch n {
        case let .unusableSource(reference, detail):
            return Sanitize.inline(detail.map(StepWording.text) ?? "\(reference) carries no usable cache") + "; it serves no step."
        case let .sourceDateEpoch(reference, old, new):
            func text(_ e: Int64?) -> String { e.map { "SOURCE_DATE_EPOCH=\($0)" } ?? "no SOURCE_DATE_EPOCH" }
            return
                "\(Sanitize.inline(reference)) was built with \(text(old)), the new build with \(text(new)): BuildKit puts it into every step's key, so no step of one can be served by the other."
        case let .namesFromProvenance(filename):
            return
                "steps are named from the \(Sanitize.inline(filename)) that NEW's provenance attestation records (mode=max); --dockerfile overrides it."
        case let .newOlderThanOld(old, new):
            return
                "NEW's newest result (\(Sanitize.inline(new))) is older than OLD's (\(Sanitize.inline(old))): the references may be in the wrong order (OLD first, NEW last)."
        }
    }

    /// Label of a step: as BuildKit prints it with --dockerfile, else its layer's history text, else its position.
    static func label(_ v: StepVerdict, position: Int? = nil) -> String {
        if let n = v.name { return StepLabel.display(n.printed) }
        if let l = v.layer { return "layer \(l) " + StepLabel.display(StepLabel.history(v.createdBy)) }
        return position.map { "step \($0) (record \(v.record))" } ?? "record \(v.record)"
    }

    /// A title per stage: its Dockerfile name, else "final stage" / "other stage N".
    public static func titles(_ stages: [StageVerdict]) -> [String] {
        var other = 0
        return stages.map { st in
            if let n = st.name { return Sanitize.inline(n) + (st.final && n != "final" ? " (final)" : "") }
            if st.final { return "final stage" }
            other += 1
            return "other stage \(other)"
        }
    }

    /// Stage indices in build order: by their first Dockerfile line when named, else the other
    /// stages (deepest first) before the final stage.
    static func buildOrder(_ stages: [StageVerdict]) -> [Int] {
        let idx = Array(stages.indices)
        let lines = stages.map { $0.steps.compactMap { $0.name?.line }.min() }
        if lines.allSatisfy({ $0 != nil }) { return idx.sorted { (lines[$0]!, $0) < (lines[$1]!, $1) } }
        return idx.filter { !stages[$0].final }.reversed() + idx.filter { stages[$0].final }
    }

    static func stages(_ r: DiffReport, style s: Style, width: Int) -> String {
        var out = ""
        let titles = titles(r.stages)
        var said = Set<String>()
        let w = StepWording(r)
        for i in buildOrder(r.stages) {
            let st = r.stages[i]
            let counts = StepStatus.allCases.compactMap { k -> String? in
                let c = st.steps.filter { $0.status == k }.count
                return c > 0 ? "\(c) \(k.rawValue)" : nil
            }
            out += "\(s.bold(titles[i])): \(counts.joined(separator: ", "))\n"
            for (k, v) in st.steps.enumerated() {
                let status: String
                switch v.status {
                case .cached: status = s.green(pad("cached", 8))
                case .unneeded: status = s.dim(pad("unneeded", 8))
                case .run: status = s.red(pad("run", 8))
                case .depends: status = s.yellow(pad("depends", 8))
                case .unknown: status = s.yellow(pad("unknown", 8))
                }
                let secs = v.duration.seconds.map { padLeft(duration($0), 7) } ?? padLeft("", 7)
                out += "  \(status) \(s.dim(secs))  \(DiffHeadline.cut(label(v, position: k + 1), width - 20))\n"
                if v.status == .run, let reason = v.reason {
                    let detail = w.detail(v)
                    let key = reason.rawValue + "\u{0}" + detail
                    let text =
                        said.insert(key).inserted ? "\(reason.rawValue): \(Sanitize.inline(detail))" : "\(reason.rawValue) (as above)"
                    out += DiffHeadline.wrap("    " + text, width: width, indent: "      ").joined(separator: "\n") + "\n"
                }
                if v.status == .run, let n = v.name, StepLabel.display(n.printed).count > width - 20 || n.printed.contains("\n") {
                    out +=
                        DiffHeadline.wrap("    step: " + Sanitize.inline(n.printed), width: width, indent: "      ").joined(separator: "\n")
                        + "\n"
                }
                out += files(v.files, note: v.filesNote, indent: "    ", style: s, width: width)
            }
        }
        return out
    }

    /// Text output lists this many paths per step; JSON lists them all.
    static let filesShown = 10

    static func size(_ n: Int?) -> String { n.map(String.init) ?? "-" }

    static func files(_ files: [FileChange]?, note: String?, indent: String, style s: Style, width: Int) -> String {
        var out = ""
        if let files {
            if files.isEmpty { out += "\(indent)files: none differ from OLD's layer\n" }
            for f in files.prefix(filesShown) {
                out +=
                    "\(indent)\(s.yellow(pad(f.change.rawValue, 8)))  \(Sanitize.inline(f.path))  (\(size(f.oldSize)) → \(size(f.newSize)) bytes)\n"
            }
            if files.count > filesShown { out += "\(indent)… and \(files.count - filesShown) more\n" }
        }
        if let note {
            out +=
                DiffHeadline.wrap("\(indent)files: \(Sanitize.inline(note))", width: width, indent: indent + "  ").joined(separator: "\n")
                + "\n"
        }
        return out
    }
}
