import CacheAnalysis
import CacheModel

/// The first lines of `diff` (and of `plan`): what ran and what it cost, where the change starts
/// and why, and the one fix. At most three lines of `width` columns, words wrapped; a long step
/// text is cut with `…` here and shown whole in the detail.
public enum DiffHeadline {
    /// - Parameter future: worded before the build (`plan`): "Will run", "Nothing will run".
    public static func lines(_ r: DiffReport, width: Int = 80, future: Bool = false) -> [String] {
        let a = r.answer
        let w = max(width, 40)
        guard a.steps > 0 else { return [future ? "The build has no step to plan." : "NEW has no built step to compare."] }
        let open = r.stages.flatMap(\.steps).filter { $0.status == .depends || $0.status == .unknown }.count
        let pending = open == 0 ? "" : "; \(open) more depend\(open == 1 ? "s" : "") on them"
        guard let start = a.changeStart, a.run > 0 else {
            // Nothing definite: every step waits on what only the build shows (see each step's reason).
            if future, open == a.steps {
                return wrap("Cannot tell what will run: all \(open) steps wait on what is known only once the build runs.", width: w)
            }
            var l =
                future
                ? "Nothing will run: the imported cache serves all \(a.steps - open) steps\(pending)"
                : "Nothing ran: the imported cache serves all \(a.steps) steps"
            if let saved = r.timeSavedSeconds { l += " (≥ \(duration(saved)) of build time)" }
            return [l + "."]
        }
        // 1: what ran and what it cost.
        var first = (future ? "Will run " : "Ran ") + "\(a.run) of \(a.steps) steps"
        let other = a.run - a.runFinal
        if a.runFinal == 0 { first += ", all in other stages" } else if other > 0 { first += " (\(a.runFinal) in the final stage)" }
        first += pending
        if !(future && r.timeLostSeconds == nil) { first += "; " + cost(r, future: future) }
        first += "."
        // 2: where the change starts and why.
        let why = cause(start.step, r)
        let prefix = "Starts at "
        let room = w - prefix.count - 2 - min(why.count, w / 2)
        var second = prefix + name(start, r, limit: max(room, 20)) + ": " + why + "."
        if r.stages.flatMap(\.steps).allSatisfy({ $0.status != .run || $0.cause == .disabled }) {
            second = "--no-cache: every step runs" + (a.run < a.steps ? " that --no-cache-filter names." : ".")
        } else if start.step.cause == .noCache {
            second =
                future
                ? "No cache is imported: every step runs (a cold build)." : "No imported source carries a usable cache: every step ran."
        }
        var out = wrap(first, width: w) + wrap(second, width: w, indent: "  ")
        // 3: the one fix.
        if let f = a.fix { out += wrap("Fix: " + fix(f), width: w, indent: "  ") }
        if out.count > 3 { out = Array(out.prefix(3)); out[2] = cut(out[2], w) }
        return out
    }

    static func cost(_ r: DiffReport, future: Bool = false) -> String {
        if future, r.timeLostSeconds == nil { return "the cache records no time for them" }
        guard let lost = r.timeLostSeconds else { return r.answer.run == 1 ? "its time is not recorded" : "their time is not recorded" }
        if future { return (r.durationsUnknown.run > 0 ? "≥ " : "") + duration(lost) + " when last built" }
        return "cost " + (r.durationsUnknown.run > 0 ? "≥ " : "") + duration(lost)
    }

    /// A step as BuildKit prints it, else by its layer or its stage and position.
    static func name(_ s: DiffAnswer.ChangeStart, _ r: DiffReport, limit: Int) -> String { name(s, stages: r.stages, limit: limit) }

    public static func name(_ s: DiffAnswer.ChangeStart, stages: [StageVerdict], limit: Int) -> String {
        if let n = s.step.name { return cut(StepLabel.display(n.printed), limit) }
        if let l = s.step.layer { return cut("layer \(l) " + StepLabel.display(StepLabel.history(s.step.createdBy)), limit) }
        return "step \(s.position) of " + DiffText.titles(stages)[s.stage]
    }

    /// The concrete cause, short: the files, the build-arg and its two values, the base image.
    static func cause(_ v: StepVerdict, _ r: DiffReport) -> String { cause(v) }

    public static func cause(_ v: StepVerdict) -> String {
        switch v.cause {
        case .contentChanged:
            guard let files = v.files, let f = files.first else { return "the files it copies changed" }
            let more = files.count > 1 ? " and \(files.count - 1) more" : ""
            return "\(Sanitize.inline(f.path)) \(f.change.rawValue)\(more)"
        case .ownKeyChanged:
            switch v.keyChange {
            case let .buildArgs(args, _)?:
                func value(_ v: String?) -> String { v.map { cut(Sanitize.inline($0), 16) } ?? "unset" }
                return args.map { "build-arg \(Sanitize.inline($0.name)) \(value($0.old)) → \(value($0.new))" }
                    .joined(separator: ", ")
            case .instruction?: return "the instruction changed"
            default: return "its key is new (the instruction, or an ARG or ENV in scope)"
            }
        case .baseChanged: return "the base image changed"
        case .noCache: return "no imported source carries a usable cache"
        case .disabled: return "--no-cache (or --no-cache-filter) leaves the cache out"
        case .matchedWithoutResult: return "no imported cache holds its result"
        case .checksum: return "needed so a copy could checksum its files"
        case .upstream, .loaded, .unneeded: return v.reason?.rawValue ?? "ran"
        }
    }

    static func fix(_ f: DiffAnswer.Fix) -> String {
        switch f {
        case .exportCache:
            return "export a cache (--cache-to type=inline, or type=registry,mode=max)."
        case .sameSourceDateEpoch:
            return "build with the SOURCE_DATE_EPOCH the cache was built with."
        case let .declareArgLater(name):
            return "declare ARG \(Sanitize.inline(name)) just before the first step that uses it."
        case let .registryCacheModeMax(steps):
            return "a mode=max registry cache keeps \(steps) of these steps (cachectl advise)."
        }
    }

    /// Words of `text` in lines of at most `width` columns; later lines start with `indent`
    /// (the first keeps the text's own leading spaces).
    static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        let lead = String(text.prefix { $0 == " " })
        var lines: [String] = []
        var cur = lead
        for word in text.dropFirst(lead.count).split(separator: " ") {
            let start = lines.isEmpty ? lead : indent
            if cur == start { cur += word; continue }
            if cur.count + 1 + word.count > width { lines.append(cur); cur = indent + word } else { cur += " " + word }
        }
        if cur != (lines.isEmpty ? lead : indent) { lines.append(cur) }
        return lines
    }

    static func cut(_ s: String, _ limit: Int) -> String {
        s.count <= limit ? s : String(s.prefix(max(limit - 1, 1))) + "…"
    }
}

/// Step texts as a person wrote them: history markers dropped, a multi-line step (a heredoc)
/// as its first line and `…`, controls escaped.
enum StepLabel {
    static func history(_ createdBy: String?) -> String {
        guard var c = createdBy else { return "(no history)" }
        if c.hasSuffix(" # buildkit") { c = String(c.dropLast(" # buildkit".count)) }
        return c
    }

    static func display(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard let first = lines.first else { return "" }
        return Sanitize.inline(String(first)) + (lines.count > 1 ? " …" : "")
    }
}
