import CacheModel
import XCTest

/// Builds synthetic tar streams (ustar headers, pax records, GNU long names) for the tests.
struct SyntheticTar {
    var bytes: [UInt8] = []

    static func field(_ s: String, _ n: Int) -> [UInt8] { Array((Array(s.utf8) + [UInt8](repeating: 0, count: n)).prefix(n)) }
    static func octal(_ v: Int, _ n: Int) -> [UInt8] {
        let s = String(v, radix: 8)
        return field(String(repeating: "0", count: max(0, n - 1 - s.count)) + s, n)
    }

    static func header(
        _ name: String, flag: Character, size: Int, mode: Int = 0o644, link: String = "",
        mtime: Int = 0, uid: Int = 0, badChecksum: Bool = false
    ) -> [UInt8] {
        var h = field(name, 100) + octal(mode, 8) + octal(uid, 8) + octal(uid, 8) + octal(size, 12) + octal(mtime, 12)
        h += [UInt8](repeating: 32, count: 8) + [UInt8(ascii: flag.unicodeScalars.first!)]
        h += field(link, 100) + Array("ustar\u{0}00".utf8)
        h += [UInt8](repeating: 0, count: 512 - h.count)
        var sum = h.reduce(0) { $0 + Int($1) }
        if badChecksum { sum += 1 }
        let c = octal(sum, 7) + [0]
        h.replaceSubrange(148..<156, with: c)
        return h
    }

    mutating func add(
        _ name: String, flag: Character = "0", content: [UInt8] = [], mode: Int = 0o644, link: String = "",
        mtime: Int = 0, uid: Int = 0, declaredSize: Int? = nil
    ) {
        bytes += Self.header(name, flag: flag, size: declaredSize ?? content.count, mode: mode, link: link, mtime: mtime, uid: uid)
        bytes += content
        bytes += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
    }

    mutating func file(_ name: String, _ text: String, mode: Int = 0o644, mtime: Int = 0, uid: Int = 0) {
        add(name, content: Array(text.utf8), mode: mode, mtime: mtime, uid: uid)
    }

    mutating func pax(_ records: [(String, String)]) {
        var body: [UInt8] = []
        for (k, v) in records {
            let rest = " \(k)=\(v)\n".utf8.count
            var len = rest + 1
            while String(len).count + rest != len { len += 1 }
            body += Array("\(len) \(k)=\(v)\n".utf8)
        }
        add("PaxHeaders/x", flag: "x", content: body)
    }

    mutating func end() { bytes += [UInt8](repeating: 0, count: 1024) }
}

final class TarReaderTests: XCTestCase {
    func read(_ t: SyntheticTar, limits: LayerLimits = LayerLimits()) throws -> LayerListing {
        try LayerReader.list(blob: t.bytes, digest: Digest.sha256(of: t.bytes), decompressor: nil, limits: limits)
    }

