/// Go's `path` package on slash-separated paths, as BuildKit, fsutil and patternmatcher use it
/// (on Linux `path/filepath` behaves the same). The rules are Go's, to the byte: BuildKit's keys and
/// its ignore matching depend on how these clean and split a path.
public enum GoPath {
    /// `path.Clean`: the shortest equivalent path by lexical processing. `""` becomes `"."`;
    /// repeated slashes, `.` elements and `..` after a name are removed; a rooted path's leading
    /// `..` elements are dropped; a trailing slash is removed unless the path is `/`.
    public static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let bytes = Array(path.utf8)
        let rooted = bytes[0] == UInt8(ascii: "/")
        var parts: [ArraySlice<UInt8>] = []
        var dotdots = 0  // leading ".." kept in a relative path
        for part in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if part.elementsEqual([UInt8(ascii: ".")]) { continue }
            if part.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                if parts.count > dotdots {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                    dotdots += 1
                }
                continue
            }
            parts.append(part)
        }
        var out: [UInt8] = rooted ? [UInt8(ascii: "/")] : []
        for (i, part) in parts.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "/")) }
            out.append(contentsOf: part)
        }
        if out.isEmpty { return "." }
        return String(decoding: out, as: UTF8.self)
    }

    /// `path.Join`: the non-empty elements joined with `/`, then cleaned; `""` when all are empty.
    public static func join(_ elements: String...) -> String {
        let kept = elements.filter { !$0.isEmpty }
        if kept.isEmpty { return "" }
        return clean(kept.joined(separator: "/"))
    }

    /// `path.Dir`: everything before the last slash, cleaned (`"."` when there is no slash).
    public static func dir(_ path: String) -> String {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return clean(String(decoding: bytes[...slash], as: UTF8.self))
    }

    /// `path.Base`: the last element, trailing slashes removed first; `"."` for `""`, `"/"` for a
    /// path of slashes.
    public static func base(_ path: String) -> String {
        if path.isEmpty { return "." }
        var bytes = Array(path.utf8)
        while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        if bytes == [UInt8(ascii: "/")] { return "/" }
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")) { bytes = Array(bytes[(slash + 1)...]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The parts of `path` between `/` bytes (empty parts kept), like Go's `strings.Split(path, "/")`:
    /// split on bytes, since a combining mark after a slash joins it into one Character.
    public static func parts(_ path: String) -> [String] {
        path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `path.IsAbs`.
    public static func isAbs(_ p: String) -> Bool { p.utf8.first == UInt8(ascii: "/") }

    /// `strings.HasPrefix`: byte for byte (Swift's `hasPrefix` compares characters, so `#` would not
    /// prefix `#` followed by a combining mark).
    public static func hasPrefix(_ s: String, _ prefix: String) -> Bool { s.utf8.starts(with: prefix.utf8) }

    /// `s[n:]` for a byte count `n`.
    public static func dropBytes(_ s: String, _ n: Int) -> String { String(decoding: s.utf8.dropFirst(n), as: UTF8.self) }

    /// `==` on Go strings: byte for byte (Swift's `==` treats canonically equivalent texts as equal).
    public static func same(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    /// `strings.TrimSpace`: leading and trailing Unicode white space removed (Go's `unicode.IsSpace`
    /// is the Unicode White_Space property).
    static func trimSpace(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, scalars[start].properties.isWhitespace { start += 1 }
        while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[start..<end])
        return String(out)
    }
}
