import CacheKeys
import CacheModel
import Testing

/// BuildKit's content checksum on a tiny tree, each digest written out by hand from the format
/// (`cache/contenthash`): the header fields, the file bytes, `\0`-separated directory listings.
@Suite struct ContextChecksumTests {
    static func sha(_ s: String) -> Digest { Digest.sha256(of: Array(s.utf8)) }
    static func header(mode: String, size: String, type: String, link: String = "") -> String {
        "name" + "mode\(mode)" + "uid0" + "gid0" + "size\(size)" + "typeflag\(type)" + "linkname\(link)" + "uname" + "gname" + "devmajor0" + "devminor0"
    }

    // a.txt (0644, "hi\n"), d/ (0755) holding l -> ../a.txt
    static let fileA = sha(header(mode: "420", size: "3", type: "0") + "hi\n")
    static let headerD = sha(header(mode: "493", size: "0", type: "5"))
    static let linkL = sha(header(mode: "511", size: "0", type: "2", link: "../a.txt"))
    static let dirD = sha("\0" + headerD.description + "\0l" + linkL.description)
    static let root = sha("\0" + sha("").description + "\0a.txt" + fileA.description + "\0d" + dirD.description)

    static func tree(_ extra: [ContextEntry] = []) throws -> ContextTree {
        try ContextTree(entries: [
            ContextEntry(path: "a.txt", kind: .file(size: 3, checksum: ContentChecksum.file(mode: 0o644, contents: Array("hi\n".utf8))), mode: 0o644),
            ContextEntry(path: "d", kind: .directory, mode: 0o755),
            ContextEntry(path: "d/l", kind: .symlink(target: "../a.txt"), mode: 0o777),
        ] + extra)
    }

    @Test func entriesAndDirectories() throws {
        let t = try Self.tree()
        #expect(ContentChecksum.file(mode: 0o644, contents: Array("hi\n".utf8)) == Self.fileA)
        #expect(ContentChecksum.directoryHeader(mode: 0o755) == Self.headerD)
        #expect(ContentChecksum.symlink(target: "../a.txt") == Self.linkL)
        #expect(try ContentChecksum.checksum(of: "/a.txt", in: t) == Self.fileA)
        #expect(try ContentChecksum.checksum(of: "d", in: t) == Self.dirD)
        #expect(try ContentChecksum.checksum(of: "/", in: t) == Self.root)
        #expect(try ContentChecksum.checksum(of: ".", in: t) == Self.root)
        // A copy source that is a link is followed, the last link included.
        #expect(try ContentChecksum.checksum(of: "d/l", in: t) == Self.fileA)
        #expect(try ContentChecksum.checksum(of: "d/../a.txt", in: t) == Self.fileA)
    }

    @Test func specialBitsAndExtendedAttributes() {
        let setuid = Self.sha(Self.header(mode: "2541", size: "0", type: "0"))
        #expect(ContentChecksum.file(mode: 0o4755, contents: []) == setuid)
        // user.* is hashed after the header fields, in key order; security.* (but capability) and
        // system.* are not.
        let withXattr = Self.sha(Self.header(mode: "420", size: "1", type: "0") + "security.capabilitycap" + "user.a1" + "user.b2" + "x")
        let x = ContentChecksum.file(mode: 0o644, contents: Array("x".utf8), xattrs: [
            "user.b": Array("2".utf8), "user.a": Array("1".utf8), "security.selinux": Array("ctx".utf8),
            "system.posix_acl_access": [1], "security.capability": Array("cap".utf8),
        ])
        #expect(x == withXattr)
    }

