/// The regular expressions patternmatcher builds from ignore patterns, run with Go's `regexp`
/// (RE2, Perl flags) semantics: `.` is any character but a newline, a negated class does match a
/// newline, `^` outside a class asserts the start of the text, the match is of the whole path.
/// Only the subset those expressions can contain is accepted: literals, escaped punctuation, `.`,
/// classes with ranges, the group `(.*/)?`, and the `*` and `?` repetitions.
struct GlobExpression: Sendable, Hashable {
    struct ParseError: Error { let reason: String }

    indirect enum Atom: Sendable, Hashable {
        case scalar(Unicode.Scalar)
        case anyButNewline
        case set([ClosedRange<UInt32>], negated: Bool)
        case group([Item])
        case startOfText
    }
    enum Repeat: Sendable, Hashable { case once, zeroOrMore, optional }
    struct Item: Sendable, Hashable { let atom: Atom; let repeats: Repeat }

    let items: [Item]

    init(items: [Item]) { self.items = items }

    /// A pattern of Go's `path.Match`: `*` is any run of characters but `/`, `?` one character but
    /// `/`, `[...]` a class (`^` negates; it may match `/`), `\` escapes; nil when the pattern is
    /// malformed (`path.ErrBadPattern`).
    init?(pathMatch pattern: String) {
        if GlobSyntax.problem(in: pattern) != nil { return nil }
        let c = Array(pattern.unicodeScalars)
        let notSlash = Atom.set([UInt32(0x2F)...UInt32(0x2F)], negated: true)
        var out: [Item] = []
        var i = 0
        while i < c.count {
            let ch = c[i]
            i += 1
            switch ch {
            case "*": out.append(Item(atom: notSlash, repeats: .zeroOrMore))
            case "?": out.append(Item(atom: notSlash, repeats: .once))
            case "\\":
                out.append(Item(atom: .scalar(c[i]), repeats: .once))
                i += 1
            case "[":
                var negated = false
                if c[i] == "^" { negated = true; i += 1 }
                var ranges: [ClosedRange<UInt32>] = []
                var count = 0  // ranges read, an out-of-order one (never matching) included
                while !(c[i] == "]" && count > 0) {
                    func one() -> UInt32 {
                        if c[i] == "\\" { i += 1 }
                        defer { i += 1 }
                        return c[i].value
                    }
                    let lo = one()
                    var hi = lo
                    if c[i] == "-" { i += 1; hi = one() }
                    if lo <= hi { ranges.append(lo...hi) }
                    count += 1
                }
                i += 1
                out.append(Item(atom: .set(ranges, negated: negated), repeats: .once))
            default: out.append(Item(atom: .scalar(ch), repeats: .once))
            }
        }
        items = out
    }

    init(parsing text: String) throws(ParseError) {
        var chars = Array(text.unicodeScalars)
        // The `^` and `$` patternmatcher puts around every expression.
        guard chars.first == "^", chars.last == "$" else { throw ParseError(reason: "not an anchored expression") }
        chars.removeFirst()
        chars.removeLast()
        var at = 0
        items = try Self.sequence(chars, &at, inGroup: false)
        guard at == chars.count else { throw ParseError(reason: "an unbalanced ')'") }
    }

    private static func sequence(_ c: [Unicode.Scalar], _ at: inout Int, inGroup: Bool) throws(ParseError) -> [Item] {
        var out: [Item] = []
        while at < c.count {
            let ch = c[at]
            if ch == ")" {
                if inGroup { return out }
                throw ParseError(reason: "an unbalanced ')'")
            }
            at += 1
            var atom: Atom
            switch ch {
            case "(":
                let inner = try sequence(c, &at, inGroup: true)
                guard at < c.count, c[at] == ")" else { throw ParseError(reason: "an unclosed '('") }
                at += 1
                atom = .group(inner)
            case ".": atom = .anyButNewline
            case "^": atom = .startOfText
            case "[": atom = try set(c, &at)
            case "\\":
                guard at < c.count else { throw ParseError(reason: "a trailing \\") }
                let next = c[at]
                at += 1
                guard isPunctuation(next) else {
                    throw ParseError(reason: "the escape \\\(next) is a regular-expression class that cachectl does not evaluate")
                }
                atom = .scalar(next)
            case "*", "?", "+":
                throw ParseError(reason: "a repetition with nothing to repeat")
            default: atom = .scalar(ch)
            }
            var repeats = Repeat.once
            if at < c.count, c[at] == "*" || c[at] == "?" {
                repeats = c[at] == "*" ? .zeroOrMore : .optional
                at += 1
                if at < c.count, c[at] == "*" || c[at] == "?" || c[at] == "+" {
                    throw ParseError(reason: "a repeated repetition")
                }
            }
            if case .startOfText = atom, repeats != .once { throw ParseError(reason: "a repeated '^'") }
            out.append(Item(atom: atom, repeats: repeats))
        }
        if inGroup { throw ParseError(reason: "an unclosed '('") }
        return out
    }

