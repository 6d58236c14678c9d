import CacheAnalysis
import CacheModel
import XCTest

/// Synthetic listings: each case BuildKit's content checksum tells apart (or does not).
final class FileDiffTests: XCTestCase {
    func f(_ p: String, _ hash: String, size: Int = 1, mode: UInt32 = 0o644) -> TarEntry {
        TarEntry(path: p, kind: .file, mode: mode, size: size, sha256: hash)
    }

    func testEveryKindOfChange() {
        let old = LayerListing(entries: [
            f("app/same", "a"), f("app/mod", "a", size: 3), f("app/chmod", "a"), f("app/gone", "a", size: 9),
            TarEntry(path: "app/ln", kind: .symlink, mode: 0o777, size: 0, linkTarget: "same"),
            TarEntry(path: "app/t", kind: .dir, mode: 0o755, size: 0),
            TarEntry(path: "app", kind: .dir, mode: 0o755, size: 0),
        ])
        let new = LayerListing(entries: [
            f("app/same", "a"), f("app/mod", "b", size: 4), f("app/chmod", "a", mode: 0o755), f("app/new", "n", size: 2),
            TarEntry(path: "app/ln", kind: .symlink, mode: 0o777, size: 0, linkTarget: "mod"),
            f("app/t", "x"),
            TarEntry(path: "app", kind: .dir, mode: 0o755, size: 0),
        ])
        XCTAssertEqual(
            FileDiff.changes(old: old, new: new),
            [
                FileChange(path: "app/chmod", change: .mode, oldSize: 1, newSize: 1),
                FileChange(path: "app/gone", change: .removed, oldSize: 9, newSize: nil),
                FileChange(path: "app/ln", change: .symlink, oldSize: 0, newSize: 0),
                FileChange(path: "app/mod", change: .modified, oldSize: 3, newSize: 4),
                FileChange(path: "app/new", change: .added, oldSize: nil, newSize: 2),
                FileChange(path: "app/t", change: .type, oldSize: 0, newSize: 1),
            ])
    }

    /// mtime, uid and gid never reach a TarEntry, so a touch or a chown alone is no change.
    func testTouchAndChownAreNoChange() throws {
        func layer(mtime: Int, uid: Int) throws -> LayerListing {
            var t = SyntheticTarWriter()
            t.file("app/x", "same", mtime: mtime, uid: uid)
            return try LayerReader.list(blob: t.finish(), digest: nil, decompressor: nil, limits: LayerLimits())
        }
        XCTAssertEqual(FileDiff.changes(old: try layer(mtime: 1, uid: 0), new: try layer(mtime: 99999, uid: 1000)), [])
    }

    func testWhiteouts() {
        var old = LayerListing(entries: [f("a", "1")])
        var new = LayerListing(entries: [])
        new.whiteouts = ["a", "b"]
        old.whiteouts = ["c"]
        XCTAssertEqual(FileDiff.changes(old: old, new: new).map(\.change), [.removed, .removed, .added])
    }
}

/// A minimal ustar writer (synthetic layers for this test target).
struct SyntheticTarWriter {
    var bytes: [UInt8] = []
    static func field(_ s: String, _ n: Int) -> [UInt8] { Array((Array(s.utf8) + [UInt8](repeating: 0, count: n)).prefix(n)) }
    static func octal(_ v: Int, _ n: Int) -> [UInt8] {
        let s = String(v, radix: 8)
        return field(String(repeating: "0", count: max(0, n - 1 - s.count)) + s, n)
    }
    mutating func file(_ name: String, _ text: String, mode: Int = 0o644, mtime: Int = 0, uid: Int = 0) {
        let content = Array(text.utf8)
        var h = Self.field(name, 100) + Self.octal(mode, 8) + Self.octal(uid, 8) + Self.octal(uid, 8)
        h += Self.octal(content.count, 12) + Self.octal(mtime, 12) + [UInt8](repeating: 32, count: 8) + [UInt8(ascii: "0")]
        h += Self.field("", 100) + Array("ustar\u{0}00".utf8)
        h += [UInt8](repeating: 0, count: 512 - h.count)
        h.replaceSubrange(148..<156, with: Self.octal(h.reduce(0) { $0 + Int($1) }, 7) + [0])
        bytes += h + content + [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
    }
    func finish() -> [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }
}
