import CacheModel

extension ParsedDockerfile {
    /// Parses a Dockerfile the way BuildKit's parser does: directives, comments, continuation lines
    /// (with the escape character), heredocs, flags, exec and shell forms. Errors carry a line.
    public init(parsing text: String) throws(DockerfileError) {
        var p = DockerfileParser(text: text)
        self = try p.parse()
    }
}

struct DockerfileParser {
    /// Lines with their newline (BuildKit's `scanLines`).
    let lines: [Substring]
    var next = 0
    var lineNumber = 0
    var escape: Unicode.Scalar = "\\"
    var directives: [Directive] = []
    var directivesDone = false
    var warnings: [DockerfileIssue] = []
    var unsupported: [DockerfileIssue] = []

    init(text: String) {
        var text = Substring(text)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        var out: [Substring] = []
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "\n" || text[i] == "\r\n" {
                let after = text.index(after: i)
                out.append(text[start..<after])
                start = after
            }
            i = text.index(after: i)
        }
        if start < text.endIndex { out.append(text[start...]) }
        lines = out
    }

    static func trimNewline(_ s: Substring) -> Substring {
        var s = s
        while let l = s.last, l == "\n" || l == "\r" || l == "\r\n" { s = s.dropLast() }
        return s
    }

    static func isSpace(_ c: Character) -> Bool { c.unicodeScalars.allSatisfy { $0.properties.isWhitespace } }

    static func trimLeading(_ s: Substring) -> Substring { s.drop(while: isSpace) }

    static func isComment(_ s: Substring) -> Bool { trimLeading(s).first == "#" }

    /// `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
    static func directive(_ line: Substring) -> (String, String)? {
        guard line.first == "#" else { return nil }
        var s = line.dropFirst().drop(while: isSpace)
        guard let f = s.first, f.isASCII, f.isLetter else { return nil }
        let name = s.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        s = s.dropFirst(name.count).drop(while: isSpace)
        guard s.first == "=" else { return nil }
        s = s.dropFirst().drop(while: isSpace)
        while let l = s.last, isSpace(l) { s = s.dropLast() }
        guard !s.isEmpty else { return nil }
        return (String(name), String(s))
    }

    mutating func processDirective(_ line: Substring) throws(DockerfileError) {
        guard !directivesDone else { return }
        guard let (rawName, value) = Self.directive(line) else { directivesDone = true; return }
        let name = rawName.lowercased()
        guard ["syntax", "escape", "check"].contains(name) else { directivesDone = true; return }
        if directives.contains(where: { $0.name == name }) { throw DockerfileError(.duplicateDirective(name), line: lineNumber) }
        if name == "escape" {
            guard value == "\\" || value == "`" else { throw DockerfileError(.invalidEscapeToken(value), line: lineNumber) }
            escape = value.unicodeScalars.first!
        }
        directives.append(Directive(name: name, value: value, line: lineNumber))
    }

    /// BuildKit's line-continuation regex: `([^E])E[ \t]*$|^E[ \t]*$` with E the escape character.
    func trimContinuation(_ line: Substring) -> (Substring, continues: Bool) {
        var s = line
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        guard let l = s.last, l.unicodeScalars.first == escape, l.unicodeScalars.count == 1 else { return (line, false) }
        let before = s.dropLast()
        if before.isEmpty { return ("", true) }
        if before.last?.unicodeScalars.first == escape { return (line, false) }
        return (before, true)
    }

    mutating func parse() throws(DockerfileError) -> ParsedDockerfile {
        var instructions: [DockerInstruction] = []
        var stage = -1
        while next < lines.count {
            var line = Self.trimLeading(Self.trimNewline(lines[next]))
            next += 1
            lineNumber += 1
            try processDirective(line)
            if Self.isComment(line) { line = "" }
            let start = lineNumber
            var (content, continues) = trimContinuation(line)
            if !continues && content.isEmpty { continue }
            var joined = String(content)
            var emptyContinuation = false
            while continues && next < lines.count {
                let raw = Self.trimNewline(lines[next])
                next += 1
                lineNumber += 1
                try processDirective(raw)
                if Self.isComment(raw) { continue }
                if Self.trimLeading(raw).isEmpty { emptyContinuation = true; continue }
                let (c, more) = trimContinuation(raw)
                joined += c
                continues = more
            }
            if emptyContinuation {
                warnings.append(DockerfileIssue(line: lineNumber, message: "empty continuation line in: \(joined)"))
            }
            let physical = lines[start - 1]
            do {
                var ins = try node(joined, line: start)
                if ["RUN", "COPY", "ADD", "ONBUILD"].contains(ins.keyword), joined.contains("<<") {
                    ins.heredocs = try readHeredocs(joined, line: start)
                }
                ins.endLine = lineNumber
                if ins.keyword == "FROM" { stage += 1 }
                ins.stage = stage
                ins.command = try command(ins)
                instructions.append(ins)
            } catch {
                throw Self.located(error, in: physical)
            }
        }
        if instructions.isEmpty { throw DockerfileError(.noInstructions, line: lineNumber) }
        return ParsedDockerfile(
            directives: directives, escape: escape, instructions: instructions,
            unsupported: unsupported, warnings: warnings)
    }

    /// The error with a 1-based column on its first line: where the offending text starts, else
    /// the keyword's.
    static func located(_ error: DockerfileError, in line: Substring) -> DockerfileError {
        guard error.column == 0, error.line > 0 else { return error }
        var e = error
        let chars = Array(trimNewline(line))
        func column(of needle: String) -> Int? {
            let n = Array(needle)
            guard !n.isEmpty, n.count <= chars.count else { return nil }
            for i in 0...(chars.count - n.count) where Array(chars[i..<(i + n.count)]) == n { return i + 1 }
            return nil
        }
        let keyword = (chars.firstIndex { !isSpace($0) } ?? 0) + 1
        switch error.kind {
        case let .invalidStageName(n): e.column = column(of: n) ?? keyword
        case let .invalidFlag(f): e.column = column(of: f) ?? keyword
        case .invalidJSON: e.column = column(of: "[") ?? keyword
        case .heredocAsDestination, .unterminatedHeredoc: e.column = column(of: "<<") ?? keyword
        default: e.column = keyword
        }
        return e
    }

    /// `splitCommand` + `extractBuilderFlags`.
    func node(_ line: String, line number: Int) throws(DockerfileError) -> DockerInstruction {
        // Split on Unicode scalars, as Go does on runes: a combining mark after a blank is a character
        // of its own there, not part of the blank.
        let scalars = Substring(line).unicodeScalars.drop { $0.properties.isWhitespace }.reversed().drop { $0.properties.isWhitespace }
            .reversed()
        let keywordEnd = scalars.firstIndex(where: Self.isBlank) ?? scalars.endIndex
        let keyword = String(String.UnicodeScalarView(scalars[..<keywordEnd]))
        var rest = Substring(String(String.UnicodeScalarView(scalars[keywordEnd...].drop(while: Self.isBlank))))
        var flags: [InstructionFlag] = []
        let (remaining, words) = extractFlags(rest)
        rest = remaining
        for w in words {
            guard w.hasPrefix("--") else { throw DockerfileError(.invalidFlag(w), line: number) }
            let body = w.dropFirst(2)
            if let eq = body.firstIndex(of: "=") {
                flags.append(InstructionFlag(name: String(body[..<eq]), value: String(body[body.index(after: eq)...])))
            } else {
                flags.append(InstructionFlag(name: String(body), value: nil))
            }
        }
        let args = String(rest.drop(while: Self.isSpace).reversed().drop(while: Self.isSpace).reversed())
        return DockerInstruction(
            keyword: keyword.uppercased(), line: number, endLine: number, original: line, flags: flags,
            arguments: args, heredocs: [], command: .unknown(args), stage: -1)
    }

    /// Leading `--flag` words (quotes and the escape character processed inside them); stops at
    /// the first word that does not start with `--`, or after a bare `--`.
    func extractFlags(_ text: Substring) -> (Substring, [String]) {
        // On Unicode scalars, as Go reads runes: a combining mark after a blank is not part of it.
        let line = text.unicodeScalars
        func rest(_ i: Substring.UnicodeScalarView.Index) -> Substring { Substring(String(String.UnicodeScalarView(line[i...]))) }
        var words: [String] = []
        var i = line.startIndex
        while true {
            while i < line.endIndex, line[i].properties.isWhitespace { i = line.index(after: i) }
            guard i < line.endIndex else { return (rest(i), words) }
            let after = line.index(after: i)
            guard line[i] == "-", after < line.endIndex, line[after] == "-" else { return (rest(i), words) }
            var word = String.UnicodeScalarView()
            var quote: Unicode.Scalar?
            var blankOK = false
            while i < line.endIndex {
                let c = line[i]
                if let q = quote {
                    if c == q { quote = nil; i = line.index(after: i); continue }
                    if c == escape {
                        let n = line.index(after: i)
                        if n == line.endIndex { quote = nil; i = n; continue }
                        word.append(line[n]); i = line.index(after: n); continue
                    }
                    word.append(c); i = line.index(after: i); continue
                }
                if c.properties.isWhitespace { break }
                if c == "'" || c == "\"" { quote = c; blankOK = true; i = line.index(after: i); continue }
                if c == escape {
                    let n = line.index(after: i)
                    if n == line.endIndex { i = n; continue }
                    word.append(line[n]); i = line.index(after: n); continue
                }
                word.append(c)
                i = line.index(after: i)
            }
            let w = String(word)
            if w == "--" { return (rest(i), words) }
            if blankOK || !w.isEmpty { words.append(w) }
        }
    }

    /// The heredocs named on the line, their bodies read from the following lines.
    mutating func readHeredocs(_ line: String, line start: Int) throws(DockerfileError) -> [Heredoc] {
        var lex = ShellLex(escape: "\\")
        lex.rawQuotes = true
        lex.rawEscapes = true
        lex.skipUnsetEnv = true
        let words = (try? lex.processWords(line, env: [:])) ?? []
        var docs: [Heredoc] = []
        for word in words {
            guard var doc = try Self.heredoc(word, line: start) else { continue }
            var terminated = false
            while next < lines.count {
                let raw = lines[next]
                next += 1
                lineNumber += 1
                var candidate = Self.trimNewline(raw)
                if doc.chomp { candidate = candidate.drop { $0 == "\t" } }
                if candidate == doc.name { terminated = true; break }
                doc.content += raw
            }
            if !terminated { throw DockerfileError(.unterminatedHeredoc(doc.name), line: start) }
            docs.append(doc)
        }
        return docs
    }

    /// `^(\d*)<<(-?)\s*([^<]*)$` and the quoting rule: a quoted delimiter turns expansion off.
    static func heredoc(_ word: String, line: Int) throws(DockerfileError) -> Heredoc? {
        var s = Substring(word)
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        s = s.dropFirst(digits.count)
        guard s.hasPrefix("<<") else { return nil }
        s = s.dropFirst(2)
        let chomp = s.first == "-"
        if chomp { s = s.dropFirst() }
        s = s.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }
        guard !s.isEmpty, !s.contains("<") else { return nil }
        var lex = ShellLex(escape: "\\")
        lex.skipUnsetEnv = true
        let rest = String(s)
        let words: [String]
        let raw: [String]
        do {
            words = try lex.processWords(rest, env: [:])
            lex.rawQuotes = true
            raw = try lex.processWords(rest, env: [:])
        } catch {
            throw DockerfileError(.expansion(error.description), line: line)
        }
        guard words.count == 1, raw.count == 1 else { return nil }
        func quotes(_ w: String) -> Int { w.filter { $0 == "'" || $0 == "\"" }.count }
        return Heredoc(
            name: words[0], content: "", chomp: chomp, expand: quotes(words[0]) == quotes(raw[0]),
            fileDescriptor: Int(digits) ?? 0)
    }

    /// Go's `parseWords`: words split on white space, quotes and escapes kept.
    func parseWords(_ rest: String) -> [String] {
        var words: [String] = []
        var buf = ""
        var inWord = false
        var quote: Character?
        var blankOK = false
        let chars = Array(rest)
        var i = 0
        func flush() { if blankOK || !buf.isEmpty { words.append(buf) }; buf = ""; blankOK = false }
        while i < chars.count {
            let c = chars[i]
            let isEscape = c.unicodeScalars.count == 1 && c.unicodeScalars.first == escape
            if !inWord && quote == nil {
                if Self.isSpace(c) { i += 1; continue }
                inWord = true
            }
            if let q = quote {
                if c == q { quote = nil }
                if isEscape && q != "'" {
                    if i + 1 == chars.count { quote = nil; i += 1; continue }
                    buf.append(c); i += 1
                    buf.append(chars[i]); i += 1
                    continue
                }
                buf.append(c); i += 1
                continue
            }
            if Self.isSpace(c) { inWord = false; flush(); i += 1; continue }
            if c == "'" || c == "\"" { quote = c; blankOK = true }
            if isEscape {
                if i + 1 == chars.count { i += 1; continue }
                buf.append(c); i += 1
            }
            buf.append(chars[i]); i += 1
        }
        if inWord || quote != nil { flush() }
        return words
    }

    static func whitespaceSplit(_ s: String) -> [String] {
        s.unicodeScalars.split(whereSeparator: isBlank).map { String(String.UnicodeScalarView($0)) }
    }

    /// The blanks that separate a keyword and words: space, tab, vertical tab, form feed, carriage return.
    static func isBlank(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\t" || u == "\u{0B}" || u == "\u{0C}" || u == "\r" }

    /// A JSON array of strings, nil when `s` is not JSON; a JSON array of something else is an error.
    static func jsonStrings(_ s: String, line: Int) throws(DockerfileError) -> [String]? {
        let t = Substring(s).drop(while: isSpace)
        guard t.hasPrefix("[") else { return nil }
        guard let doc = try? JSONDocument(parsing: Array(t.utf8), what: "instruction"), doc.value.kind == .array else { return nil }
        var out: [String] = []
        for e in doc.value.elements {
            guard let str = e.string else { throw DockerfileError(.invalidJSON("the array must hold only strings"), line: line) }
            out.append(str)
        }
        return out
    }

    func commandLine(_ ins: DockerInstruction) throws(DockerfileError) -> CommandForm {
        if let json = try Self.jsonStrings(ins.arguments, line: ins.line) { return .exec(json) }
        return .shell(ins.arguments)
    }

    func keyValues(_ ins: DockerInstruction) throws(DockerfileError) -> [KeyValue] {
        let words = parseWords(ins.arguments)
        guard let first = words.first else {
            throw DockerfileError(.missingArguments(instruction: ins.keyword, expected: "at least one argument"), line: ins.line)
        }
        if !first.contains("=") {
            let parts = ins.arguments.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2 else {
                throw DockerfileError(.missingArguments(instruction: ins.keyword, expected: "two arguments"), line: ins.line)
            }
            return [KeyValue(key: String(parts[0]), value: String(parts[1]).trimmingLeadingSpace())]
        }
        var out: [KeyValue] = []
        for w in words {
            guard let eq = w.firstIndex(of: "=") else {
                throw DockerfileError(.missingArguments(instruction: ins.keyword, expected: "name=value pairs (\(w))"), line: ins.line)
            }
            out.append(KeyValue(key: String(w[..<eq]), value: String(w[w.index(after: eq)...])))
        }
        return out
    }

    mutating func command(_ ins: DockerInstruction) throws(DockerfileError) -> DockerCommand {
        let args = ins.arguments
        switch ins.keyword {
        case "FROM":
            let words = Self.whitespaceSplit(args)
            guard words.count == 1 || (words.count == 3 && words[1].uppercased() == "AS") else {
                throw DockerfileError(.missingArguments(instruction: "FROM", expected: "an image, or an image AS a name"), line: ins.line)
            }
            var name: String?
            if words.count == 3 {
                let n = words[2].lowercased()
                guard let f = n.first, f.isASCII, f.isLetter,
                    n.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") })
                else {
                    throw DockerfileError(.invalidStageName(words[2]), line: ins.line)
                }
                name = n
            }
            return .from(base: words[0], name: name, platform: ins.flag("platform"))
        case "RUN": return .run(try commandLine(ins))
        case "CMD": return .cmd(try commandLine(ins))
        case "ENTRYPOINT": return .entrypoint(try commandLine(ins))
        case "SHELL":
            guard let json = try Self.jsonStrings(args, line: ins.line) else {
                throw DockerfileError(.invalidJSON("SHELL requires the arguments to be in JSON form"), line: ins.line)
            }
            return .shell(json)
        case "COPY", "ADD":
            let list = try Self.jsonStrings(args, line: ins.line) ?? Self.whitespaceSplit(args)
            guard list.count >= 2 else {
                throw DockerfileError(
                    .missingArguments(instruction: ins.keyword, expected: "at least two arguments: sources and a destination"),
                    line: ins.line)
            }
            if (try Self.heredoc(list.last!, line: ins.line)) != nil { throw DockerfileError(.heredocAsDestination, line: ins.line) }
            let sources = Array(list.dropLast())
            return ins.keyword == "COPY" ? .copy(sources: sources, dest: list.last!) : .add(sources: sources, dest: list.last!)
        case "WORKDIR": return .workdir(args)
        case "USER": return .user(args)
        case "ENV": return .env(try keyValues(ins))
        case "LABEL": return .label(try keyValues(ins))
        case "ARG":
            let words = parseWords(args)
            guard !words.isEmpty else {
                throw DockerfileError(.missingArguments(instruction: "ARG", expected: "at least one argument"), line: ins.line)
            }
            return .arg(
                words.map { w in
                    if let eq = w.firstIndex(of: "=") {
                        return ArgDeclaration(key: String(w[..<eq]), defaultValue: String(w[w.index(after: eq)...]))
                    }
                    return ArgDeclaration(key: w, defaultValue: nil)
                })
        case "EXPOSE": return .expose(Self.whitespaceSplit(args))
        case "VOLUME": return .volume(try Self.jsonStrings(args, line: ins.line) ?? Self.whitespaceSplit(args))
        case "STOPSIGNAL": return .stopSignal(args)
        case "MAINTAINER": return .maintainer(args)
        case "HEALTHCHECK": return .healthcheck(args)
        case "ONBUILD":
            unsupported.append(
                DockerfileIssue(line: ins.line, message: "ONBUILD triggers run in images built FROM this one; cachectl does not plan them"))
            return .onbuild(args)
        default:
            // BuildKit's instruction parser refuses what its line parser let through.
            throw DockerfileError(.unknownInstruction(ins.keyword), line: ins.line)
        }
    }
}

extension String {
    func trimmingLeadingSpace() -> String { String(drop { $0 == " " || $0 == "\t" }) }
}
