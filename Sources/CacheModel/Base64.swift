/// Standard base64 (RFC 4648 §4) with padding, as Go's encoding/json writes `[]byte`.
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Four lookup tables, one per position in a quad: each maps a character to its six bits
    /// already shifted into place in a 24-bit group; anything outside the alphabet maps to
    /// `invalid`, so one OR over a whole payload tells whether it was all valid.
    private static let invalid: UInt32 = 0x0100_0000
    private static let quadTables: [UInt32] = {
        var t = [UInt32](repeating: invalid, count: 4 * 256)
        for (i, c) in alphabet.enumerated() {
            let v = UInt32(i)
            t[Int(c)] = v << 18
            t[256 + Int(c)] = v << 12
            t[512 + Int(c)] = v << 6
            t[768 + Int(c)] = v
        }
        return t
    }()

    /// Decodes standard base64. Padding is optional; whitespace and any other byte are errors.
    /// Returns nil on invalid input.
    public static func decode<C: Collection>(_ input: C) -> [UInt8]? where C.Element == UInt8 {
        if let done = input.withContiguousStorageIfAvailable({ decode(buffer: UnsafeBufferPointer(rebasing: $0[...])) }) {
            return done
        }
        return Array(input).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    /// `decode`, over bytes in memory: no copy of the input, one allocation for the output.
    public static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var n = input.count
        while n > 0 && input[n - 1] == UInt8(ascii: "=") { n -= 1 }
        if input.count - n > 2 || n % 4 == 1 { return nil }
        guard n > 0, let src = input.baseAddress else { return [] }
        let quads = n / 4
        let rest = n % 4
        let outCount = quads * 3 + (rest == 0 ? 0 : rest - 1)
        var bad: UInt32 = 0
        let out = quadTables.withUnsafeBufferPointer { tables -> [UInt8] in
            let t0 = tables.baseAddress!, t1 = t0 + 256, t2 = t0 + 512, t3 = t0 + 768
            return [UInt8](unsafeUninitializedCapacity: outCount) { dst, initialized in
                let o = dst.baseAddress!
                var i = 0
                var j = 0
                for _ in 0..<quads {
                    let v = t0[Int(src[i])] | t1[Int(src[i + 1])] | t2[Int(src[i + 2])] | t3[Int(src[i + 3])]
                    bad |= v
                    o[j] = UInt8(truncatingIfNeeded: v >> 16)
                    o[j + 1] = UInt8(truncatingIfNeeded: v >> 8)
                    o[j + 2] = UInt8(truncatingIfNeeded: v)
                    i += 4
                    j += 3
                }
                if rest >= 2 {
                    var v = t0[Int(src[i])] | t1[Int(src[i + 1])]
                    if rest == 3 { v |= t2[Int(src[i + 2])] }
                    bad |= v
                    o[j] = UInt8(truncatingIfNeeded: v >> 16)
                    if rest == 3 { o[j + 1] = UInt8(truncatingIfNeeded: v >> 8) }
                }
                initialized = outCount
            }
        }
        return bad & invalid == 0 ? out : nil
    }

    public static func encode<C: Collection>(_ input: C) -> String where C.Element == UInt8 {
        let bytes = Array(input)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], 61, 61]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], 61]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
