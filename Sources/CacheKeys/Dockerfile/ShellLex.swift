/// Variable expansion and word splitting as BuildKit's Dockerfile frontend does it
/// (`frontend/dockerfile/shell/lex.go`): `$V`, `${V}`, `${V:-w}`, `${V-w}`, `${V:+w}`, `${V+w}`,
/// `${V:?w}`, `${V?w}`, single and double quotes, the escape character. The pattern forms
/// (`${V#p}`, `${V%p}`, `${V/p/r}`) are reported as unsupported, never guessed.
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
            case "+", "-", "?":
                break
            default:
                throw .unsupportedModifier(modifier)
            }
            let word = try run(stop: "}", rawEscapes: false).result
            let value = lookup(n)
            if lex.skipUnsetEnv, value == nil { return "${\(n)\(modifier)\(word)}" }
            let unset = value == nil || (nullIsUnset && value == "")
            switch op {
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
