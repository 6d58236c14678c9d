/// Why a `.dockerignore` (or a pattern list) cannot be used. BuildKit fails the build for the same
/// patterns.
public enum DockerIgnoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidPattern(String, reason: String)

    public var description: String {
        switch self {
        case let .invalidPattern(p, reason):
            return "the ignore pattern \"\(p)\" is not valid (\(reason)); BuildKit refuses it as well: fix or remove that line"
        }
    }
}

/// The exclusion rules of a build context, read and matched as BuildKit does: `ignorefile.ReadAll`
/// then `patternmatcher` (v0.6), walked with fsutil's filter (the last pattern that matches a path or
/// one of its parent directories decides; `!` re-includes).
///
/// Paths are relative to the context root, `/`-separated, cleaned, without a leading `/`
/// (`app/main.txt`). Patterns are relative to the root too: `*.log` matches `a.log` but not
/// `dir/a.log` (that takes `**/*.log`).
public struct DockerIgnore: Sendable, Hashable {
    public let patterns: [IgnorePattern]

    /// No rule: nothing is excluded.
    public static let none = DockerIgnore(compiled: [])

    init(compiled: [IgnorePattern]) { patterns = compiled }

    /// Patterns as patternmatcher's `New` takes them (each trimmed and cleaned, `!` for exceptions,
    /// empty ones dropped).
    public init(patterns raw: [String]) throws(DockerIgnoreError) {
        var out: [IgnorePattern] = []
        for p in raw { if let compiled = try IgnorePattern(p) { out.append(compiled) } }
        patterns = out
    }

    /// The text of a `.dockerignore`, read as `ignorefile.ReadAll` reads it: a UTF-8 BOM dropped,
    /// lines split on `\n` (a `\r` before it dropped), a line starting with `#` is a comment (only in
    /// the first column), each line trimmed, blank lines skipped, the path cleaned and a leading `/`
    /// removed (`/a` and `./a` are `a`), with `!` kept in front.
    public init(fileBytes: [UInt8]) throws(DockerIgnoreError) {
        try self.init(patterns: Self.readLines(fileBytes))
    }

    public init(text: String) throws(DockerIgnoreError) {
        try self.init(fileBytes: Array(text.utf8))
    }

    /// The pattern lines `ignorefile.ReadAll` returns for a file's bytes.
    public static func readLines(_ bytes: [UInt8]) -> [String] {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        if bytes.last == UInt8(ascii: "\n") { lines.removeLast() }  // no token after the final newline
        var out: [String] = []
        for (n, var line) in lines.enumerated() {
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if n == 0, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            var pattern = String(decoding: line, as: UTF8.self)
            if GoPath.hasPrefix(pattern, "#") { continue }
            pattern = GoPath.trimSpace(pattern)
            if pattern.isEmpty { continue }
            let invert = GoPath.hasPrefix(pattern, "!")
            if invert { pattern = GoPath.trimSpace(GoPath.dropBytes(pattern, 1)) }
            if !pattern.isEmpty {
                pattern = GoPath.clean(pattern)
                if pattern.utf8.count > 1, GoPath.hasPrefix(pattern, "/") { pattern = GoPath.dropBytes(pattern, 1) }
            }
            out.append(invert ? "!" + pattern : pattern)
        }
        return out
    }

    /// Whether any pattern is a `!` exception.
    public var hasExceptions: Bool { patterns.contains { $0.isException } }

    /// Which patterns a directory matched (itself or through a parent), handed to its children:
    /// patternmatcher's `MatchInfo`.
    public struct MatchState: Sendable, Hashable {
        let matched: [Bool]
    }

