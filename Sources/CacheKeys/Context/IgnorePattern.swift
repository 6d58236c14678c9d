/// One pattern of a `.dockerignore` (or of a copy's include/exclude list), compiled the way
/// `github.com/moby/patternmatcher` v0.6 compiles it: an exact name, a prefix (`dir/**`), a suffix
/// (`**/name`, `**name`, `**`) or a regular expression in which `*` is `[^/]*`, `?` is `[^/]`,
/// `**/` is `(.*/)?` and a final `**` is `.*`. The expression is built as patternmatcher builds its
/// text and then run by a small matcher of that regular-expression subset; a pattern whose expression
/// falls outside the subset (a `\d`-style escape, a POSIX class) is refused rather than guessed.
public struct IgnorePattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as matched: cleaned, without its `!`.
    public let text: String
    /// A `!` exception: a path it matches is re-included.
    public let isException: Bool
    let form: Form

    enum Form: Sendable, Hashable {
        case exact(String)
        case prefix(String)
        case suffix(String)
        case expression(GlobExpression)
    }

    public var description: String { (isException ? "!" : "") + text }

    /// Compiles a pattern given to patternmatcher's `New` (white space trimmed, the path cleaned,
    /// a leading `!` taken as an exception). Nil for a pattern that is empty after trimming.
    init?(_ raw: String) throws(DockerIgnoreError) {
        var p = GoPath.trimSpace(raw)
        if p.isEmpty { return nil }
        p = GoPath.clean(p)
        var exception = false
        if GoPath.hasPrefix(p, "!") {
            if p == "!" { throw .invalidPattern(raw, reason: "an exception \"!\" must name a path") }
            exception = true
            p = GoPath.dropBytes(p, 1)
        }
        if let problem = GlobSyntax.problem(in: p) { throw .invalidPattern(raw, reason: problem) }
        text = p
        isException = exception
        form = try Self.compile(p, raw: raw)
    }

    /// Whether `path` (relative to the context root, `/`-separated) matches this pattern itself,
    /// without looking at its parent directories.
    func matches(_ path: String) -> Bool {
        switch form {
        case let .exact(name): return GoPath.same(path, name)
        case let .prefix(start): return path.utf8.starts(with: start.utf8)
        case let .suffix(end):
            if path.utf8.count >= end.utf8.count, path.utf8.reversed().starts(with: end.utf8.reversed()) { return true }
            // `**/foo` also matches `foo` itself.
            return GoPath.hasPrefix(end, "/") && GoPath.same(path, GoPath.dropBytes(end, 1))
        case let .expression(e): return e.matches(path)
        }
    }

    /// patternmatcher's `compile`: scans the pattern one character at a time, building the text of a
    /// regular expression and deciding the match form.
    private static func compile(_ pattern: String, raw: String) throws(DockerIgnoreError) -> Form {
        enum Kind { case exact, prefix, suffix, expression }
        let chars = Array(pattern.unicodeScalars)
        var kind = Kind.exact
        var regex = "^"
        var at = 0
        var i = 0
        func peek() -> Unicode.Scalar? { at < chars.count ? chars[at] : nil }
        while at < chars.count {
            let ch = chars[at]
            at += 1
            if ch == "*" {
                if peek() == "*" {
                    at += 1
                    if peek() == "/" { at += 1 }  // `**/` is `**`
                    if peek() == nil {
                        if kind == .exact { kind = .prefix } else { regex += ".*"; kind = .expression }
                    } else {
                        regex += "(.*/)?"
                        kind = .expression
                    }
                    if i == 0 { kind = .suffix }
                } else {
                    regex += "[^/]*"
                    kind = .expression
                }
            } else if ch == "?" {
                regex += "[^/]"
                kind = .expression
            } else if ".+()|{}$".unicodeScalars.contains(ch) {
                regex += "\\" + String(ch)
            } else if ch == "\\" {
                if let next = peek() {
                    at += 1
                    regex += "\\" + String(next)
                    kind = .expression
                } else {
                    regex += "\\"
                }
            } else if ch == "[" || ch == "]" {
                regex += String(ch)
                kind = .expression
            } else {
                regex += String(ch)
            }
            i += 1
        }
        switch kind {
        case .exact: return .exact(pattern)
        case .prefix: return .prefix(String(pattern.unicodeScalars.dropLast(2)))
        case .suffix: return .suffix(String(pattern.unicodeScalars.dropFirst(2)))
        case .expression:
            do { return .expression(try GlobExpression(parsing: regex + "$")) } catch {
                throw .invalidPattern(raw, reason: error.reason)
            }
        }
    }
}

/// The syntax check patternmatcher makes with Go's `filepath.Match(pattern, ".")`: a `\` must
/// escape something, and a `[` class must be closed, non-empty, with well-formed ranges.
enum GlobSyntax {
    static func problem(in pattern: String) -> String? {
        let c = Array(pattern.unicodeScalars)
        var i = 0
        // One character of a class (`getEsc`): not `-` or `]` unescaped, an escape must have its
        // character, and the class must go on after it.
        func classChar() -> Bool {
            guard i < c.count, c[i] != "-", c[i] != "]" else { return false }
            if c[i] == "\\" {
                i += 1
                guard i < c.count else { return false }
            }
            i += 1
            return i < c.count
        }
        while i < c.count {
            switch c[i] {
            case "\\":
                i += 1
                if i >= c.count { return "a trailing \\ escapes nothing" }
                i += 1
            case "[":
                i += 1
                if i < c.count, c[i] == "^" { i += 1 }
                var ranges = 0
                while true {
                    if i < c.count, c[i] == "]", ranges > 0 { i += 1; break }
                    guard classChar() else { return "a [ character class is empty, unclosed or has a bad range" }
                    if c[i] == "-" {
                        i += 1
                        guard classChar() else { return "a [ character class is empty, unclosed or has a bad range" }
                    }
                    ranges += 1
                }
            default:
                i += 1
            }
        }
        return nil
    }
}
