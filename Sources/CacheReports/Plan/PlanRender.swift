import CacheAnalysis
import CacheKeys
import CacheModel

/// `cachectl plan`: one report per platform.
public enum PlanOutput: ReportOutput {
    public static let formats: [OutputFormat] = [.text, .json, .markdown]

    public static func render(_ reports: [PlanReport], as format: OutputFormat, _ o: RenderOptions) -> Rendered {
        switch format {
        case .json: return .json(PlanJSON.render(reports))
        case .markdown: return .text(reports.map { PlanText.markdown($0, single: reports.count == 1) }.joined(separator: "\n"))
        default:
            return .text(
                reports.map { PlanText.render($0, style: Style(color: o.color), width: o.width, single: reports.count == 1) }
                    .joined(separator: "\n"))
        }
    }
}

/// The key formula, as a person names the builder.
enum FormulaText {
    static func describe(_ f: KeyFormula) -> String {
        let engine: String
        switch f.engine {
        case .beforeV013: engine = "BuildKit before v0.13"
        case .v013ToV016: engine = "BuildKit v0.13–v0.16"
        case .v017: engine = "BuildKit v0.17"
        case .v018OrLater: engine = "BuildKit v0.18+"
        }
        let frontend: String
        switch f.frontend {
        case .beforeV011: frontend = "a Dockerfile frontend before v0.11"
        case .v011ToV021: frontend = "Dockerfile frontend v0.11–v0.21"
        case .v022OrLater: frontend = "Dockerfile frontend v0.22+ (docker/dockerfile 1.16+)"
        }
        return "\(engine), \(frontend)"
    }
}

public enum PlanText {
    public static func render(_ p: PlanReport, style s: Style, width: Int = 80, single: Bool) -> String {
        let w = max(width, 40)
        var out = ""
        if !single { out += s.bold("Platform \(Sanitize.inline(p.platform))") + "\n" }
        out += headline(p, width: w).map { s.bold($0) }.joined(separator: "\n") + "\n\n"
        out +=
            "Cache  "
            + (p.imported.isEmpty ? "none: a cold build runs every step" : p.imported.map { Sanitize.inline($0) }.joined(separator: ", "))
            + "\n"
        out +=
            DiffHeadline.wrap(
                "Keys   as \(FormulaText.describe(p.formula)) writes them"
                    + (p.imported.isEmpty ? "" : "; the cache holds \(p.formulaFound) of the plan's records under them"),
                width: w, indent: "       "
            ).joined(separator: "\n") + "\n"
        if !p.diff.stages.isEmpty { out += "\n" + DiffText.stages(p.diff, style: s, width: w) }
        for g in openGroups(p) {
            let more = g.records.count > 1 ? " and \(g.records.count - 1) more step\(g.records.count == 2 ? "" : "s")" : ""
            out +=
                DiffHeadline.wrap("\(g.status): \(g.name)\(more): \(Sanitize.inline(g.text))", width: w, indent: "  ").joined(
                    separator: "\n") + "\n"
        }
        for h in p.hygiene { out += "\n" + hygiene(h, p, width: w).joined(separator: "\n") + "\n" }
        out += "\n" + DiffText.totals(p.diff, width: w).joined(separator: "\n") + "\n"
        return out
    }

    /// The first lines: `diff`'s, in the future tense; when every step waits on one that has no key,
    /// that step and why.
    public static func headline(_ p: PlanReport, width: Int) -> [String] {
        let steps = p.steps
        if !steps.isEmpty, steps.allSatisfy({ $0.status == .unknown }),
            let (record, why) = p.why.sorted(by: { $0.key < $1.key }).first(where: { _, why in
                if case let .unplanned(u) = why, case .waitsOn = u { return false }
                if case .unplanned = why { return true }
                return false
            })
        {
            let name = steps.first { $0.record == record }.map { DiffText.label($0) } ?? "a step"
            return DiffHeadline.wrap(
                "Cannot plan: \(name) has no key: \(Sanitize.inline(PlanWording.text(why))); every step waits on it.",
                width: max(width, 40))
        }
        return DiffHeadline.lines(p.diff, width: max(width, 40), future: true)
    }

    /// The reasons of the steps that are open, each said once: its steps in build order, the first named.
    static func openGroups(_ p: PlanReport) -> [(status: String, name: String, records: [Int], text: String)] {
        var out: [(status: String, name: String, records: [Int], text: String)] = []
        for v in p.steps {
            guard let why = p.why[v.record] else { continue }
            let text = PlanWording.text(why)
            if let k = out.firstIndex(where: { $0.text == text && $0.status == v.status.rawValue }) {
                out[k].records.append(v.record); continue
            }
            out.append((v.status.rawValue, DiffText.label(v), [v.record], text))
        }
        return out
    }

    /// A `.dockerignore` proposal: the copy, the lines, what they save, what to check first.
    static func hygiene(_ h: HygieneProposal, _ p: PlanReport, width w: Int) -> [String] {
        let copy = DiffText.label(p.diff.stages[h.stage].steps[h.step])
        let files = h.lines.reduce(0) { $0 + $1.files }
        var out = DiffHeadline.wrap(
            "Context: \(copy) runs only because of \(files) file\(files == 1 ? "" : "s") a build rarely needs; "
                + (h.safe ? "add to .dockerignore:" : "check, then add to .dockerignore:"), width: w, indent: "  ")
        for l in h.lines {
            out.append("  " + Sanitize.inline(l.pattern) + "   (\(l.files) file\(l.files == 1 ? "" : "s"): \(kindText(l.kind)))")
            if let r = l.readBy { out += DiffHeadline.wrap("    check: \(Sanitize.inline(r)) may read it", width: w, indent: "      ") }
        }
        let secs = h.seconds.map { ", \(duration($0)) when last built" } ?? ""
        out += DiffHeadline.wrap(
            "  saves \(h.steps) step\(h.steps == 1 ? "" : "s")\(secs) in every build where only such files change",
            width: w, indent: "    ")
        return out
    }

