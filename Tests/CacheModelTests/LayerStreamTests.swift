import CacheModel
import XCTest

/// The streaming layer reader: any split of the bytes gives the same listing, a lying digest is
/// reported before what its bytes fail to be, and a reset starts over.
final class LayerStreamTests: XCTestCase {
    func sample() -> [UInt8] {
        var t = SyntheticTar()
        t.add("app/", flag: "5", mode: 0o755)
        t.file("app/a.txt", String(repeating: "a", count: 3000))
        t.pax([("path", "app/" + String(repeating: "n", count: 200))])
        t.file("x", "long")
        t.end()
        return t.bytes
    }

    func stream(_ bytes: [UInt8], chunk: Int, digest: Digest?, limits: LayerLimits = LayerLimits()) throws -> LayerListing {
        let s = LayerStream(digest: digest, limits: limits) { _ in nil }
        var i = 0
        while i < bytes.count {
            let end = min(i + chunk, bytes.count)
            try s.feed(Array(bytes[i..<end]))
            i = end
        }
        return try s.finish()
    }

    func testAnySplitGivesTheWholeListing() throws {
        let bytes = sample()
        let whole = try LayerReader.list(blob: bytes, digest: nil, decompressor: nil, limits: LayerLimits())
        XCTAssertEqual(whole.entries.count, 3)
        for chunk in [1, 3, 4, 5, 511, 512, 4096, bytes.count] {
            XCTAssertEqual(try stream(bytes, chunk: chunk, digest: Digest.sha256(of: bytes)), whole, "chunk \(chunk)")
        }
    }

    /// Garbage under a wrong digest: the digest is what is wrong, not the tar header it is not.
    func testALyingDigestIsReportedBeforeTheBrokenTar() {
        let garbage = [UInt8](repeating: 0x41, count: 2048)
        let claimed = Digest.sha256(of: sample())
        XCTAssertThrowsError(try stream(garbage, chunk: 100, digest: claimed)) { e in
            guard case LayerError.digestMismatch = e else { return XCTFail("\(e)") }
        }
        // With the right digest, the same bytes are a bad header.
        XCTAssertThrowsError(try stream(garbage, chunk: 100, digest: Digest.sha256(of: garbage))) { e in
            guard case LayerError.badHeader = e else { return XCTFail("\(e)") }
        }
    }

    func testTheByteLimitStopsTheStreamAtOnce() {
        let bytes = sample()
        let s = LayerStream(digest: nil, limits: LayerLimits(bytes: 1000)) { _ in nil }
        XCTAssertNoThrow(try s.feed(Array(bytes[0..<1000])))
        XCTAssertThrowsError(try s.feed(Array(bytes[1000..<1001]))) { e in XCTAssertEqual(e as? LayerError, .overLimit(limit: 1000)) }
    }

    func testResetStartsOver() throws {
        let bytes = sample()
        let s = LayerStream(digest: Digest.sha256(of: bytes), limits: LayerLimits()) { _ in nil }
        try s.feed(Array(bytes[0..<700]))
        s.reset()
        try s.feed(bytes)
        XCTAssertEqual(s.bytesRead, bytes.count)
        XCTAssertEqual(try s.finish().entries.count, 3)
    }

    func testFewerBytesThanTheSniffStillDecode() {
        let s = LayerStream(digest: nil, limits: LayerLimits()) { _ in nil }
        XCTAssertNoThrow(try s.feed([0, 0]))
        XCTAssertThrowsError(try s.finish()) { e in
            guard case LayerError.truncated = e else { return XCTFail("\(e)") }
        }
    }
}
