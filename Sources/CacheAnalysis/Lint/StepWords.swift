import CacheModel

/// Reading history `created_by` texts for lint rules.
enum StepWords {
    static let buildkitSuffix = " # buildkit"

    /// Without the ` # buildkit` marker.
    static func stripMarker(_ s: String) -> String {
        s.hasSuffix(buildkitSuffix) ? String(s.dropLast(buildkitSuffix.count)) : s
    }

    /// Keyword of a BuildKit history entry (`RUN`, `COPY`, `ADD`, `WORKDIR`…), uppercased.
    static func keyword(_ createdBy: String?) -> String { StepText.instruction(createdBy) }

    /// For a RUN entry: its build args (may be empty) and the shell command without `/bin/sh -c `.
    static func run(_ createdBy: String?) -> (args: [(String, String)], command: String)? {
        guard let c = createdBy, keyword(c) == "RUN" else { return nil }
        let body = stripMarker(c)
        var args: [(String, String)] = []
        var command: String
        if let parsed = StepText.buildArgs(body) {
            args = parsed.args
            command = parsed.command
        } else {
            command = String(body.dropFirst(min(body.count, 4)))
        }
        if command.hasPrefix("/bin/sh -c ") { command = String(command.dropFirst("/bin/sh -c ".count)) }
        return (args, command)
    }

    /// Whether a shell command mentions `$NAME` or `${NAME…}`.
    static func uses(_ command: String, variable name: String) -> Bool {
        let u = Array(command.utf8)
        let n = Array(name.utf8)
        guard !n.isEmpty else { return false }
        func isWord(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x5f
        }
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "$") {
                var j = i + 1
                let braced = j < u.count && u[j] == UInt8(ascii: "{")
                if braced { j += 1 }
                if j + n.count <= u.count && Array(u[j..<(j + n.count)]) == n {
                    let after = j + n.count
                    if braced || after >= u.count || !isWord(u[after]) { return true }
                }
            }
            i += 1
        }
        return false
    }

    /// For a COPY/ADD entry in BuildKit's form (`COPY a b /dest # buildkit`): its sources.
    static func copySources(_ createdBy: String?) -> [String]? {
        guard let c = createdBy else { return nil }
        let k = keyword(c)
        guard k == "COPY" || k == "ADD", !c.hasPrefix("/bin/sh -c #(nop)") else { return nil }
        let words = stripMarker(c).split(separator: " ").map(String.init).dropFirst().filter { !$0.hasPrefix("--") }
        guard words.count >= 2 else { return nil }
        return Array(words.dropLast())
    }

    /// A source that means "the whole build context".
    static func isWholeContext(_ source: String) -> Bool {
        ["." , "./", "./.", "/", "*", "./*"].contains(source)
    }

    /// Text for comparing a history entry with a Dockerfile instruction: marker, build-arg prefix
    /// and `/bin/sh -c ` removed, whitespace collapsed.
    static func normalizedHistory(_ createdBy: String) -> String {
        var s = stripMarker(createdBy)
        if s.hasPrefix("/bin/sh -c #(nop) ") { s = String(s.dropFirst("/bin/sh -c #(nop) ".count)) }
        if let r = run(s) { s = "RUN " + r.command }
        return collapse(s)
    }

    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    /// Short quote of a step for messages (sanitised, in backticks).
    static func quote(_ createdBy: String?, limit: Int = 60) -> String { StepText.short(createdBy, limit: limit) }
}

/// Durations for `--max-age` and lint messages.
public enum LintTime {
    /// `30d`, `12h`, `90m`, `45s`, `2w` → seconds. Nil when it does not parse or is not positive.
    public static func parseDuration(_ text: String) -> Int64? {
        guard let unit = text.last, text.count >= 2, let n = Int64(text.dropLast()), n > 0, n < 1_000_000_000 else { return nil }
        switch unit {
        case "s": return n
        case "m": return n * 60
        case "h": return n * 3600
        case "d": return n * 86_400
        case "w": return n * 7 * 86_400
        default: return nil
        }
    }

    /// "45 days", "3 hours", "12 minutes".
    public static func describe(seconds: Int64) -> String {
        if seconds >= 2 * 86_400 { return "\(seconds / 86_400) days" }
        if seconds >= 2 * 3600 { return "\(seconds / 3600) hours" }
        if seconds >= 120 { return "\(seconds / 60) minutes" }
        return "\(seconds) seconds"
    }
}