    static func kindText(_ k: HygieneProposal.Kind) -> String {
        switch k {
        case .vcs: return "version-control metadata"
        case .dependencies: return "dependencies the image installs itself"
        case .logs: return "logs"
        case .editor: return "editor files"
        case .os: return "OS files"
        case .cache: return "caches"
        case .buildOutput: return "build output"
        }
    }

    public static func markdown(_ p: PlanReport, single: Bool) -> String {
        var out = "### cachectl plan" + (single ? "" : " (\(Markdown.cell(p.platform)))") + "\n\n"
        out += PlanText.headline(p, width: 10_000).map { "**\(Markdown.cell($0))**" }.joined(separator: "  \n") + "\n\n"
        out +=
            "Cache: " + (p.imported.isEmpty ? "none (a cold build)" : p.imported.map { "`\(Markdown.code($0))`" }.joined(separator: ", "))
            + "  \n"
        out += "Keys: as \(Markdown.cell(FormulaText.describe(p.formula))) writes them\n\n"
        out += DiffMarkdown.stageTable(p.diff)
        for g in openGroups(p) {
            let more = g.records.count > 1 ? " and \(g.records.count - 1) more step\(g.records.count == 2 ? "" : "s")" : ""
            out += "\n> \(Markdown.cell(g.status)): \(Markdown.cell(g.name + more)): \(Markdown.cell(g.text))\n"
        }
        for h in p.hygiene {
            out += "\n" + hygiene(h, p, width: 10_000).map { Markdown.cell($0) }.joined(separator: "  \n") + "\n"
        }
        return out
    }
}

/// `cachectl plan --format json` (schemas/plan.v1.json): the first platform's plan at the top
/// level, in the shape of `diff`'s JSON (`stages[].steps[]`, `summary`), and every platform's in `platforms`.
public enum PlanJSON {
    public static func render(_ reports: [PlanReport]) -> JSONNode {
        let all = reports.map(one)
        guard case let .object(first)? = all.first else { return .object([("schemaVersion", .int(1)), ("platforms", .array([]))]) }
        return .object([("schemaVersion", .int(1))] + first.filter { $0.0 != "schemaVersion" } + [("platforms", .array(all))])
    }

    static func one(_ p: PlanReport) -> JSONNode {
        let w = StepWording(p.diff)
        let diffSummary: [(String, JSONNode)]
        if case let .object(fields) = DiffJSON.render(p.diff), case let .object(s)? = fields.first(where: { $0.0 == "summary" })?.1 {
            diffSummary = s
        } else {
            diffSummary = []
        }
        let keep: Set<String> = [
            "stepsRun", "stepsCached", "stepsUnneeded", "mainReason", "timeSavedSeconds", "changeStartsAt",
            "fix", "stepsTotal", "stepsRunTotal",
        ]
        var summary = diffSummary.filter { keep.contains($0.0) }
        summary.append(("stepsDepends", .int(p.steps.filter { $0.status == .depends }.count)))
        summary.append(("stepsUnknown", .int(p.steps.filter { $0.status == .unknown }.count)))
        summary.append(("timeRunSeconds", p.timeRunSeconds.map { .double($0) } ?? .null))
        summary.append(("timeDependsSeconds", p.timeDependsSeconds.map { .double($0) } ?? .null))
        let headline = PlanText.headline(p, width: 80)
        summary.append(("headline", .array(headline.map { .string($0) })))
        summary.append(("verdict", .string(PlanText.headline(p, width: 10_000).joined(separator: " "))))
        return .object([
            ("schemaVersion", .int(1)),
            ("platform", .string(p.platform)),
            (
                "formula",
                .object([
                    ("engine", .string(String(describing: p.formula.engine))),
                    ("frontend", .string(String(describing: p.formula.frontend))),
                    ("description", .string(FormulaText.describe(p.formula))),
                ])
            ),
            ("recordsFound", .int(p.formulaFound)),
            ("sources", .array(p.imported.map { .string($0) })),
            (
                "stages",
                .array(
                    p.diff.stages.map { st in
                        .object([
                            ("final", .bool(st.final)), ("name", .optional(st.name)),
                            (
                                "steps",
                                .array(
                                    st.steps.map { v in
                                        guard case var .object(f) = DiffJSON.stepJSON(v, wording: w) else { return .null }
                                        f.append(("key", .optional(p.keys[v.record]?.description)))
                                        f.append(("contentKey", .optional(p.contentKeys[v.record]?.description)))
                                        f.append(("why", .optional(p.why[v.record].map(PlanWording.text))))
                                        return .object(f)
                                    })
                            ),
                        ])
                    })
            ),
            ("notes", .array(p.diff.notes.map { .string(DiffText.note($0)) })),
            (
                "hygiene",
                .array(
                    p.hygiene.map { h in
                        let v = p.diff.stages[h.stage].steps[h.step]
                        return .object([
                            ("printed", .optional(v.name?.printed)), ("record", .int(v.record)),
                            (
                                "lines",
                                .array(
                                    h.lines.map { l in
                                        .object([
                                            ("pattern", .string(l.pattern)), ("kind", .string(l.kind.rawValue)), ("files", .int(l.files)),
                                            ("readBy", .optional(l.readBy)),
                                        ])
                                    })
                            ),
                            ("steps", .int(h.steps)), ("seconds", h.seconds.map { .double($0) } ?? .null), ("safe", .bool(h.safe)),
                        ])
                    })
            ),
            ("summary", .object(summary)),
        ])
    }
}