    func testKindsModesAndContentHashes() throws {
        var t = SyntheticTar()
        t.add("app/", flag: "5", mode: 0o755)
        t.file("./app/a.txt", "hello", mode: 0o640)
        t.add("app/link", flag: "2", link: "a.txt")
        t.add("app/hard", flag: "1", link: "app/a.txt")
        t.add("app/fifo", flag: "6")
        t.end()
        let l = try read(t)
        XCTAssertEqual(l.entries["app"]?.kind, .dir)
        XCTAssertEqual(l.entries["app"]?.mode, 0o755)
        XCTAssertEqual(
            l.entries["app/a.txt"],
            TarEntry(
                path: "app/a.txt", kind: .file, mode: 0o640, size: 5,
                sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"))
        XCTAssertEqual(l.entries["app/link"]?.linkTarget, "a.txt")
        XCTAssertEqual(l.entries["app/hard"]?.kind, .hardlink)
        XCTAssertEqual(l.entries["app/fifo"]?.kind, .other)
        XCTAssertEqual(l.uncompressedBytes, t.bytes.count)
    }

    func testPaxPathSizeAndLinkpath() throws {
        var t = SyntheticTar()
        let long = String(repeating: "d/", count: 120) + "file.txt"
        t.pax([("path", long), ("mtime", "1.5")])
        t.file("short", "abc")
        t.pax([("linkpath", String(repeating: "t", count: 200))])
        t.add("l", flag: "2")
        t.end()
        let l = try read(t)
        XCTAssertEqual(l.entries[long]?.size, 3)
        XCTAssertEqual(l.entries["l"]?.linkTarget?.count, 200)
        XCTAssertNil(l.entries["short"])
    }

    func testGNULongName() throws {
        var t = SyntheticTar()
        let long = String(repeating: "n", count: 300)
        t.add("././@LongLink", flag: "L", content: Array(long.utf8) + [0])
        t.file("trunc", "x")
        t.end()
        XCTAssertEqual(try read(t).entries[long]?.size, 1)
    }

    func testWhiteoutsAreRemovals() throws {
        var t = SyntheticTar()
        t.add("app/.wh.old.txt")
        t.add("app/cache/.wh..wh..opq")
        t.end()
        let l = try read(t)
        XCTAssertEqual(l.whiteouts, ["app/old.txt"])
        XCTAssertEqual(l.opaqueDirs, ["app/cache"])
        XCTAssertTrue(l.entries.isEmpty)
    }

    func testTraversalNamesAreJustNames() throws {
        var t = SyntheticTar()
        t.file("../../etc/passwd", "x")
        t.file("/abs/path", "y")
        t.end()
        let l = try read(t)
        XCTAssertNotNil(l.entries["../../etc/passwd"])
        XCTAssertNotNil(l.entries["/abs/path"])
    }

    func testTruncatedStreamIsOneError() {
        var t = SyntheticTar()
        t.file("a", String(repeating: "x", count: 2000))
        let cut = Array(t.bytes.prefix(1000))
        XCTAssertThrowsError(try LayerReader.list(blob: cut, digest: nil, decompressor: nil, limits: LayerLimits())) { e in
            guard case LayerError.truncated = e else { return XCTFail("\(e)") }
        }
        let mid = Array(t.bytes.prefix(300))
        XCTAssertThrowsError(try LayerReader.list(blob: mid, digest: nil, decompressor: nil, limits: LayerLimits()))
    }

    func testBadChecksum() {
        var bytes = SyntheticTar.header("a", flag: "0", size: 0, badChecksum: true)
        bytes += [UInt8](repeating: 0, count: 1024)
        XCTAssertThrowsError(try LayerReader.list(blob: bytes, digest: nil, decompressor: nil, limits: LayerLimits())) { e in
            guard case LayerError.badHeader = e else { return XCTFail("\(e)") }
        }
    }

    func testCapsOnPaxNamesEntriesAndBytes() {
        var t = SyntheticTar()
        t.pax([("path", String(repeating: "p", count: 5000))])
        t.file("x", "y"); t.end()
        XCTAssertThrowsError(try read(t, limits: LayerLimits(maxPaxHeaderBytes: 1024))) { e in
            guard case LayerError.paxTooLarge = e else { return XCTFail("\(e)") }
        }
        var g = SyntheticTar()
        g.add("././@LongLink", flag: "L", content: [UInt8](repeating: 65, count: 3000))
        g.file("x", "y"); g.end()
        XCTAssertThrowsError(try read(g, limits: LayerLimits(maxNameBytes: 1024))) { e in
            guard case LayerError.nameTooLong = e else { return XCTFail("\(e)") }
        }
        var many = SyntheticTar()
        for i in 0..<20 { many.file("f\(i)", "") }
        many.end()
        XCTAssertThrowsError(try read(many, limits: LayerLimits(maxEntries: 10))) { e in
            XCTAssertEqual(e as? LayerError, .tooManyEntries(limit: 10))
        }
        XCTAssertThrowsError(try read(many, limits: LayerLimits(bytes: 1000))) { e in
            XCTAssertEqual(e as? LayerError, .overLimit(limit: 1000))
        }
    }

    func testHugeDeclaredSizeIsTruncationNotAllocation() {
        var t = SyntheticTar()
        t.add("big", content: [1, 2, 3], declaredSize: 0o77777777777)
        XCTAssertThrowsError(try LayerReader.list(blob: t.bytes, digest: nil, decompressor: nil, limits: LayerLimits())) { e in
            guard case LayerError.truncated = e else { return XCTFail("\(e)") }
        }
    }

    func testSparseIsANote() throws {
        var t = SyntheticTar()
        t.add("sparse", flag: "S", content: [0, 0, 0])
        t.pax([("GNU.sparse.map", "0,0")])
        t.file("s2", "abc")
        t.end()
        let l = try read(t)
        XCTAssertEqual(l.entries["sparse"]?.kind, .other)
        XCTAssertEqual(l.entries["s2"]?.kind, .other)
        XCTAssertEqual(l.notes.count, 2)
    }

    func testDigestThatLies() {
        var t = SyntheticTar()
        t.file("a", "x"); t.end()
        let wrong = Digest.sha256(of: [UInt8]("other".utf8))
        XCTAssertThrowsError(try LayerReader.list(blob: t.bytes, digest: wrong, decompressor: nil, limits: LayerLimits())) { e in
            guard case LayerError.digestMismatch = e else { return XCTFail("\(e)") }
        }
    }

    func testAnyChunkingGivesTheSameEntries() throws {
        var t = SyntheticTar()
        t.pax([("path", "p/" + String(repeating: "q", count: 150))])
        t.file("x", String(repeating: "z", count: 1500))
        t.file("y", "short")
        t.end()
        var whole = TarReader()
        try whole.feed(t.bytes); try whole.finish()
        for size in [1, 7, 511, 513, 4096] {
            var r = TarReader()
            var i = 0
            while i < t.bytes.count { try r.feed(Array(t.bytes[i..<min(i + size, t.bytes.count)])); i += size }
            try r.finish()
            XCTAssertEqual(r.entries, whole.entries, "chunk \(size)")
        }
    }
}
