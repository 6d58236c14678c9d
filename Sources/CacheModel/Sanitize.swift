/// Makes untrusted text safe for a terminal: control characters, escape sequences,
/// bidi overrides and invalid UTF-8 never reach the output unescaped.
public enum Sanitize {
    /// Escapes C0/C1 controls (ESC, NUL, CR…), DEL, and the Unicode bidi and
    /// zero-width format characters as `\u{…}`. Newlines and tabs are escaped too.
    public static func inline(_ text: String, limit: Int = 4096) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if count > limit { out += "…"; break }
            if isUnsafe(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    public static func quoted(_ text: String) -> String { "\"" + inline(text, limit: 256) + "\"" }

    public static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x20 || v == 0x7f || (v >= 0x80 && v < 0xa0) { return true }
        switch v {
        case 0x061c, 0x200b...0x200f, 0x202a...0x202e, 0x2060...0x2069, 0xfeff, 0xfff9...0xfffb: return true
        default: return false
        }
    }

    /// Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD.
    public static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    /// Literal, non-overlapping replacement without Foundation.
    public func replacingAll(_ target: String, with replacement: String) -> String {
        let t = Array(target.utf8)
        guard !t.isEmpty else { return self }
        let s = Array(self.utf8)
        guard s.count >= t.count else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        var changed = false
        while i < s.count {
            if i + t.count <= s.count && s[i] == t[0] && s[i..<(i + t.count)].elementsEqual(t) {
                out.append(contentsOf: replacement.utf8)
                i += t.count
                changed = true
            } else {
                out.append(s[i]); i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : self
    }
}
