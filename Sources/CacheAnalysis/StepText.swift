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
}

/// Reading `created_by` texts for lint rules: RUN commands and their variables, COPY sources,
/// and the normal form compared with a Dockerfile instruction.
extension StepText {
    static let buildkitSuffix = " # buildkit"

    /// Without the ` # buildkit` marker.
    static func stripMarker(_ s: String) -> String {
        s.hasSuffix(buildkitSuffix) ? String(s.dropLast(buildkitSuffix.count)) : s
    }

    /// For a RUN entry: its build args (may be empty) and the shell command without `/bin/sh -c `.
    static func run(_ createdBy: String?) -> (args: [(String, String)], command: String)? {
        guard let c = createdBy, instruction(c) == "RUN" else { return nil }
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
        let k = instruction(c)
        guard k == "COPY" || k == "ADD", !c.hasPrefix("/bin/sh -c #(nop)") else { return nil }
        let words = stripMarker(c).split(separator: " ").map(String.init).dropFirst().filter { !$0.hasPrefix("--") }
        guard words.count >= 2 else { return nil }
        return Array(words.dropLast())
    }

    /// A source that means "the whole build context".
    static func isWholeContext(_ source: String) -> Bool {
        [".", "./", "./.", "/", "*", "./*"].contains(source)
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
}