    /// Whether `path` is excluded, given the state of its parent directory (nil: unknown, every parent
    /// is then checked against each pattern). patternmatcher's `MatchesUsingParentResults`: patterns
    /// are taken in order; an exclusion is only tried while the path is included and an exception only
    /// while it is excluded; a pattern counts as matched when the parent matched it.
    public func evaluate(_ path: String, parent: MatchState?) -> (excluded: Bool, state: MatchState) {
        let inherited = parent?.matched
        var excluded = false
        var matchedNow = [Bool](repeating: false, count: patterns.count)
        var parentDirs: [String]?
        for (i, pattern) in patterns.enumerated() {
            var match = inherited.map { $0[i] } ?? false
            if !match {
                if pattern.isException != excluded { continue }
                match = pattern.matches(path)
                if !match, inherited == nil {
                    if parentDirs == nil { parentDirs = Self.ancestors(path) }
                    match = parentDirs!.contains { pattern.matches($0) }
                }
            }
            matchedNow[i] = match
            if match { excluded = !pattern.isException }
        }
        return (excluded, MatchState(matched: matchedNow))
    }

    /// Whether `path` is left out of the context, as fsutil's walk decides when the client sends it:
    /// each parent directory evaluated first and its state handed down, a parent that is excluded
    /// and can be pruned leaving out everything below it. (The parents of `path` are taken to be
    /// directories.)
    public func excludes(_ path: String) -> Bool {
        var state: MatchState?
        for dir in Self.ancestors(path) {
            let r = evaluate(dir, parent: state)
            if r.excluded, canSkipExcludedDirectory(dir) { return true }
            state = r.state
        }
        return evaluate(path, parent: state).excluded
    }

    /// patternmatcher's `MatchesOrParentMatches`: every parent checked against every pattern
    /// afresh. It can differ from the walk's verdict (`excludes`) when an exception's match on a
    /// parent is skipped in the walk; fsutil uses it only to open a single path.
    public func matchesOrParentMatches(_ path: String) -> Bool { evaluate(path, parent: nil).excluded }

    /// Whether an excluded directory can be left unwalked: fsutil skips it unless a `!` exception could
    /// re-include something inside it. That is decided by prefix only when every exception is a plain
    /// path (possibly ending in `/*` or `/**`); an exception with a wildcard elsewhere makes fsutil walk
    /// every excluded directory (and skip only what stays excluded).
    public func canSkipExcludedDirectory(_ dir: String) -> Bool {
        guard hasExceptions else { return true }
        let wildcardChars = Set("*[]?^\\".unicodeScalars)
        let stems = patterns.filter(\.isException).map(Self.withoutTrailingGlob)
        if stems.contains(where: { $0.unicodeScalars.contains(where: wildcardChars.contains) }) { return false }
        let dirSlash = dir + "/"
        return !stems.contains { GoPath.hasPrefix($0 + "/", dirSlash) }
    }

    private static func withoutTrailingGlob(_ p: IgnorePattern) -> String {
        var s = p.text
        if s.utf8.reversed().starts(with: "/**".utf8.reversed()) {
            s = String(decoding: s.utf8.dropLast(3), as: UTF8.self)
        } else if s.utf8.reversed().starts(with: "/*".utf8.reversed()) {
            s = String(decoding: s.utf8.dropLast(2), as: UTF8.self)
        }
        return s
    }

    /// `a`, `a/b` for `a/b/c`: the parent directories, outermost first.
    static func ancestors(_ path: String) -> [String] {
        // Split on the byte '/': a combining mark after a slash joins it into one Character, so
        // splitting Characters would miss that separator.
        let bytes = Array(path.utf8)
        return bytes.indices.filter { bytes[$0] == UInt8(ascii: "/") }.map { String(decoding: bytes[..<$0], as: UTF8.self) }
    }
}

/// Which ignore file a build uses (`frontend/dockerui/config.go`): `<Dockerfile>.dockerignore`
/// beside the Dockerfile (the Dockerfile's own name plus `.dockerignore`, e.g.
/// `build/app.Dockerfile.dockerignore`) when it exists, else `.dockerignore` at the context root.
/// Only one is read; the two are never merged.
public enum IgnoreFileChoice {
    /// The candidates in the order BuildKit tries them: paths as given (the Dockerfile's path and
    /// the context directory, joined with `/`).
    public static func candidates(dockerfile: String, context: String) -> [String] {
        [dockerfile + ".dockerignore", GoPath.join(context, ".dockerignore")]
    }
}
