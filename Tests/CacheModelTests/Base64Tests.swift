import Testing

@testable import CacheModel

/// The table-driven decoder against a bit-at-a-time reference, on every length and padding form.
@Suite struct Base64Tests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The reference: strip up to two `=`, refuse a lone trailing sextet, six bits at a time.
    static func reference(_ text: [UInt8]) -> [UInt8]? {
        var bytes = text
        while bytes.last == UInt8(ascii: "=") { bytes.removeLast() }
        if text.count - bytes.count > 2 || bytes.count % 4 == 1 { return nil }
        var out: [UInt8] = [], acc: UInt32 = 0, bits = 0
        for c in bytes {
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            acc = acc << 6 | UInt32(v); bits += 6
            if bits >= 8 { bits -= 8; out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits))) }
        }
        return out
    }

    @Test func roundTripsEveryLength() {
        var rng = SystemRandomNumberGenerator()
        for n in 0..<200 {
            let data = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let text = Base64.encode(data)
            #expect(Base64.decode(Array(text.utf8)) == data)
            #expect(Base64.decode(text.utf8) == data)
            let unpadded = Array(text.utf8.prefix { $0 != UInt8(ascii: "=") })
            #expect(Base64.decode(unpadded) == data)
        }
    }

    @Test(arguments: [
        "", "=", "==", "===", "QQ", "QQ=", "QQ==", "QUI", "QUI=", "QUJD", "QUJD=", "QUJDRA", "Q", "QUJDR",
        "QU=D", "QUJ\u{0}", "QUJD\n", " QUJD", "QUJ-", "QUJ_", "é", "QQ===", "////", "+/+/",
    ])
    func agreesWithTheReference(_ text: String) {
        #expect(Base64.decode(Array(text.utf8)) == Self.reference(Array(text.utf8)))
    }

    @Test func everyInvalidByteIsRefused() {
        for b in 0...255 where !Self.alphabet.contains(UInt8(b)) && b != Int(UInt8(ascii: "=")) {
            for position in 0..<8 {
                var text = Array("QUJDREVG".utf8)
                text[position] = UInt8(b)
                #expect(Base64.decode(text) == nil, "byte \(b) at \(position)")
            }
        }
    }
}
