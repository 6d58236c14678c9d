/// Variable expansion and word splitting as BuildKit's Dockerfile frontend does it
/// (`frontend/dockerfile/shell/lex.go`): `$V`, `${V}`, `${V:-w}`, `${V-w}`, `${V:+w}`, `${V+w}`,
/// `${V:?w}`, `${V?w}`, the pattern forms `${V#p}`, `${V##p}`, `${V%p}`, `${V%%p}`, `${V/p/r}`,
/// `${V//p/r}`, single and double quotes, the escape character. A replacement holding `$` (Go's
/// regexp would expand it) is reported as unsupported, never guessed.
public struct ShellLex: Sendable {
    public var escape: Unicode.Scalar
    /// Keep quote characters in the result.
    public var rawQuotes = false
    /// Keep escape characters in the result.
    public var rawEscapes = false
    /// Leave `$V` / `${V…}` as written when V is not set.
    public var skipUnsetEnv = false
    /// Treat quotes as ordinary characters.
    public var skipProcessQuotes = false

    public init(escape: Unicode.Scalar = "\\") { self.escape = escape }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case missingClosingBrace
        case badSubstitution
        case unterminatedQuote(Character)
        case unsetVariable(name: String, message: String)
        case unsupportedModifier(String)

        public var description: String {
            switch self {
            case .missingClosingBrace: return "syntax error: missing '}'"
            case .badSubstitution: return "syntax error: bad substitution"
            case let .unterminatedQuote(q): return "unexpected end of statement while looking for matching \(q)"
            case let .unsetVariable(name, message): return "\(name): \(message)"
            case let .unsupportedModifier(m): return "unsupported modifier (\(m)) in substitution (not computed by cachectl)"
            }
        }
    }

    /// The word with variables expanded and quotes removed (`ProcessWord`).
    public func processWord(_ word: String, env: [String: String]) throws(Failure) -> String {
        var w = Scanner(lex: self, text: word, env: env)
        return try w.run(stop: nil, rawEscapes: rawEscapes).result
    }

    /// The words of `text` after expansion (`ProcessWords`): split on unquoted white space,
    /// expanded values split too.
    public func processWords(_ text: String, env: [String: String]) throws(Failure) -> [String] {
        var w = Scanner(lex: self, text: text, env: env)
        return try w.run(stop: nil, rawEscapes: rawEscapes).words
    }

    /// Names of the variables `word` refers to (set or not), for "used ARG" bookkeeping.
    public func referencedNames(_ word: String, env: [String: String]) -> Set<String> {
        var w = Scanner(lex: self, text: word, env: env)
        _ = try? w.run(stop: nil, rawEscapes: rawEscapes)
        return w.referenced
    }

    private struct Words {
        var words: [String] = []
        var buf = ""
        var inWord = false
        mutating func addChar(_ c: Unicode.Scalar) {
            if c.properties.isWhitespace {
                if inWord, !buf.isEmpty { words.append(buf); buf = ""; inWord = false }
            } else {
                addRaw(c)
            }
        }
        mutating func addRaw(_ c: Unicode.Scalar) { buf.unicodeScalars.append(c); inWord = true }
        mutating func addString(_ s: String) { for c in s.unicodeScalars { addChar(c) } }
        mutating func addRawString(_ s: String) { buf += s; inWord = true }
        mutating func finish() -> [String] {
            if !buf.isEmpty { words.append(buf); buf = ""; inWord = false }
            return words
        }
    }

    private struct Scanner {
        let lex: ShellLex
        let chars: [Unicode.Scalar]
        var pos = 0
        let env: [String: String]
        var rawEscapes: Bool
        var referenced: Set<String> = []

        init(lex: ShellLex, text: String, env: [String: String]) {
            self.lex = lex; self.chars = Array(text.unicodeScalars); self.env = env; self.rawEscapes = lex.rawEscapes
        }

        func peek() -> Unicode.Scalar? { pos < chars.count ? chars[pos] : nil }
        mutating func next() -> Unicode.Scalar? {
            guard pos < chars.count else { return nil }
            defer { pos += 1 }
            return chars[pos]
        }

        mutating func run(stop: Unicode.Scalar?, rawEscapes raw: Bool) throws(Failure) -> (result: String, words: [String]) {
            let saved = rawEscapes
            rawEscapes = raw
            defer { rawEscapes = saved }
            var result = ""
            var words = Words()
            while let ch = peek() {
                if let stop, ch == stop {
                    pos += 1
                    return (result, words.finish())
                }
                if ch == "$" {
                    let s = try dollar()
                    result += s
                    words.addString(s)
                } else if ch == "<" {
                    let s = possibleHeredoc()
                    result += s
                    words.addRawString(s)
                } else if !lex.skipProcessQuotes, ch == "'" {
                    let s = try singleQuote()
                    result += s
                    words.addRawString(s)
                } else if !lex.skipProcessQuotes, ch == "\"" {
                    let s = try doubleQuote()
                    result += s
                    words.addRawString(s)
                } else {
                    var c = next()!
                    if c == lex.escape {
                        if rawEscapes { words.addRaw(c); result.unicodeScalars.append(c) }
                        guard let n = next() else { break }
                        c = n
                        words.addRaw(c)
                    } else {
                        words.addChar(c)
                    }
                    result.unicodeScalars.append(c)
                }
            }
            if let stop {
                if stop == "}" { throw .missingClosingBrace }
                throw .unterminatedQuote(Character(stop))
            }
            return (result, words.finish())
        }

        mutating func possibleHeredoc() -> String {
            pos += 1
            guard peek() == "<" else { return "<" }
            pos += 1
            var s = "<<"
            while let c = peek(), c == " " || c == "\t" || c == "\r" || c == "\n" { s.unicodeScalars.append(c); pos += 1 }
            return s
        }

        mutating func singleQuote() throws(Failure) -> String {
            var out = ""
            let open = next()!
            if lex.rawQuotes { out.unicodeScalars.append(open) }
            while true {
                guard let c = next() else { throw .unterminatedQuote("'") }
                if c == "'" {
                    if lex.rawQuotes { out.unicodeScalars.append(c) }
                    return out
                }
                out.unicodeScalars.append(c)
            }
        }

        mutating func doubleQuote() throws(Failure) -> String {
            var out = ""
            let open = next()!
            if lex.rawQuotes { out.unicodeScalars.append(open) }
            while true {
                guard let c = peek() else { throw .unterminatedQuote("\"") }
                if c == "\"" {
                    pos += 1
                    if lex.rawQuotes { out.unicodeScalars.append(c) }
                    return out
                }
                if c == "$" { out += try dollar(); continue }
                var ch = next()!
                if ch == lex.escape {
                    if rawEscapes { out.unicodeScalars.append(ch) }
                    guard let n = peek() else { continue }
                    if n == "\"" || n == "$" || n == lex.escape { ch = next()! }
                }
                out.unicodeScalars.append(ch)
            }
        }

        mutating func name() -> String {
            var n = ""
            while let c = peek() {
                if n.isEmpty, c.properties.numericType != nil, ("0"..."9").contains(c) {
                    while let d = peek(), ("0"..."9").contains(d) { n.unicodeScalars.append(d); pos += 1 }
                    return n
                }
                if n.isEmpty, "@*#?-$!0".unicodeScalars.contains(c) { pos += 1; return String(c) }
                guard c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" else { break }
                n.unicodeScalars.append(c)
                pos += 1
            }
            return n
        }

        /// `${V/pattern/replacement}` and `${V//pattern/replacement}`: the first (every) longest
        /// match replaced.
        mutating func replace(_ n: String) throws(Failure) -> String {
            let all = peek() == "/"
            if all { pos += 1 }
            let patternText = try run(stop: "/", rawEscapes: true).result
            let replacement = try run(stop: "}", rawEscapes: true).result
            let value = lookup(n)
            if lex.skipUnsetEnv, value == nil { return "${\(n)/\(patternText)/\(replacement)}" }
            // Go's ReplaceAllString expands `$name` in the replacement: not followed here.
            if replacement.contains("$") { throw .unsupportedModifier("/ with $ in the replacement") }
            let pattern = try ShellPattern(patternText)
            let v = Array((value ?? "").unicodeScalars)
            var out = String.UnicodeScalarView()
            var i = 0
            var replaced = false
            while i <= v.count {
                if !(replaced && !all), let end = pattern.matchPrefix(v[i...], greedy: true) {
                    out.append(contentsOf: replacement.unicodeScalars)
                    replaced = true
                    if end > i {
                        i = end
                        continue
                    }
                }
                if i < v.count { out.append(v[i]) }
                i += 1
            }
            return String(out)
        }

        mutating func lookup(_ name: String) -> String? {
            referenced.insert(name)
            return env[name]
        }

        mutating func dollar() throws(Failure) -> String {
            pos += 1
            if peek() != "{" {
                let n = name()
                if n.isEmpty { return "$" }
                guard let v = lookup(n) else { return lex.skipUnsetEnv ? "$" + n : "" }
                return v
            }
            pos += 1
            guard let first = peek() else { throw .missingClosingBrace }
            if first == "{" || first == "}" || first == ":" { throw .badSubstitution }
            let n = name()
            guard let ch = next() else { throw .missingClosingBrace }
            var modifier = String(ch)
            var op = ch
            var nullIsUnset = false
            switch ch {
            case "}":
                guard let v = lookup(n) else { return lex.skipUnsetEnv ? "${\(n)}" : "" }
                return v
            case ":":
                nullIsUnset = true
                guard let c2 = next() else { throw .missingClosingBrace }
                op = c2
                modifier.unicodeScalars.append(c2)
                guard "+-?".unicodeScalars.contains(c2) else { throw .unsupportedModifier(modifier) }
            case "+", "-", "?", "#", "%":
                break
            case "/":
                return try replace(n)
            default:
                throw .unsupportedModifier(modifier)
            }
            var word = try run(stop: "}", rawEscapes: op == "#" || op == "%").result
            let value = lookup(n)
            if lex.skipUnsetEnv, value == nil { return "${\(n)\(modifier)\(word)}" }
            let unset = value == nil || (nullIsUnset && value == "")
            switch op {
            case "#", "%":
                // `#`/`%` remove the shortest prefix/suffix matching the pattern, `##`/`%%` the longest.
                let greedy = word.unicodeScalars.first == op
                if greedy { word.unicodeScalars.removeFirst() }
                let v = Array((value ?? "").unicodeScalars)
                if op == "#" {
                    let pattern = try ShellPattern(word)
                    guard let end = pattern.matchPrefix(v[...], greedy: greedy) else { return value ?? "" }
                    return String(String.UnicodeScalarView(v[end...]))
                }
                let pattern = try ShellPattern(word).reversed()
                let r = Array(v.reversed())
                guard let end = pattern.matchPrefix(r[...], greedy: greedy) else { return value ?? "" }
                return String(String.UnicodeScalarView(r[end...].reversed()))
            case "-": return unset ? word : value!
            case "+": return unset ? "" : word
            default:
                if value == nil { throw .unsetVariable(name: n, message: word.isEmpty ? "is not allowed to be unset" : word) }
                if nullIsUnset && value == "" {
                    throw .unsetVariable(name: n, message: word.isEmpty ? "is not allowed to be empty" : word)
                }
                return value!
            }
        }
    }
}

