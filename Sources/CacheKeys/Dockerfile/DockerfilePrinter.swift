extension ParsedDockerfile {
    /// A canonical text of the Dockerfile: directives, then one line per instruction (keyword
    /// uppercased, flags as `--name=value`, continuations joined, comments left out), each heredoc
    /// body after its line. Parsing it gives the same instructions (`sameSyntax`).
    public func printed() -> String {
        var out = ""
        // The parser drops one byte-order mark at the start of the text: keep a keyword's own.
        if directives.isEmpty, instructions.first?.keyword.hasPrefix("\u{FEFF}") == true { out = "\u{FEFF}" }
        for d in directives { out += "# \(d.name)=\(d.value)\n" }
        let esc = Character(escape)
        for ins in instructions {
            var line = ins.keyword
            for f in ins.flags { line += " " + Self.flagWord(f, escape: esc) }
            if !ins.arguments.isEmpty {
                if ins.arguments.hasPrefix("--") { line += " --" }
                line += " " + ins.arguments
                // Arguments ending in one escape character (a continuation that met the end of the
                // file, or the escape followed by a form feed or other blank that is not a space or a
                // tab): a form feed after it keeps the line from continuing, and is trimmed again.
                if ins.arguments.last == esc, ins.arguments.dropLast().last != esc { line += "\u{c}" }
            }
            out += line + "\n"
            for h in ins.heredocs {
                out += h.content
                if !h.content.isEmpty && !h.content.hasSuffix("\n") { out += "\n" }
                out += h.name + "\n"
            }
        }
        return out
    }

    /// `--name=value`, name and value quoted where the parser would otherwise split or unquote them.
    static func flagWord(_ f: InstructionFlag, escape: Character) -> String {
        // On Unicode scalars, as the parser reads flags: an escape or a quote followed by a combining
        // mark is still an escape or a quote.
        let esc = escape.unicodeScalars.first!
        func quoted(_ t: String) -> String {
            guard t.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0 == "\"" || $0 == "'" || $0 == esc }) else { return t }
            var q = String.UnicodeScalarView()
            q.append("\"")
            for c in t.unicodeScalars {
                if c == "\"" || c == esc { q.append(esc) }
                q.append(c)
            }
            q.append("\"")
            return String(q)
        }
        guard let v = f.value else { return f.name.isEmpty ? "--\"\"" : "--" + quoted(f.name) }
        return "--" + quoted(f.name) + "=" + quoted(v)
    }

    /// Equal instructions and directives, whatever their lines and original spelling.
    public func sameSyntax(as other: ParsedDockerfile) -> Bool {
        guard escape == other.escape, instructions.count == other.instructions.count,
            directives.map({ [$0.name, $0.value] }) == other.directives.map({ [$0.name, $0.value] })
        else { return false }
        for (a, b) in zip(instructions, other.instructions) {
            guard a.keyword == b.keyword, a.flags == b.flags, a.arguments == b.arguments, a.command == b.command,
                a.stage == b.stage, a.heredocs.map(\.name) == b.heredocs.map(\.name),
                a.heredocs.map(\.chomp) == b.heredocs.map(\.chomp), a.heredocs.map(\.expand) == b.heredocs.map(\.expand)
            else { return false }
            // A body read at the end of the file may lack its last newline; the printer adds it.
            for (x, y) in zip(a.heredocs, b.heredocs)
            where x.content != y.content && x.content + "\n" != y.content
                && x.content != y.content + "\n"
            { return false }
        }
        return true
    }
}