    @Test func copyKeysJoinSortedDeduplicatedSources() throws {
        let t = try Self.tree()
        let two = Self.sha(Self.fileA.description + "\0" + Self.dirD.description)
        #expect(try ContentChecksum.copyKey(sources: ["d", "a.txt"], in: t) == .key(checksum: two, record: Self.sha(two.description + "@-1")))
        #expect(try ContentChecksum.copyKey(sources: ["./a.txt", "d/"], in: t).record == Self.sha(two.description + "@-1"))
        // One source: the checksum of that source's checksum text.
        let one = Self.sha(Self.root.description)
        #expect(try ContentChecksum.copyKey(sources: ["."], in: t) == .key(checksum: one, record: RecordKey.content(checksum: one)))
        // A source inside another source's directory, or repeated, adds nothing.
        #expect(try ContentChecksum.copyKey(sources: [".", "a.txt", "d/l"], in: t) == ContentChecksum.copyKey(sources: ["."], in: t))
        #expect(try ContentChecksum.copyKey(sources: ["d", "d/l", "d"], in: t) == ContentChecksum.copyKey(sources: ["d"], in: t))
        // `/d` is not a parent of `/dd`.
        let dd = try Self.tree([ContextEntry(path: "dd", kind: .directory, mode: 0o755)])
        let pair = Self.sha(Self.dirD.description + "\0" + (try ContentChecksum.checksum(of: "dd", in: dd)).description)
        #expect(try ContentChecksum.copyKey(sources: ["dd", "d"], in: dd).record == RecordKey.content(checksum: pair))
    }

    @Test func formsNotVerifiedAreUnsupported() throws {
        let t = try Self.tree()
        guard case .unsupported = try ContentChecksum.copyKey(sources: ["*.txt"], in: t) else { Issue.record("wildcard"); return }
        guard case .unsupported = try ContentChecksum.copyKey(sources: ["a.txt"], filter: CopyFilter(excludePatterns: ["x"]), in: t) else {
            Issue.record("exclude"); return
        }
        guard case .unsupported = try ContentChecksum.copyKey(sources: ["a.txt"], filter: CopyFilter(parents: true), in: t) else {
            Issue.record("parents"); return
        }
        // An escaped wildcard character is a plain name.
        #expect(!CopySource.containsWildcards("/a\\*b"))
    }

    @Test func failures() throws {
        let loop = try Self.tree([
            ContextEntry(path: "x", kind: .symlink(target: "y"), mode: 0o777),
            ContextEntry(path: "y", kind: .symlink(target: "/x"), mode: 0o777),
            ContextEntry(path: "fifo", kind: .special(.fifo), mode: 0o644),
            ContextEntry(path: "zbig", kind: .file(size: 10, checksum: nil), mode: 0o644),
        ])
        #expect(throws: BuildContextError.symlinkLoop(path: "/x")) { try ContentChecksum.checksum(of: "x", in: loop) }
        #expect(throws: BuildContextError.sourceNotFound(path: "/nope")) { try ContentChecksum.copyKey(sources: ["nope"], in: loop) }
        #expect(throws: BuildContextError.sourceNotFound(path: "/a.txt/x")) { try ContentChecksum.checksum(of: "a.txt/x", in: loop) }
        #expect(throws: BuildContextError.specialFile(path: "fifo", kind: .fifo)) { try ContentChecksum.copyKey(sources: ["."], in: loop) }
        #expect(throws: BuildContextError.notHashed(path: "zbig")) { try ContentChecksum.copyKey(sources: ["zbig"], in: loop) }
        // A link inside a copied directory is hashed as a link, never followed: no loop there.
        let inDir = try Self.tree([ContextEntry(path: "d/self", kind: .symlink(target: "self"), mode: 0o777)])
        _ = try ContentChecksum.checksum(of: "d", in: inDir)
    }

    @Test func treeValuesAreChecked() {
        #expect(throws: BuildContextError.self) { try ContextTree(entries: [ContextEntry(path: "a/b", kind: .directory, mode: 0o755)]) }
        #expect(throws: BuildContextError.self) { try ContextTree(entries: [ContextEntry(path: "/a", kind: .directory, mode: 0o755)]) }
        #expect(throws: BuildContextError.self) {
            try ContextTree(entries: [ContextEntry(path: "a", kind: .directory, mode: 0o755), ContextEntry(path: "a", kind: .directory, mode: 0o755)])
        }
    }

    @Test func filesReadByCopies() throws {
        let t = try Self.tree([ContextEntry(path: "z", kind: .file(size: 0, checksum: nil), mode: 0o644)])
        #expect(ContentChecksum.filesRead(by: ["d/l"], in: t) == ["a.txt"])
        #expect(ContentChecksum.filesRead(by: ["d"], in: t) == [])
        #expect(ContentChecksum.filesRead(by: ["."], in: t) == ["a.txt", "z"])
        #expect(ContentChecksum.filesRead(by: ["*.txt"], in: t) == nil)
    }
}