    /// A class after its `[`, as RE2 parses it with Perl flags: a leading `^` negates, `]` first is
    /// literal, `-` between two characters makes a range (elsewhere it is literal).
    private static func set(_ c: [Unicode.Scalar], _ at: inout Int) throws(ParseError) -> Atom {
        var negated = false
        if at < c.count, c[at] == "^" { negated = true; at += 1 }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        func one() throws(ParseError) -> UInt32 {
            guard at < c.count else { throw ParseError(reason: "an unclosed character class") }
            let ch = c[at]
            at += 1
            if ch == "\\" {
                guard at < c.count else { throw ParseError(reason: "an unclosed character class") }
                let next = c[at]
                at += 1
                guard isPunctuation(next) else {
                    throw ParseError(reason: "the escape \\\(next) in a class is not evaluated by cachectl")
                }
                return next.value
            }
            if ch == "[", at < c.count, c[at] == ":" {
                throw ParseError(reason: "a POSIX class [: :] is not evaluated by cachectl")
            }
            return ch.value
        }
        while true {
            guard at < c.count else { throw ParseError(reason: "an unclosed character class") }
            if c[at] == "]", !first { at += 1; break }
            first = false
            let lo = try one()
            var hi = lo
            if at + 1 < c.count, c[at] == "-", c[at + 1] != "]" {
                at += 1
                hi = try one()
                guard hi >= lo else { throw ParseError(reason: "a character class range out of order") }
            }
            ranges.append(lo...hi)
        }
        return .set(ranges, negated: negated)
    }

    private static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 && !(s.properties.isAlphabetic || ("0"..."9").contains(s))
    }

    func matches(_ text: String) -> Bool {
        let s = Array(text.unicodeScalars)
        var failed = Set<Int>()  // (item index, position) pairs known not to lead to a match, top level only
        return Self.run(items, 0, s, 0, top: true, &failed) { $0 == s.count }
    }

    /// Backtracking over the items from `index` at `pos`; `rest` decides what follows the sequence.
    private static func run(
        _ items: [Item], _ index: Int, _ s: [Unicode.Scalar], _ pos: Int, top: Bool,
        _ failed: inout Set<Int>, rest: (Int) -> Bool
    ) -> Bool {
        let memoKey = index * (s.count + 1) + pos
        if top, failed.contains(memoKey) { return false }
        let result: Bool
        if index == items.count {
            result = rest(pos)
        } else {
            let item = items[index]
            var ends: [Int] = []
            switch item.repeats {
            case .once: ends = advance(item.atom, s, pos)
            case .optional: ends = advance(item.atom, s, pos) + [pos]
            case .zeroOrMore:
                // Every position reachable by repeating the atom, longest first.
                var reach: [Int] = [pos]
                var frontier = [pos]
                var seen: Set<Int> = [pos]
                while !frontier.isEmpty {
                    var next: [Int] = []
                    for p in frontier { for e in advance(item.atom, s, p) where !seen.contains(e) { seen.insert(e); next.append(e) } }
                    reach.append(contentsOf: next)
                    frontier = next
                }
                ends = reach.reversed()
            }
            var ok = false
            for e in ends where run(items, index + 1, s, e, top: top, &failed, rest: rest) { ok = true; break }
            result = ok
        }
        if top, !result { failed.insert(memoKey) }
        return result
    }

    /// The positions after one occurrence of `atom` starting at `pos`.
    private static func advance(_ atom: Atom, _ s: [Unicode.Scalar], _ pos: Int) -> [Int] {
        switch atom {
        case .startOfText: return pos == 0 ? [pos] : []
        case let .scalar(c): return pos < s.count && s[pos] == c ? [pos + 1] : []
        case .anyButNewline: return pos < s.count && s[pos] != "\n" ? [pos + 1] : []
        case let .set(ranges, negated):
            guard pos < s.count else { return [] }
            let inside = ranges.contains { $0.contains(s[pos].value) }
            return inside != negated ? [pos + 1] : []
        case let .group(inner):
            var ends: [Int] = []
            var none = Set<Int>()
            _ = run(inner, 0, s, pos, top: false, &none) { end in
                ends.append(end); return false
            }
            return ends
        }
    }
}