/// A `${V#…}` / `${V%…}` / `${V/…/…}` pattern (`convertShellPatternToRegex`): `*` any run, `?` any
/// one character (neither matches a newline, as Go's `.`), `\*` `\?` `\\` literal, everything else
/// literal; `\}` and `\/` stand for `}` and `/`.
struct ShellPattern {
    enum Token: Equatable { case star, one, literal(Unicode.Scalar) }
    var tokens: [Token]

    init(tokens: [Token]) { self.tokens = tokens }

    init(_ text: String) throws(ShellLex.Failure) {
        var out: [Token] = []
        let chars = Array(text.unicodeScalars)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            i += 1
            switch c {
            case "*": out.append(.star)
            case "?": out.append(.one)
            case "\\":
                guard i < chars.count else { out.append(.literal(c)); continue }
                let n = chars[i]
                if n == "}" || n == "/" { continue }
                guard n == "*" || n == "?" || n == "\\" else { throw .unsupportedModifier("invalid escape '\\\(n)' in a pattern") }
                out.append(.literal(n))
                i += 1
            default: out.append(.literal(c))
            }
        }
        tokens = out
    }

    /// The pattern for matching a reversed string (`reversePattern`).
    func reversed() -> ShellPattern { ShellPattern(tokens: tokens.reversed()) }

    /// End of the first match at the start of `s`, trying shorter runs for `*` first unless greedy
    /// (leftmost-first, as Go's regexp).
    func matchPrefix(_ s: ArraySlice<Unicode.Scalar>, greedy: Bool) -> Int? {
        func match(_ t: Int, _ i: Int) -> Int? {
            guard t < tokens.count else { return i }
            switch tokens[t] {
            case let .literal(c):
                return i < s.endIndex && s[i] == c ? match(t + 1, i + 1) : nil
            case .one:
                return i < s.endIndex && s[i] != "\n" ? match(t + 1, i + 1) : nil
            case .star:
                var limit = i
                while limit < s.endIndex && s[limit] != "\n" { limit += 1 }
                let lengths = greedy ? Array((i...limit).reversed()) : Array(i...limit)
                for e in lengths { if let r = match(t + 1, e) { return r } }
                return nil
            }
        }
        return match(0, s.startIndex)
    }
}
