import CacheModel

/// Reading `created_by` texts: RUN build-arg prefixes, COPY/ADD, and short quotes for reports.
public enum StepText {
    /// `RUN |2 A=1 B=2 /bin/sh -c cmd # buildkit` → (["A": "1", "B": "2"], "/bin/sh -c cmd # buildkit").
    public static func buildArgs(_ createdBy: String) -> (args: [(String, String)], command: String)? {
        guard createdBy.hasPrefix("RUN |") else { return nil }
        var rest = createdBy.dropFirst("RUN |".count)
        let countText = rest.prefix { $0.isNumber }
        guard let count = Int(countText), count >= 0, count < 10_000 else { return nil }
        rest = rest.dropFirst(countText.count)
        var args: [(String, String)] = []
        for _ in 0..<count {
            while rest.first == " " { rest.removeFirst() }
            let token = rest.prefix { $0 != " " }
            guard let eq = token.firstIndex(of: "=") else { return nil }
            args.append((String(token[..<eq]), String(token[token.index(after: eq)...])))
            rest = rest.dropFirst(token.count)
        }
        while rest.first == " " { rest.removeFirst() }
        return (args, String(rest))
    }

    public static func instruction(_ createdBy: String?) -> String {
        guard let c = createdBy else { return "" }
        var t = Substring(c)
        if t.hasPrefix("/bin/sh -c #(nop) ") { t = t.dropFirst("/bin/sh -c #(nop) ".count) }
        return String(t.prefix { $0 != " " }).uppercased()
    }

    public static func short(_ createdBy: String?, limit: Int = 60) -> String {
        guard var c = createdBy else { return "(no history)" }
        if c.hasSuffix(" # buildkit") { c = String(c.dropLast(" # buildkit".count)) }
        let s = Sanitize.inline(c)
        guard s.count > limit else { return "`" + s + "`" }
        var cut = String(s.prefix(limit - 1))
        // Never end inside an escape (`\u{2…`): drop a `\u{` that lost its closing brace.
        if let slash = cut.lastIndex(of: "\\") {
            let tail = cut[slash...]
            if !tail.contains("}") && (tail.hasPrefix("\\u{") || "\\u{".hasPrefix(tail)) { cut = String(cut[..<slash]) }
        }
        return "`" + cut + "…`"
    }

    static func quoteStep(_ createdBy: String?) -> String { createdBy == nil ? "" : ": " + short(createdBy) }

    /// Human text for a step whose own key changed.
    public static func changeDetail(old: String?, new: String?) -> String {
        if let o = old, let n = new, let oa = buildArgs(o), let na = buildArgs(n) {
            let oldArgs = Dictionary(oa.args, uniquingKeysWith: { a, _ in a })
            let newArgs = Dictionary(na.args, uniquingKeysWith: { a, _ in a })
            let changed = Set(oldArgs.keys).union(newArgs.keys).sorted().filter { oldArgs[$0] != newArgs[$0] }
            if !changed.isEmpty {
                let parts = changed.map { k in "\(Sanitize.inline(k)) \(Sanitize.inline(oldArgs[k] ?? "(unset)")) → \(Sanitize.inline(newArgs[k] ?? "(unset)"))" }
                let used = changed.filter { k in na.command.contains("$" + k) || na.command.contains("${" + k) }
                let note = used.isEmpty ? " (the command does not use it: every RUN after the ARG re-runs anyway)" : ""
                return "build-arg changed: \(parts.joined(separator: ", "))\(note)"
            }
        }
        if let o = old, let n = new, o != n {
            return "the step changed: was \(short(o)), now \(short(n))"
        }
        if let n = new {
            let instr = instruction(n)
            if instr == "COPY" || instr == "ADD" { return "the copied content changed" + quoteStep(n) }
            return "the step's cache key changed (same text: an environment value, a build-arg or an input it reads changed)" + quoteStep(n)
        }
        return "the step's cache key is new"
    }
}
